/**
 * The fused engine against every PyTorch reference vector: logits, loss, every gradient, the gradient norm,
 * and every parameter after one clipped Adam step; and against the project's own vector of a faithful-layout GRU.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { RecurrentModel } from "../../src/models/recurrent-model";
import { STRUCTURED_PATHS, type StructuredPath } from "../../src/engine/fused-network";
import type { TensorMap } from "../../src/models/named-tensors";
import { LayeredGraph } from "../../src/graphs/layered-graph";
import type { EdgePair } from "../../src/graphs/simple-graph";
import { projectRoot, referenceDir, skipWithoutReference } from "../support/reference";
import { loadTorchVector, type TorchVector } from "../support/torch-vector";

const skip = skipWithoutReference("torch-vectors");
const files = referenceDir
  ? readdirSync(join(referenceDir, "torch-vectors"))
      .filter((f) => f.endsWith(".json"))
      .sort()
  : [];

/** Largest |a-b| / (|b| + floor) over a tensor: relative error with an absolute floor for values near zero. */
function maxError(actual: ArrayLike<number>, expected: ArrayLike<number>, floor: number): number {
  assert.equal(actual.length, expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++)
    worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!) / (Math.abs(expected[i]!) + floor));
  return worst;
}

/**
 * Compare every tensor of `expected` with `actual`, naming the tensor on failure. `floor(tensor)` is the absolute
 * scale below which differences count as absolute rather than relative.
 */
function assertTensorsClose(
  actual: TensorMap,
  expected: TensorMap,
  floor: (values: ArrayLike<number>) => number,
  tolerance: number,
  what: string,
): void {
  for (const [name, tensor] of expected) {
    const got = actual.get(name);
    assert.ok(got, `${what}: missing ${name}`);
    const error = maxError(got.data, tensor.data, floor(tensor.data));
    assert.ok(error <= tolerance, `${what} ${name}: error ${error.toExponential(2)} > ${tolerance}`);
  }
}

/** Largest magnitude in a tensor (tiny positive for an all-zero one, so zeros must match exactly). */
function magnitude(values: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) max = Math.max(max, Math.abs(values[i]!));
  return Math.max(max, 1e-30);
}

/** Whether entry `index` of parameter `name` is pruned by the vector's masks. */
function isPruned(vector: TorchVector, name: string, index: number): boolean {
  const maskName = name.endsWith("weight_ih")
    ? name.replace(/weight_ih$/, "mask_i2h")
    : name.endsWith("weight_hh")
      ? name.replace(/weight_hh$/, "mask_h2h")
      : "";
  const mask = vector.params.get(maskName);
  return mask !== undefined && mask.data[index] === 0;
}

/** The vector's batch as the engine takes it. */
function batchOf(vector: TorchVector) {
  return {
    size: vector.tokens.size,
    length: vector.tokens.length,
    tokens: vector.tokens.tokens,
    labels: vector.targets,
  };
}

/** The engine on a vector's batch: logits, loss, every gradient, the gradient norm, and one clipped Adam step. */
function assertMatchesTorch(vector: TorchVector, path?: StructuredPath): void {
  const model = new RecurrentModel(vector.architecture, vector.params, { structuredPath: path });
  const batch = batchOf(vector);
  const { result, gradients, gradNorm } = model.lossAndGradients(batch);
  assert.ok(maxError(result.logits, vector.logits, 1e-3) < 1e-5, `logits ${result.logits} vs ${vector.logits}`);
  assert.ok(Math.abs(result.loss - vector.loss) / vector.loss < 1e-5, `loss ${result.loss} vs ${vector.loss}`);
  // Gradients: every entry within 5e-5 of its tensor's largest magnitude (float32 sums in another order;
  // measured ≤ 2e-5). Pruned entries must be exactly 0 like PyTorch's.
  for (const [name, tensor] of vector.grads) {
    const got = gradients.get(name)!;
    const scale = magnitude(tensor.data);
    for (let i = 0; i < tensor.data.length; i++) {
      const error = Math.abs(got.data[i]! - tensor.data[i]!) / scale;
      assert.ok(
        error <= 5e-5,
        `gradient ${name}[${i}]: ${got.data[i]} vs ${tensor.data[i]} ` +
          `(error ${error.toExponential(2)} of the tensor's scale)`,
      );
      if (isPruned(vector, name, i)) assert.ok(got.data[i] === 0, `pruned ${name}[${i}] has a gradient`);
    }
  }
  assert.ok(
    Math.abs(gradNorm - vector.gradNorm) / vector.gradNorm < 1e-5,
    `grad norm ${gradNorm} vs ${vector.gradNorm}`,
  );
  model.trainStep(batch);
  const after = model.exportTensors();
  // After one Adam step (lr 1e-3) every parameter is within 1e-5·(|p| + 1e-3): near zero, that is 1% of a step.
  // (Adam's first step is ±lr·g/(|g|+ε), so a parameter with a tiny gradient moves by a sign-sensitive amount.)
  assertTensorsClose(after, vector.paramsAfterStep, () => 1e-3, 1e-5, "parameter after step");
  // Masks survive untouched.
  for (const [name, tensor] of vector.params)
    if (tensor.dtype === "bool") assert.deepEqual(after.get(name)!.data, tensor.data, name);
}

describe("fused engine matches PyTorch", { skip }, () => {
  // Structured vectors run on both structured paths (packed levels and single units); stacked ones have one path.
  const runs: { file: string; path?: StructuredPath }[] = files.flatMap((file) =>
    file.startsWith("structured") ? STRUCTURED_PATHS.map((path) => ({ file, path })) : [{ file }],
  );
  for (const { file, path } of runs) {
    test(path ? `${file} (${path} path)` : file, () =>
      assertMatchesTorch(loadTorchVector(join(referenceDir!, "torch-vectors", file)), path),
    );
  }

  test("a skip layer reads what leaves its source layer (own output plus incoming skips), not the bare output", () => {
    // structured1 has skips into layers that are themselves skip sources (e.g. 0→2 and 2→4), so it tells the two apart.
    for (const mode of ["gru", "lstm", "rnn_tanh"]) {
      const vector = loadTorchVector(join(referenceDir!, "torch-vectors", `structured1-${mode}.json`));
      const bare = new RecurrentModel(vector.architecture, vector.params, { skipInput: "own" }).evaluate(
        batchOf(vector),
      );
      assert.ok(
        maxError(bare.logits, vector.logits, 1e-3) > 1e-3,
        `${mode}: reading the bare output should not match PyTorch`,
      );
      const combined = new RecurrentModel(vector.architecture, vector.params).evaluate(batchOf(vector));
      assert.ok(maxError(combined.logits, vector.logits, 1e-3) < 1e-5);
    }
  });
});

describe("the faithful gate layout matches PyTorch (the project's own vector)", () => {
  // Made by scripts/make-faithful-torch-vector.py: a 9-node graph's GRU with the graph's mask in every gate block.
  const vector = loadTorchVector(join(projectRoot, "test", "fixtures", "torch-vector-faithful-gru.json"));
  const layered = LayeredGraph.fromEdges(vector.raw.num_nodes as number, vector.raw.edges as EdgePair[]);

  test("the vector's masks are the lab's faithful masks of its graph, and the thesis's are not", () => {
    assert.equal(vector.raw.gate_layout, "faithful");
    assert.ok(vector.architecture.skips.length >= 2, "the vector's graph has skip layers");
    const faithful = layered.toArchitecture("GRU", "faithful");
    assert.deepEqual(faithful.architecture, vector.architecture);
    const thesis = layered.toArchitecture("GRU", "thesis").masks;
    let differing = 0;
    for (const [name, mask] of faithful.masks) {
      assert.deepEqual(mask.data, vector.params.get(name)!.data, name);
      if (!thesis.get(name)!.data.every((value, i) => value === mask.data[i])) differing++;
    }
    assert.ok(differing >= 2, `only ${differing} masks tell the layouts apart`);
  });

  test("logits, loss, gradients and one Adam step of the lab's faithful model", () => {
    const params = new Map(vector.params);
    for (const [name, mask] of layered.toArchitecture("GRU", "faithful").masks) params.set(name, mask);
    assertMatchesTorch({ ...vector, params });
  });

  test("the thesis layout's masks miss the faithful model's logits", () => {
    const params = new Map(vector.params);
    for (const [name, mask] of layered.toArchitecture("GRU", "thesis").masks) params.set(name, mask);
    const thesis = new RecurrentModel(vector.architecture, params).evaluate(batchOf(vector));
    assert.ok(maxError(thesis.logits, vector.logits, 1e-3) > 1e-3, "the gate layout should change the logits");
  });
});
