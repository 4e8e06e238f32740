/** The data set chapter's tables: their rows, the validator's verdicts, and the thesis's numbers beside ours. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { datasetStats, type SplitStats } from "../../src/data/dataset-stats";
import type { ReberDataset } from "../../src/data/reber-dataset";
import {
  familyExamplesTable,
  lengthSummaryTable,
  splitCountsTable,
  thesisExamplesTable,
  validCountsTable,
} from "../../src/notebook/dataset-tables";
import { bodyCells, bodyRowCount as bodyRows, rowAfter } from "../support/html-cells";

test("valid strings per length: the grammar's counts", () => {
  const html = validCountsTable([5, 11, 22]);
  assert.equal(bodyRows(html), 3);
  assert.match(html, />11<\/td><td[^>]*>24</);
  assert.match(html, />22<\/td><td[^>]*>1,683</);
});

test("the thesis's examples: five valid, five invalid with the position the validator stops at", () => {
  const html = thesisExamplesTable();
  assert.equal(bodyRows(html), 10);
  assert.equal(html.split(">valid</td>").length - 1, 10, "five thesis labels and five verdicts say valid");
  assert.ok(bodyCells(html).flat().includes('invalid at position 3: "T" where the grammar allows S or X'));
});

test("family examples: the first strings of each family, in family order, with label and verdict", () => {
  const dataset: Pick<ReberDataset, "all" | "families"> = {
    all: [
      { string: "BTXSE", valid: true },
      { string: "BQQE", valid: false },
      { string: "BPVVE", valid: true },
      { string: "BPXSE", valid: false },
    ],
    families: ["valid", "relabelled", "valid", "wrong-branch"],
  };
  const html = familyExamplesTable(dataset, { perFamily: 1, caption: "two & more" });
  assert.equal(bodyRows(html), 3);
  assert.ok(html.indexOf("BTXSE") < html.indexOf("BPXSE") && html.indexOf("BPXSE") < html.indexOf("BQQE"));
  assert.ok(!html.includes("BPVVE"));
  assert.ok(bodyCells(html).flat().includes('invalid at position 2: "Q" where the grammar allows T or P'));
  assert.ok(html.includes("two &amp; more"));
});

const rows = (valid: number, invalid: number, length: number) =>
  Array.from({ length: valid + invalid }, (_, i) => ({ string: "B".padEnd(length + (i % 2), "T"), valid: i < valid }));
const stats: SplitStats = {
  whole: datasetStats(rows(5, 4, 11)),
  train: datasetStats(rows(3, 3, 11)),
  test: datasetStats(rows(2, 1, 20)),
};

test("table 4.2: our counts beside the thesis's", () => {
  const html = splitCountsTable(stats);
  assert.equal(bodyRows(html), 3);
  assert.deepEqual(rowAfter(html, "train"), ["3", "9,339", "3", "9,411", "6"]);
  assert.deepEqual(rowAfter(html, "total"), ["5", "12,500", "4", "12,500", "9"]);
});

test("lengths: min, max, mean, mode of each set beside the thesis's ranges", () => {
  const html = lengthSummaryTable(stats);
  assert.deepEqual(rowAfter(html, "whole"), ["11", "12", "11.44", "11 (5)", "11–53, mode 22 (2,112)"]);
  assert.deepEqual(rowAfter(html, "train"), ["11", "12", "11.50", "11 (3)", "11–49"]);
  assert.deepEqual(rowAfter(html, "test"), ["20", "21", "20.33", "20 (2)", "11–53"]);
});
