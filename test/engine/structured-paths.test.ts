/**
 * The two ways a graph-structured model runs its units, packed per level ("levels", default) and each on its own
 * ("units", the engine before the packing), compute the same numbers: bit for bit per step, so also over a whole
 * training run (up to the sign of a pruned weight's zero gradient). Models: a small one with pruned weights and a skip
 * into a skip's source, and the structure sweep's first Barabási–Albert graph (15 layers, 67 skip layers), whose levels
 * are too big for one packed level each.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadSplit } from "../../src/data/dataset-files";
import { benchmarkGraphs } from "../../src/experiments/structure-benchmark";
import { LayeredGraph } from "../../src/graphs/layered-graph";
import { RECURRENT_MODES, type Architecture, type RecurrentMode } from "../../src/models/architecture";
import { maskTensor, type TensorMap } from "../../src/models/named-tensors";
import { RecurrentModel, initialParameters } from "../../src/models/recurrent-model";
import { SeededRandom } from "../../src/random/seeded-random";
import { trainModel } from "../../src/training/trainer";

/** Skips 0→2, 1→3, 2→4, 0→4 and 1→4, and ~30% of every recurrent weight pruned. */
function prunedModel(mode: RecurrentMode): { architecture: Architecture; tensors: TensorMap } {
  const architecture: Architecture = {
    mode,
    layerSizes: [3, 4, 3, 2, 5],
    skips: [
      { source: 0, target: 2 },
      { source: 1, target: 3 },
      { source: 0, target: 4 },
      { source: 1, target: 4 },
      { source: 2, target: 4 },
    ],
    vocabularySize: 128,
    outputSize: 2,
  };
  const rng = new SeededRandom(4);
  const tensors = initialParameters(architecture, rng);
  for (const [name, tensor] of tensors)
    if (tensor.dtype === "bool")
      tensors.set(
        name,
        maskTensor(
          tensor.shape,
          Uint8Array.from(tensor.data, () => (rng.random() < 0.3 ? 0 : 1)),
        ),
      );
  return { architecture, tensors };
}

/** The sweep's first BA graph as a model (its masks wire it like the graph). */
function graphModel(mode: RecurrentMode): { architecture: Architecture; tensors: TensorMap } {
  const job = benchmarkGraphs(1, 0, mode)[0]!;
  const { architecture, masks } = LayeredGraph.fromEdges(job.numNodes, job.edges).toArchitecture(mode);
  const tensors = initialParameters(architecture, new SeededRandom(1));
  for (const [name, mask] of masks) tensors.set(name, mask);
  return { architecture, tensors };
}

/**
 * The values with -0 as 0: a pruned weight's gradient is an exact zero whose sign the two paths may write differently.
 */
const unsignedZeros = (values: ArrayLike<number>): number[] => Array.from(values, (v) => (v === 0 ? 0 : v));

/** A batch of `size` random strings (5: padding columns are exercised) of `length` tokens. */
function batchOf(rng: SeededRandom, size = 5, length = 7) {
  const tokens = Int32Array.from({ length: size * length }, () => rng.int(0, 127));
  return { size, length, tokens, labels: Int32Array.from({ length: size }, () => rng.int(0, 1)) };
}

for (const mode of RECURRENT_MODES) {
  for (const [kind, build] of [
    ["pruned model with skips", prunedModel],
    ["sweep's first BA graph", graphModel],
  ] as const) {
    test(
      `${mode}, ${kind}: packed levels and single units give the same logits, ` + "gradients and updates bit for bit",
      () => {
        const { architecture, tensors } = build(mode);
        const levels = new RecurrentModel(architecture, tensors, { structuredPath: "levels" });
        const units = new RecurrentModel(architecture, tensors, { structuredPath: "units" });
        assert.ok(levels.levelCounts.packed > 0, "the levels path packs some levels");
        assert.equal(units.levelCounts.packed, 0);
        assert.equal(units.levelCounts.levels, architecture.layerSizes.length + architecture.skips.length);
        const rng = new SeededRandom(7);
        for (let step = 0; step < 3; step++) {
          const batch = batchOf(rng, 5 + 4 * step, 7 - step);
          const a = levels.lossAndGradients(batch);
          const b = units.lossAndGradients(batch);
          assert.deepEqual(a.result.logits, b.result.logits, `step ${step}: logits`);
          for (const [name, gradient] of a.gradients)
            assert.deepEqual(unsignedZeros(gradient.data), unsignedZeros(b.gradients.get(name)!.data), name);
          assert.equal(levels.trainStep(batch).loss, units.trainStep(batch).loss);
        }
        for (const [name, tensor] of levels.exportTensors())
          assert.deepEqual(tensor.data, units.exportTensors().get(name)!.data, `${name} after 3 steps`);
      },
    );
  }
}

test("one graph's training run reaches the same accuracy on both paths after 2 epochs", () => {
  const { train, test: testRows } = loadSplit();
  const { architecture, tensors } = graphModel("GRU");
  const accuracy = (structuredPath: "levels" | "units") => {
    const model = new RecurrentModel(architecture, tensors, { structuredPath });
    const records = trainModel(model, train.slice(0, 192), testRows.slice(0, 96), {
      runName: "gru",
      epochs: 2,
      batchSize: 32,
      rng: new SeededRandom(3),
      progress: false,
    });
    return records.map((r) => [r.train_loss, r.train_acc, r.test_loss, r.test_acc]);
  };
  const [levels, units] = [accuracy("levels"), accuracy("units")];
  assert.equal(levels.length, 2);
  for (const [i, row] of levels.entries())
    row.forEach((value, j) =>
      assert.ok(Math.abs(value - units[i]![j]!) <= 1e-6, `epoch ${i + 1}: ${row} vs ${units[i]}`),
    );
});
