/** The three-way forward comparison: the identity read-out exposes h_T, and the three implementations agree. */
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { initTensorflow } from "../../src/backend";
import { compareForward, identityReadoutParameters } from "../../src/cells/forward-comparison";
import { handForward } from "../../src/cells/hand-step";
import { RECURRENT_MODES, stackedArchitecture } from "../../src/models/architecture";

before(async () => {
  await initTensorflow({ log: () => {} });
});

const codes = [..."BTXSE"].map((ch) => ch.charCodeAt(0));

test("with the identity read-out the logits are the first two units of the last hidden state", () => {
  const params = identityReadoutParameters({ mode: "LSTM", units: 3, seed: 4 });
  const { steps, logits } = handForward(stackedArchitecture("LSTM", [3]), params, codes);
  assert.deepEqual(logits, steps[steps.length - 1]!.h.slice(0, 2));
  assert.deepEqual(params.get("out.weight")!.shape, [2, 3]);
  assert.throws(
    () => identityReadoutParameters({ mode: "GRU", units: 1, seed: 4 }),
    /units must be an integer ≥ 2, got 1/,
  );
});

for (const mode of RECURRENT_MODES) {
  test(`${mode}: by hand, the reference cell and the fused engine give the same logits`, () => {
    const params = identityReadoutParameters({ mode, units: 2, seed: 5 });
    const result = compareForward(stackedArchitecture(mode, [2]), params, codes);
    assert.ok(result.gap < 1e-6, `gap ${result.gap}`);
    assert.equal(result.reference.length, 2);
    assert.ok(Math.abs(result.fused[0]! - result.hand[0]!) <= result.gap);
    assert.ok(Math.abs(result.reference[1]! - result.hand[1]!) <= result.gap);
    assert.ok(
      result.hand.some((v) => Math.abs(v) > 1e-3),
      "the state is not trivially zero",
    );
  });
}
