/** One training step on the reference path and on the engine: the same loss and the same update, and both timed. */
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { initTensorflow } from "../../src/backend";
import { compareTrainingStep } from "../../src/cells/step-comparison";
import { loadSplit, makeBatch } from "../../src/data";
import { stackedArchitecture } from "../../src/models/architecture";
import { RecurrentModel, initialParameters } from "../../src/models/recurrent-model";
import { SeededRandom } from "../../src/random/seeded-random";

before(async () => {
  await initTensorflow({ log: () => {} });
});

test("both paths take the same step (far closer than the step's size) and are timed as often as asked", () => {
  const architecture = stackedArchitecture("GRU", [6, 5]);
  const params = initialParameters(architecture, new SeededRandom(2));
  const batch = makeBatch(loadSplit().train, [3, 1, 4, 1, 5, 9]);
  const result = compareTrainingStep({ architecture, params, batch, referenceRepeats: 2, fusedRepeats: 4 });
  const startLoss = new RecurrentModel(architecture, params).evaluate(batch).loss;
  assert.ok(Math.abs(result.fusedLoss - startLoss) < 1e-6 && Math.abs(result.referenceLoss - startLoss) < 1e-5);
  // Adam's first step moves every weight with a gradient by about lr = 1e-3: the paths must agree far below that.
  assert.ok(result.maxParameterDifference < 1e-4, `parameters differ by ${result.maxParameterDifference}`);
  assert.equal(result.reference.repeats, 2);
  assert.equal(result.fused.repeats, 4);
  assert.ok(result.reference.medianMs > 0 && result.fused.medianMs > 0);
});
