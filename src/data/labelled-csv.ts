/**
 * The thesis's CSV schema `string,valid` (pandas' `to_csv(index=False)`: labels written `True`/`False`).
 * Reading accepts True/False/true/false/1/0, a UTF-8 byte-order mark, CRLF line ends, RFC 4180 quoting
 * and extra columns (such as a pandas index); every error names the file and the line. The CSV syntax is
 * `./csv.ts`'s (csv-parse and csv-stringify).
 */
import { writeFileAtomic } from "../files/atomic-file";
import { readTextFile } from "../files/read-file";
import { formatCsvRecords, parseCsvRecords, type CsvRecord } from "./csv";
import type { LabelledString } from "./reber-dataset";

/** One data row as read, with its 1-based line number in the file. */
export interface CsvStringRow {
  readonly string: string;
  /** The label, or null when the file has no `valid` column. */
  readonly valid: boolean | null;
  readonly line: number;
}

/** A parsed `string[,valid]` table. */
export interface CsvStringTable {
  /** The file name used in messages. */
  readonly source: string;
  readonly hasLabels: boolean;
  readonly rows: CsvStringRow[];
}

const LABELS: ReadonlyMap<string, boolean> = new Map([
  ["True", true],
  ["true", true],
  ["1", true],
  ["False", false],
  ["false", false],
  ["0", false],
]);

/** Index of the first character outside ASCII (0–127), or -1. */
export function firstNonAscii(s: string): number {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return i;
  return -1;
}

/** Whether a record is a blank line. */
const isBlank = (record: CsvRecord): boolean => record.fields.length === 1 && record.fields[0] === "";

/** A line for an error message: at most 60 characters, so a stray binary or huge line is not pasted whole. */
function clipped(line: string): string {
  return line.length <= 60 ? line : `${line.slice(0, 60)}…`;
}

/** Throw naming the file when text is not text: a NUL byte or bytes that are not UTF-8 (e.g. a binary file). */
function checkIsText(text: string, source: string): void {
  const bad = text.search(/[\u0000\uFFFD]/);
  if (bad < 0) return;
  const line = text.slice(0, bad).split("\n").length;
  const what = text[bad] === "\u0000" ? "a NUL byte" : "bytes that are not UTF-8";
  throw new Error(`${source}:${line}: not a text file (${what}); expected a CSV with the header "string,valid"`);
}

/** Parse CSV text whose header has a `string` column and optionally a `valid` column. */
export function parseStringCsv(text: string, source = "<csv>"): CsvStringTable {
  checkIsText(text, source);
  const records = parseCsvRecords(text, { source });
  // Blank lines at the end are no records (inside the table they are: a row of one empty field).
  while (records.length > 0 && isBlank(records[records.length - 1]!)) records.pop();
  if (records.length === 0) throw new Error(`${source}: empty file (expected a header line "string,valid")`);
  const header = records[0]!.fields.map((name) => name.trim());
  const stringColumn = header.indexOf("string");
  const validColumn = header.indexOf("valid");
  if (stringColumn < 0) {
    const text = clipped(records[0]!.fields.join(","));
    throw new Error(`${source}:1: missing column "string" in header "${text}" (expected "string,valid")`);
  }
  const rows: CsvStringRow[] = [];
  for (const { fields, line } of records.slice(1)) {
    const where = `${source}:${line}`;
    if (fields.length !== header.length) {
      throw new Error(`${where}: expected ${header.length} fields (${header.join(",")}), found ${fields.length}`);
    }
    const string = fields[stringColumn]!;
    if (string === "") throw new Error(`${where}: empty string`);
    const bad = firstNonAscii(string);
    if (bad >= 0) {
      const code = string.charCodeAt(bad);
      const what = `character "${string[bad]}" (code ${code}) at position ${bad + 1}`;
      throw new Error(`${where}: ${what} is not ASCII (0–127)`);
    }
    let valid: boolean | null = null;
    if (validColumn >= 0) {
      const label = fields[validColumn]!.trim();
      const parsed = LABELS.get(label);
      if (parsed === undefined) {
        throw new Error(`${where}: bad label "${label}" in column "valid" (expected True/False, true/false or 1/0)`);
      }
      valid = parsed;
    }
    rows.push({ string, valid, line });
  }
  return { source, hasLabels: validColumn >= 0, rows };
}

/** Read a CSV with a `string` column and optionally a `valid` column (for validation). */
export function readStringCsv(path: string): CsvStringTable {
  return parseStringCsv(readTextFile(path, "the strings CSV"), path);
}

/** Labelled rows of a parsed table; a missing `valid` column is an error. */
function requireLabels(table: CsvStringTable): LabelledString[] {
  if (!table.hasLabels) throw new Error(`${table.source}:1: missing column "valid" (expected header "string,valid")`);
  return table.rows.map((row) => ({ string: row.string, valid: row.valid! }));
}

/** Parse labelled CSV text (`string,valid`). */
export function parseLabelledCsv(text: string, source = "<csv>"): LabelledString[] {
  return requireLabels(parseStringCsv(text, source));
}

/** Read a labelled CSV file (`string,valid`). */
export function readLabelledCsv(path: string): LabelledString[] {
  return requireLabels(readStringCsv(path));
}

/** The CSV text of labelled rows, as pandas writes it (`string,valid`, True/False, LF line ends). */
export function formatLabelledCsv(rows: readonly LabelledString[]): string {
  return formatCsvRecords([["string", "valid"], ...rows.map((row) => [row.string, row.valid ? "True" : "False"])]);
}

/** Write labelled rows as CSV, atomically. */
export function writeLabelledCsv(path: string, rows: readonly LabelledString[]): void {
  writeFileAtomic(path, formatLabelledCsv(rows));
}
