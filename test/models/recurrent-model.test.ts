/** Initial parameters follow the thesis's PyTorch defaults; a model round-trips its tensors. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { stackedArchitecture, type Architecture } from "../../src/models/architecture";
import { RecurrentModel, initialParameters } from "../../src/models/recurrent-model";
import { SeededRandom } from "../../src/random/seeded-random";
import { modelTensorSpecs } from "../../src/models/model-tensors";

const arch: Architecture = {
  mode: "GRU",
  layerSizes: [50, 20, 30, 8],
  skips: [
    { source: 0, target: 2 },
    { source: 1, target: 3 },
  ],
  vocabularySize: 128,
  outputSize: 2,
};

test("initialParameters: every tensor in module order with PyTorch's initial distributions", () => {
  const tensors = initialParameters(arch, new SeededRandom(7));
  assert.deepEqual(
    [...tensors.keys()],
    modelTensorSpecs(arch).map((s) => s.name),
  );
  const bounded = (name: string, bound: number) => {
    const data = tensors.get(name)!.data;
    let max = 0;
    for (const v of data) max = Math.max(max, Math.abs(v));
    assert.ok(max <= bound, `${name}: ${max} > ${bound}`);
    assert.ok(max > 0.9 * bound, `${name}: ${max} does not reach the bound ${bound}`);
  };
  bounded("recurrent.recurrent_layers.0.weight_ih", 1 / Math.sqrt(50));
  bounded("recurrent.recurrent_layers.1.weight_hh", 1 / Math.sqrt(20));
  bounded("recurrent.recurrent_layers.1.bias_hh", 1 / Math.sqrt(20));
  bounded("recurrent.skip_layers.0.weight_ih", 1 / Math.sqrt(30)); // a skip has its target's hidden size
  bounded("recurrent.skip_layers.1.bias_ih", 1 / Math.sqrt(8));
  bounded("out.weight", 1 / Math.sqrt(8)); // nn.Linear: ±1/√fan_in
  const embedding = Array.from(tensors.get("embedding.weight")!.data);
  const mean = embedding.reduce((a, b) => a + b, 0) / embedding.length;
  const variance = embedding.reduce((a, b) => a + (b - mean) ** 2, 0) / embedding.length;
  assert.ok(
    Math.abs(mean) < 0.03 && Math.abs(variance - 1) < 0.05,
    `embedding N(0,1): mean ${mean}, variance ${variance}`,
  );
  for (const [name, t] of tensors)
    if (t.dtype === "bool")
      assert.ok(
        t.data.every((v) => v === 1),
        `${name} starts all ones`,
      );
});

test("initialParameters is a function of the seed", () => {
  const a = initialParameters(arch, new SeededRandom(1));
  const b = initialParameters(arch, new SeededRandom(1));
  const c = initialParameters(arch, new SeededRandom(2));
  for (const [name, t] of a) assert.deepEqual(b.get(name)!.data, t.data, name);
  assert.notDeepEqual(c.get("out.weight")!.data, a.get("out.weight")!.data);
});

test("a model exports exactly what it imported, masks included", () => {
  const small = stackedArchitecture("LSTM", [4, 3]);
  const tensors = initialParameters(small, new SeededRandom(3));
  const mask = tensors.get("recurrent.recurrent_layers.1.mask_h2h")!;
  (mask.data as Uint8Array)[5] = 0;
  const model = new RecurrentModel(small, tensors);
  const out = model.exportTensors();
  assert.deepEqual([...out.keys()], [...tensors.keys()]);
  for (const [name, t] of tensors) {
    assert.deepEqual(out.get(name)!.shape, t.shape, name);
    assert.equal(out.get(name)!.dtype, t.dtype, name);
    assert.deepEqual(out.get(name)!.data, t.data, name);
  }
  // Without masks the model is dense.
  const dense = new Map([...tensors].filter(([, t]) => t.dtype !== "bool"));
  const denseOut = new RecurrentModel(small, dense).exportTensors();
  assert.ok(denseOut.get("recurrent.recurrent_layers.1.mask_h2h")!.data.every((v) => v === 1));
});

test("setMasks replaces the masks and keeps the parameters", () => {
  const small = stackedArchitecture("GRU", [4]);
  const tensors = initialParameters(small, new SeededRandom(3));
  const model = new RecurrentModel(small, tensors);
  const batch = { size: 2, length: 3, tokens: Int32Array.from([66, 66, 84, 80, 69, 69]) };
  const before = model.evaluate(batch).logits;
  const masks = new Map([
    ["recurrent.recurrent_layers.0.mask_i2h", { shape: [12, 4], dtype: "bool" as const, data: new Uint8Array(48) }],
  ]);
  model.setMasks(masks);
  assert.notDeepEqual(model.evaluate(batch).logits, before);
  assert.deepEqual(
    model.exportTensors().get("recurrent.recurrent_layers.0.weight_ih")!.data,
    tensors.get("recurrent.recurrent_layers.0.weight_ih")!.data,
  );
});
