/** Clipping and Adam against a direct transcription of PyTorch 1.13's formulas (the torch vectors never clip). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { stackedArchitecture } from "../../src/models/architecture";
import { initialParameters } from "../../src/models/recurrent-model";
import { AdamOptimizer } from "../../src/engine/adam-optimizer";
import { ParameterBlock } from "../../src/engine/parameter-block";
import { KernelMemory, instantiateKernels } from "../../src/engine/wasm-kernels";
import { SeededRandom } from "../../src/random/seeded-random";

function setup() {
  const memory = new KernelMemory(instantiateKernels());
  const arch = stackedArchitecture("GRU", [5, 3]);
  const block = new ParameterBlock(arch, memory);
  block.load(initialParameters(arch, new SeededRandom(1)));
  return { memory, block, optimizer: new AdamOptimizer(block, memory.kernels) };
}

test("clip scales every gradient by 5/(norm+1e-6) when the norm exceeds 5, and leaves small gradients alone", () => {
  const { memory, block, optimizer } = setup();
  const rng = new SeededRandom(2);
  const grads = memory.f32(block.gradients, block.length);
  for (const slot of block.slots.values()) {
    const g = memory.f32(slot.address + block.gradientDelta, slot.size);
    for (let i = 0; i < g.length; i++) g[i] = rng.uniform(-1, 1);
  }
  const before = Float64Array.from(grads);
  const norm = Math.sqrt(before.reduce((s, v) => s + v * v, 0));
  assert.ok(norm > 5);
  assert.ok(Math.abs(optimizer.clip() - norm) / norm < 1e-6);
  const scale = 5 / (norm + 1e-6);
  const after = memory.f32(block.gradients, block.length);
  before.forEach((v, i) => assert.ok(Math.abs(after[i]! - v * scale) <= 1e-6 * Math.abs(v * scale) + 1e-12));
  const small = Float64Array.from(after, (v) => v / 10);
  after.set(small);
  optimizer.clip();
  assert.deepEqual(Array.from(memory.f32(block.gradients, block.length)), Array.from(Float32Array.from(small)));
});

test("Adam follows PyTorch's update with bias corrections over several steps", () => {
  const { memory, block, optimizer } = setup();
  const rng = new SeededRandom(3);
  const n = block.length;
  const p = Float64Array.from(memory.f32(block.parameters, n));
  const m = new Float64Array(n);
  const v = new Float64Array(n);
  for (let step = 1; step <= 4; step++) {
    const g = Float32Array.from({ length: n }, () => rng.uniform(-0.1, 0.1));
    memory.f32(block.gradients, n).set(g);
    optimizer.update();
    const stepSize = 1e-3 / (1 - 0.9 ** step);
    const bc2Sqrt = Math.sqrt(1 - 0.999 ** step);
    for (let i = 0; i < n; i++) {
      m[i] = 0.9 * m[i]! + 0.1 * g[i]!;
      v[i] = 0.999 * v[i]! + 0.001 * g[i]! * g[i]!;
      p[i] = p[i]! - (stepSize * m[i]!) / (Math.sqrt(v[i]!) / bc2Sqrt + 1e-8);
    }
  }
  const got = memory.f32(block.parameters, n);
  for (let i = 0; i < n; i++) assert.ok(Math.abs(got[i]! - p[i]!) < 1e-6, `parameter ${i}: ${got[i]} vs ${p[i]}`);
  assert.equal(optimizer.step, 4);
  optimizer.reset();
  assert.equal(optimizer.step, 0);
  assert.ok(memory.f32(block.firstMoments, n).every((x) => x === 0));
});

test("optimizer options are checked", () => {
  const { memory, block } = setup();
  assert.throws(
    () => new AdamOptimizer(block, memory.kernels, { learningRate: -1 }),
    /learningRate must be a positive number/,
  );
});
