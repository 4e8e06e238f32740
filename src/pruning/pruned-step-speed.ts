/**
 * How fast pruned models train: one training step of the base model pruned at each percentage, on the dense
 * kernels and on the sparse ones (`sparse-rnn bench --sparse`). The two give the same numbers; this measures where
 * the sparse kernels start to pay, which sets SPARSE_THRESHOLDS.
 */
import { benchmarkBatch } from "../training/step-benchmark";
import { SPARSE_THRESHOLDS } from "../engine/compressed-weight";
import { stackedArchitecture, type RecurrentMode } from "../models/architecture";
import { RecurrentModel, initialParameters } from "../models/recurrent-model";
import { SeededRandom } from "../random/seeded-random";
import { pruneByMagnitude, type PruneKind } from "./magnitude-pruning";

/** Step times of one pruned model on each kernel choice (ms, the fastest of the interleaved repeats). */
export interface PrunedStepTiming {
  readonly percent: number;
  /** Every product dense (pruned weights multiplied as zeros). */
  readonly denseMs: number;
  /** Every masked product on the sparse kernels. */
  readonly sparseMs: number;
  /** The engine's default: sparse where a weight's density is below SPARSE_THRESHOLDS. */
  readonly defaultMs: number;
}

/**
 * Time training steps of the base model pruned at each percentage (batch `size` × `length`). Repeats are interleaved
 * across the three kernel choices and the fastest is kept, so a busy machine slows all three alike.
 */
export function timePrunedSteps(
  mode: RecurrentMode,
  kind: PruneKind,
  percents: readonly number[],
  options: { repeats?: number; size?: number; length?: number } = {},
): PrunedStepTiming[] {
  const architecture = stackedArchitecture(mode);
  const base = initialParameters(architecture, new SeededRandom(1));
  const batch = benchmarkBatch(options.size ?? 32, options.length ?? 33, 0);
  const choices = [{ product: -1, gradient: -1 }, { product: 1, gradient: 1 }, SPARSE_THRESHOLDS];
  return percents.map((percent) => {
    const tensors = percent === 0 ? base : pruneByMagnitude(base, percent, kind).params;
    const models = choices.map((sparseThresholds) => new RecurrentModel(architecture, tensors, { sparseThresholds }));
    const best = choices.map(() => Infinity);
    for (let i = 0; i < (options.repeats ?? 20) + 2; i++) {
      models.forEach((model, j) => {
        const started = performance.now();
        model.trainStep(batch);
        if (i >= 2) best[j] = Math.min(best[j]!, performance.now() - started);
      });
    }
    return { percent, denseMs: best[0]!, sparseMs: best[1]!, defaultMs: best[2]! };
  });
}
