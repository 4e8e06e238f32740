/**
 * Mask effect: what a 0 in a mask does to its weight. A pruned weight adds nothing to the output (changing its stored
 * value changes no logit) and gets a gradient of exactly 0, so training never revives it.
 */
import type { Batch } from "../data/batching";
import type { Architecture } from "../models/architecture";
import { floatTensor, maskTensor, type TensorMap } from "../models/named-tensors";
import { RecurrentModel } from "../models/recurrent-model";
import { maskNameOf } from "../models/parameter-names";

/** Options of `maskEffect`. */
export interface MaskEffectOptions {
  readonly architecture: Architecture;
  readonly params: TensorMap;
  readonly batch: Pick<Batch, "size" | "length" | "tokens" | "labels">;
  /** The recurrent weight to prune, e.g. "recurrent.recurrent_layers.1.weight_hh"; its mask is the one beside it. */
  readonly weight: string;
  /** Flat (row-major) indices of the entries to prune, on top of the mask already in `params`. */
  readonly pruned: readonly number[];
  /** What is added to each pruned entry's stored value before the model is run again (default 100). */
  readonly nudge?: number;
}

/** The mask used, the weight's gradient under it, and how far the logits moved when the pruned entries were nudged. */
export interface MaskEffect {
  readonly mask: Uint8Array;
  /** d loss / d weight with the mask applied (before the nudge). */
  readonly gradient: Float32Array;
  /** Whether that gradient is exactly 0 at every entry the mask prunes. */
  readonly prunedGradientsZero: boolean;
  /** Largest |change| of any logit after the nudge, with the mask: 0 when masking works. */
  readonly logitChange: number;
  /** The same nudge with the mask given in `params` (the entries kept): how much those weights matter. */
  readonly logitChangeIfKept: number;
}

/** Prune `pruned` entries of `weight`, then measure the pruned entries' gradient and the effect of nudging them. */
export function maskEffect(options: MaskEffectOptions): MaskEffect {
  const { architecture, params, batch, weight, pruned } = options;
  const tensor = params.get(weight);
  if (!tensor || !/weight_(ih|hh)$/.test(weight)) {
    throw new Error(`mask-effect: "${weight}" is not a recurrent weight of the model`);
  }
  const size = tensor.data.length;
  const bad = pruned.find((i) => !(Number.isInteger(i) && i >= 0 && i < size));
  if (bad !== undefined) throw new Error(`mask-effect: index ${bad} is outside "${weight}" (${size} entries)`);
  const maskName = maskNameOf(weight);
  const mask = Uint8Array.from(params.get(maskName)?.data ?? new Uint8Array(size).fill(1));
  for (const i of pruned) mask[i] = 0;
  const masked = new Map(params).set(maskName, maskTensor(tensor.shape, mask));
  const nudged = Float32Array.from(tensor.data);
  for (const i of pruned) nudged[i] += options.nudge ?? 100;
  const withNudge = (tensors: TensorMap) => new Map(tensors).set(weight, floatTensor(tensor.shape, nudged));

  const model = new RecurrentModel(architecture, masked);
  const before = model.lossAndGradients(batch);
  const gradient = before.gradients.get(weight)!.data as Float32Array;
  model.importTensors(withNudge(masked));
  const logitChange = largestChange(before.result.logits, model.evaluate(batch).logits);
  const kept = new RecurrentModel(architecture, params);
  const keptBefore = kept.evaluate(batch).logits;
  kept.importTensors(withNudge(params));
  const logitChangeIfKept = largestChange(keptBefore, kept.evaluate(batch).logits);
  const prunedGradientsZero = mask.every((keep, i) => keep === 1 || gradient[i] === 0);
  return { mask, gradient, prunedGradientsZero, logitChange, logitChangeIfKept };
}

/** max |a_i − b_i|. */
function largestChange(a: Float32Array, b: Float32Array): number {
  return a.reduce((largest, value, i) => Math.max(largest, Math.abs(value - b[i]!)), 0);
}
