/** Reading results CSVs (with clear errors), feature subsets, splits, and the statistics (R², Pearson, t intervals). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { columnMatrix, loadStructureResults, parseStructureResults } from "../../src/analysis/results-csv";
import { parseCsvRecords } from "../../src/data/csv";
import { FEATURE_SUBSETS, STRUCTURE_FEATURES, resolveFeatures } from "../../src/analysis/structure-features";
import { parseTestRows, randomSplit, splitWithTestRows, testCount } from "../../src/analysis/train-test-split";
import { pearson, r2Score, studentTQuantile, summarize } from "../../src/analysis/statistics";
import { fitMinMax, minMaxScale } from "../../src/analysis/min-max-scaler";
import { learningCurve, predictAccuracy } from "../../src/analysis/performance-prediction";
import { SeededRandom } from "../../src/random/seeded-random";

const work = mkdtempSync(join(tmpdir(), "sparse-rnn-analysis-"));

test("CSV parser: quotes, embedded commas and newlines, CRLF, pandas' unnamed index column", () => {
  const records = parseCsvRecords('a,"b,1","c ""q"""\r\n1,"x\ny",3\n');
  assert.deepEqual(
    records.map((r) => r.fields),
    [
      ["a", "b,1", 'c "q"'],
      ["1", "x\ny", "3"],
    ],
  );
  assert.deepEqual(
    records.map((r) => r.line),
    [1, 2],
  );
  const results = parseStructureResults(
    ",mode,graph,layers,test_acc\n0,GRU,watts_strogatz,3,0.9\n1,GRU,barabasi_albert,4.0,0.95\n",
    "r.csv",
  );
  assert.deepEqual(results.columns, ["index", "mode", "graph", "layers", "test_acc"]);
  assert.deepEqual(results.rows[1], { index: 1, mode: "GRU", graph: "barabasi_albert", layers: 4, test_acc: 0.95 });
  assert.deepEqual(results.lines, [2, 3]);
});

test("clear errors: non-numeric value (file, line, column), ragged line, missing feature column (file, column)", () => {
  const bad = join(work, "bad.csv");
  writeFileSync(bad, "mode,layers,test_acc\nGRU,3,0.9\nGRU,three,0.8\n");
  assert.throws(
    () => loadStructureResults(bad),
    new RegExp(`${bad}:3: column 'layers' holds 'three', expected a finite number`),
  );
  assert.throws(
    () => parseStructureResults("mode,layers\nGRU,3,4\n", "r.csv"),
    /r\.csv:2: expected 2 fields as in the header, found 3/,
  );
  assert.throws(
    () => loadStructureResults(join(work, "absent.csv")),
    /cannot read the results file .*absent\.csv: no such file/,
  );
  const rows = parseStructureResults("mode,layers,test_acc\nGRU,3,0.9\n", "r.csv").rows;
  assert.throws(
    () => columnMatrix(rows, ["layers", "diameter"], "r.csv"),
    /r\.csv lacks the feature column 'diameter'/,
  );
  assert.throws(() => predictAccuracy({ rows, source: "r.csv" }), /r\.csv lacks the feature column 'nodes'/);
});

test("feature subsets of appendix B and explicit lists", () => {
  assert.equal(STRUCTURE_FEATURES.length, 23);
  assert.equal(FEATURE_SUBSETS.without_node_edge!.length, 19);
  assert.ok(!FEATURE_SUBSETS.without_node_edge!.includes("source_nodes"));
  assert.deepEqual(resolveFeatures("only_node_edge"), ["nodes", "edges", "source_nodes", "sink_nodes"]);
  assert.deepEqual(resolveFeatures("only_var"), [
    "eccentricity_var",
    "degree_var",
    "closeness_var",
    "nodes_betweenness_var",
    "edge_betweenness_var",
  ]);
  assert.deepEqual(resolveFeatures("layers, density"), ["layers", "density"]);
  assert.throws(() => resolveFeatures("layers,layers"), /listed twice/);
  assert.throws(() => resolveFeatures(""), /no features selected/);
});

test("min-max scaling maps each column onto [0, 1]; a constant column becomes 0 (sklearn)", () => {
  assert.deepEqual(
    minMaxScale([
      [1, 5, 2],
      [3, 5, 4],
      [2, 5, 3],
    ]),
    [
      [0, 0, 0],
      [1, 0, 1],
      [0.5, 0, 0.5],
    ],
  );
  assert.deepEqual(
    fitMinMax([
      [1, 5],
      [3, 5],
    ]).range,
    [2, 1],
  );
});

test("splits: 90/10 sizes as sklearn (ceil), seeded and disjoint; explicit test rows; test-row parsing", () => {
  assert.equal(testCount(200, 0.1), 20);
  assert.equal(testCount(45, 0.1), 5);
  assert.equal(testCount(10, 3), 3);
  assert.throws(() => testCount(10, 0), /test size must be positive/);
  const a = randomSplit(200, 0.1, new SeededRandom(7));
  assert.deepEqual(a, randomSplit(200, 0.1, new SeededRandom(7)));
  assert.notDeepEqual(a, randomSplit(200, 0.1, new SeededRandom(8)));
  assert.equal(a.test.length, 20);
  assert.deepEqual(
    [...a.train, ...a.test].sort((x, y) => x - y),
    Array.from({ length: 200 }, (_, i) => i),
  );
  assert.deepEqual(splitWithTestRows(5, [3, 1]), { train: [0, 2, 4], test: [3, 1] });
  assert.throws(() => splitWithTestRows(5, [5]), /test row 5 is outside the results' rows 0\.\.4/);
  assert.throws(() => splitWithTestRows(5, [1, 1]), /listed twice/);
  assert.deepEqual(parseTestRows("3,17, 4"), [3, 17, 4]);
  const file = join(work, "rows.json");
  writeFileSync(file, "[86, 120,\n 22]\n");
  assert.deepEqual(parseTestRows(file), [86, 120, 22]);
  assert.throws(() => parseTestRows("3,x"), /'x' is not a row index/);
});

test("statistics: r2_score edge cases, Pearson, Student t quantiles and the 95% interval", () => {
  assert.equal(r2Score([1, 2, 3], [1, 2, 3]), 1);
  assert.equal(r2Score([1, 2, 3], [2, 2, 2]), 0);
  assert.ok(Math.abs(r2Score([1, 2, 3, 4], [1.5, 2, 2.5, 5]) - (1 - 1.5 / 5)) < 1e-15);
  assert.equal(r2Score([2, 2], [2, 2]), 1);
  assert.equal(r2Score([2, 2], [1, 2]), 0);
  assert.ok(Math.abs(pearson([1, 2, 3], [2, 4, 6.5]) - 0.9979487157886733) < 1e-12);
  assert.ok(Number.isNaN(pearson([1, 1, 1], [1, 2, 3])));
  // Quantiles from scipy.stats.t.ppf(0.975, df), to 1e-7 relative (plenty for an interval).
  for (const [df, q] of [
    [1, 12.706204736432095],
    [3, 3.182446305284263],
    [19, 2.093024054408263],
    [1000, 1.9623390808264074],
  ]) {
    assert.ok(
      Math.abs(studentTQuantile(0.975, df!) / q! - 1) < 1e-7,
      `t(0.975, ${df}) = ${studentTQuantile(0.975, df!)}, scipy ${q}`,
    );
  }
  assert.ok(Math.abs(studentTQuantile(0.025, 19) + 2.093024054408263) < 1e-7);
  const s = summarize([1, 2, 3, 4]);
  assert.equal(s.mean, 2.5);
  assert.ok(Math.abs(s.sd - Math.sqrt(5 / 3)) < 1e-15);
  const half = (3.182446305284263 * Math.sqrt(5 / 3)) / 2;
  assert.ok(Math.abs(s.ci95[0] - (2.5 - half)) < 1e-7 && Math.abs(s.ci95[1] - (2.5 + half)) < 1e-7);
});

/** A synthetic results table where test_acc rises with source_nodes. */
function syntheticRows(n: number, seed: number): Record<string, number | string>[] {
  const random = new SeededRandom(seed);
  return Array.from({ length: n }, (_, i) => {
    const row: Record<string, number | string> = {
      mode: "GRU",
      graph: i % 2 ? "watts_strogatz" : "barabasi_albert",
      graph_nr: i,
    };
    for (const f of STRUCTURE_FEATURES) row[f] = random.uniform(0, 10);
    row.test_acc = 0.8 + 0.015 * (row.source_nodes as number) + 0.01 * random.random();
    return row;
  });
}

test("predictAccuracy: seeded repeats give mean ± sd and an interval; importances find the informative feature", () => {
  const rows = syntheticRows(80, 1);
  const report = predictAccuracy({ rows, seed: 3, repeats: 4, regressors: ["bayesian_ridge", "random_forest"] });
  assert.equal(report.trainCount, 72);
  assert.equal(report.testCount, 8);
  for (const r of report.perRegressor) {
    assert.equal(r.r2BySplit.length, 4);
    assert.ok(r.summary.ci95[0] <= r.summary.mean && r.summary.mean <= r.summary.ci95[1]);
    assert.ok(r.r2 > 0.8, `${r.name} R² ${r.r2}`);
    const top = [...r.importances].sort((a, b) => Math.abs(b.value) - Math.abs(a.value))[0]!;
    assert.equal(top.feature, "source_nodes");
  }
  assert.deepEqual(
    predictAccuracy({ rows, seed: 3, repeats: 4, regressors: ["random_forest"] }).perRegressor[0]!.r2BySplit,
    report.perRegressor[1]!.r2BySplit,
  );
  const corr = report.correlations.find((c) => c.feature === "source_nodes")!;
  assert.ok(corr.pearson > 0.9);
});

test("learningCurve: R² per training size; more graphs help on a learnable target", () => {
  const rows = syntheticRows(90, 2);
  const curve = learningCurve(rows, [10, 80], 3, 5, { regressors: ["bayesian_ridge"] });
  assert.deepEqual(
    curve.map((p) => p.trainSize),
    [10, 80],
  );
  assert.equal(curve[0]!.perRegressor[0]!.r2BySplit.length, 3);
  assert.ok(curve[1]!.perRegressor[0]!.summary.mean > curve[0]!.perRegressor[0]!.summary.mean);
  assert.throws(() => learningCurve(rows, [100], 1, 5), /training size 100 must be an integer between 2 and 81/);
});
