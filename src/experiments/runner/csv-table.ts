/**
 * Result rows as an RFC 4180 CSV with a fixed column order. Numbers use JavaScript's shortest round-trip
 * form (deterministic across machines), booleans `true`/`false`, null an empty field, NaN/±Infinity as
 * `NaN`/`Infinity`/`-Infinity` (what pandas reads).
 */
import type { CellValue, ResultRow } from "./types";
import { writeFileAtomic } from "./atomic-file";

/** The columns of `rows` in first-seen order (deterministic for a deterministic row order). */
export function columnsOf(rows: readonly ResultRow[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  return [...seen];
}

function formatCell(value: CellValue | undefined): string {
  if (value === null || value === undefined) return "";
  const text = typeof value === "number" ? String(value) : typeof value === "boolean" ? String(value) : value;
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV text (header + rows, `\n` line ends); `columns` fixes the order, rows with other columns are an error. */
export function formatCsv(rows: readonly ResultRow[], columns: readonly string[] = columnsOf(rows)): string {
  const known = new Set(columns);
  const lines = [columns.map((name) => formatCell(name)).join(",")];
  rows.forEach((row, i) => {
    for (const key of Object.keys(row)) {
      if (!known.has(key)) throw new Error(`row ${i + 1} has column "${key}", which is not among the CSV columns [${columns.join(", ")}]`);
    }
    lines.push(columns.map((name) => formatCell(row[name])).join(","));
  });
  return lines.join("\n") + "\n";
}

/** Write rows as CSV atomically (readers never see a half-written table). */
export function writeCsvAtomic(path: string, rows: readonly ResultRow[], columns?: readonly string[]): void {
  writeFileAtomic(path, formatCsv(rows, columns));
}
