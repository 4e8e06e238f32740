/**
 * Magnitude pruning (thesis 5.2): one threshold, the p-th percentile of |w| over all chosen recurrent weights
 * pooled across every recurrent layer; a weight survives when |w| ≥ threshold. Biases, the embedding and the
 * output layer are never pruned. The pruned model is a new TensorMap: the input is never changed in place.
 */
import { maskTensor, type NamedTensor, type TensorMap } from "../models/named-tensors";
import {
  connectionKindOf,
  isRecurrentWeightName,
  layerTensorName,
  maskNameOf,
  parseLayerTensorName,
  recurrentLayerPrefix,
} from "../models/parameter-names";
import type { TensorSparsity } from "./mask-sparsity";
import { percentile } from "./percentile";

/** Which recurrent weights are pruned: both kinds, input-to-hidden only, or hidden-to-hidden only. */
export type PruneKind = "both" | "i2h" | "h2h";

/** The three kinds, in the thesis's order. */
export const PRUNE_KINDS: readonly PruneKind[] = ["both", "i2h", "h2h"];

/** Parse a user-supplied prune kind, or throw naming the accepted ones. */
export function parsePruneKind(text: string): PruneKind {
  if (!(PRUNE_KINDS as readonly string[]).includes(text))
    throw new Error(`unknown prune kind "${text}": expected one of ${PRUNE_KINDS.join(", ")}`);
  return text as PruneKind;
}

/** The outcome of pruning: the new parameters, the threshold and the sparsity per tensor and overall. */
export interface PruningResult {
  readonly params: TensorMap;
  readonly percent: number;
  readonly kind: PruneKind;
  readonly threshold: number;
  readonly tensors: readonly TensorSparsity[];
  readonly kept: number;
  readonly total: number;
}

/** Names of the recurrent weights a kind prunes, in the map's order (stacked and skip layers alike). */
export function prunableWeightNames(params: TensorMap, kind: PruneKind): string[] {
  return [...params.keys()].filter((name) => {
    const parsed = parseLayerTensorName(name);
    if (!parsed || !isRecurrentWeightName(name)) return false;
    return kind === "both" || connectionKindOf(parsed.part) === kind;
  });
}

function existingMask(params: TensorMap, weightName: string, weight: NamedTensor): Uint8Array {
  const mask = params.get(maskNameOf(weightName));
  if (!mask) return new Uint8Array(weight.data.length).fill(1);
  if (mask.data.length !== weight.data.length) {
    throw new Error(
      `mask ${maskNameOf(weightName)} has ${mask.data.length} entries but ${weightName} has ${weight.data.length}`,
    );
  }
  return mask.data as Uint8Array;
}

/** Throw naming the first tensor that holds NaN or ±Infinity: a diverged model has no meaningful magnitudes. */
function checkFinite(params: TensorMap): void {
  for (const [name, { data }] of params) {
    let first = -1;
    let count = 0;
    for (let i = 0; i < data.length; i++) {
      if (Number.isFinite(data[i])) continue;
      if (first < 0) first = i;
      count++;
    }
    if (first < 0) continue;
    throw new Error(
      `magnitude-pruning: ${name} holds ${data[first]} at index ${first} (${count} non-finite value(s)); ` +
        "a diverged model cannot be pruned by magnitude",
    );
  }
}

/**
 * Prune the chosen recurrent weights at the p-th percentile of their magnitudes.
 * Only weights still present (mask 1) are pooled and can survive, so pruning a structured or
 * already pruned model never revives a removed connection; on a dense model this is exactly the thesis's rule.
 */
export function pruneByMagnitude(params: TensorMap, percent: number, kind: PruneKind): PruningResult {
  checkFinite(params);
  const names = prunableWeightNames(params, kind);
  if (names.length === 0)
    throw new Error(
      `no recurrent weights to prune for kind "${kind}" (expected names like ${layerTensorName(recurrentLayerPrefix(0), "weight_ih")})`,
    );
  const pooled: number[] = [];
  for (const name of names) {
    const weight = params.get(name)!;
    const mask = existingMask(params, name, weight);
    weight.data.forEach((value, index) => {
      if (mask[index]) pooled.push(Math.abs(value));
    });
  }
  // PyTorch compares a float32 tensor with the threshold in float32.
  const threshold = Math.fround(percentile(pooled, percent));
  const pruned: TensorMap = new Map(params);
  const tensors: TensorSparsity[] = [];
  for (const name of names) {
    const weight = params.get(name)!;
    const oldMask = existingMask(params, name, weight);
    const mask = new Uint8Array(weight.data.length);
    let kept = 0;
    for (let i = 0; i < mask.length; i++) {
      mask[i] = oldMask[i] && Math.abs(weight.data[i]!) >= threshold ? 1 : 0;
      kept += mask[i]!;
    }
    pruned.set(maskNameOf(name), maskTensor(weight.shape, mask));
    tensors.push({ weight: name, mask: maskNameOf(name), kept, total: mask.length });
  }
  const kept = tensors.reduce((sum, t) => sum + t.kept, 0);
  const total = tensors.reduce((sum, t) => sum + t.total, 0);
  return { params: pruned, percent, kind, threshold, tensors, kept, total };
}
