/** The one CSV reader and writer (src/data/csv.ts): syntax, errors with file and line, shipped files rewritten. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { formatCsvRecords, parseCsvRecords } from "../../src/data/csv";
import { packageRoot } from "../../src/data/dataset-files";
import { formatLabelledCsv, parseLabelledCsv } from "../../src/data/labelled-csv";
import { formatCsv } from "../../src/experiments/runner/csv-table";
import type { CellValue } from "../../src/experiments/runner/types";

/** Every .csv file under `dir`, recursively. */
function csvFilesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return csvFilesUnder(path);
    return name.endsWith(".csv") ? [path] : [];
  });
}

const root = packageRoot();
const shippedCsvs = [...csvFilesUnder(join(root, "results", "full")), ...csvFilesUnder(join(root, "data"))];

test("reads quotes, commas, line breaks and stray quotes in fields, CRLF, a BOM; records keep their line", () => {
  const records = parseCsvRecords('\uFEFFa,"b,1","c ""q"""\r\n1,"x\ny",3\n4,B"X,\r\n');
  assert.deepEqual(
    records.map((r) => r.fields),
    [
      ["a", "b,1", 'c "q"'],
      ["1", "x\ny", "3"],
      ["4", 'B"X', ""],
    ],
  );
  assert.deepEqual(
    records.map((r) => r.line),
    [1, 2, 4],
  );
});

test("blank lines are records of one empty field unless skipped; the lines after them keep their numbers", () => {
  assert.deepEqual(
    parseCsvRecords("a\n\nb\n").map((r) => [r.fields, r.line]),
    [
      [["a"], 1],
      [[""], 2],
      [["b"], 3],
    ],
  );
  assert.deepEqual(
    parseCsvRecords("a\n\nb\n\n", { skipBlankLines: true }).map((r) => [r.fields, r.line]),
    [
      [["a"], 1],
      [["b"], 3],
    ],
  );
  assert.deepEqual(parseCsvRecords(""), []);
});

test("a broken quote names the file and the line its record starts on", () => {
  const text = 'a,b\n1,2\n3,"x\ny\n';
  assert.throws(() => parseCsvRecords(text, { source: "r.csv" }), /^Error: r\.csv:3: unterminated quoted field$/);
  assert.throws(() => parseCsvRecords('"a', {}), /^Error: <csv>:1: unterminated quoted field$/);
  const after = 'string,valid\n"BT"XSE,True\n';
  assert.throws(
    () => parseCsvRecords(after, { source: "q.csv" }),
    /^Error: q\.csv:2: unexpected character after a quoted field$/,
  );
  // A quoted field may start with an escaped quote, and an unquoted one may hold a stray quote.
  assert.deepEqual(parseCsvRecords('"""Q",BT"X\n')[0]!.fields, ['"Q', 'BT"X']);
});

test("writes the lab's quoting rule: only commas, quotes, line ends and outer white space are quoted", () => {
  const text = formatCsvRecords([
    ["plain", "a,b", 'say "hi"', "two\nlines", "cr\ronly", " lead", "trail ", "in side", ""],
    [0.1, -0, 1e-7, 123456789012, NaN, Infinity, -Infinity, true, false, null, undefined],
  ]);
  assert.equal(
    text,
    'plain,"a,b","say ""hi""","two\nlines","cr\ronly"," lead","trail ",in side,\n' +
      "0.1,0,1e-7,123456789012,NaN,Infinity,-Infinity,true,false,,\n",
  );
  assert.deepEqual(
    parseCsvRecords(text).map((r) => r.fields.slice(0, 8)),
    [
      ["plain", "a,b", 'say "hi"', "two\nlines", "cr\ronly", " lead", "trail ", "in side"],
      ["0.1", "0", "1e-7", "123456789012", "NaN", "Infinity", "-Infinity", "true"],
    ],
  );
});

test("every shipped CSV (results/full, data) is rewritten byte for byte by the writer", () => {
  const names = shippedCsvs.map((path) => relative(root, path)).sort();
  for (const expected of ["data/test.csv", "data/train.csv", "results/full/structure/results.csv"]) {
    assert.ok(names.includes(expected), `${expected} is among the files checked (${names.join(", ")})`);
  }
  for (const path of shippedCsvs) {
    const text = readFileSync(path, "utf8");
    const records = parseCsvRecords(text, { source: path });
    assert.ok(records.length > 1, `${path} has rows`);
    assert.ok(formatCsvRecords(records.map((r) => r.fields)) === text, `${path}: the records written back differ`);
  }
});

test("the typed writers give the shipped files back: labelled rows for data/, result rows for results/full", () => {
  let checked = 0;
  for (const path of shippedCsvs) {
    const text = readFileSync(path, "utf8");
    if (path.startsWith(join(root, "data"))) {
      assert.ok(formatLabelledCsv(parseLabelledCsv(text, path)) === text, `${path}: labelled rows written back differ`);
    } else {
      // Cells that read as numbers become numbers, as the experiment runner held them when it wrote the file.
      const [header, ...rows] = parseCsvRecords(text, { source: path }).map((r) => r.fields);
      const typed = rows.map((fields) =>
        Object.fromEntries(
          header!.map((name, i): [string, CellValue] => {
            const cell = fields[i]!;
            return [name, cell !== "" && !Number.isNaN(Number(cell)) ? Number(cell) : cell];
          }),
        ),
      );
      assert.ok(formatCsv(typed, header) === text, `${path}: result rows written back differ`);
    }
    checked++;
  }
  assert.equal(checked, shippedCsvs.length);
});
