import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  formatLabelledCsv,
  parseLabelledCsv,
  parseStringCsv,
  readLabelledCsv,
  readStringCsv,
  writeLabelledCsv,
} from "../../src/data/labelled-csv";
import { buildReberDataset } from "../../src/data/reber-dataset";

const dir = mkdtempSync(join(tmpdir(), "labelled-csv-"));
test.after(() => rmSync(dir, { recursive: true, force: true }));

/** Write `text` to a fresh file and return its path. */
function fileWith(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

test("writes the thesis's schema as pandas does", () => {
  assert.equal(
    formatLabelledCsv([
      { string: "BTXSE", valid: true },
      { string: "BTXXE", valid: false },
    ]),
    "string,valid\nBTXSE,True\nBTXXE,False\n",
  );
});

test("round trip of the whole data set is exact, and the write leaves no temporary file", () => {
  const rows = buildReberDataset({ seed: 3 }).all;
  const path = join(dir, "all.csv");
  writeLabelledCsv(path, rows);
  assert.deepEqual(readLabelledCsv(path), rows);
  assert.equal(formatLabelledCsv(readLabelledCsv(path)), readFileSync(path, "utf8"));
  assert.deepEqual(
    readdirSync(dir).filter((f) => f.endsWith(".tmp")),
    [],
  );
});

test("accepts True/False/true/false/1/0, CRLF, a byte-order mark, quotes and extra columns", () => {
  const path = fileWith(
    "loose.csv",
    '\uFEFF,string,valid\r\n0,BTXSE,True\r\n1,"BPVVE",true\r\n' +
      '2,BTXXE,False\r\n3,BT"X,false\r\n4,"B,""E",1\r\n5,BPE,0\r\n',
  );
  assert.deepEqual(readLabelledCsv(path), [
    { string: "BTXSE", valid: true },
    { string: "BPVVE", valid: true },
    { string: "BTXXE", valid: false },
    { string: 'BT"X', valid: false },
    { string: 'B,"E', valid: true },
    { string: "BPE", valid: false },
  ]);
  const quoted = [{ string: 'a,"b', valid: true }];
  assert.deepEqual(parseLabelledCsv(formatLabelledCsv(quoted)), quoted);
});

test("a file without a valid column reads for validation, with line numbers", () => {
  const table = readStringCsv(fileWith("unlabelled.csv", "string\nBTXSE\nBPVVX\n"));
  assert.equal(table.hasLabels, false);
  assert.deepEqual(table.rows, [
    { string: "BTXSE", valid: null, line: 2 },
    { string: "BPVVX", valid: null, line: 3 },
  ]);
});

test("each kind of bad input is a clear error naming the file and the line", () => {
  const cases: [string, string, RegExp][] = [
    ["no-string.csv", "text,valid\nBTXSE,True\n", /no-string\.csv:1: missing column "string"/],
    ["no-valid.csv", "string\nBTXSE\n", /no-valid\.csv:1: missing column "valid"/],
    [
      "bad-label.csv",
      "string,valid\nBTXSE,True\nBPVVE,yes\n",
      /bad-label\.csv:3: bad label "yes" in column "valid" \(expected True\/False/,
    ],
    ["empty-string.csv", "string,valid\nBTXSE,True\n,False\n", /empty-string\.csv:3: empty string/],
    [
      "non-ascii.csv",
      "string,valid\nBTXSE,True\nBTXSÉ,False\n",
      /non-ascii\.csv:3: character "É" \(code 201\) at position 5 is not ASCII/,
    ],
    [
      "columns.csv",
      "string,valid\nBTXSE,True\nBTXSE,True,extra\n",
      /columns\.csv:3: expected 2 fields \(string,valid\), found 3/,
    ],
    [
      "blank-line.csv",
      "string,valid\n\nBTXSE,True\n",
      /blank-line\.csv:2: expected 2 fields \(string,valid\), found 1/,
    ],
    ["quote.csv", 'string,valid\n"BTXSE,True\n', /quote\.csv:2: unterminated quoted field/],
    ["empty.csv", "", /empty\.csv: empty file/],
  ];
  for (const [name, text, message] of cases) {
    const path = fileWith(name, text);
    assert.throws(
      () => readLabelledCsv(path),
      (error: Error) => {
        assert.match(error.message, message);
        assert.ok(error.message.startsWith(path), error.message);
        return true;
      },
      name,
    );
  }
  assert.throws(() => readLabelledCsv(join(dir, "missing.csv")), /cannot read .*missing\.csv/);
  assert.throws(() => parseStringCsv("string,valid\nx,maybe\n", "inline"), /^Error: inline:2: bad label "maybe"/);
});

test("a binary file is a short error naming the file, without its bytes", () => {
  const elf = Buffer.alloc(6000, 0x41);
  elf.set([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00], 0);
  const path = join(dir, "program.csv");
  writeFileSync(path, elf);
  assert.throws(
    () => readLabelledCsv(path),
    (error: Error) => {
      assert.equal(
        error.message,
        `${path}:1: not a text file (a NUL byte); expected a CSV with the header "string,valid"`,
      );
      return true;
    },
  );
  writeFileSync(path, Buffer.from([0x73, 0x74, 0xff, 0xfe, 0x0a]));
  assert.throws(() => readLabelledCsv(path), /program\.csv:1: not a text file \(bytes that are not UTF-8\)/);
  // A long header without the column is quoted clipped, not whole.
  const wide = fileWith("wide.csv", `${"x".repeat(5000)}\nBTXSE\n`);
  assert.throws(
    () => readLabelledCsv(wide),
    (error: Error) => error.message.length < 200 && /missing column "string" in header "x{60}…"/.test(error.message),
  );
});

test("writing into a missing directory is a clear error", () => {
  assert.throws(() => writeLabelledCsv(join(dir, "no", "such", "dir.csv"), []), /cannot write .*dir\.csv/);
});
