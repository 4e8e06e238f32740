/**
 * Each cell's single step against the equations written out in plain JavaScript (one unit at a time, in
 * float64), the mask semantics, input errors, and the clip + Adam step against PyTorch's formulas.
 */
import { describe, test, before } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initTensorflow, tensorflowBackend } from "../../src/backend";
import {
  CellWeights,
  clipGradientNorm,
  createCell,
  referenceAdamStep,
  referenceForward,
  referenceLossAndGradients,
} from "../../src/cells";
import { RecurrentMode, gateCount, stackedArchitecture } from "../../src/models/architecture";
import { TensorMap, floatTensor, maskTensor } from "../../src/models/named-tensors";
import { SeededRandom } from "../../src/random/seeded-random";
import { modelTensorSpecs } from "../../src/models";

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** Row r of W·v + b for W [rows, cols] row-major. */
function affine(w: number[], b: number[], v: number[], row: number): number {
  let sum = b[row];
  for (let j = 0; j < v.length; j++) sum += w[row * v.length + j] * v[j];
  return sum;
}

/** One step of the variant for one example, straight from the equations in the cells' doc comments. */
function plainStep(
  mode: RecurrentMode,
  p: Record<string, number[]>,
  x: number[],
  h: number[],
  c: number[],
): { h: number[]; c: number[] } {
  const H = h.length;
  const xi = (gate: number, k: number) => affine(p.wih, p.bih, x, gate * H + k);
  const hh = (gate: number, k: number) => affine(p.whh, p.bhh, h, gate * H + k);
  const next = { h: new Array<number>(H), c: new Array<number>(H) };
  for (let k = 0; k < H; k++) {
    if (mode === "RNN_TANH") next.h[k] = Math.tanh(xi(0, k) + hh(0, k));
    if (mode === "RNN_RELU") next.h[k] = Math.max(0, xi(0, k) + hh(0, k));
    if (mode === "GRU") {
      const r = sigmoid(xi(0, k) + hh(0, k));
      const z = sigmoid(xi(1, k) + hh(1, k));
      const n = Math.tanh(xi(2, k) + r * hh(2, k));
      next.h[k] = (1 - z) * n + z * h[k];
    }
    if (mode === "LSTM") {
      const [i, f, g, o] = [0, 1, 2, 3].map((gate) => xi(gate, k) + hh(gate, k));
      next.c[k] = sigmoid(f) * c[k] + sigmoid(i) * Math.tanh(g);
      next.h[k] = sigmoid(o) * Math.tanh(next.c[k]);
    }
  }
  return next;
}

/** A model of the given layout with seeded uniform(-0.5, 0.5) weights and ~30% of recurrent weights masked out. */
function randomModel(mode: RecurrentMode, sizes: number[], seed: number): TensorMap {
  const random = new SeededRandom(seed);
  return new Map(
    modelTensorSpecs(stackedArchitecture(mode, sizes)).map((spec) => {
      const size = spec.shape.reduce((a, b) => a * b, 1);
      return [
        spec.name,
        spec.dtype === "bool"
          ? maskTensor(
              spec.shape,
              Uint8Array.from({ length: size }, () => (random.random() < 0.3 ? 0 : 1)),
            )
          : floatTensor(
              spec.shape,
              Float32Array.from({ length: size }, () => random.uniform(-0.5, 0.5)),
            ),
      ];
    }),
  );
}

before(async () => {
  await initTensorflow({ log: () => {} });
});

describe("cells follow their equations", () => {
  for (const mode of ["RNN_TANH", "RNN_RELU", "LSTM", "GRU"] as RecurrentMode[]) {
    test(`${mode}: two steps on a batch of 2 match the plain equations`, () => {
      const random = new SeededRandom(11).fork(mode);
      const [I, H, B, G] = [3, 4, 2, gateCount(mode)];
      const draw = (n: number) => Array.from({ length: n }, () => Math.fround(random.uniform(-1, 1)));
      const p = { wih: draw(G * H * I), whh: draw(G * H * H), bih: draw(G * H), bhh: draw(G * H) };
      const xs = [draw(B * I), draw(B * I)];
      const cell = createCell(mode, I, H);
      const weights: CellWeights = {
        weightIh: tf.tensor2d(p.wih, [G * H, I]),
        weightHh: tf.tensor2d(p.whh, [G * H, H]),
        biasIh: tf.tensor1d(p.bih),
        biasHh: tf.tensor1d(p.bhh),
      };
      let state = cell.initialState(B);
      const plain = Array.from({ length: B }, () => ({ h: new Array(H).fill(0), c: new Array(H).fill(0) }));
      for (const x of xs) {
        state = cell.step(tf.tensor2d(x, [B, I]), state, weights);
        for (let b = 0; b < B; b++) plain[b] = plainStep(mode, p, x.slice(b * I, (b + 1) * I), plain[b].h, plain[b].c);
      }
      const h = state.h.arraySync();
      for (let b = 0; b < B; b++)
        for (let k = 0; k < H; k++)
          assert.ok(Math.abs(h[b][k] - plain[b].h[k]) < 1e-6, `${mode} h[${b}][${k}]: ${h[b][k]} vs ${plain[b].h[k]}`);
      if (mode === "LSTM") {
        const c = state.c!.arraySync();
        for (let b = 0; b < B; b++)
          for (let k = 0; k < H; k++) assert.ok(Math.abs(c[b][k] - plain[b].c[k]) < 1e-6, `c[${b}][${k}]`);
      }
    });
  }
});

describe("reference model", () => {
  const tokens = { length: 4, size: 3, tokens: Int32Array.from([66, 66, 66, 84, 80, 84, 69, 86, 88, 0, 69, 69]) };
  const targets = Int32Array.from([1, 0, 1]);

  test("a pruned weight gets zero gradient and does not affect the logits", () => {
    const params = randomModel("GRU", [5, 4], 3);
    const { gradients } = referenceLossAndGradients(stackedArchitecture("GRU", [5, 4]), params, tokens, targets);
    for (const [layer, weight, mask] of [
      ["0", "weight_ih", "mask_i2h"],
      ["1", "weight_hh", "mask_h2h"],
    ]) {
      const prefix = `recurrent.recurrent_layers.${layer}.`;
      const m = params.get(prefix + mask)!.data;
      const g = gradients.get(prefix + weight)!.data;
      assert.ok(m.includes(0) && m.includes(1));
      m.forEach((keep, i) =>
        assert.ok(keep || g[i] === 0, `${prefix + weight}[${i}] is pruned but has gradient ${g[i]}`),
      );
      assert.ok(
        g.some((value, i) => m[i] === 1 && value !== 0),
        "kept weights do get gradient",
      );
    }
    const changed = new Map(params);
    const w = params.get("recurrent.recurrent_layers.1.weight_hh")!;
    const mask = params.get("recurrent.recurrent_layers.1.mask_h2h")!.data;
    changed.set(
      "recurrent.recurrent_layers.1.weight_hh",
      floatTensor(
        w.shape,
        (w.data as Float32Array).map((v, i) => (mask[i] ? v : 99)),
      ),
    );
    const arch = stackedArchitecture("GRU", [5, 4]);
    assert.deepEqual(referenceForward(arch, changed, tokens).logits, referenceForward(arch, params, tokens).logits);
  });

  test("gradients agree with central finite differences (float32, LSTM)", () => {
    const arch = stackedArchitecture("LSTM", [3, 2]);
    const params = randomModel("LSTM", [3, 2], 5);
    const { gradients, loss } = referenceLossAndGradients(arch, params, tokens, targets);
    assert.ok(Number.isFinite(loss) && loss > 0);
    for (const [name, index] of [
      ["recurrent.recurrent_layers.0.bias_hh", 2],
      ["out.weight", 1],
      ["embedding.weight", 66 * 3 + 1],
    ] as const) {
      const lossWith = (delta: number) => {
        const moved = new Map(params);
        const data = Float32Array.from(params.get(name)!.data);
        data[index] += delta;
        moved.set(name, floatTensor(params.get(name)!.shape, data));
        return referenceLossAndGradients(arch, moved, tokens, targets).loss;
      };
      const numeric = (lossWith(1e-2) - lossWith(-1e-2)) / 2e-2;
      const analytic = gradients.get(name)!.data[index];
      assert.ok(
        Math.abs(numeric - analytic) < 2e-3 + 2e-2 * Math.abs(analytic),
        `${name}[${index}]: autograd ${analytic}, numeric ${numeric}`,
      );
    }
  });

  test("clear errors for bad tokens, targets and parameters", () => {
    const arch = stackedArchitecture("RNN_TANH", [3]);
    const params = randomModel("RNN_TANH", [3], 1);
    assert.throws(
      () => referenceForward(arch, params, { ...tokens, tokens: tokens.tokens.map((v, i) => (i === 5 ? 200 : v)) }),
      /token at step 1, string 2 is 200, expected a code in 0..127/,
    );
    assert.throws(
      () => referenceForward(arch, params, { length: 5, size: 3, tokens: tokens.tokens }),
      /5 steps × 3 strings = 15 codes/,
    );
    assert.throws(
      () => referenceLossAndGradients(arch, params, tokens, Int32Array.from([1, 0])),
      /got 2 targets for a batch of 3/,
    );
    assert.throws(
      () => referenceLossAndGradients(arch, params, tokens, Int32Array.from([1, 2, 0])),
      /target 1 is 2, expected a class in 0..1/,
    );
    const missing = new Map(params);
    missing.delete("out.weight");
    assert.throws(() => referenceForward(arch, missing, tokens), /missing tensor "out.weight"/);
  });

  test("releases every tfjs tensor it creates", () => {
    const arch = stackedArchitecture("GRU", [3, 2]);
    const params = randomModel("GRU", [3, 2], 2);
    referenceLossAndGradients(arch, params, tokens, targets);
    const before = tf.memory().numTensors;
    referenceLossAndGradients(arch, params, tokens, targets);
    referenceForward(arch, params, tokens);
    assert.equal(tf.memory().numTensors, before);
  });
});

describe("clipping and Adam", () => {
  test("clip_grad_norm_: scale 5/(norm+1e-6) only when the norm exceeds 5", () => {
    const gradients: TensorMap = new Map([
      ["a", floatTensor([2], Float32Array.from([6, 0]))],
      ["b", floatTensor([1], Float32Array.from([8]))],
    ]);
    const clipped = clipGradientNorm(gradients);
    assert.equal(clipped.norm, 10);
    assert.ok(Math.abs(clipped.scale - 5 / (10 + 1e-6)) < 1e-7);
    assert.ok(Math.abs(clipped.gradients.get("b")!.data[0] - 4) < 1e-5);
    assert.equal(clipGradientNorm(gradients, 20).gradients, gradients);
  });

  test("two Adam steps follow PyTorch's update for one scalar", () => {
    const params: TensorMap = new Map([
      ["p", floatTensor([1], Float32Array.from([0.5]))],
      ["mask", maskTensor([1])],
    ]);
    const grad = (g: number): TensorMap => new Map([["p", floatTensor([1], Float32Array.from([g]))]]);
    const one = referenceAdamStep(params, grad(0.2));
    const two = referenceAdamStep(one.params, grad(-0.1), one.state);
    // By hand: m1 = 0.02, v1 = 4e-5, p1 = 0.5 − 1e-3·(0.02/0.1)/(√4e-5/√0.001 + 1e-8) ≈ 0.499
    let [m, v, p] = [0, 0, 0.5];
    for (const [t, g] of [
      [1, 0.2],
      [2, -0.1],
    ]) {
      m = 0.9 * m + 0.1 * g;
      v = 0.999 * v + 0.001 * g * g;
      p -= (1e-3 / (1 - 0.9 ** t)) * (m / (Math.sqrt(v) / Math.sqrt(1 - 0.999 ** t) + 1e-8));
    }
    assert.ok(Math.abs(one.params.get("p")!.data[0] - 0.499) < 1e-6);
    assert.ok(Math.abs(two.params.get("p")!.data[0] - p) < 1e-6, `${two.params.get("p")!.data[0]} vs ${p}`);
    assert.equal(two.state.step, 2);
    assert.equal(two.params.get("mask"), params.get("mask"), "masks pass through untouched");
  });
});

describe("backend selection", () => {
  test("initTensorflow is idempotent and records what it chose", async () => {
    const first = await initTensorflow();
    const again = await initTensorflow({ prefer: "cpu" });
    assert.equal(again, first);
    assert.equal(tensorflowBackend(), first);
    assert.ok(["tensorflow", "wasm", "cpu"].includes(first.name));
    assert.equal(tf.getBackend(), first.name);
  });
});
