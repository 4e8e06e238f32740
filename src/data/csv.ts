/**
 * CSV text to records and back, the one home of CSV syntax in the lab (data sets, results, experiment tables, the
 * per-epoch training records).
 * Reading is csv-parse's (RFC 4180 quoting, quoted fields across lines, CRLF/LF/CR line ends, a UTF-8 byte-order
 * mark), lenient as pandas' reader is about a stray quote inside an unquoted field; every record keeps the 1-based
 * line it starts on, and syntax errors name the file and that line. Writing is csv-stringify's with the lab's one
 * quoting rule: a field is quoted only when it holds a comma, a quote, a line end or leading or trailing white space,
 * numbers are written in JavaScript's shortest round-trip form, booleans `true`/`false`, null an empty field, and
 * every record ends with `\n`, as pandas' `to_csv` does; every shipped CSV is rewritten byte for byte
 * (test/data/csv.test.ts).
 */
import { CsvError, parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";

/** One record as read: its fields and the 1-based line of the file it starts on. */
export interface CsvRecord {
  readonly fields: string[];
  readonly line: number;
}

/** Options of {@link parseCsvRecords}. */
export interface CsvReadOptions {
  /** Names the file in error messages (default `<csv>`). */
  readonly source?: string;
  /** Leave out records of one empty field, i.e. blank lines (default false: a blank line is a record `[""]`). */
  readonly skipBlankLines?: boolean;
}

/** A value a CSV cell is written from. */
export type CsvCell = string | number | boolean | null | undefined;

/** Our message for a csv-parse error: the file, the line the broken record starts on, and what is wrong. */
function describeError(error: CsvError, source: string, recordStart: number): Error {
  if (error.code === "CSV_QUOTE_NOT_CLOSED") return new Error(`${source}:${recordStart}: unterminated quoted field`);
  // csv-parse says "… at line N …"; the file and line lead our message instead.
  const what = error.message.replace(/ at line \d+/, "");
  const column = typeof error.column === "number" ? ` (field ${error.column + 1})` : "";
  return new Error(`${source}:${error.lines ?? recordStart}${column}: ${what}`);
}

/** Whether a record csv-parse relaxed has a quoted field with text after its closing quote (`"BT"XSE`). */
function hasTextAfterClosingQuote(fields: readonly string[], raw: string): boolean {
  // Only such a field (or a quoted one starting with an escaped quote) begins with a quote once relaxed.
  if (!fields.some((field) => field.startsWith('"'))) return false;
  try {
    parse(raw.replace(/\r?\n?$/, ""), { relax_column_count: true });
  } catch (error) {
    return error instanceof CsvError && error.code === "CSV_INVALID_CLOSING_QUOTE";
  }
  return false;
}

/**
 * Split CSV text into records (csv-parse); a record's `line` is where it starts, so multi-line fields keep it.
 * A stray quote inside an unquoted field is text (`BT"X`), as pandas reads it; text after a closing quote is an error.
 */
export function parseCsvRecords(text: string, options: CsvReadOptions = {}): CsvRecord[] {
  const source = options.source ?? "<csv>";
  const records: CsvRecord[] = [];
  // Every line break ends a record (a blank line is a record of one empty field), so the next one starts below it.
  let nextStart = 1;
  try {
    parse(text, {
      bom: true,
      raw: true,
      record_delimiter: ["\r\n", "\n", "\r"],
      relax_column_count: true,
      relax_quotes: true,
      on_record: (parsed: unknown, context: { lines: number }) => {
        const { record: fields, raw } = parsed as { record: string[]; raw: string };
        const line = nextStart;
        nextStart = context.lines + 1;
        if (hasTextAfterClosingQuote(fields, raw)) {
          throw new Error(`${source}:${line}: unexpected character after a quoted field`);
        }
        if (!(options.skipBlankLines && fields.length === 1 && fields[0] === "")) records.push({ fields, line });
        return null;
      },
    });
  } catch (error) {
    if (error instanceof CsvError) throw describeError(error, source, nextStart);
    throw error;
  }
  return records;
}

/** Quote a field that starts or ends with white space or holds a lone CR (csv-stringify quotes the rest). */
const QUOTED_MATCH = [/^\s|\s$/, /\r/];

/** CSV text of records (csv-stringify): the lab's quoting rule, `\n` after every record, numbers as `String(x)`. */
export function formatCsvRecords(records: readonly (readonly CsvCell[])[]): string {
  return stringify(
    records.map((record) => [...record]),
    {
      record_delimiter: "\n",
      quoted_match: QUOTED_MATCH,
      cast: { boolean: (value: boolean) => String(value), number: (value: number) => String(value) },
    },
  );
}
