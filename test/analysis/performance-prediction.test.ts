/** Feature subsets over the same splits (appendix B) and the learning curve's training sizes. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { learningCurveSizes, predictAccuracy, predictBySubset } from "../../src/analysis/performance-prediction";
import type { StructureRow } from "../../src/analysis/results-csv";
import { STRUCTURE_FEATURES } from "../../src/analysis/structure-features";
import { SeededRandom } from "../../src/random/seeded-random";

/** 40 graphs whose accuracy follows source_nodes (a size feature) and nothing else. */
function rows(): StructureRow[] {
  const random = new SeededRandom(4);
  return Array.from({ length: 40 }, (_, i) => {
    const row: StructureRow = { mode: "GRU", graph: "watts_strogatz", graph_nr: i };
    for (const f of STRUCTURE_FEATURES) row[f] = random.uniform(0, 10);
    row.test_acc = 0.5 + 0.04 * (row.source_nodes as number);
    return row;
  });
}

test("predictBySubset: one report per subset on the same splits; a known report is reused, not refitted", () => {
  const data = rows();
  const all = predictAccuracy({ rows: data, seed: 7, repeats: 3, regressors: ["bayesian_ridge"] });
  const subsets = ["all", "only_node_edge", "only_var", ["nodes", "edges"]];
  const reports = predictBySubset({
    rows: data,
    seed: 7,
    repeats: 3,
    regressors: ["bayesian_ridge"],
    subsets,
    known: { all },
  });
  assert.deepEqual([...reports.keys()], ["all", "only_node_edge", "only_var", "nodes,edges"]);
  assert.equal(reports.get("all"), all);
  const variances = [
    "eccentricity_var",
    "degree_var",
    "closeness_var",
    "nodes_betweenness_var",
    "edge_betweenness_var",
  ];
  assert.deepEqual(reports.get("only_var")!.features, variances);
  // The same seed draws the same test rows for every subset.
  assert.deepEqual(reports.get("only_var")!.perRegressor[0]!.testRows, all.perRegressor[0]!.testRows);
  // A linear target in source_nodes: the subset that holds it fits almost exactly; the variances and nodes/edges do
  // not.
  assert.ok(reports.get("only_node_edge")!.perRegressor[0]!.summary.mean > 0.99);
  assert.ok(reports.get("only_var")!.perRegressor[0]!.summary.mean < 0.5);
  assert.ok(reports.get("nodes,edges")!.perRegressor[0]!.summary.mean < 0.5);
});

test("learningCurveSizes: shares of the rows left after the 10% test split, at least 5, distinct", () => {
  // 200 graphs: 20 held out, 180 to train on.
  assert.deepEqual(learningCurveSizes(200), [27, 54, 90, 135, 180]);
  // 20 graphs: 2 held out, 18 left; 15% and 30% both round below the minimum of 5.
  assert.deepEqual(learningCurveSizes(20), [5, 9, 14, 18]);
  assert.deepEqual(learningCurveSizes(50, { fractions: [0.5, 1], testSize: 10, min: 2 }), [20, 40]);
});
