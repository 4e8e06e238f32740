/** The prediction chapter's tables: scaling, table 6.5, appendix B, the learning curve, the thesis's split, RQ5. */
import { test } from "node:test";
import assert from "node:assert/strict";
import type {
  LearningCurvePoint,
  PredictionReport,
  RegressorName,
  RegressorResult,
} from "../../src/analysis/performance-prediction";
import { summarize } from "../../src/analysis/statistics";
import type { ThesisSplitReproduction } from "../../src/analysis/thesis-split";
import { THESIS_R2 } from "../../src/analysis/thesis-structure-values";
import {
  learningCurveTable,
  meanAndSd,
  predictionAnswerHtml,
  r2Rows,
  r2Table,
  randomForestOf,
  scalingRows,
  scalingTable,
  subsetRows,
  subsetTable,
  thesisSplitRows,
  thesisSplitTable,
} from "../../src/notebook/prediction-tables";
import { bodyCells, rowAfter, tableCaption, tableCells } from "../support/html-cells";

/** A regressor result with the given R² per split and importances. */
function result(name: RegressorName, r2BySplit: number[], importances: Record<string, number> = {}): RegressorResult {
  const summary = summarize(r2BySplit);
  const named = Object.entries(importances).map(([feature, value]) => ({ feature, value }));
  return { name, r2: summary.mean, r2BySplit, summary, importances: named, predictions: [], testRows: [] };
}

function report(perRegressor: RegressorResult[], features = ["nodes", "edges"]): PredictionReport {
  const repeats = perRegressor[0]!.r2BySplit.length;
  const counts = { rowCount: 200, trainCount: 180, testCount: 20 };
  return { features, target: "test_acc", ...counts, repeats, fixedSplit: false, perRegressor, correlations: [] };
}

test("scaling rows: every third feature's raw and scaled range", () => {
  const data = {
    features: ["a", "b", "c", "d"],
    raw: [
      [1, 9, 9, 5],
      [3, 9, 9, -5],
    ],
    scaled: [
      [0, 0, 0, 1],
      [1, 0, 0, 0],
    ],
  };
  const rows = scalingRows(data);
  assert.deepEqual(rows, [
    { feature: "a", rawMin: 1, rawMax: 3, scaledMin: 0, scaledMax: 1 },
    { feature: "d", rawMin: -5, rawMax: 5, scaledMin: 0, scaledMax: 1 },
  ]);
  assert.equal(scalingRows(data, { every: 1 }).length, 4);
  assert.deepEqual(rowAfter(scalingTable(rows, { caption: "c" }), "d"), ["-5.000", "5.000", "0.000", "1.000"]);
});

test("table 6.5: a row per variant and regressor with the thesis's value; mean ± sd, interval and range", () => {
  const reports = new Map([
    ["GRU", report([result("bayesian_ridge", [0.5, 0.7, 0.6]), result("random_forest", [0.8, 0.9, 0.85])])],
  ]);
  const rows = r2Rows(reports, THESIS_R2);
  assert.deepEqual(
    rows.map((r) => [r.variant, r.regressor, r.thesis, r.r2BySplit]),
    [
      ["GRU", "bayesian_ridge", 0.67224, [0.5, 0.7, 0.6]],
      ["GRU", "random_forest", 0.87635, [0.8, 0.9, 0.85]],
    ],
  );
  assert.equal(meanAndSd(rows[0]!.summary), "0.600 ± 0.100");
  assert.equal(meanAndSd(summarize([0.4])), "0.400 ± n/a");
  const html = r2Table(rows, { repeats: 3, testCount: 20 });
  // t(2) = 4.303: the interval of the mean is 0.6 ± 4.303 · 0.1 / √3.
  assert.deepEqual(bodyCells(html)[0], [
    "GRU",
    "Bayesian ridge",
    "0.600 ± 0.100",
    "[0.352, 0.848]",
    "0.50 … 0.70",
    "0.672",
  ]);
  assert.equal(tableCaption(html), "Table 6.5 · R² on held-out graphs (20 test graphs per split)");
});

test("appendix B: the random forest's R² per subset, the thesis's where it has one, the top feature", () => {
  const bySubset = new Map([
    [
      "all",
      report([result("bayesian_ridge", [0.1, 0.2]), result("random_forest", [0.8, 0.9], { nodes: 0.3, edges: 0.7 })]),
    ],
    [
      "only_var",
      report(
        [result("random_forest", [0.7, 0.8], { degree_var: 0.6, closeness_var: 0.4 })],
        ["degree_var", "closeness_var"],
      ),
    ],
  ]);
  const rows = subsetRows(new Map([["GRU", bySubset]]));
  assert.deepEqual(
    rows.map((r) => [r.subset, r.featureCount, r.thesis, r.top.feature, r.top.value]),
    [
      ["all", 2, 0.87635, "edges", 0.7],
      ["only_var", 2, 0.76, "degree_var", 0.6],
    ],
  );
  assert.ok(Math.abs(rows[1]!.summary.mean - 0.75) < 1e-12);
  assert.deepEqual(bodyCells(subsetTable(rows))[1], [
    "GRU",
    "only_var (2)",
    "0.750 ± 0.071",
    "0.76",
    "degree_var (0.60)",
  ]);
  assert.throws(
    () => randomForestOf(report([result("ada_boost", [0.1])])),
    /no random forest \(regressors: ada_boost\)/,
  );
});

test("learning curve: mean R² per training size and regressor", () => {
  const point = (trainSize: number, r2: number[]): LearningCurvePoint => ({
    trainSize,
    perRegressor: [
      { name: "bayesian_ridge", r2BySplit: r2, summary: summarize(r2) },
      { name: "ada_boost", r2BySplit: [0], summary: summarize([0]) },
    ],
  });
  const html = learningCurveTable([point(27, [0.1, 0.3]), point(180, [0.6, 0.6])], { mode: "GRU", repeats: 2 });
  assert.deepEqual(tableCells(html), [
    ["training graphs", "Bayesian ridge R²", "AdaBoost R²"],
    ["27", "0.200", "0.000"],
    ["180", "0.600", "0.000"],
  ]);
  assert.equal(tableCaption(html), "Learning curve (GRU, mean over 2 splits)");
});

test(
  "the thesis's split: ridge to seven decimals, " +
    "the ensembles as mean ± sd over seeds, beside sklearn and the thesis",
  () => {
    const reproduction: ThesisSplitReproduction = {
      mode: "GRU",
      ridge: result("bayesian_ridge", [0.6722472455]),
      trees: [result("random_forest", [0.86, 0.87]), result("ada_boost", [0.78, 0.8])],
      reference: {
        test_idx: [],
        bayesian_ridge: { r2: 0.6722472455491457 },
        random_forest: { r2_mean: 0.864164, r2_std: 0.0077 },
        ada_boost: { r2_mean: 0.7907, r2_std: 0.01665 },
      },
      randomSplits: [result("bayesian_ridge", [0.5, 0.7]), result("random_forest", [0.6, 0.7])],
    };
    const rows = thesisSplitRows([reproduction], THESIS_R2);
    assert.deepEqual(rows, [
      {
        mode: "GRU",
        regressor: "Bayesian ridge",
        ours: "0.6722472",
        sklearn: "0.6722472",
        thesis: "0.67224",
        randomSplits: "0.600 ± 0.141 (2 splits)",
      },
      {
        mode: "GRU",
        regressor: "random forest (2 seeds)",
        ours: "0.865 ± 0.007",
        sklearn: "0.864 ± 0.008",
        thesis: "0.87635",
        randomSplits: "0.650 ± 0.071 (2 splits)",
      },
      {
        mode: "GRU",
        regressor: "AdaBoost (2 seeds)",
        ours: "0.790 ± 0.014",
        sklearn: "0.791 ± 0.017",
        thesis: "0.78313",
        randomSplits: "–",
      },
    ]);
    assert.deepEqual(bodyCells(thesisSplitTable(rows))[1], [
      "GRU",
      "random forest (2 seeds)",
      "0.865 ± 0.007",
      "0.864 ± 0.008",
      "0.87635",
      "0.650 ± 0.071 (2 splits)",
    ]);
  },
);

test("research question 5: each variant's best regressor beside the thesis's best, and the largest spread", () => {
  const reports = new Map([
    ["GRU", report([result("bayesian_ridge", [0.5, 0.7]), result("random_forest", [0.8, 0.9])])],
    ["LSTM", report([result("bayesian_ridge", [0.2, 0.6]), result("ada_boost", [0.1, 0.2])])],
  ]);
  const html = predictionAnswerHtml(reports, { thesis: THESIS_R2, note: "quick & small" });
  assert.ok(html.includes("<li>GRU: best random forest, R² 0.85 ± 0.07 over 2 splits (thesis's best: 0.88)</li>"));
  assert.ok(html.includes("LSTM: best Bayesian ridge, R² 0.40 ± 0.28 over 2 splits (thesis's best: 0.60)"));
  assert.ok(
    html.includes("The largest standard deviation of R² over splits is 0.28: a single split of 20 test graphs"),
  );
  assert.ok(html.includes("<i>quick &amp; small</i>"));
});
