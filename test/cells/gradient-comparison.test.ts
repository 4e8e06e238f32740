/** BPTT two ways against finite differences on a tiny model, and the summary of a comparison. */
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { initTensorflow } from "../../src/backend";
import { compareGradients, summariseGradientComparison } from "../../src/cells/gradient-comparison";
import type { GradientSource } from "../../src/cells/gradient-comparison";
import { relativeError, type GradientCheckRow } from "../../src/engine/finite-difference-check";
import { RECURRENT_MODES, stackedArchitecture } from "../../src/models/architecture";
import { initialParameters } from "../../src/models/recurrent-model";
import { parameterSpecs } from "../../src/models/model-tensors";
import { SeededRandom } from "../../src/random/seeded-random";

before(async () => {
  await initTensorflow({ log: () => {} });
});

/** Three strings of 5 letters, time-major, the last one padded after 3 letters. */
const batch = {
  size: 3,
  length: 5,
  tokens: Int32Array.from([..."BBBTPTXVXSVXEEE"].map((ch) => ch.charCodeAt(0))),
  labels: Int32Array.from([1, 0, 1]),
};
batch.tokens[4 * 3 + 2] = 0;

for (const mode of RECURRENT_MODES) {
  test(`${mode}: fused BPTT and autograd agree with each other and with central differences`, () => {
    const architecture = stackedArchitecture(mode, [3, 3]);
    const params = initialParameters(architecture, new SeededRandom(7));
    // ε = 3e-3: with 1e-2 a step of RNN_RELU's crosses a kink of max(0, z) on this batch (then 3% off).
    const rows = compareGradients({ architecture, params, batch, epsilon: 3e-3 });
    const tensors = parameterSpecs(architecture).map((s) => s.name);
    assert.deepEqual(
      rows.map((r) => r.name),
      tensors,
      "one row per parameter tensor",
    );
    const summary = summariseGradientComparison(rows);
    assert.ok(summary.maxErrorFused < 2e-3 && summary.maxErrorAutograd < 2e-3, JSON.stringify(summary));
    assert.ok(summary.maxFusedVsAutograd < 1e-5, JSON.stringify(summary));
    assert.ok(
      rows.every((r) => Math.abs(r.analytic.fused) > 1e-4),
      "every checked gradient is worth checking",
    );
  });
}

test("the summary holds the largest error of each kind", () => {
  const row = (fused: number, autograd: number, finiteDifference: number): GradientCheckRow<GradientSource> => ({
    name: "w",
    index: 0,
    finiteDifference,
    analytic: { fused, autograd },
    error: { fused: relativeError(fused, finiteDifference), autograd: 0 },
  });
  const summary = summariseGradientComparison([row(1, 1, 1), row(2, 1, 1), row(-1, 1, 1)]);
  assert.deepEqual(summary, { tensors: 3, maxErrorFused: 2, maxErrorAutograd: 0, maxFusedVsAutograd: 2 });
});
