/** Small HTML tables for notebooks: numbers with thousands separators, a caption, right-aligned figures. */
import { escapeHtml } from "../plots/html";

/** One column: its header and how to read its cell from a row. */
export interface TableColumn<Row> {
  header: string;
  value: (row: Row) => string | number | boolean | null | undefined;
  /** Decimals for numbers (default 0 for integers, 4 otherwise). */
  digits?: number;
}

/** Format one cell: numbers with separators, empty for null/undefined. */
function cellText(value: string | number | boolean | null | undefined, digits?: number): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") {
    if (Number.isNaN(value)) return "n/a";
    const decimals = digits ?? (Number.isInteger(value) ? 0 : 4);
    return value.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  }
  return String(value);
}

/** An HTML table of `rows` with the given columns; numeric cells are right-aligned. */
export function htmlTable<Row>(rows: readonly Row[], columns: readonly TableColumn<Row>[], options: { caption?: string } = {}): string {
  const cell = "padding:3px 10px;border-bottom:1px solid #ddd";
  const head = columns.map((c) => `<th style="${cell};text-align:left;border-bottom:2px solid #444">${escapeHtml(c.header)}</th>`).join("");
  const body = rows
    .map((row) => {
      const cells = columns.map((c) => {
        const value = c.value(row);
        const align = typeof value === "number" ? "right" : "left";
        return `<td style="${cell};text-align:${align};font-variant-numeric:tabular-nums">${escapeHtml(cellText(value, c.digits))}</td>`;
      });
      return `<tr>${cells.join("")}</tr>`;
    })
    .join("\n");
  const caption = options.caption ? `<caption style="caption-side:top;text-align:left;padding:4px 0;color:#333">${escapeHtml(options.caption)}</caption>` : "";
  return `<table style="border-collapse:collapse;font-size:13px;margin:6px 0">${caption}<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table>`;
}
