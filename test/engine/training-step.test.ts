/** Training steps of the fused engine: pruned weights stay inert, runs are deterministic, divergence is reported. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { RECURRENT_MODES, stackedArchitecture } from "../../src/models/architecture";
import { RecurrentModel, initialParameters } from "../../src/models/recurrent-model";
import { floatTensor, maskTensor, type TensorMap } from "../../src/models/named-tensors";
import { NonFiniteError } from "../../src/engine/non-finite";
import { SeededRandom } from "../../src/random/seeded-random";

function randomBatch(rng: SeededRandom, size: number, length: number) {
  return {
    size,
    length,
    tokens: Int32Array.from({ length: size * length }, () => rng.int(60, 90)),
    labels: Int32Array.from({ length: size }, () => rng.int(0, 1)),
  };
}

/** Stacked model with half of every recurrent weight pruned. */
function prunedTensors(mode: (typeof RECURRENT_MODES)[number], seed: number): TensorMap {
  const rng = new SeededRandom(seed);
  const tensors = initialParameters(stackedArchitecture(mode, [6, 5, 4]), rng);
  for (const [name, t] of tensors)
    if (t.dtype === "bool")
      tensors.set(
        name,
        maskTensor(
          t.shape,
          Uint8Array.from(t.data, () => (rng.random() < 0.5 ? 0 : 1)),
        ),
      );
  return tensors;
}

for (const mode of RECURRENT_MODES) {
  test(`${mode}: pruned weights keep their stored value through training; the others move`, () => {
    const tensors = prunedTensors(mode, 1);
    const model = new RecurrentModel(stackedArchitecture(mode, [6, 5, 4]), tensors);
    const rng = new SeededRandom(2);
    for (let step = 0; step < 8; step++) model.trainStep(randomBatch(rng, 7, 3 + step));
    const after = model.exportTensors();
    let pruned = 0;
    let moved = 0;
    for (const [name, mask] of tensors) {
      if (mask.dtype !== "bool") continue;
      assert.deepEqual(after.get(name)!.data, mask.data, `${name} changed`);
      const weight = name.replace(/mask_i2h$/, "weight_ih").replace(/mask_h2h$/, "weight_hh");
      const before = tensors.get(weight)!.data;
      const now = after.get(weight)!.data;
      mask.data.forEach((keep, i) => {
        if (keep) moved += now[i] !== before[i] ? 1 : 0;
        else {
          assert.equal(now[i], before[i], `pruned ${weight}[${i}] moved`);
          pruned++;
        }
      });
    }
    assert.ok(pruned > 30 && moved > 30, `pruned ${pruned}, moved ${moved}`);
  });
}

test("the same seed gives bit-identical training; another seed does not", () => {
  const run = (seed: number): TensorMap => {
    const rng = new SeededRandom(seed);
    const model = RecurrentModel.initialised(stackedArchitecture("LSTM", [8, 8]), rng.fork("init"));
    const data = rng.fork("data");
    for (let step = 0; step < 5; step++) model.trainStep(randomBatch(data, 9, 4 + step));
    return model.exportTensors();
  };
  const a = run(42);
  const b = run(42);
  for (const [name, t] of a) assert.deepEqual(b.get(name)!.data, t.data, name);
  assert.notDeepEqual(run(43).get("out.weight")!.data, a.get("out.weight")!.data);
});

test("evaluation does not depend on batch padding or on other strings in the batch", () => {
  const rng = new SeededRandom(4);
  const model = RecurrentModel.initialised(stackedArchitecture("GRU", [5, 5]), rng);
  const batch = randomBatch(rng, 6, 4);
  const all = model.evaluate(batch).logits;
  for (let b = 0; b < 6; b++) {
    const tokens = Int32Array.from({ length: 4 }, (_, t) => batch.tokens[t * 6 + b]!);
    const single = model.evaluate({ size: 1, length: 4, tokens }).logits;
    assert.deepEqual(Array.from(single), Array.from(all.subarray(2 * b, 2 * b + 2)));
  }
});

test("non-finite parameters are refused on import; divergence in training names the stage and tensor", () => {
  const arch = stackedArchitecture("RNN_TANH", [4]);
  const rng = new SeededRandom(1);
  const tensors = initialParameters(arch, rng);
  const embedding = Float32Array.from(tensors.get("embedding.weight")!.data);
  embedding[13] = Infinity;
  assert.throws(
    () => new RecurrentModel(arch, new Map(tensors).set("embedding.weight", floatTensor([128, 4], embedding)), {}),
    /tensor "embedding\.weight" holds a non-finite value \(Infinity\) at index 13/,
  );
  // Huge but finite recurrent weights overflow a ReLU network's activations within a dozen steps.
  const reluArch = stackedArchitecture("RNN_RELU", [4, 4]);
  const relu = initialParameters(reluArch, rng);
  for (const name of [
    "recurrent.recurrent_layers.0.weight_hh",
    "recurrent.recurrent_layers.1.weight_hh",
    "recurrent.recurrent_layers.1.weight_ih",
  ]) {
    relu.set(name, floatTensor([4, 4], new Float32Array(16).fill(3e9)));
  }
  assert.throws(
    () => new RecurrentModel(reluArch, relu).trainStep(randomBatch(rng, 4, 12)),
    (e: unknown) => e instanceof NonFiniteError && e.stage === "loss",
  );
  // An absurd learning rate sends the parameters to infinity; the step that does it names the tensor.
  const model = new RecurrentModel(arch, tensors, { optimizer: { learningRate: 1e38 } });
  assert.throws(
    () => {
      for (let step = 0; step < 20; step++) model.trainStep(randomBatch(rng, 4, 3));
    },
    (e: unknown) => e instanceof NonFiniteError && e.tensor.length > 0 && e.message.includes(e.tensor),
  );
});

test("bad input gets a clear error", () => {
  const model = RecurrentModel.initialised(stackedArchitecture("GRU", [3]), new SeededRandom(0));
  assert.throws(
    () => model.evaluate({ size: 2, length: 2, tokens: Int32Array.from([1, 2, 3, 200]) }),
    /token 200 at step 1 of string 1/,
  );
  assert.throws(
    () => model.evaluate({ size: 2, length: 2, tokens: Int32Array.from([1, 2, 3]) }),
    /needs 4 tokens, got 3/,
  );
  assert.throws(
    () => model.trainStep({ size: 1, length: 1, tokens: Int32Array.from([1]) }),
    /needs a batch with labels/,
  );
  assert.throws(
    () => model.trainStep({ size: 1, length: 1, tokens: Int32Array.from([1]), labels: Int32Array.from([2]) }),
    /label 2 of string 0/,
  );
  const tensors = model.exportTensors();
  tensors.delete("out.bias");
  assert.throws(() => model.importTensors(tensors, "x.safetensors"), /x\.safetensors.*missing tensor "out\.bias"/);
});
