/** Results as arquero tables (src/notebook/data-frames.ts, stageFrame) and their HTML (frameHtml). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { op, table } from "arquero";
import { loadStructureResults } from "../../src/analysis/results-csv";
import { packageRoot } from "../../src/data/dataset-files";
import { FULL_SCALE } from "../../src/experiments/study-scale";
import { csvFrameFromText } from "../../src/notebook/data-frames";
import { frameHtml } from "../../src/notebook/html-table";
import { openStudyStage, stageFrame } from "../../src/notebook/study-results";
import { bodyCells, tableCaption, tableCells } from "../support/html-cells";

test("a CSV becomes a table: numeric columns as numbers, text kept, pandas' unnamed index named", () => {
  const frame = csvFrameFromText(',mode,test_acc,note\n0,GRU,0.9,a\n1,LSTM,NaN,\n2,GRU,,"x, y"\n', "r.csv");
  assert.deepEqual(frame.columnNames(), ["index", "mode", "test_acc", "note"]);
  assert.deepEqual(frame.objects(), [
    { index: 0, mode: "GRU", test_acc: 0.9, note: "a" },
    { index: 1, mode: "LSTM", test_acc: NaN, note: "" },
    { index: 2, mode: "GRU", test_acc: null, note: "x, y" },
  ]);
  // A number-looking column with one text cell stays text.
  assert.deepEqual(csvFrameFromText("id\n1\nx\n").array("id"), ["1", "x"]);
});

test("a bad CSV names the file and the line", () => {
  assert.throws(
    () => csvFrameFromText("a,b\n1,2\n3\n", "r.csv"),
    /^Error: r\.csv:3: expected 2 fields as in the header, found 1$/,
  );
  assert.throws(() => csvFrameFromText("", "e.csv"), /^Error: e\.csv: empty file/);
  assert.throws(() => csvFrameFromText("a,a\n1,2\n", "d.csv"), /^Error: d\.csv:1: a column name appears twice/);
  assert.throws(() => csvFrameFromText('a\n"1\n', "q.csv"), /^Error: q\.csv:2: unterminated quoted field$/);
});

test("the shipped sweep opens as a table to query: group by variant and generator, roll up, pivot", async () => {
  const opened = await openStudyStage("structure", {
    scale: FULL_SCALE,
    resultsDir: join(packageRoot(), "results", "full"),
  });
  const sweep = stageFrame(opened);
  const rows = loadStructureResults(opened.table).rows;
  assert.equal(sweep.numRows(), rows.length);
  const counts = sweep.groupby("mode", "graph").count().objects() as { mode: string; graph: string; count: number }[];
  assert.equal(
    counts.reduce((sum, c) => sum + c.count, 0),
    rows.length,
  );
  // The pivot of stageFrame's documentation: mean accuracy, a row per variant, a column per generator.
  const pivot = sweep.groupby("mode").pivot("graph", { mean_acc: op.mean("test_acc") });
  assert.deepEqual(pivot.columnNames(), ["mode", "barabasi_albert", "watts_strogatz"]);
  const gru = pivot.objects().find((row) => (row as { mode: string }).mode === "GRU") as Record<string, number>;
  const ws = rows.filter((r) => r.mode === "GRU" && r.graph === "watts_strogatz").map((r) => r.test_acc as number);
  assert.ok(Math.abs(gru.watts_strogatz! - ws.reduce((a, b) => a + b, 0) / ws.length) < 1e-12);
});

test("frameHtml: names and cells escaped, numbers right-aligned with separators, a caption, a limit", () => {
  const frame = table({ "<name>": ["a & b", "c"], n: [12500, 3], share: [0.123456, NaN] }, ["<name>", "n", "share"]);
  const html = frameHtml(frame, { caption: "counts & more", digits: { share: 2 } });
  assert.deepEqual(tableCells(html), [
    ["<name>", "n", "share"],
    ["a & b", "12,500", "0.12"],
    ["c", "3", "n/a"],
  ]);
  assert.ok(!html.includes("<name>") && !html.includes("a & b"), "escaped");
  assert.match(html, /text-align: ?right[^>]*>12,500</);
  assert.equal(tableCaption(html), "counts & more");
  // Without digits, a column of integers shows none and any other column four, whichever row a value is in.
  const mixed = frameHtml(table({ acc: [1, 0.99975], count: [3, 12500] }));
  assert.deepEqual(bodyCells(mixed), [
    ["1.0000", "3"],
    ["0.9998", "12,500"],
  ]);
  const limited = frameHtml(frame, { limit: 1 });
  assert.equal(bodyCells(limited).length, 1);
  assert.match(limited, /1 of 2 rows/);
});
