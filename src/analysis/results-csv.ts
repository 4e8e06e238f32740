/**
 * Reads a results CSV of randomly structured networks (the thesis's schema: one row per graph), with numbers checked
 * on loading; the CSV syntax is `data/csv.ts`'s (csv-parse).
 */
import { readTextFile } from "../files/read-file";
import { parseCsvRecords } from "../data/csv";
import { STRUCTURE_FEATURES } from "./structure-features";

/** One graph's row: numeric columns as numbers, text columns (mode, graph, …) as strings. */
export type StructureRow = Record<string, number | string>;

/** A parsed results file: its path (for error messages), column names, rows and their 1-based file lines. */
export interface StructureResults {
  source: string;
  columns: string[];
  rows: StructureRow[];
  lines: number[];
}

/** Columns of the thesis's schema that must hold numbers (checked on loading, with file and line). */
const NUMERIC_COLUMNS = new Set(["index", "graph_nr", ...STRUCTURE_FEATURES, "test_acc", "test_loss", "time"]);

/** Parse results CSV text; `source` names the file in error messages. */
export function parseStructureResults(text: string, source: string): StructureResults {
  const records = parseCsvRecords(text, { source, skipBlankLines: true });
  if (records.length === 0) throw new Error(`${source}: empty results file (expected a header line)`);
  // pandas writes its index as a first column with an empty name; keep it under "index".
  const columns = records[0]!.fields.map((name, i) => (name.trim() === "" && i === 0 ? "index" : name.trim()));
  const rows: StructureRow[] = [];
  const lines: number[] = [];
  for (const record of records.slice(1)) {
    if (record.fields.length === 1 && record.fields[0]!.trim() === "") continue; // a line of white space only
    if (record.fields.length !== columns.length) {
      throw new Error(
        `${source}:${record.line}: expected ${columns.length} fields as in the header, found ${record.fields.length}`,
      );
    }
    const row: StructureRow = {};
    columns.forEach((column, i) => {
      const raw = record.fields[i]!.trim();
      const value = raw === "" ? NaN : Number(raw);
      // Other columns (mode, graph, anything extra) stay text unless they read as numbers.
      if (!NUMERIC_COLUMNS.has(column)) {
        row[column] = Number.isFinite(value) ? value : raw;
        return;
      }
      if (!Number.isFinite(value)) {
        throw new Error(`${source}:${record.line}: column '${column}' holds '${raw}', expected a finite number`);
      }
      row[column] = value;
    });
    rows.push(row);
    lines.push(record.line);
  }
  if (rows.length === 0) throw new Error(`${source}: no data rows after the header`);
  return { source, columns, rows, lines };
}

/** Load a results CSV from disk (the thesis's schema: mode, graph, graph_nr, layers, …, test_acc, test_loss, time). */
export function loadStructureResults(path: string): StructureResults {
  return parseStructureResults(readTextFile(path, "the results file"), path);
}

/** The numeric matrix of the given columns (rows × columns); names the file and the missing column. */
export function columnMatrix(
  rows: readonly StructureRow[],
  columns: readonly string[],
  source = "results",
): number[][] {
  if (rows.length === 0) throw new Error(`${source}: no rows`);
  for (const column of columns) {
    if (!(column in rows[0]!)) throw new Error(`${source} lacks the feature column '${column}'`);
  }
  return rows.map((row, r) =>
    columns.map((column) => {
      const value = row[column];
      if (typeof value !== "number" || !Number.isFinite(value)) {
        throw new Error(`${source}: row ${r} column '${column}' holds '${String(value)}', expected a finite number`);
      }
      return value;
    }),
  );
}
