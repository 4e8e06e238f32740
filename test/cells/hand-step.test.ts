/**
 * The hand step against numbers worked out on paper (one unit, chosen weights), and the whole hand forward pass
 * against the fused engine for every cell on a masked two-layer model.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { embeddingRow, handForward, handStep, plainLayerWeights, zeroState } from "../../src/cells/hand-step";
import type { PlainLayerWeights } from "../../src/cells/hand-step";
import { RECURRENT_MODES, stackedArchitecture, type Architecture } from "../../src/models/architecture";
import { maskTensor } from "../../src/models/named-tensors";
import { RecurrentModel, initialParameters } from "../../src/models/recurrent-model";
import { SeededRandom } from "../../src/random/seeded-random";

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** One input, one unit: every gate block k has U = u[k], W = w[k], b_ih = k/10 and b_hh = 0. */
function oneUnit(u: number[], w: number[]): PlainLayerWeights {
  const biasIh = u.map((_, k) => k / 10);
  return { inputSize: 1, hiddenSize: 1, weightIh: u, weightHh: w, biasIh, biasHh: u.map(() => 0) };
}

test("one step of each cell equals the paper calculation", () => {
  const state = { h: [0.5], c: [-0.25] };
  const tanh = handStep("RNN_TANH", oneUnit([0.5], [2]), [1], state);
  assert.equal(tanh.h[0], Math.tanh(0.5 + 2 * 0.5));
  assert.deepEqual(tanh.gates, {});
  assert.equal(handStep("RNN_RELU", oneUnit([0.5], [-2]), [1], state).h[0], 0);
  assert.equal(handStep("RNN_RELU", oneUnit([3], [1]), [1], state).h[0], 3.5);

  const lstm = handStep("LSTM", oneUnit([1, 2, 3, 4], [-1, -1, -1, -1]), [1], state);
  const [i, f, g, o] = [sigmoid(1 - 0.5), sigmoid(2.1 - 0.5), Math.tanh(3.2 - 0.5), sigmoid(4.3 - 0.5)];
  assert.ok(Math.abs(lstm.c[0]! - (f * -0.25 + i * g)) < 1e-15);
  assert.ok(Math.abs(lstm.h[0]! - o * Math.tanh(f * -0.25 + i * g)) < 1e-15);
  assert.deepEqual(Object.keys(lstm.gates), ["i", "f", "g", "o"]);

  // GRU: the reset gate scales W_n·h + b_hh,n, and h' = (1 − z)·n + z·h.
  const weights = { ...oneUnit([1, 2, 3], [0.5, 0.5, 2]), biasHh: [0, 0, 1] };
  const gru = handStep("GRU", weights, [1], state);
  const [r, z] = [sigmoid(1 + 0.25), sigmoid(2.1 + 0.25)];
  const n = Math.tanh(3.2 + r * (2 * 0.5 + 1));
  assert.ok(Math.abs(gru.gates.r![0]! - r) < 1e-15 && Math.abs(gru.gates.n![0]! - n) < 1e-15);
  assert.ok(Math.abs(gru.h[0]! - ((1 - z) * n + z * 0.5)) < 1e-15);
});

/** A two-layer model with about a third of every recurrent weight masked out. */
function maskedModel(arch: Architecture, seed: number) {
  const rng = new SeededRandom(seed);
  const params = initialParameters(arch, rng);
  for (const [name, tensor] of params) {
    if (tensor.dtype !== "bool") continue;
    params.set(
      name,
      maskTensor(
        tensor.shape,
        Uint8Array.from(tensor.data, () => (rng.random() < 0.3 ? 0 : 1)),
      ),
    );
  }
  return params;
}

for (const mode of RECURRENT_MODES) {
  test(`${mode}: the hand forward pass equals the fused engine to 1e-6 (two layers, masked weights)`, () => {
    const arch = stackedArchitecture(mode, [3, 4]);
    const params = maskedModel(arch, 21);
    const codes = [..."BTSXXVPSE"].map((ch) => ch.charCodeAt(0));
    const hand = handForward(arch, params, codes);
    const batch = { size: 1, length: codes.length, tokens: Int32Array.from(codes) };
    const fused = new RecurrentModel(arch, params).evaluate(batch).logits;
    assert.equal(hand.steps.length, codes.length);
    assert.equal(hand.steps[0]!.h.length, 4, "the steps are the last layer's");
    hand.logits.forEach((v, c) => {
      assert.ok(Math.abs(v - fused[c]!) < 1e-6, `logit ${c}: hand ${v}, engine ${fused[c]}`);
    });
    assert.ok(Math.abs(hand.logits[0]! - hand.logits[1]!) > 1e-4, "the logits differ, so agreeing means something");
  });
}

test("plain layer weights apply the mask; the embedding row is the code's row", () => {
  const arch = stackedArchitecture("GRU", [2]);
  const params = initialParameters(arch, new SeededRandom(3));
  const mask = new Uint8Array(12).fill(1);
  mask[5] = 0;
  params.set("recurrent.recurrent_layers.0.mask_h2h", maskTensor([6, 2], mask));
  const weights = plainLayerWeights(params, 0);
  const stored = params.get("recurrent.recurrent_layers.0.weight_hh")!.data;
  assert.equal(weights.weightHh[5], 0);
  assert.notEqual(stored[5], 0);
  assert.equal(weights.weightHh[4], stored[4]);
  assert.deepEqual([weights.inputSize, weights.hiddenSize], [2, 2]);
  const embedding = params.get("embedding.weight")!.data;
  assert.deepEqual(embeddingRow(params, 66), [embedding[132], embedding[133]]);
});

test("sizes that do not fit, skip layers and codes outside the vocabulary are refused", () => {
  const weights = oneUnit([1, 2, 3], [1, 1, 1]);
  assert.throws(
    () => handStep("LSTM", weights, [1], zeroState(1)),
    /LSTM with 1 inputs and 1 units needs 4 values in weight_ih, got 3/,
  );
  assert.throws(() => handStep("GRU", weights, [1, 2], zeroState(1)), /needs 1 values in input x, got 2/);
  const arch: Architecture = { ...stackedArchitecture("GRU", [2, 2, 2]), skips: [{ source: 0, target: 2 }] };
  assert.throws(() => handForward(arch, new Map(), [66]), /stacked models only/);
  const params = initialParameters(stackedArchitecture("GRU", [2]), new SeededRandom(1));
  assert.throws(() => embeddingRow(params, 128), /code 128 is outside the embedding's vocabulary 0\.\.127/);
  assert.throws(() => plainLayerWeights(params, 1), /no tensor "recurrent\.recurrent_layers\.1\.weight_ih"/);
});
