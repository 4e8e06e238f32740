/**
 * The thesis's split reproduced: reading the reference files, fitting on the given test rows, and (with the reference)
 * sklearn's R².
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { StructureRow } from "../../src/analysis/results-csv";
import { predictAccuracy } from "../../src/analysis/performance-prediction";
import { STRUCTURE_FEATURES } from "../../src/analysis/structure-features";
import { readThesisSplit, reproduceThesisSplit, type RegressionReference } from "../../src/analysis/thesis-split";
import { SeededRandom } from "../../src/random/seeded-random";
import { referenceDir, skipWithoutReference } from "../support/reference";

test(
  "readThesisSplit + reproduceThesisSplit on a hand-made reference folder: " +
    "the given test rows, ridge once, trees per seed",
  () => {
    const dir = mkdtempSync(join(tmpdir(), "sparse-rnn-thesis-split-"));
    const random = new SeededRandom(2);
    const rows: StructureRow[] = Array.from({ length: 30 }, (_, i) => {
      const row: StructureRow = { mode: "GRU", graph_nr: i };
      for (const f of STRUCTURE_FEATURES) row[f] = random.uniform(0, 1);
      row.test_acc = 0.6 + 0.3 * (row.nodes as number);
      return row;
    });
    const reference: RegressionReference = {
      test_idx: [0, 5, 10, 15, 20],
      bayesian_ridge: { r2: 1 },
      random_forest: { r2_mean: 0.9, r2_std: 0.01 },
      ada_boost: { r2_mean: 0.8, r2_std: 0.02 },
    };
    for (const folder of ["regression", "thesis-graphs"]) mkdirSync(join(dir, folder));
    writeFileSync(join(dir, "regression", "gru.json"), JSON.stringify(reference));
    writeFileSync(
      join(dir, "thesis-graphs", "gru.json"),
      JSON.stringify(rows.map((thesis) => ({ num_nodes: 3, edges: [], thesis }))),
    );
    const data = readThesisSplit(dir, "GRU");
    assert.equal(data.rows.length, 30);
    assert.deepEqual(data.reference.test_idx, [0, 5, 10, 15, 20]);
    const result = reproduceThesisSplit("GRU", data, { seeds: 3 });
    assert.deepEqual(result.ridge.testRows, [0, 5, 10, 15, 20]);
    assert.ok(result.ridge.r2 > 0.99, `a linear target: ridge R² ${result.ridge.r2}`);
    assert.deepEqual(
      result.trees.map((t) => [t.name, t.r2BySplit.length]),
      [
        ["random_forest", 3],
        ["ada_boost", 3],
      ],
    );
    assert.ok(result.trees.every((t) => t.testRows.join() === "0,5,10,15,20"));
  },
);

test("the thesis's data over random splits uses the splits our own table draws from the same seed", () => {
  const random = new SeededRandom(4);
  const rows: StructureRow[] = Array.from({ length: 40 }, (_, i) => {
    const row: StructureRow = { mode: "GRU", graph_nr: i };
    for (const f of STRUCTURE_FEATURES) row[f] = random.uniform(0, 1);
    row.test_acc = 0.6 + 0.3 * (row.nodes as number);
    return row;
  });
  const reference: RegressionReference = {
    test_idx: [0, 1, 2, 3],
    bayesian_ridge: { r2: 1 },
    random_forest: { r2_mean: 1, r2_std: 0 },
    ada_boost: { r2_mean: 1, r2_std: 0 },
  };
  const result = reproduceThesisSplit("GRU", { reference, rows }, { seeds: 1, splits: 3, splitSeed: 7 });
  const ours = predictAccuracy({ rows, repeats: 3, seed: 7 });
  assert.deepEqual(
    result.randomSplits.map((r) => r.name),
    ["bayesian_ridge", "random_forest", "ada_boost"],
  );
  assert.deepEqual(
    result.randomSplits.map((r) => r.r2BySplit),
    ours.perRegressor.map((r) => r.r2BySplit),
  );
  assert.notDeepEqual(result.randomSplits[0]!.testRows, [0, 1, 2, 3], "random splits, not the thesis's");
});

for (const mode of ["GRU", "LSTM"]) {
  const skip = skipWithoutReference(`regression/${mode.toLowerCase()}.json`);
  test(`${mode}: Bayesian ridge on the thesis's split gives scikit-learn's R²`, { skip }, () => {
    const result = reproduceThesisSplit(mode, readThesisSplit(referenceDir!, mode), { seeds: 1 });
    const expected = result.reference.bayesian_ridge.r2;
    assert.ok(Math.abs(result.ridge.r2 - expected) < 1e-6, `${result.ridge.r2} vs ${expected}`);
  });
}
