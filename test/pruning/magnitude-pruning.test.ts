import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { percentile } from "../../src/pruning/percentile";
import { maskSparsity } from "../../src/pruning/mask-sparsity";
import { pruneByMagnitude, prunableWeightNames } from "../../src/pruning/magnitude-pruning";
import { floatTensor, type TensorMap } from "../../src/models/named-tensors";
import { SeededRandom } from "../../src/random/seeded-random";
import { readReferenceJson, skipWithoutReference } from "./../support/reference";

interface RawTensor {
  shape: number[];
  data: number[];
}
interface TorchVector {
  prune: { percent: number; i2h: boolean; h2h: boolean; threshold: number | null };
  params: Record<string, RawTensor>;
  masks: Record<string, RawTensor>;
}

function toTensorMap(raw: Record<string, RawTensor>): TensorMap {
  return new Map(Object.entries(raw).map(([name, t]) => [name, floatTensor(t.shape, Float32Array.from(t.data))]));
}

function randomModel(seed: number, sizes: number[]): TensorMap {
  const rng = new SeededRandom(seed);
  const params: TensorMap = new Map();
  params.set(
    "embedding.weight",
    floatTensor(
      [128, sizes[0]!],
      Float32Array.from({ length: 128 * sizes[0]! }, () => rng.uniform(-3, 3)),
    ),
  );
  sizes.forEach((hidden, layer) => {
    const input = layer === 0 ? sizes[0]! : sizes[layer - 1]!;
    const fill = (n: number) => Float32Array.from({ length: n }, () => rng.uniform(-1, 1));
    params.set(
      `recurrent.recurrent_layers.${layer}.weight_ih`,
      floatTensor([3 * hidden, input], fill(3 * hidden * input)),
    );
    params.set(
      `recurrent.recurrent_layers.${layer}.weight_hh`,
      floatTensor([3 * hidden, hidden], fill(3 * hidden * hidden)),
    );
    params.set(`recurrent.recurrent_layers.${layer}.bias_ih`, floatTensor([3 * hidden], fill(3 * hidden)));
  });
  return params;
}

const pythonWithNumpy = (() => {
  if (!existsSync("/usr/bin/python3")) return false;
  try {
    execFileSync("/usr/bin/python3", ["-c", "import numpy"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

test(
  "thresholds and masks equal PyTorch's on the stacked vectors that carry a pruning step",
  { skip: skipWithoutReference("torch-vectors/stacked-*.json") },
  () => {
    let checked = 0;
    for (const mode of ["rnn_tanh", "rnn_relu", "lstm", "gru"]) {
      const vector = readReferenceJson<TorchVector>(`torch-vectors/stacked-${mode}.json`);
      if (vector.prune.percent === 0) continue;
      const kind = vector.prune.i2h && vector.prune.h2h ? "both" : vector.prune.i2h ? "i2h" : "h2h";
      const result = pruneByMagnitude(toTensorMap(vector.params), vector.prune.percent, kind);
      assert.equal(result.threshold, Math.fround(vector.prune.threshold!), `${mode} threshold`);
      for (const [name, expected] of Object.entries(vector.masks)) {
        const actual = result.params.get(name);
        if (actual) assert.deepEqual(Array.from(actual.data), expected.data, `${mode} ${name}`);
        else
          assert.ok(
            expected.data.every((bit) => bit === 1),
            `${mode} ${name} untouched kind stays dense`,
          );
      }
      checked++;
    }
    assert.ok(checked >= 1, "at least one vector carries a pruning step");
  },
);

test(
  "percentile equals numpy.percentile (linear) on float32 data, p = 0 … 100",
  { skip: pythonWithNumpy ? false : "needs /usr/bin/python3 with numpy" },
  () => {
    const rng = new SeededRandom(11);
    const samples = [7, 8, 101, 1000].map((n) =>
      Array.from({ length: n }, () => Math.fround(Math.abs(rng.uniform(-1, 1)))),
    );
    const percents = [0, 0.5, 10, 20, 33.3, 50, 60, 70, 80, 90, 99.9, 100];
    const script =
      "import json,sys,numpy as np\nd=json.load(sys.stdin)\n" +
      "print(json.dumps([[float(np.percentile(np.array(s,dtype=np.float32),p)) for p in d['p']] for s in d['s']]))";
    const expected = JSON.parse(
      execFileSync("/usr/bin/python3", ["-c", script], {
        input: JSON.stringify({ s: samples, p: percents }),
      }).toString(),
    ) as number[][];
    samples.forEach((values, i) =>
      percents.forEach((p, j) =>
        assert.equal(Math.fround(percentile(values, p)), Math.fround(expected[i]![j]!), `n=${values.length} p=${p}`),
      ),
    );
  },
);

test("p = 0 keeps every weight; p = 100 keeps only the largest; biases and embedding untouched", () => {
  const params = randomModel(3, [4, 5, 6]);
  const none = pruneByMagnitude(params, 0, "both");
  assert.equal(none.kept, none.total);
  const all = pruneByMagnitude(params, 100, "both");
  assert.equal(all.kept, 1, "the largest weight survives at p = 100");
  assert.equal(all.params.get("embedding.weight"), params.get("embedding.weight"));
  assert.equal(
    all.params.get("recurrent.recurrent_layers.0.bias_ih"),
    params.get("recurrent.recurrent_layers.0.bias_ih"),
  );
  assert.ok(![...all.params.keys()].some((name) => name.includes("bias") && name.includes("mask")));
});

test("pooling is across layers, per kind, and the input model is not changed in place", () => {
  const params = randomModel(5, [6, 6, 6]);
  const before = new Map([...params].map(([name, t]) => [name, Array.from(t.data)]));
  const i2h = pruneByMagnitude(params, 50, "i2h");
  assert.deepEqual(
    i2h.tensors.map((t) => t.weight),
    prunableWeightNames(params, "i2h"),
  );
  assert.ok(i2h.tensors.every((t) => t.weight.endsWith("weight_ih")));
  // One pooled threshold: about half of all i2h weights survive, though not exactly half in each layer.
  assert.ok(Math.abs(i2h.kept / i2h.total - 0.5) < 0.01);
  assert.equal(i2h.params.has("recurrent.recurrent_layers.0.mask_h2h"), false);
  for (const [name, values] of before)
    assert.deepEqual(Array.from(params.get(name)!.data), values, `${name} unchanged`);
  assert.equal(params.has("recurrent.recurrent_layers.0.mask_i2h"), false);
  const sparsity = maskSparsity(i2h.params);
  assert.equal(sparsity.length, 3);
  assert.equal(
    sparsity.reduce((s, t) => s + t.kept, 0),
    i2h.kept,
  );
});

test("pruning a pruned model never revives a removed weight", () => {
  const params = randomModel(9, [5, 5]);
  const first = pruneByMagnitude(params, 80, "h2h");
  const second = pruneByMagnitude(first.params, 10, "h2h");
  for (const t of second.tensors) {
    const before = first.params.get(t.mask)!.data;
    const after = second.params.get(t.mask)!.data;
    for (let i = 0; i < after.length; i++) assert.ok(after[i]! <= before[i]!);
  }
  assert.ok(second.kept < first.kept);
});

test("bad input gets a clear error", () => {
  assert.throws(() => percentile([], 50), /empty/);
  assert.throws(() => percentile([1], 101), /\[0, 100\]/);
  assert.throws(
    () => pruneByMagnitude(new Map([["out.weight", floatTensor([2, 2])]]), 50, "both"),
    /no recurrent weights/,
  );
});
