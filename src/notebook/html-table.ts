/**
 * HTML tables for notebooks, drawn by arquero (`ColumnTable.toHTML`) in one style: a caption above, numbers with
 * thousands separators and right-aligned, NaN as "n/a", text escaped. `frameHtml` and `showFrame` show any arquero
 * table (a query's result, as pandas shows a data frame); `htmlTable` lays rows out by column accessors, for the
 * chapter tables of `src/notebook/*-tables.ts`.
 */
import { table as arqueroTable, type ColumnTable } from "arquero";
import { escapeHtml } from "../plots/html";
import { showHtml } from "../plots/notebook-display";

/** A value a table cell shows. */
export type TableCell = string | number | boolean | null | undefined;

/** One column: its header and how to read its cell from a row. */
export interface TableColumn<Row> {
  header: string;
  value: (row: Row) => TableCell;
  /** Decimals for numbers (default 0 for integers, 4 otherwise). */
  digits?: number;
}

/** Options of {@link frameHtml} and {@link showFrame}. */
export interface FrameHtmlOptions {
  /** A line above the table. */
  readonly caption?: string;
  /** Decimals of a column's numbers, by column name (default 0 for an integer, 4 otherwise). */
  readonly digits?: Readonly<Record<string, number>>;
  /** Rows shown at most (default 50); a line under the table says how many there are. */
  readonly limit?: number;
}

const TABLE_STYLE = "border-collapse:collapse;font-size:13px;margin:6px 0";
const HEAD_STYLE = "padding:3px 10px;border-bottom:2px solid #444";
const CELL_STYLE = "padding:3px 10px;border-bottom:1px solid #ddd;font-variant-numeric:tabular-nums";
const CAPTION_STYLE = "caption-side:top;text-align:left;padding:4px 0;color:#333";
const NOTE_STYLE = "color:#666;font-size:12px";

/** One cell's text: numbers with separators (`digits` decimals), "n/a" for NaN, empty for null/undefined. */
export function cellText(value: unknown, digits?: number): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") {
    if (Number.isNaN(value)) return "n/a";
    const decimals = digits ?? (Number.isInteger(value) ? 0 : 4);
    return value.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  }
  return String(value);
}

/** The HTML of a table; `digitsOf` gives a column's decimals (undefined: by value, 0 for an integer, else 4). */
function renderFrame(
  frame: ColumnTable,
  options: FrameHtmlOptions,
  digitsOf: (name: string) => number | undefined,
): string {
  const names = frame.columnNames();
  // arquero escapes cells but writes column names as they are: give it escaped names.
  const escaped = new Map(names.map((name) => [name, escapeHtml(name)]));
  const shown = names.some((name) => escaped.get(name) !== name) ? frame.rename(Object.fromEntries(escaped)) : frame;
  const limit = options.limit ?? 50;
  const html = shown.toHTML({
    limit,
    align: Object.fromEntries(names.map((name) => [escaped.get(name)!, isNumeric(frame, name) ? "r" : "l"])),
    format: Object.fromEntries(names.map((name) => [escaped.get(name)!, (v: unknown) => cellText(v, digitsOf(name))])),
    null: () => "",
    style: { table: TABLE_STYLE, th: HEAD_STYLE, td: CELL_STYLE },
  });
  const caption = options.caption ? `<caption style="${CAPTION_STYLE}">${escapeHtml(options.caption)}</caption>` : "";
  const rows = frame.numRows();
  const more = rows > limit ? `<div style="${NOTE_STYLE}">${cellText(limit)} of ${cellText(rows)} rows</div>` : "";
  return html.replace(/^<table[^>]*>/, (open) => open + caption) + more;
}

/** Whether a column holds numbers (and perhaps empty cells) only. */
function isNumeric(frame: ColumnTable, name: string): boolean {
  const values = Array.from(frame.array(name) as ArrayLike<unknown>);
  return values.some((v) => typeof v === "number") && values.every((v) => typeof v === "number" || v == null);
}

/**
 * An arquero table as HTML: every column, numeric ones right-aligned, at most `limit` rows (default 50). A numeric
 * column's decimals: `digits[name]`, else 0 when all its numbers are integers, else 4.
 */
export function frameHtml(frame: ColumnTable, options: FrameHtmlOptions = {}): string {
  const integers = (name: string) =>
    Array.from(frame.array(name) as ArrayLike<unknown>).every((v) => typeof v !== "number" || Number.isInteger(v));
  return renderFrame(frame, options, (name) => options.digits?.[name] ?? (integers(name) ? 0 : 4));
}

/** Show an arquero table in the notebook (tslab), as {@link frameHtml} draws it. */
export function showFrame(frame: ColumnTable, options: FrameHtmlOptions = {}): void {
  showHtml(frameHtml(frame, options));
}

/**
 * An HTML table of `rows` with the given columns (headers must differ); numeric columns are right-aligned, and a
 * number without the column's `digits` shows 0 decimals when it is an integer, else 4.
 */
export function htmlTable<Row>(
  rows: readonly Row[],
  columns: readonly TableColumn<Row>[],
  options: { caption?: string } = {},
): string {
  const data: Record<string, TableCell[]> = {};
  const digits: Record<string, number> = {};
  for (const column of columns) {
    if (column.header in data) throw new Error(`htmlTable: two columns are headed "${column.header}"`);
    data[column.header] = rows.map((row) => column.value(row));
    if (column.digits !== undefined) digits[column.header] = column.digits;
  }
  // The names fix the column order (an object would put integer-like headers first).
  const frame = arqueroTable(
    data,
    columns.map((column) => column.header),
  );
  return renderFrame(frame, { caption: options.caption, limit: Infinity }, (name) => digits[name]);
}
