/** The two kernel builds: "fma" really fuses its multiply-adds, and both builds compute the same products. */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  KernelMemory,
  instantiateKernels,
  kernelVariant,
  nativeKernelsMissing,
  relaxedSimdAvailable,
  type KernelVariant,
} from "../../src/engine/wasm-kernels";
import { SeededRandom } from "../../src/random/seeded-random";

/** out = bias + W·X with the given build; returns the result as numbers. */
function gemmWith(
  variant: KernelVariant,
  w: number[],
  x: number[],
  bias: number[],
  R: number,
  K: number,
  N: number,
): Float32Array {
  const memory = new KernelMemory(instantiateKernels(variant));
  const put = (values: number[]): number => {
    const address = memory.allocate(values.length);
    memory.f32(address, values.length).set(values);
    return address;
  };
  const out = memory.allocate(R * N);
  memory.kernels.gemm(out, put(w), put(x), put(bias), R, K, N, 0);
  return memory.f32(out, R * N).slice();
}

const fma = relaxedSimdAvailable();

test(
  "the fma build rounds a·b + c once (a fused multiply-add); the simd build rounds twice",
  { skip: fma ? false : "this runtime has no relaxed SIMD" },
  () => {
    // (1 + 2⁻¹²)² = 1 + 2⁻¹¹ + 2⁻²⁴: rounding the product to float32 loses the 2⁻²⁴ that a fused add keeps.
    const a = 1 + 2 ** -12;
    const c = -(1 + 2 ** -11);
    const fused = gemmWith("fma", [a, a, a, a], [a, a, a, a], [c, c, c, c], 4, 1, 4);
    const unfused = gemmWith("simd", [a, a, a, a], [a, a, a, a], [c, c, c, c], 4, 1, 4);
    assert.deepEqual([...fused], new Array(16).fill(2 ** -24));
    assert.deepEqual([...unfused], new Array(16).fill(0));
  },
);

test(
  "both builds give the same products up to float32 rounding",
  { skip: fma ? false : "this runtime has no relaxed SIMD" },
  () => {
    const rng = new SeededRandom(11);
    const [R, K, N] = [150, 50, 32];
    const draw = (n: number) => Array.from({ length: n }, () => rng.uniform(-1, 1));
    const w = draw(R * K);
    const x = draw(K * N);
    const bias = draw(R);
    const fused = gemmWith("fma", w, x, bias, R, K, N);
    const plain = gemmWith("simd", w, x, bias, R, K, N);
    let differing = 0;
    for (let r = 0; r < R; r++) {
      for (let n = 0; n < N; n++) {
        let exact = bias[r]!;
        let magnitude = Math.abs(bias[r]!);
        for (let k = 0; k < K; k++) {
          exact += Math.fround(w[r * K + k]!) * Math.fround(x[k * N + n]!);
          magnitude += Math.abs(w[r * K + k]! * x[k * N + n]!);
        }
        const i = r * N + n;
        // Both are float32 sums of K products: within K ulps of the magnitude of the terms.
        for (const got of [fused[i]!, plain[i]!])
          assert.ok(Math.abs(got - exact) <= K * 2 ** -23 * magnitude, `(${r}, ${n}): ${got} vs ${exact}`);
        if (fused[i] !== plain[i]) differing++;
      }
    }
    assert.ok(differing > 0, "the two builds should differ somewhere (else the fma build is not fusing)");
  },
);

test(
  "SPARSE_RNN_KERNELS chooses the build; the default is native where built, " + "else fma where the runtime allows it",
  () => {
    const requested = process.env.SPARSE_RNN_KERNELS;
    const best = nativeKernelsMissing() === "" ? "native" : fma ? "fma" : "simd";
    assert.equal(kernelVariant(), requested ? requested : best);
  },
);
