/**
 * A results CSV as an arquero table, the lab's data frame (as pandas' `read_csv` gives one): filter, group by
 * variant and generator, roll up, pivot, and show it with `showFrame`. The CSV is read by `data/csv.ts`; a column
 * whose every non-empty cell is a number becomes numbers, any other column stays text.
 */
import { table as arqueroTable, type ColumnTable } from "arquero";
import { parseCsvRecords } from "../data/csv";
import { readTextFile } from "../files/read-file";

/** A cell as a number when it reads as one (`NaN`, `Infinity` included), else null for empty, else undefined. */
function asNumber(cell: string): number | null | undefined {
  if (cell.trim() === "") return null;
  if (cell === "NaN") return NaN;
  const value = Number(cell);
  return Number.isNaN(value) ? undefined : value;
}

/** Parse CSV text (a header line, then rows) into an arquero table; `source` names the file in errors. */
export function csvFrameFromText(text: string, source = "<csv>"): ColumnTable {
  const [header, ...rows] = parseCsvRecords(text, { source, skipBlankLines: true });
  if (!header) throw new Error(`${source}: empty file (expected a header line)`);
  const names = header.fields.map((name, i) => (name.trim() === "" && i === 0 ? "index" : name.trim()));
  if (new Set(names).size !== names.length) throw new Error(`${source}:1: a column name appears twice in the header`);
  for (const row of rows) {
    if (row.fields.length !== names.length) {
      throw new Error(
        `${source}:${row.line}: expected ${names.length} fields as in the header, found ${row.fields.length}`,
      );
    }
  }
  const columns: Record<string, (string | number | null)[]> = {};
  names.forEach((name, c) => {
    const cells = rows.map((row) => row.fields[c]!);
    const numbers = cells.map(asNumber);
    columns[name] = numbers.every((value) => value !== undefined) ? (numbers as (number | null)[]) : cells;
  });
  return arqueroTable(columns, names);
}

/** Read a CSV file into an arquero table (numeric columns as numbers); errors name the file and the line. */
export function csvFrame(path: string): ColumnTable {
  return csvFrameFromText(readTextFile(path, "the results CSV"), path);
}
