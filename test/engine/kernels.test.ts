/** The WebAssembly kernels on their own: SIMD transcendentals against float64 Math, products against a plain loop. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { KernelMemory, instantiateKernels } from "../../src/engine/wasm-kernels";
import { SeededRandom } from "../../src/random/seeded-random";

const memory = new KernelMemory(instantiateKernels());
const k = memory.kernels;

/** Copy values into fresh kernel memory; returns the address. */
function put(values: ArrayLike<number>): number {
  const address = memory.allocate(values.length);
  memory.f32(address, values.length).set(values);
  return address;
}

test("tanh, sigmoid and exp stay within a few float32 ulps of float64 Math, and NaN propagates", () => {
  const xs: number[] = [];
  for (let x = -30; x <= 30; x += 0.00731) xs.push(x);
  xs.push(0, -0, 1e-8, -1e-8, 0.625, -0.625, 0.62499, 88, -88, 100, -100, NaN);
  while (xs.length % 4) xs.push(0.5);
  const input = put(xs);
  const out = memory.allocate(xs.length);
  const exact = [Math.tanh, (x: number) => 1 / (1 + Math.exp(-x)), Math.exp];
  for (let kind = 0; kind < 3; kind++) {
    k.transcendental(out, input, xs.length, kind);
    const got = memory.f32(out, xs.length);
    xs.forEach((x, i) => {
      const want = exact[kind]!(Math.fround(x)); // the kernel sees x rounded to float32
      if (Number.isNaN(x)) return assert.ok(Number.isNaN(got[i]!), `kind ${kind}: NaN in, ${got[i]} out`);
      if (kind === 2 && Math.abs(x) > 87) return; // exp is clamped to float32's range
      const error = Math.abs(got[i]! - want) / Math.max(Math.abs(want), 1e-30);
      // tanh is a rational approximation good to 2.6e-7 (4 ulps near ±1); σ and exp keep 1–2 ulps.
      const tolerance = kind === 0 ? 3e-7 : 2e-7;
      assert.ok(
        error < tolerance || Math.abs(got[i]! - want) < 1e-37,
        `kind ${kind} at ${x}: ${got[i]} vs ${want} (relative ${error})`,
      );
    });
  }
});

test("gemm handles every blocking remainder (rows, columns, accumulation, bias)", () => {
  const rng = new SeededRandom(3);
  for (const [R, K, N] of [
    [1, 1, 1],
    [5, 3, 4],
    [7, 9, 12],
    [4, 2, 13],
    [13, 6, 50],
    [2, 50, 32],
  ] as const) {
    const w = Float32Array.from({ length: R * K }, () => rng.uniform(-1, 1));
    const x = Float32Array.from({ length: K * N }, () => rng.uniform(-1, 1));
    const bias = Float32Array.from({ length: R }, () => rng.uniform(-1, 1));
    const start = Float32Array.from({ length: R * N }, () => rng.uniform(-1, 1));
    const out = put(start);
    k.gemm(out, put(w), put(x), put(bias), R, K, N, 1);
    const got = memory.f32(out, R * N);
    for (let r = 0; r < R; r++) {
      for (let c = 0; c < N; c++) {
        let want = start[r * N + c]! + bias[r]!;
        for (let i = 0; i < K; i++) want += w[r * K + i]! * x[i * N + c]!;
        assert.ok(
          Math.abs(got[r * N + c]! - want) < 1e-5,
          `[${R},${K},${N}] at (${r},${c}): ${got[r * N + c]} vs ${want}`,
        );
      }
    }
  }
});

test("outerAccumulate sums G_t·X_tᵀ over time for every remainder", () => {
  const rng = new SeededRandom(4);
  for (const [R, K, N, T] of [
    [1, 1, 4, 1],
    [6, 3, 8, 3],
    [9, 5, 4, 2],
  ] as const) {
    const g = Float32Array.from({ length: T * R * N }, () => rng.uniform(-1, 1));
    const x = Float32Array.from({ length: T * K * N }, () => rng.uniform(-1, 1));
    const dw = put(new Float32Array(R * K).fill(0.5));
    k.outerAccumulate(dw, put(g), put(x), R, K, N, T, 4 * R * N, 4 * K * N);
    const got = memory.f32(dw, R * K);
    for (let r = 0; r < R; r++) {
      for (let c = 0; c < K; c++) {
        let want = 0.5;
        for (let t = 0; t < T; t++)
          for (let b = 0; b < N; b++) want += g[t * R * N + r * N + b]! * x[t * K * N + c * N + b]!;
        assert.ok(Math.abs(got[r * K + c]! - want) < 1e-5, `[${R},${K},${N},${T}] at (${r},${c})`);
      }
    }
  }
});
