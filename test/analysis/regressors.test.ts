/** The regressors on their own: CART against scikit-learn's trees, Bayesian ridge's fixed point, ensembles' rules. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Matrix, solve } from "ml-matrix";
import { projectRoot } from "../support/reference";
import { DecisionTree, SortedColumns } from "../../src/analysis/regression/decision-tree";
import { BayesianRidge } from "../../src/analysis/regression/bayesian-ridge";
import { RandomForest } from "../../src/analysis/regression/random-forest";
import { AdaBoost } from "../../src/analysis/regression/ada-boost";
import { SeededRandom } from "../../src/random/seeded-random";

interface TreeCase {
  max_depth: number | null;
  x: number[][];
  y: number[];
  weights: number[] | null;
  node_count: number;
  train_predictions: number[];
  root_feature: number;
  root_threshold: number;
  importances: number[];
}

/** sklearn 1.2 trees on synthetic data (see fixtures/make-sklearn-trees.py). */
const treeCases = (
  JSON.parse(readFileSync(join(projectRoot, "test", "analysis", "fixtures", "sklearn-trees.json"), "utf8")) as {
    cases: TreeCase[];
  }
).cases;

/** Synthetic regression data: y depends on features 1 and 2 only, plus seeded noise. */
function synthetic(n: number, width: number, seed: number): { x: number[][]; y: number[] } {
  const random = new SeededRandom(seed);
  const x = Array.from({ length: n }, () => Array.from({ length: width }, () => random.random()));
  const y = x.map((row) => 2 * row[1]! + Math.sin(4 * row[2]!) + 0.05 * (random.random() - 0.5));
  return { x, y };
}

test(
  "CART grows sklearn's tree: node count, root split, predictions on the training rows; " + "importances up to ties",
  () => {
    treeCases.forEach((c, k) => {
      for (const seed of [1, 2]) {
        const tree = DecisionTree.fit(
          c.x,
          c.y,
          new SeededRandom(seed),
          { maxDepth: c.max_depth ?? undefined },
          c.weights ?? undefined,
        );
        assert.equal(tree.nodeCount, c.node_count, `case ${k}: node count`);
        assert.equal(tree.feature[0], c.root_feature, `case ${k}: root feature`);
        assert.equal(tree.threshold[0], c.root_threshold, `case ${k}: root threshold (float32 midpoint)`);
        const predictions = tree.predict(c.x);
        c.x.forEach((_, i) => {
          // Rows left out by weight 0 fall where tie-broken thresholds put them; only rows the tree saw are seed-free.
          if (c.weights && c.weights[i] === 0) return;
          assert.ok(Math.abs(predictions[i]! - c.train_predictions[i]!) < 1e-12, `case ${k} row ${i}`);
        });
        assert.ok(Math.abs(tree.importances.reduce((a, b) => a + b, 0) - 1) < 1e-12);
        tree.importances.forEach((v, f) =>
          assert.ok(Math.abs(v - c.importances[f]!) < 0.02, `case ${k} importance ${f}: ${v} vs ${c.importances[f]}`),
        );
      }
    });
  },
);

test("CART respects max_depth, stops on pure nodes, and a constant target gives a single leaf", () => {
  const { x, y } = synthetic(100, 4, 3);
  const shallow = DecisionTree.fit(x, y, new SeededRandom(0), { maxDepth: 2 });
  assert.ok(shallow.nodeCount <= 7);
  const leaf = DecisionTree.fit(
    x,
    y.map(() => 0.5),
    new SeededRandom(0),
  );
  assert.equal(leaf.nodeCount, 1);
  assert.deepEqual(leaf.predict([x[0]!]), [0.5]);
  assert.deepEqual(leaf.importances, [0, 0, 0, 0]);
  const full = DecisionTree.fit(x, y, new SeededRandom(0));
  full
    .predict(x)
    .forEach((p, i) => assert.ok(Math.abs(p - y[i]!) < 1e-12, "a fully grown tree fits distinct rows exactly"));
});

test(
  "Bayesian ridge's coef is the posterior mean (XᵀX + λ/α I)⁻¹Xᵀy " +
    "at its final α, λ, with fewer rows than features too",
  () => {
    for (const [n, width] of [
      [60, 5],
      [8, 12],
    ] as const) {
      const { x, y } = synthetic(n, width, n);
      const model = BayesianRidge.fit(x, y);
      const meanX = Array.from({ length: width }, (_, j) => x.reduce((a, row) => a + row[j]!, 0) / n);
      const meanY = y.reduce((a, b) => a + b, 0) / n;
      const xc = new Matrix(x.map((row) => row.map((v, j) => v - meanX[j]!)));
      const gram = xc
        .transpose()
        .mmul(xc)
        .add(Matrix.eye(width).mul(model.lambda / model.alpha));
      const expected = solve(gram, xc.transpose().mmul(Matrix.columnVector(y.map((v) => v - meanY)))).to1DArray();
      model.coef.forEach((c, j) =>
        assert.ok(Math.abs(c - expected[j]!) < 1e-8, `n=${n} coef ${j}: ${c} vs ${expected[j]}`),
      );
      assert.ok(Math.abs(model.intercept - (meanY - model.coef.reduce((a, c, j) => a + c * meanX[j]!, 0))) < 1e-12);
      assert.ok(model.alpha > 0 && model.lambda > 0 && model.iterations <= 300);
    }
  },
);

test(
  "random forest: same seed same forest, other seed other forest; " + "importances sum to 1 and find the used features",
  () => {
    const { x, y } = synthetic(150, 6, 5);
    const a = RandomForest.fit(x, y, new SeededRandom(9), { trees: 30 });
    const b = RandomForest.fit(x, y, new SeededRandom(9), { trees: 30 });
    const c = RandomForest.fit(x, y, new SeededRandom(10), { trees: 30 });
    assert.deepEqual(a.predict(x), b.predict(x));
    assert.notDeepEqual(a.predict(x), c.predict(x));
    assert.ok(Math.abs(a.importances.reduce((s, v) => s + v, 0) - 1) < 1e-12);
    assert.ok(a.importances[1]! + a.importances[2]! > 0.9, `importances ${a.importances}`);
    assert.equal(a.trees.length, 30);
  },
);

test(
  "AdaBoost.R2: a perfect first tree ends boosting; " +
    "otherwise ≤ 50 weighted trees, seeded, importances a weighted mean",
  () => {
    const x = Array.from({ length: 40 }, (_, i) => [i % 4, (i * 7) % 5]);
    const step = x.map((row) => (row[0]! >= 2 ? 1 : 0) + 0.25 * row[0]!);
    const perfect = AdaBoost.fit(x, step, new SeededRandom(1));
    assert.equal(perfect.trees.length, 1);
    assert.deepEqual(perfect.weights, [1]);
    assert.deepEqual(perfect.predict(x), step);

    const { x: nx, y: ny } = synthetic(120, 5, 7);
    const model = AdaBoost.fit(nx, ny, new SeededRandom(3));
    assert.ok(model.trees.length >= 1 && model.trees.length <= 50);
    assert.equal(model.weights.length, model.trees.length);
    model.weights.forEach((w) => assert.ok(w > 0));
    model.errors.forEach((e) => assert.ok(e > 0 && e < 0.5));
    assert.ok(Math.abs(model.importances.reduce((s, v) => s + v, 0) - 1) < 1e-9);
    assert.deepEqual(AdaBoost.fit(nx, ny, new SeededRandom(3)).predict(nx), model.predict(nx));
    // The weighted median is always one of the trees' own predictions.
    model.predict(nx.slice(0, 10)).forEach((p, i) => assert.ok(model.trees.some((t) => t.predictRow(nx[i]!) === p)));
  },
);

test(
  "a matrix sorted once serves many trees: " + "fitSorted with weights equals fit on the same weights, row for row",
  () => {
    const random = new SeededRandom(8);
    // Few distinct values, so ties between rows (broken by row index) are common.
    const x = Array.from({ length: 60 }, () => Array.from({ length: 4 }, () => random.int(0, 5) / 2));
    const y = x.map((row) => row[1]! - row[2]! + 0.1 * random.random());
    const sorted = new SortedColumns(x);
    assert.deepEqual([sorted.rows, sorted.width], [60, 4]);
    assert.deepEqual(
      [...sorted.order[0]!].map((i) => x[i]![0]),
      [...x.map((row) => row[0]!)].sort((a, b) => a - b),
    );
    for (const weights of [undefined, x.map((_, i) => i % 3), x.map((_, i) => (i % 4) / 3)]) {
      const direct = DecisionTree.fit(x, y, new SeededRandom(2), { maxDepth: 4 }, weights);
      const shared = DecisionTree.fitSorted(sorted, y, new SeededRandom(2), { maxDepth: 4, weights });
      assert.deepEqual(shared.predict(x), direct.predict(x));
      assert.deepEqual(shared.importances, direct.importances);
    }
    assert.throws(() => DecisionTree.fitSorted(sorted, y.slice(1), new SeededRandom(2)), /60 rows but 59 targets/);
    assert.throws(
      () => DecisionTree.fitSorted(sorted, y, new SeededRandom(2), { weights: [1] }),
      /1 sample weights for 60 rows/,
    );
  },
);
