/**
 * The native kernels (src/engine/native/kernels.cc) against the WebAssembly "fma" build on the same inputs: products,
 * copies and gathers bit for bit (the same operations per element, the same fused multiply-adds); cells and
 * transcendentals within float32 rounding (their division is a reciprocal estimate and one Newton step); reductions
 * over the batch within float32 rounding of the terms (wider partial sums). Then the tape itself: queued calls run
 * before memory is read, a call outside the memory is a clear error, and a structured model trains to the same
 * accuracy on both backends.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadSplit } from "../../src/data/dataset-files";
import { benchmarkGraphs } from "../../src/experiments/structure-benchmark";
import { LayeredGraph } from "../../src/graphs/layered-graph";
import type { RecurrentMode } from "../../src/models/architecture";
import { RecurrentModel, initialParameters } from "../../src/models/recurrent-model";
import { SeededRandom } from "../../src/random/seeded-random";
import { trainModel } from "../../src/training/trainer";
import {
  KernelMemory,
  instantiateKernels,
  nativeKernelsMissing,
  relaxedSimdAvailable,
  type KernelVariant,
} from "../../src/engine/wasm-kernels";
import type { KernelExports } from "../../src/engine/kernel-exports";

const missing = nativeKernelsMissing();
const skip = missing ? `native kernels unavailable: ${missing}` : !relaxedSimdAvailable() ? "no relaxed SIMD" : false;

/** Two memories, native and fma, holding the same values at the same addresses. */
class Twin {
  readonly sides: { variant: KernelVariant; memory: KernelMemory }[] = (["native", "fma"] as const).map((variant) => ({
    variant,
    memory: new KernelMemory(instantiateKernels(variant)),
  }));

  /** Allocate `count` floats on both sides with the same values (or zeros); returns the common address. */
  floats(values: ArrayLike<number> | number): number {
    const count = typeof values === "number" ? values : values.length;
    const addresses = this.sides.map(({ memory }) => memory.allocate(count));
    assert.equal(addresses[0], addresses[1], "the two memories allocate alike");
    for (const { memory } of this.sides) {
      const view = memory.f32(addresses[0]!, count);
      if (typeof values === "number") view.fill(0);
      else view.set(values);
    }
    return addresses[0]!;
  }

  /** Allocate int32 values on both sides; returns the common address. */
  ints(values: ArrayLike<number>): number {
    const address = this.floats(values.length);
    for (const { memory } of this.sides) memory.i32(address, values.length).set(values);
    return address;
  }

  /** Run `call` on both sides' kernels. */
  run(call: (k: KernelExports) => void): void {
    for (const { memory } of this.sides) call(memory.kernels);
  }

  /** `count` floats at `address` on each side: [native, fma]. */
  read(address: number, count: number): [Float32Array, Float32Array] {
    const [a, b] = this.sides.map(({ memory }) => memory.f32(address, count).slice());
    return [a!, b!];
  }
}

const random = (rng: SeededRandom, n: number, scale = 1): number[] =>
  Array.from({ length: n }, () => rng.uniform(-scale, scale));

/** Exact equality of float32 arrays, naming the first difference. */
function assertSameBits(native: Float32Array, fma: Float32Array, what: string): void {
  for (let i = 0; i < native.length; i++)
    if (!Object.is(native[i], fma[i]) && !(native[i] === 0 && fma[i] === 0))
      assert.fail(`${what}: element ${i} is ${native[i]} natively, ${fma[i]} in WebAssembly`);
}

/** |native − fma| ≤ tolerance(i) for every element. */
function assertClose(native: Float32Array, fma: Float32Array, tolerance: (i: number) => number, what: string): void {
  for (let i = 0; i < native.length; i++)
    if (!(Math.abs(native[i]! - fma[i]!) <= tolerance(i)))
      assert.fail(`${what}: element ${i} is ${native[i]} natively, ${fma[i]} in WebAssembly`);
}

test("native products, copies and gathers equal the fma build bit for bit", { skip }, () => {
  const rng = new SeededRandom(21);
  for (const [R, K, N] of [
    [7, 5, 128],
    [12, 4, 20],
    [3, 1, 6],
    [33, 17, 36],
    [4, 40, 128],
  ] as const) {
    for (const accumulate of [0, 1]) {
      const twin = new Twin();
      const w = twin.floats(random(rng, R * K));
      const x = twin.floats(random(rng, K * N));
      const bias = twin.floats(random(rng, R));
      const out = twin.floats(random(rng, R * N));
      twin.run((k) => k.gemm(out, w, x, accumulate ? bias : 0, R, K, N, accumulate));
      assertSameBits(...twin.read(out, R * N), `gemm ${R}×${K}×${N}, accumulate ${accumulate}`);
      if (N % 4 === 0) {
        // The CSR forms of a half-pruned W, built by the (WebAssembly) compressor on each side.
        const mask = twin.floats(Array.from({ length: R * K }, () => (rng.random() < 0.5 ? 1 : 0)));
        const [vals, cols, positions] = [twin.floats(R * K), twin.floats(R * K), twin.floats(R * K)];
        const rowStart = twin.floats(R + 1);
        twin.run((k) => k.compressRows(vals, cols, positions, rowStart, w, mask, R, K, 0));
        const sparseOut = twin.floats(random(rng, R * N));
        twin.run((k) => k.sparseGemm(sparseOut, vals, cols, rowStart, x, bias, R, N, accumulate, R & ~3));
        assertSameBits(...twin.read(sparseOut, R * N), `sparseGemm ${R}×${K}×${N}`);
        const fused = twin.ints(Array.from({ length: R }, (_, r) => r % 2));
        const T = 3;
        const xs = twin.floats(random(rng, T * K * N));
        const outs = twin.floats(T * R * N);
        twin.run((k) =>
          k.packedGemm(outs, vals, cols, rowStart, fused, xs, bias, R, N, accumulate, T, 4 * R * N, 4 * K * N),
        );
        assertSameBits(...twin.read(outs, T * R * N), `packedGemm ${R}×${K}×${N}`);
        const gathered = twin.floats(R * K);
        twin.run((k) => k.gatherValues(gathered, positions, x, (R * K) >> 1));
        assertSameBits(...twin.read(gathered, (R * K) >> 1), "gatherValues");
      }
    }
  }
  const twin = new Twin();
  // copyRows moves whole 4-float chunks (its rows are multiples of 4 floats in the engine).
  const [R, C, T] = [8, 6, 4];
  const a = twin.floats(random(rng, T * R * C));
  const b = twin.floats(random(rng, T * R * C));
  const out = twin.floats(T * R * C);
  twin.run((k) => k.copyRows(out, a, R * C - 4, T, 4 * R * C, 4 * R * C, 0));
  twin.run((k) => k.copyRows(out, b, R * C, T, 4 * R * C, 4 * R * C, 1));
  twin.run((k) => k.multiplyInPlace(a, b, 13));
  twin.run((k) => k.addInPlace(b, a, 21));
  twin.run((k) => k.multiply(a + 4 * 30, a, b, 7));
  twin.run((k) => k.maskedTranspose(out + 4 * 60, a, b, R, C));
  twin.run((k) => k.transpose(out + 4 * 120, b, R, C));
  for (const buffer of [a, b, out]) assertSameBits(...twin.read(buffer, T * R * C), "copies and element-wise products");
  const [V, N] = [11, 8];
  const tokens = twin.ints(Array.from({ length: T * N }, () => rng.int(0, V - 1)));
  const table = twin.floats(random(rng, R * V));
  const gates = twin.floats(T * R * N);
  twin.run((k) => k.tokenProjectionGather(gates, table, tokens, R, V, N, T));
  assertSameBits(...twin.read(gates, T * R * N), "tokenProjectionGather");
  const scattered = twin.floats(V * R);
  twin.run((k) => k.tokenScatter(scattered, gates, tokens, R, N, N - 2, T));
  assertSameBits(...twin.read(scattered, V * R), "tokenScatter");
});

test(
  "native σ and tanh stay within 3.5 ulp of float64's, NaN stays NaN and signed zeros keep their sign",
  { skip },
  () => {
    // The native σ and tanh are their own approximations (kernels.cc), so they are held to the functions themselves.
    const count = 40_000;
    const points = Array.from({ length: count }, (_, i) => -30 + (60 * i) / count + 1e-4 * Math.sin(i));
    points.push(0, -0, 1e-30, -1e-30, 1e-41, 3e-4, -3e-4, 0.17, -0.35, 8.9, 9.5, -9.5, 100, -100, Infinity, -Infinity);
    const memory = new KernelMemory(instantiateKernels("native"));
    const input = memory.allocate(points.length);
    const out = memory.allocate(points.length);
    memory.f32(input, points.length).set(points);
    const x = memory.f32(input, points.length).slice(); // the float32 arguments
    const ulp = (y: number): number => (y === 0 ? 2 ** -149 : 2 ** (Math.floor(Math.log2(Math.abs(y))) - 23));
    for (const [kind, name, exact] of [
      [0, "tanh", Math.tanh],
      [1, "σ", (v: number) => 1 / (1 + Math.exp(-v))],
    ] as const) {
      memory.kernels.transcendental(out, input, points.length, kind);
      const y = memory.f32(out, points.length);
      for (let i = 0; i < points.length; i++) {
        const reference = exact(x[i]!);
        // σ below about -87 leaves float32's normal range, and the kernel clamps x at -88: 1e-38 absolute there.
        const tolerance = Math.max(3.5 * ulp(reference), 1e-38);
        const error = Math.abs(y[i]! - reference);
        if (!(error <= tolerance))
          assert.fail(`${name}(${x[i]}) is ${y[i]}, float64 gives ${reference} (${error / ulp(reference)} ulp)`);
        if (kind === 0 && x[i] === 0)
          assert.ok(Object.is(y[i], x[i]), `tanh(${Object.is(x[i], -0) ? "-0" : "0"}) keeps its sign`);
      }
      memory.f32(input, 1)[0] = NaN;
      memory.kernels.transcendental(out, input, 1, kind);
      assert.ok(Number.isNaN(memory.f32(out, 1)[0]), `${name}(NaN) is NaN`);
      memory.f32(input, points.length).set(points);
    }
  },
);

test("native cells and transcendentals stay within float32 rounding of the fma build", { skip }, () => {
  const rng = new SeededRandom(22);
  const n = 16 * 9 + 4; // whole vectors and a masked rest
  const twin = new Twin();
  // Arguments across σ's and tanh's range, their saturation and their small-|x| branch.
  const wide = twin.floats([...random(rng, n - 8, 12), 0, -0, 3e-4, -3e-4, 9.5, -9.5, 100, -100]);
  const out = twin.floats(n);
  for (const kind of [0, 1, 2]) {
    twin.run((k) => k.transcendental(out, wide, n, kind));
    const [native, fma] = twin.read(out, n);
    assertClose(native, fma, (i) => 3e-7 * Math.max(1, Math.abs(fma[i]!)), `transcendental kind ${kind}`);
  }
  const gateCount: Record<RecurrentMode, number> = { RNN_TANH: 1, RNN_RELU: 1, LSTM: 4, GRU: 3 };
  for (const mode of ["RNN_TANH", "RNN_RELU", "LSTM", "GRU"] as const) {
    const G = gateCount[mode];
    const relu = mode === "RNN_RELU" ? 1 : 0;
    const gates = twin.floats(random(rng, G * n, 4));
    const hg = twin.floats(random(rng, G * n, 4));
    const previous = twin.floats(random(rng, n));
    const [next, hOut, hn] = [twin.floats(n), twin.floats(n), twin.floats(n)];
    const dOut = twin.floats(random(rng, n));
    const dRecurrent = twin.floats(random(rng, n));
    const dCell = twin.floats(random(rng, n));
    const [dgi, dgh] = [twin.floats(G * n), twin.floats(G * n)];
    twin.run((k) => {
      if (mode === "GRU") {
        k.gruForward(gates, hg, previous, next, hn, n);
        k.gruBackward(dgi, dgh, gates, hn, previous, dOut, dRecurrent, n);
      } else if (mode === "LSTM") {
        k.lstmForward(gates, previous, next, hOut, n);
        k.lstmBackward(dgi, gates, previous, next, dOut, dRecurrent, dCell, n);
      } else {
        k.rnnForward(next, gates, n, relu);
        k.rnnBackward(dgi, next, dOut, dRecurrent, n, relu);
      }
    });
    for (const [name, address, count] of [
      ["activations", gates, G * n],
      ["state", next, n],
      ["LSTM output", hOut, n],
      ["GRU h_n", hn, n],
      ["input-side gate gradients", dgi, G * n],
      ["GRU recurrent-side gate gradients", dgh, G * n],
      ["recurrent gradient", dRecurrent, n],
      ["LSTM cell gradient", dCell, n],
    ] as const) {
      const [native, fma] = twin.read(address, count);
      assertClose(native, fma, (i) => 2e-6 * Math.max(1, Math.abs(fma[i]!)), `${mode} ${name}`);
    }
  }
});

test("native weight and bias gradients stay within float32 rounding of the fma build", { skip }, () => {
  const rng = new SeededRandom(23);
  for (const [R, K, N, T] of [
    [8, 6, 128, 5],
    [5, 3, 20, 3],
    [12, 9, 36, 2],
  ] as const) {
    const twin = new Twin();
    const g = twin.floats(random(rng, T * R * N));
    const x = twin.floats(random(rng, T * K * N));
    const dw = twin.floats(random(rng, R * K));
    const db = twin.floats(random(rng, R));
    const mask = twin.floats(Array.from({ length: R * K }, () => (rng.random() < 0.6 ? 1 : 0)));
    const [vals, cols, positions] = [twin.floats(R * K), twin.floats(R * K), twin.floats(R * K)];
    const rowStart = twin.floats(R + 1);
    const sparseDw = twin.floats(random(rng, R * K));
    twin.run((k) => {
      k.compressRows(vals, cols, positions, rowStart, dw, mask, R, K, 0);
      k.outerAccumulate(dw, g, x, R, K, N, T, 4 * R * N, 4 * K * N);
      k.sparseOuterAccumulate(sparseDw, cols, rowStart, g, x, R, K, N, T, 4 * R * N, 4 * K * N);
      k.rowSumAccumulate(db, g, R, N, T, 4 * R * N);
    });
    // Each entry is a float32 sum of T·N products of terms below 1: within T·N ulps of 1 of the exact sum.
    const tolerance = () => T * N * 2 ** -23;
    assertClose(...twin.read(dw, R * K), tolerance, `outerAccumulate ${R}×${K}×${N}×${T}`);
    assertClose(...twin.read(sparseDw, R * K), tolerance, `sparseOuterAccumulate ${R}×${K}×${N}×${T}`);
    assertClose(...twin.read(db, R), tolerance, `rowSumAccumulate ${R}×${N}×${T}`);
    // packedOuterAccumulate adds into the weights its positions name: here the dense dW's kept entries.
    const before = twin.read(dw, R * K)[0];
    twin.run((k) => k.packedOuterAccumulate(dw, positions, cols, rowStart, g, x, R, N, T, 4 * R * N, 4 * K * N));
    const [native, fma] = twin.read(dw, R * K);
    assertClose(native, fma, () => 2 * tolerance(), `packedOuterAccumulate ${R}×${K}×${N}×${T}`);
    assert.ok(
      native.some((v, i) => v !== before[i]),
      "packedOuterAccumulate added something",
    );
  }
});

test("the tape runs queued calls before memory is read, and names a call outside the memory", { skip }, () => {
  const memory = new KernelMemory(instantiateKernels("native"));
  const k = memory.kernels;
  const a = memory.allocate(8);
  const b = memory.allocate(8);
  memory.f32(a, 8).set([1, 2, 3, 4, 5, 6, 7, 8]);
  memory.f32(b, 8).fill(2);
  k.multiplyInPlace(a, b, 8);
  memory.zero(b, 4);
  assert.deepEqual([...memory.f32(a, 8)], [2, 4, 6, 8, 10, 12, 14, 16]);
  assert.deepEqual([...memory.f32(b, 8)], [0, 0, 0, 0, 2, 2, 2, 2]);
  const size = memory.floats().byteLength;
  k.addInPlace(a, b, 4);
  k.gemm(a, b, a, 0, 4, size, 8, 0);
  k.addInPlace(a, b, 8);
  assert.throws(
    () => memory.flush(),
    new RegExp(
      /^Error: native kernel gemm\(\d+, \d+, \d+, 0, 4, \d+, 8, 0\) reaches outside the kernel memory/.source +
        / \(\d+ bytes\); no later queued call ran$/.source,
    ),
  );
  // The call before it ran, the one after it did not, and the tape is usable again.
  assert.deepEqual([...memory.f32(a, 8)], [2, 4, 6, 8, 10, 12, 14, 16]);
  k.addInPlace(a, b, 8);
  assert.deepEqual([...memory.f32(a, 8)], [2, 4, 6, 8, 12, 14, 16, 18]);
});

test("a compressed pattern or position list that points outside the memory is named, not run", { skip }, () => {
  const memory = new KernelMemory(instantiateKernels("native"));
  const k = memory.kernels;
  const out = memory.allocate(8);
  const x = memory.allocate(16);
  const vals = memory.allocate(4);
  const ints = (values: number[]): number => {
    const address = memory.allocate(values.length);
    memory.i32(address, values.length).set(values);
    return address;
  };
  memory.f32(x, 16).fill(1);
  memory.f32(vals, 4).fill(2);
  const widest = memory.floats().length / 4;
  const outside = (call: () => void, kernel: string) =>
    assert.throws(
      () => {
        call();
        memory.flush();
      },
      new RegExp(`^Error: native kernel ${kernel}\\(.*\\) reaches outside the kernel memory`),
    );
  // Two rows of a [2][4] product reading X [K][4]: within bounds, then a column past the memory's end, a negative
  // column, and row starts that go backwards.
  const starts = ints([0, 2, 4]);
  k.sparseGemm(out, vals, ints([0, 3, 1, 2]), starts, x, 0, 2, 4, 0, 0);
  assert.deepEqual([...memory.f32(out, 8)], [4, 4, 4, 4, 4, 4, 4, 4]);
  outside(() => k.sparseGemm(out, vals, ints([0, widest, 1, 2]), starts, x, 0, 2, 4, 0, 0), "sparseGemm");
  outside(() => k.sparseGemm(out, vals, ints([0, -1, 1, 2]), starts, x, 0, 2, 4, 0, 0), "sparseGemm");
  outside(() => k.sparseGemm(out, vals, ints([0, 1, 1, 2]), ints([0, 3, 2]), x, 0, 2, 4, 0, 0), "sparseGemm");
  // Weight positions (byte addresses) past the end, or before the start, of the memory.
  const src = memory.allocate(2);
  k.scatterAdd(0, ints([out, out + 4]), src, 2);
  outside(() => k.scatterAdd(0, ints([out, memory.floats().byteLength]), src, 2), "scatterAdd");
  outside(() => k.scatterAdd(0, ints([-8, out]), src, 2), "scatterAdd");
  outside(
    () => k.packedOuterAccumulate(-4 * widest, ints([out, out + 4]), ints([0, 1]), ints([0, 2]), x, x, 1, 4, 1, 0, 0),
    "packedOuterAccumulate",
  );
  // The memory stays usable.
  k.sparseGemm(out, vals, ints([0, 3, 1, 2]), starts, x, 0, 2, 4, 1, 0);
  assert.deepEqual([...memory.f32(out, 8)], [8, 8, 8, 8, 8, 8, 8, 8]);
});

for (const mode of ["GRU", "LSTM"] as const)
  test(
    `${mode}: one graph's training run reaches the same accuracy natively and in WebAssembly after 2 epochs`,
    {
      skip,
    },
    () => {
      const { train, test: testRows } = loadSplit();
      const job = benchmarkGraphs(1, 0, mode)[0]!;
      const { architecture, masks } = LayeredGraph.fromEdges(job.numNodes, job.edges).toArchitecture(mode);
      const tensors = initialParameters(architecture, new SeededRandom(1));
      for (const [name, mask] of masks) tensors.set(name, mask);
      const run = (kernels: KernelVariant) =>
        trainModel(
          new RecurrentModel(architecture, tensors, { kernels }),
          train.slice(0, 256),
          testRows.slice(0, 128),
          {
            runName: mode,
            epochs: 2,
            batchSize: 32,
            rng: new SeededRandom(3),
            progress: false,
          },
        );
      const [native, fma] = [run("native"), run("fma")];
      assert.equal(native.length, 2);
      native.forEach((record, i) => {
        const other = fma[i]!;
        assert.ok(Math.abs(record.test_acc - other.test_acc) <= 1e-6, `epoch ${i + 1} test accuracy`);
        assert.ok(Math.abs(record.train_acc - other.train_acc) <= 1e-6, `epoch ${i + 1} train accuracy`);
        for (const key of ["train_loss", "test_loss"] as const)
          assert.ok(
            Math.abs(record[key] - other[key]) <= 1e-5 * Math.abs(other[key]),
            `epoch ${i + 1} ${key}: ${record[key]} natively, ${other[key]} in WebAssembly`,
          );
      });
    },
  );

test(
  "a replayed pass equals its first, recorded run bit for bit, " + "across shape changes, mask changes and updates",
  { skip },
  () => {
    const job = benchmarkGraphs(1, 0, "GRU")[0]!;
    const { architecture, masks } = LayeredGraph.fromEdges(job.numNodes, job.edges).toArchitecture("GRU");
    const tensors = initialParameters(architecture, new SeededRandom(1));
    for (const [name, mask] of masks) tensors.set(name, mask);
    const rng = new SeededRandom(8);
    const batchOf = (size: number, length: number) => ({
      size,
      length,
      tokens: Int32Array.from({ length: size * length }, () => "BTPSXVE".charCodeAt(rng.int(0, 6))),
      labels: Int32Array.from({ length: size }, () => rng.int(0, 1)),
    });
    const [a, b] = [batchOf(12, 9), batchOf(7, 5)];
    const model = new RecurrentModel(architecture, tensors, { kernels: "native" });
    const gradients = (batch: typeof a) => {
      const { result, gradients } = model.lossAndGradients(batch);
      return [result.loss, ...[...gradients.values()].flatMap((g) => Array.from(g.data as Float32Array))];
    };
    // Recorded, then replayed after another shape moved the workspace and came back.
    const recorded = gradients(a);
    gradients(b);
    assert.deepEqual(gradients(a), recorded, "a replayed pass");
    // After training steps (the weights' refresh is replayed too), a fresh model with the trained weights agrees.
    for (const batch of [a, b, a]) model.trainStep(batch);
    const trained = new RecurrentModel(architecture, model.exportTensors(), { kernels: "native" });
    const [replayed, fresh] = [model.lossAndGradients(b), trained.lossAndGradients(b)];
    assert.equal(replayed.result.loss, fresh.result.loss);
    for (const [name, gradient] of replayed.gradients)
      assert.deepEqual(gradient.data, fresh.gradients.get(name)!.data, `${name} after 3 steps`);
    // New masks clear the recordings: the passes follow the new pattern.
    const pruned = new Map(
      [...masks].map(([name, mask]) => [
        name,
        { ...mask, data: Uint8Array.from(mask.data, (m, i) => (i % 3 ? m : 0)) },
      ]),
    );
    const beforeMasks = model.lossAndGradients(a).result.loss;
    model.setMasks(pruned);
    trained.setMasks(pruned);
    const [afterMasks, freshMasks] = [model.lossAndGradients(a), trained.lossAndGradients(a)];
    assert.equal(afterMasks.result.loss, freshMasks.result.loss);
    assert.notEqual(afterMasks.result.loss, beforeMasks);
  },
);
