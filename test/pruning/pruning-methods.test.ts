import { test } from "node:test";
import assert from "node:assert/strict";
import { makeBatch } from "../../src/data/batching";
import { loadSplit } from "../../src/data/dataset-files";
import { stackedArchitecture, RECURRENT_MODES, gateCount } from "../../src/models/architecture";
import { modelTensorSpecs } from "../../src/models/model-tensors";
import type { NamedTensor, TensorMap } from "../../src/models/named-tensors";
import { initialParameters, RecurrentModel } from "../../src/models/recurrent-model";
import { maskNameOf } from "../../src/models/parameter-names";
import { pruneByMagnitude, pruneToSparsity, prunableWeightNames } from "../../src/pruning/magnitude-pruning";
import { pruneRandomly } from "../../src/pruning/random-pruning";
import { pruneLayerwise } from "../../src/pruning/layerwise-pruning";
import {
  gradualPruning,
  gradualSparsity,
  heldSparsity,
  pruningSteps,
  type GradualSchedule,
} from "../../src/pruning/gradual-pruning";
import { iterativeRoundSparsities, rewindParameters } from "../../src/pruning/iterative-pruning";
import { keptUnitsOf, pruneUnits, unitNorms, unitRemovalAsMasks } from "../../src/pruning/structured-pruning";
import { parsePruningMethod } from "../../src/pruning/pruning-method";
import { SeededRandom } from "../../src/random/seeded-random";
import { trainModel, type BatchInfo } from "../../src/training/trainer";

const data = loadSplit();

function params(mode: (typeof RECURRENT_MODES)[number], sizes = [6, 5, 4], seed = 1): TensorMap {
  return initialParameters(stackedArchitecture(mode, sizes), new SeededRandom(seed));
}

function keptPerTensor(map: TensorMap, names: readonly string[]): number[] {
  return names.map((name) => Array.from(map.get(maskNameOf(name))!.data).reduce((sum, v) => sum + v, 0));
}

test("random pruning keeps exactly magnitude's per-tensor counts, reproducibly per seed", () => {
  const model = params("GRU");
  for (const percent of [10, 50, 90, 100]) {
    for (const kind of ["both", "i2h", "h2h"] as const) {
      const names = prunableWeightNames(model, kind);
      const magnitude = pruneByMagnitude(model, percent, kind);
      const random = pruneRandomly(model, percent, kind, new SeededRandom(3));
      assert.deepEqual(keptPerTensor(random.params, names), keptPerTensor(magnitude.params, names));
      const again = pruneRandomly(model, percent, kind, new SeededRandom(3));
      for (const name of names)
        assert.deepEqual(again.params.get(maskNameOf(name))!.data, random.params.get(maskNameOf(name))!.data);
    }
  }
  const a = pruneRandomly(model, 50, "both", new SeededRandom(3)).params;
  const b = pruneRandomly(model, 50, "both", new SeededRandom(4)).params;
  const name = maskNameOf(prunableWeightNames(model, "both")[0]!);
  assert.notDeepEqual(a.get(name)!.data, b.get(name)!.data, "another seed draws other masks");
  // Random masks are not the magnitude masks: at 50% the two agree on about half the entries, not all.
  const m = pruneByMagnitude(model, 50, "both").params.get(name)!.data;
  const agree = a.get(name)!.data.filter((v, i) => v === m[i]).length / m.length;
  assert.ok(agree > 0.3 && agree < 0.7, `agreement ${agree}`);
});

test("random pruning never revives a pruned weight", () => {
  const once = pruneByMagnitude(params("LSTM"), 40, "both").params;
  const twice = pruneRandomly(once, 50, "both", new SeededRandom(9)).params;
  for (const name of prunableWeightNames(once, "both")) {
    const before = once.get(maskNameOf(name))!.data;
    twice.get(maskNameOf(name))!.data.forEach((kept, i) => assert.ok(!kept || before[i], `${name}[${i}] revived`));
  }
});

test("layer-wise pruning removes the share p from every tensor", () => {
  const model = params("LSTM", [20, 20]);
  const result = pruneLayerwise(model, 30, "both");
  for (const t of result.tensors)
    assert.ok(Math.abs(1 - t.kept / t.total - 0.3) < 0.01, `${t.weight}: ${t.kept}/${t.total}`);
});

test("pruneToSparsity reaches the requested share exactly and only shrinks masks", () => {
  const model = params("RNN_TANH", [10, 10]);
  const total = prunableWeightNames(model, "both").reduce((sum, name) => sum + model.get(name)!.data.length, 0);
  let current = model;
  for (const sparsity of [0.1, 0.37, 0.5, 0.99, 1]) {
    const result = pruneToSparsity(current, sparsity, "both");
    assert.equal(result.total - result.kept, Math.round(sparsity * total));
    current = result.params;
  }
});

test("the gradual schedule follows Zhu–Gupta's cubic formula at every step", () => {
  const schedule: GradualSchedule = {
    initialSparsity: 0.1,
    finalSparsity: 0.8,
    beginStep: 4,
    endStep: 16,
    frequency: 3,
  };
  assert.deepEqual(pruningSteps(schedule), [4, 7, 10, 13, 16]);
  for (const t of [4, 7, 10, 13, 16]) {
    const n = 4;
    const expected = 0.8 + (0.1 - 0.8) * (1 - (t - 4) / (n * 3)) ** 3;
    assert.ok(Math.abs(gradualSparsity(t, schedule) - expected) < 1e-15);
  }
  assert.equal(heldSparsity(3, schedule), 0);
  assert.equal(heldSparsity(9, schedule), gradualSparsity(7, schedule));
  assert.equal(heldSparsity(100, schedule), 0.8);
});

test("gradual pruning during training holds the formula's sparsity after every step", () => {
  const arch = stackedArchitecture("GRU", [8, 8]);
  const model = RecurrentModel.initialised(arch, new SeededRandom(2));
  const schedule: GradualSchedule = { initialSparsity: 0, finalSparsity: 0.9, beginStep: 0, endStep: 6, frequency: 2 };
  const pruning = gradualPruning(model, schedule, "both");
  const names = prunableWeightNames(model.exportTensors(), "both");
  const total = names.reduce((sum, name) => sum + model.exportTensors().get(name)!.data.length, 0);
  const observed: number[] = [];
  const onBatch = (info: BatchInfo): void => {
    pruning.callbacks.onBatch(info);
    const kept = keptPerTensor(model.exportTensors(), names).reduce((a, b) => a + b, 0);
    observed.push(1 - kept / total);
  };
  pruning.pruneNow(0);
  trainModel(model, data.train.slice(0, 96), data.test.slice(0, 32), {
    runName: "gru",
    epochs: 3,
    batchSize: 32,
    rng: new SeededRandom(1),
    progress: false,
    callbacks: { onBatch },
  });
  assert.equal(observed.length, 9);
  observed.forEach((sparsity, i) => {
    const expected = Math.round(heldSparsity(i + 1, schedule) * total) / total;
    assert.ok(Math.abs(sparsity - expected) < 1e-12, `after step ${i + 1}: ${sparsity} vs ${expected}`);
  });
  assert.deepEqual(
    pruning.steps.map((s) => s.step),
    [0, 2, 4, 6],
  );
});

test("imp rewinds every parameter to exactly the stored epoch-k weights and keeps the round's masks", () => {
  const arch = stackedArchitecture("LSTM", [6, 6]);
  const model = RecurrentModel.initialised(arch, new SeededRandom(4));
  let epochOne = new Map() as TensorMap;
  trainModel(model, data.train.slice(0, 64), data.test.slice(0, 32), {
    runName: "lstm",
    epochs: 2,
    batchSize: 32,
    rng: new SeededRandom(1),
    progress: false,
    callbacks: { onEpoch: (record, trained) => void (record.epoch === 1 && (epochOne = trained.exportTensors())) },
  });
  const trained = model.exportTensors();
  const pruned = pruneToSparsity(trained, 0.6, "both").params;
  const rewound = rewindParameters(pruned, epochOne);
  for (const [name, tensor] of rewound) {
    const expected: NamedTensor = name.includes("mask") ? pruned.get(name)! : epochOne.get(name)!;
    assert.deepEqual(tensor.data, expected.data, name);
  }
  assert.notDeepEqual(trained.get("out.weight")!.data, epochOne.get("out.weight")!.data, "training moved the weights");
  assert.deepEqual(iterativeRoundSparsities([30, 10, 20, 20]), [0.1, 0.2, 0.3]);
  assert.throws(() => rewindParameters(pruned, new Map()), /has no tensor embedding\.weight/);
});

for (const mode of RECURRENT_MODES) {
  test(`structured pruning of ${mode}: the smaller model computes the masked model's logits`, () => {
    const arch = stackedArchitecture(mode, [9, 7, 5]);
    const base = initialParameters(arch, new SeededRandom(11));
    const result = pruneUnits(arch, base, 40);
    assert.deepEqual(result.architecture.layerSizes, [5, 4, 3]);
    assert.equal(result.architecture.embeddingSize, 9);
    // Names as the thesis's module has them; each tensor no larger, and the recurrent weights really smaller.
    const specs = modelTensorSpecs(result.architecture);
    assert.deepEqual([...result.params.keys()].sort(), specs.map((s) => s.name).sort());
    for (const spec of specs) assert.deepEqual(result.params.get(spec.name)!.shape, spec.shape, spec.name);
    const G = gateCount(mode);
    assert.deepEqual(result.params.get("recurrent.recurrent_layers.1.weight_ih")!.shape, [G * 4, 5]);
    assert.ok(result.weightsAfter < result.weightsBefore / 2);
    const batch = makeBatch(data.test, [0, 1, 2, 3, 4, 5, 6, 7]);
    const small = new RecurrentModel(result.architecture, result.params).evaluate(batch).logits;
    const masked = new RecurrentModel(arch, unitRemovalAsMasks(arch, base, result.keptUnits)).evaluate(batch).logits;
    const dense = new RecurrentModel(arch, base).evaluate(batch).logits;
    small.forEach((value, i) => assert.ok(Math.abs(value - masked[i]!) < 1e-5, `logit ${i}: ${value} vs ${masked[i]}`));
    assert.ok(
      dense.some((value, i) => Math.abs(value - small[i]!) > 1e-4),
      "removing units changes the logits",
    );
  });
}

test("structured pruning removes the units with the smallest row norms and refuses to empty a layer", () => {
  // Two of five go: the norms 1 and 1 (units 1 and 4); the rest stay, in index order.
  assert.deepEqual(keptUnitsOf([3, 1, 2, 5, 1], 40), [0, 2, 3]);
  assert.throws(() => keptUnitsOf([1, 2], 100), /would remove all 2 units/);
  const arch = stackedArchitecture("GRU", [4]);
  const base = initialParameters(arch, new SeededRandom(1));
  const norms = unitNorms(arch, base, 0);
  const wih = base.get("recurrent.recurrent_layers.0.weight_ih")!;
  const whh = base.get("recurrent.recurrent_layers.0.weight_hh")!;
  let square = 0;
  for (const g of [0, 1, 2]) {
    for (let c = 0; c < 4; c++) square += wih.data[(g * 4 + 2) * 4 + c]! ** 2 + whh.data[(g * 4 + 2) * 4 + c]! ** 2;
  }
  assert.ok(Math.abs(norms[2]! - Math.sqrt(square)) < 1e-12);
  assert.throws(
    () => pruneUnits({ ...arch, layerSizes: [4, 4, 4], skips: [{ source: 0, target: 2 }] }, base, 10),
    /stacked models only/,
  );
});

test("method names parse, and an unknown one is named with the accepted ones", () => {
  assert.equal(parsePruningMethod(" IMP "), "imp");
  assert.throws(() => parsePruningMethod("snip"), /unknown pruning method "snip": expected one of magnitude, random/);
});
