/** Two-thread training steps: same results as one thread up to summation order, deterministic, clean shutdown. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { stackedArchitecture, type Architecture } from "../../src/models/architecture";
import { RecurrentModel, initialParameters } from "../../src/models/recurrent-model";
import { maskTensor, type TensorMap } from "../../src/models/named-tensors";
import { splitBatch } from "../../src/engine/data-parallel";
import { SeededRandom } from "../../src/random/seeded-random";

const arch: Architecture = { ...stackedArchitecture("GRU", [6, 5, 4]), skips: [{ source: 0, target: 2 }] };

function batches(seed: number) {
  const rng = new SeededRandom(seed);
  return [13, 8, 5, 20].map((size, i) => ({
    size,
    length: 3 + i,
    tokens: Int32Array.from({ length: size * (3 + i) }, () => rng.int(60, 90)),
    labels: Int32Array.from({ length: size }, () => rng.int(0, 1)),
  }));
}

function pruned(): TensorMap {
  const rng = new SeededRandom(8);
  const tensors = initialParameters(arch, rng);
  for (const [name, t] of tensors)
    if (t.dtype === "bool")
      tensors.set(
        name,
        maskTensor(
          t.shape,
          Uint8Array.from(t.data, () => (rng.random() < 0.4 ? 0 : 1)),
        ),
      );
  return tensors;
}

function train(threads: 1 | 2): { losses: number[]; tensors: TensorMap } {
  const model = new RecurrentModel(arch, pruned(), { threads });
  try {
    const losses = [...batches(1), ...batches(2)].map((batch) => model.trainStep(batch).loss);
    return { losses, tensors: model.exportTensors() };
  } finally {
    model.close();
  }
}

test("splitBatch keeps the padded length and every string's column", () => {
  const batch = batches(3)[0]!;
  const [a, b] = splitBatch(batch, 8);
  assert.equal(a.length, batch.length);
  assert.equal(a.size + b.size, batch.size);
  for (let t = 0; t < batch.length; t++) {
    for (let s = 0; s < batch.size; s++) {
      const expected = batch.tokens[t * batch.size + s];
      assert.equal(s < 8 ? a.tokens[t * 8 + s] : b.tokens[t * b.size + s - 8], expected);
    }
  }
  assert.deepEqual([...a.labels!, ...b.labels!], [...batch.labels]);
});

test("two threads train like one (to float32 rounding), deterministically, masks respected", () => {
  const one = train(1);
  const two = train(2);
  const again = train(2);
  one.losses.forEach((loss, i) =>
    assert.ok(Math.abs(loss - two.losses[i]!) < 1e-6, `step ${i}: ${loss} vs ${two.losses[i]}`),
  );
  for (const [name, t] of one.tensors) {
    const other = two.tensors.get(name)!.data;
    t.data.forEach((v, i) => assert.ok(Math.abs(v - other[i]!) < 1e-5, `${name}[${i}]: ${v} vs ${other[i]}`));
    assert.deepEqual(
      again.tensors.get(name)!.data,
      two.tensors.get(name)!.data,
      `${name} differs between two-thread runs`,
    );
  }
  const initial = pruned();
  for (const [name, mask] of initial) {
    if (mask.dtype !== "bool") continue;
    const weight = name.replace(/mask_i2h$/, "weight_ih").replace(/mask_h2h$/, "weight_hh");
    mask.data.forEach(
      (keep, i) => keep || assert.equal(two.tensors.get(weight)!.data[i], initial.get(weight)!.data[i]),
    );
  }
});
