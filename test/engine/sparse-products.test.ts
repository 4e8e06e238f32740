/**
 * Sparse products for pruned weights: the CSR kernels give the dense kernels' results bit for bit (they add the same
 * terms in the same order, and a pruned term is an exact zero), so a model trains identically on either path.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  KernelMemory,
  instantiateKernels,
  nativeKernelsMissing,
  relaxedSimdAvailable,
  type KernelVariant,
} from "../../src/engine/wasm-kernels";
import { CompressedWeight } from "../../src/engine/compressed-weight";
import { RECURRENT_MODES, stackedArchitecture, type Architecture } from "../../src/models/architecture";
import { RecurrentModel, initialParameters } from "../../src/models/recurrent-model";
import { maskTensor } from "../../src/models/named-tensors";
import { SeededRandom } from "../../src/random/seeded-random";

const variants: KernelVariant[] = [
  "simd",
  ...(relaxedSimdAvailable() ? (["fma"] as const) : []),
  ...(nativeKernelsMissing() === "" ? (["native"] as const) : []),
];

/** Fresh kernel memory of one build, and a helper copying values into it (returns the address). */
function kernelMemory(variant: KernelVariant): { memory: KernelMemory; put: (values: number[]) => number } {
  const memory = new KernelMemory(instantiateKernels(variant));
  const put = (values: number[]): number => {
    const address = memory.allocate(values.length);
    memory.f32(address, values.length).set(values);
    return address;
  };
  return { memory, put };
}

/**
 * Bits of float32 values, so that comparisons are exact (+0 and -0 compare equal: a pruned term may flip a zero's
 * sign).
 */
function bits(values: Float32Array): number[] {
  return Array.from(values, (v) => (v === 0 ? 0 : v));
}

for (const variant of variants) {
  test(`${variant}: sparseGemm equals gemm bit for bit (rows, columns, bias, accumulation, densities)`, () => {
    const { memory, put } = kernelMemory(variant);
    const k = memory.kernels;
    const rng = new SeededRandom(5);
    for (const [R, K, N] of [
      [3, 5, 4],
      [7, 9, 12],
      [12, 4, 128],
      [13, 6, 36],
      [200, 50, 32],
      [6, 1, 8],
    ] as const) {
      for (const density of [0, 0.1, 0.5, 0.9, 1]) {
        for (const accumulate of [0, 1]) {
          const wValues = Array.from({ length: R * K }, () => rng.uniform(-1, 1));
          const maskValues = Array.from({ length: R * K }, () => (rng.random() < density ? 1 : 0));
          const w = put(wValues);
          const maskDelta = put(maskValues) - w;
          const effective = put(wValues.map((v, i) => v * maskValues[i]!));
          const transposed = memory.allocate(R * K);
          k.maskedTranspose(transposed, w, w + maskDelta, R, K);
          const compressed = new CompressedWeight(memory, w, maskDelta, R, K);
          compressed.rebuild();
          assert.equal(compressed.nnz, maskValues.filter((m) => m).length);
          const bias = put(Array.from({ length: Math.max(R, K) }, () => rng.uniform(-1, 1)));
          const start = Array.from({ length: Math.max(R, K) * N }, () => rng.uniform(-1, 1));
          const x = put(Array.from({ length: Math.max(R, K) * N }, () => rng.uniform(-1, 1)));
          const dense = put(start);
          const sparse = put(start);
          k.gemm(dense, effective, x, bias, R, K, N, accumulate);
          const c = compressed.rowsForm;
          k.sparseGemm(sparse, c.vals, c.cols, c.rowStart, x, bias, R, N, accumulate, R & ~3);
          assert.deepEqual(
            bits(memory.f32(sparse, R * N)),
            bits(memory.f32(dense, R * N)),
            `W·x ${R}×${K}×${N} density ${density} accumulate ${accumulate}`,
          );
          // The transpose, as in the backward pass (no bias).
          const denseT = put(start);
          const sparseT = put(start);
          k.gemm(denseT, transposed, x, 0, K, R, N, accumulate);
          const t = compressed.transposedForm;
          k.sparseGemm(sparseT, t.vals, t.cols, t.rowStart, x, 0, K, N, accumulate, K & ~3);
          assert.deepEqual(
            bits(memory.f32(sparseT, K * N)),
            bits(memory.f32(denseT, K * N)),
            `Wᵀ·g ${R}×${K}×${N} density ${density}`,
          );
        }
      }
    }
  });

  test(`${variant}: sparseOuterAccumulate equals outerAccumulate at every kept entry and leaves the others`, () => {
    const { memory, put } = kernelMemory(variant);
    const k = memory.kernels;
    const rng = new SeededRandom(6);
    for (const [R, K, N, T] of [
      [3, 5, 4, 2],
      [12, 7, 8, 5],
      [200, 50, 32, 3],
      [9, 2, 12, 1],
    ] as const) {
      for (const density of [0.05, 0.3, 0.7, 1]) {
        const maskValues = Array.from({ length: R * K }, () => (rng.random() < density ? 1 : 0));
        const w = put(Array.from({ length: R * K }, () => rng.uniform(-1, 1)));
        const maskDelta = put(maskValues) - w;
        const compressed = new CompressedWeight(memory, w, maskDelta, R, K);
        compressed.rebuild();
        const g = put(Array.from({ length: T * R * N }, () => rng.uniform(-1, 1)));
        const x = put(Array.from({ length: T * K * N }, () => rng.uniform(-1, 1)));
        const initial = Array.from({ length: R * K }, () => rng.uniform(-1, 1));
        const dense = put(initial);
        const sparse = put(initial);
        k.outerAccumulate(dense, g, x, R, K, N, T, 4 * R * N, 4 * K * N);
        k.sparseOuterAccumulate(
          sparse,
          compressed.rowsForm.cols,
          compressed.rowsForm.rowStart,
          g,
          x,
          R,
          K,
          N,
          T,
          4 * R * N,
          4 * K * N,
        );
        const d = memory.f32(dense, R * K);
        const s = memory.f32(sparse, R * K);
        for (let i = 0; i < R * K; i++) {
          assert.equal(
            s[i],
            maskValues[i] ? d[i] : Math.fround(initial[i]!),
            `entry ${i} of ${R}×${K} (density ${density}, kept ${maskValues[i]})`,
          );
        }
      }
    }
  });
}

/** An architecture with skip layers (as graph-structured models have). */
const structured = (mode: (typeof RECURRENT_MODES)[number]): Architecture => ({
  mode,
  layerSizes: [5, 3, 6, 4],
  skips: [
    { source: 0, target: 2 },
    { source: 1, target: 3 },
    { source: 0, target: 3 },
  ],
  vocabularySize: 128,
  outputSize: 2,
});

for (const mode of RECURRENT_MODES) {
  test(
    `${mode}: training on the sparse kernels equals training on the dense ones, ` +
      "bit for bit (stacked and with skips)",
    () => {
      for (const architecture of [stackedArchitecture(mode, [8, 12, 6]), structured(mode)]) {
        const rng = new SeededRandom(7);
        const tensors = initialParameters(architecture, rng);
        // Masks of every density, so each unit takes a different mix of sparse and dense kernels.
        let i = 0;
        for (const [name, t] of tensors) {
          if (t.dtype !== "bool") continue;
          const keep = [0.05, 0.3, 0.6, 0.9][i++ % 4]!;
          tensors.set(
            name,
            maskTensor(
              t.shape,
              Uint8Array.from(t.data, () => (rng.random() < keep ? 1 : 0)),
            ),
          );
        }
        const run = (sparse: boolean) => {
          const thresholds = sparse ? { product: 1, gradient: 1 } : { product: -1, gradient: -1 };
          const model = new RecurrentModel(architecture, tensors, { sparseThresholds: thresholds });
          const data = new SeededRandom(8);
          const losses: number[] = [];
          for (let step = 0; step < 4; step++) {
            const size = 5 + 4 * step;
            const length = 3 + step;
            const batch = {
              size,
              length,
              tokens: Int32Array.from({ length: size * length }, () => data.int(60, 90)),
              labels: Int32Array.from({ length: size }, () => data.int(0, 1)),
            };
            losses.push(model.trainStep(batch).loss);
          }
          return { losses, tensors: model.exportTensors() };
        };
        const dense = run(false);
        const sparse = run(true);
        assert.deepEqual(sparse.losses, dense.losses);
        for (const [name, t] of dense.tensors)
          assert.deepEqual(
            bits(sparse.tensors.get(name)!.data as Float32Array),
            bits(t.data as Float32Array),
            `${mode} ${name}`,
          );
      }
    },
  );
}
