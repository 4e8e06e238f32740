/** Reads a results CSV of randomly structured networks (the thesis's schema: one row per graph). */
import { readFileSync } from "node:fs";
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

/** Split CSV text into records of fields (RFC 4180 quoting), each with its starting 1-based line. */
export function parseCsv(text: string): { fields: string[]; line: number }[] {
  const records: { fields: string[]; line: number }[] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let fieldStarted = false;
  const endRecord = (): void => {
    if (fieldStarted || fields.length > 0) {
      fields.push(field);
      records.push({ fields, line: recordLine });
    }
    fields = [];
    field = "";
    fieldStarted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') { field += '"'; i++; } else quoted = false;
      } else {
        if (ch === "\n") line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"') { quoted = true; fieldStarted = true; }
    else if (ch === ",") { fields.push(field); field = ""; fieldStarted = true; }
    else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      endRecord();
      line++;
      recordLine = line;
    } else { field += ch; fieldStarted = true; }
  }
  if (quoted) throw new Error(`unterminated quoted field starting on line ${recordLine}`);
  endRecord();
  return records;
}

/** Parse results CSV text; `source` names the file in error messages. */
export function parseStructureResults(text: string, source: string): StructureResults {
  const records = parseCsv(text);
  if (records.length === 0) throw new Error(`${source}: empty results file (expected a header line)`);
  // pandas writes its index as a first column with an empty name; keep it under "index".
  const columns = records[0]!.fields.map((name, i) => (name.trim() === "" && i === 0 ? "index" : name.trim()));
  const rows: StructureRow[] = [];
  const lines: number[] = [];
  for (const record of records.slice(1)) {
    if (record.fields.length === 1 && record.fields[0]!.trim() === "") continue;
    if (record.fields.length !== columns.length) {
      throw new Error(`${source}:${record.line}: expected ${columns.length} fields as in the header, found ${record.fields.length}`);
    }
    const row: StructureRow = {};
    columns.forEach((column, i) => {
      const raw = record.fields[i]!.trim();
      const value = raw === "" ? NaN : Number(raw);
      // Other columns (mode, graph, anything extra) stay text unless they read as numbers.
      if (!NUMERIC_COLUMNS.has(column)) { row[column] = Number.isFinite(value) ? value : raw; return; }
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
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new Error(`cannot read results file ${path}: ${(error as Error).message}`);
  }
  return parseStructureResults(text, path);
}

/** The numeric matrix of the given columns (rows × columns); names the file and the missing column. */
export function columnMatrix(rows: readonly StructureRow[], columns: readonly string[], source = "results"): number[][] {
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
