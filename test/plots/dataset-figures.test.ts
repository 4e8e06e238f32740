/** The data set figures: which numbers each bar shows, and where. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { datasetStats } from "../../src/data/dataset-stats";
import { characterCountsFigure, labelsPerSplitFigure } from "../../src/plots/dataset-figures";
import { lengthDistributionsFigure } from "../../src/plots/dataset-figures";
import { LABEL_COLORS, SPLIT_COLORS } from "../../src/plots/theme";

type AnyTrace = Record<string, any>;
const rows = (strings: string[], valid: number) => strings.map((string, i) => ({ string, valid: i < valid }));
const train = datasetStats(rows(["BTXSE", "BPVVE", "BTSXSE", "BQQE"], 2));
const test_ = datasetStats(rows(["BTXSE", "BAAAAE"], 1));

test("labels per split: valid and invalid bars over train and test", () => {
  const traces = labelsPerSplitFigure({ train, test: test_ }).data as AnyTrace[];
  assert.deepEqual(
    traces.map((t) => [t.name, t.x, t.y]),
    [
      ["valid", ["training split", "test split"], [2, 1]],
      ["invalid", ["training split", "test split"], [2, 1]],
    ],
  );
  assert.equal(traces[1]!.marker.color, LABEL_COLORS.invalid);
});

test("length distributions: three panels, each a bar per length from its shortest to its longest string", () => {
  const whole = datasetStats([...rows(["BTXSE", "BPVVE", "BTSXSE", "BQQE"], 2), ...rows(["BAAAAE"], 0)]);
  const figure = lengthDistributionsFigure({ whole, train, test: test_ });
  const traces = figure.data as AnyTrace[];
  assert.deepEqual(
    traces.map((t) => t.name),
    ["whole set", "training split", "test split"],
  );
  assert.deepEqual(
    [traces[1]!.x, traces[1]!.y],
    [
      [4, 5, 6],
      [1, 2, 1],
    ],
  );
  assert.deepEqual(
    [traces[2]!.x, traces[2]!.y],
    [
      [5, 6],
      [1, 1],
    ],
  );
  assert.equal(traces[2]!.marker.color, SPLIT_COLORS.test);
  assert.deepEqual([...new Set(traces.map((t) => t.xaxis))], ["x", "x2", "x3"]);
  const layout = (size: "notebook" | "column") =>
    lengthDistributionsFigure({ whole, train, test: test_ }, { size }).layout as Record<string, { domain: number[] }>;
  assert.deepEqual(
    layout("notebook").yaxis3!.domain,
    layout("notebook").yaxis!.domain,
    "in a notebook the three panels share a row",
  );
  assert.ok(layout("column").yaxis3!.domain[1] < layout("column").yaxis!.domain[0], "in a column they are stacked");
  assert.deepEqual(layout("column").xaxis3!.domain, layout("column").xaxis!.domain);
});

test("character counts: Reber letters and other letters in two stacked series over every character", () => {
  const figure = characterCountsFigure(train);
  const [reber, other] = figure.data as AnyTrace[];
  assert.deepEqual(reber!.x, ["B", "E", "P", "Q", "S", "T", "V", "X"]);
  assert.deepEqual(reber!.y, [4, 4, 1, 0, 3, 2, 2, 2]);
  assert.deepEqual(other!.y, [0, 0, 0, 2, 0, 0, 0, 0]);
  assert.equal(figure.layout.barmode, "stack");
});
