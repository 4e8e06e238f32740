/**
 * Result rows as an RFC 4180 CSV with a fixed column order, written by `data/csv.ts` (csv-stringify). Numbers use
 * JavaScript's shortest round-trip form (deterministic across machines), booleans `true`/`false`, null an empty
 * field, NaN/±Infinity as `NaN`/`Infinity`/`-Infinity` (what pandas reads).
 */
import { formatCsvRecords, type CsvCell } from "../../data/csv";
import type { ResultRow } from "./types";
import { writeFileAtomic } from "../../files/atomic-file";

/** The columns of `rows` in first-seen order (deterministic for a deterministic row order). */
export function columnsOf(rows: readonly ResultRow[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  return [...seen];
}

/** CSV text (header + rows, `\n` line ends); `columns` fixes the order, rows with other columns are an error. */
export function formatCsv(rows: readonly ResultRow[], columns: readonly string[] = columnsOf(rows)): string {
  const known = new Set(columns);
  const records: CsvCell[][] = [[...columns]];
  rows.forEach((row, i) => {
    for (const key of Object.keys(row)) {
      if (!known.has(key))
        throw new Error(`row ${i + 1} has column "${key}", which is not among the CSV columns [${columns.join(", ")}]`);
    }
    records.push(columns.map((name) => row[name]));
  });
  return formatCsvRecords(records);
}

/** Write rows as CSV atomically (readers never see a half-written table). */
export function writeCsvAtomic(path: string, rows: readonly ResultRow[], columns?: readonly string[]): void {
  writeFileAtomic(path, formatCsv(rows, columns));
}
