/**
 * How fast pruned models train: one training step of the base model pruned at each percentage, on the dense
 * kernels and on the sparse ones (`sparse-rnn bench --sparse`). The two give the same numbers; this measures where
 * the sparse kernels start to pay, which sets SPARSE_THRESHOLDS.
 */
import { benchmarkBatch } from "../training/step-benchmark";
import type { ModelInput } from "../data/batching";
import { SPARSE_THRESHOLDS } from "../engine/compressed-weight";
import { stackedArchitecture, type RecurrentMode } from "../models/architecture";
import { RecurrentModel, initialParameters } from "../models/recurrent-model";
import { SeededRandom } from "../random/seeded-random";
import { pruneByMagnitude, type PruneKind } from "./magnitude-pruning";
import { leavesEveryLayerAUnit, pruneUnits } from "./structured-pruning";
import type { TensorMap } from "../models/named-tensors";

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
 * The fastest training step of each model over `repeats` rounds (after two warm-up rounds), the models interleaved
 * within each round so that a busy machine slows them all alike.
 */
function fastestSteps(models: readonly RecurrentModel[], batch: ModelInput, repeats: number): number[] {
  const best = models.map(() => Infinity);
  for (let i = 0; i < repeats + 2; i++) {
    models.forEach((model, j) => {
      const started = performance.now();
      model.trainStep(batch);
      if (i >= 2) best[j] = Math.min(best[j]!, performance.now() - started);
    });
  }
  return best;
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
    const best = fastestSteps(models, batch, options.repeats ?? 20);
    return { percent, denseMs: best[0]!, sparseMs: best[1]!, defaultMs: best[2]! };
  });
}

/**
 * Step times at one level: the dense model, the masked model on the engine's kernels, and the structurally shrunk one.
 */
export interface MethodStepTiming {
  readonly percent: number;
  readonly denseMs: number;
  /** Global magnitude masks at this level (random, gradual and imp masks of the same sparsity cost the same). */
  readonly maskedMs: number;
  /** The model with the share p of its units removed (dense kernels, smaller shapes); NaN where no unit is left. */
  readonly structuredMs: number;
}

/**
 * Time a training step of `base` (default: freshly initialised parameters) masked by magnitude at each level and
 * shrunk by unit removal, against the dense model; the fastest of interleaved repeats, as `timePrunedSteps`.
 */
export function timeMethodSteps(
  mode: RecurrentMode,
  percents: readonly number[],
  options: { repeats?: number; size?: number; length?: number; hidden?: readonly number[]; base?: TensorMap } = {},
): MethodStepTiming[] {
  const architecture = stackedArchitecture(mode, options.hidden);
  const base = options.base ?? initialParameters(architecture, new SeededRandom(1));
  const batch = benchmarkBatch(options.size ?? 32, options.length ?? 33, 0);
  const dense = new RecurrentModel(architecture, base);
  return percents.map((percent) => {
    const masked = new RecurrentModel(architecture, pruneByMagnitude(base, percent, "both").params);
    const shrunk = leavesEveryLayerAUnit(architecture.layerSizes, percent)
      ? pruneUnits(architecture, base, percent)
      : null;
    const small = shrunk ? new RecurrentModel(shrunk.architecture, shrunk.params) : null;
    const models = [dense, masked, ...(small ? [small] : [])];
    const best = fastestSteps(models, batch, options.repeats ?? 10);
    return { percent, denseMs: best[0]!, maskedMs: best[1]!, structuredMs: small ? best[2]! : NaN };
  });
}
