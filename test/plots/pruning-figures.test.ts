import { test } from "node:test";
import assert from "node:assert/strict";
import { floatTensor, type TensorMap } from "../../src/models/named-tensors";
import { pruneByMagnitude, prunableWeightNames } from "../../src/pruning/magnitude-pruning";
import type { ReplicatedRecord } from "../../src/pruning/replicated-records";
import {
  accuracyAfterPruningFigure,
  bandTraces,
  KIND_COLORS,
  percentColor,
  retrainingCurvesFigure,
  weightMagnitudeFigure,
} from "../../src/plots/pruning-figures";
import { luminance, PALETTE } from "../../src/plots/theme";
import { SeededRandom } from "../../src/random/seeded-random";
import { recordRow } from "../support/pruning-records";

type AnyTrace = Record<string, any>;

const row = recordRow;

/** A study over two variants, every kind, p = 50 and 100, one re-training epoch, `replicates` base models. */
function study(replicates: number): ReplicatedRecord[] {
  const records: ReplicatedRecord[] = [];
  for (const mode of ["gru", "lstm"]) {
    for (let r = 0; r < replicates; r++) {
      records.push(row(mode, 0, 1, 0.95 - 0.02 * r, r));
      for (const run of [`${mode}_prune`, `${mode}_prune_i2h`, `${mode}_prune_h2h`]) {
        records.push(row(run, 50, 0, 0.94 - 0.03 * r, r), row(run, 50, 1, 0.95, r));
        records.push(row(run, 100, 0, 0.5, r), row(run, 100, 1, 0.6 + 0.1 * r, r));
      }
    }
  }
  return records;
}

const named = (figure: { data: unknown[] }) => (figure.data as AnyTrace[]).filter((t) => t.name !== undefined);

test("accuracy after pruning: a panel per variant, a line per kind, the base level, and the thesis dotted", () => {
  const figure = accuracyAfterPruningFigure(study(1), ["GRU", "LSTM"]);
  const traces = figure.data as AnyTrace[];
  assert.ok(figure.layout.xaxis2 && !("xaxis3" in figure.layout));
  const gru = traces.filter((t) => t.xaxis === "x");
  assert.deepEqual(
    gru.map((t) => t.name),
    ["i2h + h2h", "i2h only", "h2h only", "base model"],
  );
  assert.deepEqual(gru[0]!.x, [50, 100]);
  assert.deepEqual(gru[0]!.y, [0.94, 0.5]);
  assert.equal(gru[1]!.line.color, KIND_COLORS.i2h);
  assert.deepEqual(gru[3]!.y, [0.95, 0.95]);
  // One replicate: no band traces (every trace is named).
  assert.equal(named(figure).length, traces.length);

  const withThesis = accuracyAfterPruningFigure(study(1), ["GRU", "LSTM"], {
    thesis: study(1).filter((r) => r.mode.startsWith("gru")),
  });
  const thesisGru = (withThesis.data as AnyTrace[]).filter((t) => t.xaxis === "x" && /thesis/.test(t.name ?? ""));
  assert.equal(thesisGru.length, 4);
  assert.ok(thesisGru.every((t) => t.line.dash === "dot"));
  // The thesis records hold no LSTM: its panel shows ours only.
  assert.ok(!(withThesis.data as AnyTrace[]).some((t) => t.xaxis === "x2" && /thesis/.test(t.name ?? "")));
});

test("several replicates draw the mean with a filled min–max band", () => {
  const figure = accuracyAfterPruningFigure(study(2), ["GRU"]);
  const traces = figure.data as AnyTrace[];
  const bothAt = traces.findIndex((t) => t.name === "i2h + h2h");
  const [lower, upper, mean] = traces.slice(bothAt - 2, bothAt + 1);
  assert.deepEqual(lower!.y, [0.94 - 0.03, 0.5]);
  assert.deepEqual(upper!.y, [0.94, 0.5]);
  assert.equal(upper!.fill, "tonexty");
  assert.ok(Math.abs(mean!.y[0] - 0.925) < 1e-12);
  assert.throws(
    () => bandTraces([1, 2], [{ mean: 1, min: 1, max: 1, n: 1 }], { name: "x", color: "#000000" }),
    /2 x values for 1 bands/,
  );
});

test("re-training curves: a panel per kind, a line per p coloured by p, the thesis's row below when given", () => {
  const figure = retrainingCurvesFigure(study(1), "GRU");
  assert.ok(figure.layout.xaxis3 && !("xaxis4" in figure.layout));
  const first = (figure.data as AnyTrace[]).filter((t) => t.xaxis === "x");
  assert.deepEqual(
    first.map((t) => t.name),
    ["p = 50%", "p = 100%", "base model"],
  );
  assert.deepEqual(first[1]!.x, [0, 1]);
  assert.deepEqual(first[1]!.y, [0.5, 0.6]);
  assert.equal(first[1]!.line.color, percentColor(100));
  const both = retrainingCurvesFigure(study(1), "GRU", { thesis: study(1) });
  assert.ok(both.layout.xaxis6 && !("xaxis7" in both.layout));
});

test("percent colours follow p and set 100% apart", () => {
  const colours = [10, 20, 30, 40, 50, 60, 70, 80, 90].map(percentColor);
  assert.equal(new Set(colours).size, 9);
  assert.equal(percentColor(100), PALETTE.vermillion);
  assert.equal(percentColor(0), percentColor(10));
  // Every colour keeps 3:1 contrast against white (the light end of viridis does not).
  for (const colour of colours) assert.ok(1.05 / (luminance(colour) + 0.05) >= 3, `${colour} is readable on white`);
});

test("weight-magnitude histogram pools |w| of the kind and marks each threshold where pruning puts it", () => {
  const rng = new SeededRandom(11);
  const params: TensorMap = new Map();
  for (const layer of [0, 1, 2]) {
    params.set(
      `recurrent.recurrent_layers.${layer}.weight_ih`,
      floatTensor(
        [6, 4],
        Float32Array.from({ length: 24 }, () => rng.uniform(-2, 2)),
      ),
    );
    params.set(
      `recurrent.recurrent_layers.${layer}.weight_hh`,
      floatTensor(
        [6, 2],
        Float32Array.from({ length: 12 }, () => rng.uniform(-1, 1)),
      ),
    );
  }
  const figure = weightMagnitudeFigure(params, [30, 90], { kind: "h2h" });
  const values = (figure.data[0] as AnyTrace).x as number[];
  assert.equal(values.length, prunableWeightNames(params, "h2h").length * 12);
  assert.ok(values.every((v) => v >= 0 && v <= 1));
  const shapes = figure.layout.shapes as AnyTrace[];
  assert.deepEqual(
    shapes.map((s) => s.x0),
    [pruneByMagnitude(params, 30, "h2h").threshold, pruneByMagnitude(params, 90, "h2h").threshold],
  );
  assert.deepEqual(
    (figure.layout.annotations as AnyTrace[]).map((a) => a.text),
    ["p = 30%", "p = 90%"],
  );
  assert.ok(
    (figure.layout.annotations as AnyTrace[]).every((a) => a.bgcolor),
    "labels stay readable over the bars",
  );
});
