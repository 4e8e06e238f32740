/**
 * The reference model against every PyTorch 1.13 vector in ../shared/reference/torch-vectors: logits, loss,
 * every gradient, the gradient norm and the parameters after clip + one Adam step, on the wasm and cpu backends.
 *
 * Tolerance: scalars and logits to 1e-5 relative. A gradient entry must satisfy |a − e| ≤ 1e-5·(|e| + max|E|),
 * E being that gradient tensor: entries far below the tensor's largest arise from cancellation of sums over
 * time and batch, and float32 summation in another order leaves an error relative to the tensor's scale, not to
 * the entry (measured: at most 6e-6 in those units; plain relative error reaches 3e-3 on entries of 1e-9).
 * Parameters after the step match to 1e-5 relative (floor 1e-3 for near-zero parameters).
 */
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { initTensorflow } from "../../src/backend";
import { referenceForward, referenceTrainingStep } from "../../src/cells";
import { TensorMap } from "../../src/models/named-tensors";
import { referenceDir, skipWithoutReference } from "../support/reference";
import { loadTorchVector } from "../support/torch-vector";

const skip = skipWithoutReference("torch-vectors");
const vectorDir = referenceDir ? join(referenceDir, "torch-vectors") : "";
const files = referenceDir
  ? readdirSync(vectorDir)
      .filter((name) => name.endsWith(".json"))
      .sort()
  : [];

function assertClose(actual: number, expected: number, rtol: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= rtol * Math.abs(expected), `${what}: ${actual} vs PyTorch ${expected}`);
}

function assertArrayClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tolerance: (e: number) => number,
  what: string,
): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const error = Math.abs(actual[i] - expected[i]);
    assert.ok(
      error <= tolerance(expected[i]),
      `${what}[${i}]: ${actual[i]} vs PyTorch ${expected[i]} (error ${error})`,
    );
  }
}

function assertMapsClose(
  actual: TensorMap,
  expected: TensorMap,
  tolerance: (e: number, scale: number) => number,
  what: string,
): void {
  assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort(), `${what}: tensor names`);
  for (const [name, tensor] of expected) {
    const got = actual.get(name)!;
    assert.deepEqual(got.shape, tensor.shape, `${what} ${name}: shape`);
    let scale = 0;
    for (const value of tensor.data) scale = Math.max(scale, Math.abs(value));
    assertArrayClose(got.data, tensor.data, (e) => tolerance(e, scale), `${what} ${name}`);
  }
}

describe("reference model matches PyTorch", { skip }, () => {
  let selected = "cpu";
  before(async () => {
    selected = (await initTensorflow({ log: () => {} })).name;
  });
  after(async () => {
    await tf.setBackend(selected);
  });
  test("the vectors are all there", () => {
    assert.equal(files.length, 12, `expected 12 vector files in ${vectorDir}`);
  });
  // wasm is what initTensorflow selects here; cpu is tfjs's plain-JavaScript kernels, a second independent path.
  for (const backend of ["wasm", "cpu"]) {
    for (const file of files) {
      test(`${file} on ${backend}`, async () => {
        await tf.setBackend(backend);
        const vector = loadTorchVector(join(vectorDir, file));
        const { architecture, params, tokens, targets } = vector;
        const step = referenceTrainingStep(architecture, params, tokens, targets);
        assertArrayClose(step.logits, vector.logits, (e) => 1e-5 * Math.abs(e) + 1e-7, "logits");
        assertArrayClose(
          referenceForward(architecture, params, tokens).logits,
          step.logits,
          () => 0,
          "forward-only logits",
        );
        assertClose(step.loss, vector.loss, 1e-5, "loss");
        assertClose(step.gradNorm, vector.gradNorm, 1e-5, "gradient norm");
        assertMapsClose(step.gradients, vector.grads, (e, scale) => 1e-5 * (Math.abs(e) + scale), "gradient");
        const afterStep = new Map([...step.params].filter(([, tensor]) => tensor.dtype === "float32"));
        assertMapsClose(
          afterStep,
          vector.paramsAfterStep,
          (e) => 1e-5 * Math.max(Math.abs(e), 1e-3),
          "after Adam step",
        );
        for (const [name, tensor] of step.params)
          if (tensor.dtype === "bool") assert.equal(tensor, params.get(name), `${name} passes through`);
      });
    }
  }
});
