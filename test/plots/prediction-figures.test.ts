import { test } from "node:test";
import assert from "node:assert/strict";
import { summarize } from "../../src/analysis/statistics";
import {
  importanceFigure,
  learningCurveFigure,
  predictedVsMeasuredFigure,
  r2ComparisonFigure,
} from "../../src/plots/prediction-figures";

type AnyTrace = Record<string, any>;

test("R² comparison: bars of our mean with sd error bars, thesis diamonds per regressor", () => {
  const figure = r2ComparisonFigure([
    { variant: "GRU", regressor: "bayesian_ridge", summary: summarize([0.5, 0.7]), thesis: 0.67224 },
    { variant: "LSTM", regressor: "bayesian_ridge", summary: summarize([0.3]), thesis: 0.37206 },
  ]);
  const [bars, thesis, key] = figure.data as AnyTrace[];
  assert.equal(figure.data.length, 3);
  assert.deepEqual(
    [bars!.name, thesis!.showlegend, key!.name],
    ["Bayesian ridge", false, "thesis (single split)"],
    "one legend entry stands for every thesis diamond",
  );
  assert.deepEqual(bars!.x, ["GRU", "LSTM"]);
  assert.ok(Math.abs(bars!.y[0] - 0.6) < 1e-12);
  assert.ok(Math.abs(bars!.error_y.array[0] - Math.sqrt(0.02)) < 1e-12);
  assert.equal(bars!.error_y.array[1], 0, "a single split has no sd; no error bar");
  assert.deepEqual(thesis!.y, [0.67224, 0.37206]);
  assert.deepEqual((figure.layout.yaxis as AnyTrace).range, [-0.05, 1.05]);
  const hopeless = r2ComparisonFigure([{ variant: "GRU", regressor: "ada_boost", summary: summarize([-20, -2]) }]);
  assert.deepEqual((hopeless.layout.yaxis as AnyTrace).range, [-1.05, 1.05]);
  assert.match((hopeless.layout.yaxis as AnyTrace).title.text, /cut at −1/);
  assert.equal(figure.caption?.reference, "thesis table 6.5");
});

test("predicted vs measured: diagonal spans the data, series checked for equal lengths", () => {
  const figure = predictedVsMeasuredFigure([{ name: "GRU", measured: [0.8, 0.9], predicted: [0.85, 0.95] }]);
  const [diagonal, points] = figure.data as AnyTrace[];
  assert.equal(diagonal!.name, "perfect prediction");
  assert.ok(diagonal!.x[0] < 0.8 && diagonal!.x[1] > 0.95);
  assert.deepEqual(
    [points!.x, points!.y],
    [
      [0.8, 0.9],
      [0.85, 0.95],
    ],
  );
  assert.throws(
    () => predictedVsMeasuredFigure([{ name: "GRU", measured: [1], predicted: [] }]),
    /"GRU" has 1 measured but 0 predicted/,
  );
});

test("importances sorted with the largest on top; learning curve has a band and a line per regressor", () => {
  const imp = importanceFigure([
    { feature: "nodes", value: 0.2 },
    { feature: "source_nodes", value: 0.7 },
    { feature: "edges", value: 0.1 },
  ]);
  const bars = imp.data[0] as AnyTrace;
  assert.deepEqual(bars.y, ["edges", "vertices", "source vertices"], "largest on top, features named by their labels");
  const curve = learningCurveFigure([
    { trainSize: 10, perRegressor: [{ name: "random_forest", r2BySplit: [0.1, 0.3], summary: summarize([0.1, 0.3]) }] },
    { trainSize: 50, perRegressor: [{ name: "random_forest", r2BySplit: [0.5, 0.7], summary: summarize([0.5, 0.7]) }] },
  ]);
  const [band, line] = curve.data as AnyTrace[];
  assert.equal(band!.fill, "toself");
  assert.deepEqual(band!.x, [10, 50, 50, 10]);
  assert.deepEqual(line!.x, [10, 50]);
  assert.ok(Math.abs(line!.y[1] - 0.6) < 1e-12);
  assert.throws(() => learningCurveFigure([]), /no points/);
});
