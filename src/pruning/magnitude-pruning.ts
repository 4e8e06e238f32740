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
function checkFinite(params: TensorMap, method: string): void {
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
      `${method}: ${name} holds ${data[first]} at index ${first} (${count} non-finite value(s)); ` +
        "a diverged model cannot be pruned by magnitude",
    );
  }
}

/** The chosen weights' magnitudes where their masks still keep them, pooled in map order. */
export function presentMagnitudes(params: TensorMap, names: readonly string[]): number[] {
  const pooled: number[] = [];
  for (const name of names) {
    const weight = params.get(name)!;
    const mask = existingMask(params, name, weight);
    weight.data.forEach((value, index) => {
      if (mask[index]) pooled.push(Math.abs(value));
    });
  }
  return pooled;
}

/**
 * New masks for the named weights: an entry survives when its old mask keeps it and `survives(|w|, name, index)`
 * says so. Returns the new parameters (masks replaced) and the sparsity per tensor and overall.
 */
export function maskWeights(
  params: TensorMap,
  names: readonly string[],
  survives: (magnitude: number, name: string, index: number) => boolean,
): Pick<PruningResult, "params" | "tensors" | "kept" | "total"> {
  const pruned: TensorMap = new Map(params);
  const tensors: TensorSparsity[] = [];
  for (const name of names) {
    const weight = params.get(name)!;
    const oldMask = existingMask(params, name, weight);
    const mask = new Uint8Array(weight.data.length);
    let kept = 0;
    for (let i = 0; i < mask.length; i++) {
      mask[i] = oldMask[i] && survives(Math.abs(weight.data[i]!), name, i) ? 1 : 0;
      kept += mask[i]!;
    }
    pruned.set(maskNameOf(name), maskTensor(weight.shape, mask));
    tensors.push({ weight: name, mask: maskNameOf(name), kept, total: mask.length });
  }
  const kept = tensors.reduce((sum, t) => sum + t.kept, 0);
  const total = tensors.reduce((sum, t) => sum + t.total, 0);
  return { params: pruned, tensors, kept, total };
}

/** The prunable weights of a kind, after checking the model is finite and has some (`method` names the caller). */
export function checkedPrunableNames(params: TensorMap, kind: PruneKind, method = "magnitude-pruning"): string[] {
  checkFinite(params, method);
  const names = prunableWeightNames(params, kind);
  if (names.length === 0)
    throw new Error(
      `${method}: no recurrent weights to prune for kind "${kind}" ` +
        `(expected names like ${layerTensorName(recurrentLayerPrefix(0), "weight_ih")})`,
    );
  return names;
}

/**
 * Prune the chosen recurrent weights at the p-th percentile of their magnitudes.
 * Only weights still present (mask 1) are pooled and can survive, so pruning a structured or
 * already pruned model never revives a removed connection; on a dense model this is exactly the thesis's rule.
 */
export function pruneByMagnitude(params: TensorMap, percent: number, kind: PruneKind): PruningResult {
  const names = checkedPrunableNames(params, kind);
  // PyTorch compares a float32 tensor with the threshold in float32.
  const threshold = Math.fround(percentile(presentMagnitudes(params, names), percent));
  const result = maskWeights(params, names, (magnitude) => magnitude >= threshold);
  return { ...result, percent, kind, threshold };
}

/**
 * Prune by global magnitude to exactly `sparsity` (a fraction of all the kind's weights, pruned ones included): keep
 * the round((1 − sparsity)·N) largest present magnitudes, ties broken by position. The schedules (gradual, iterative)
 * use it, since they prescribe a sparsity, not a percentile; `threshold` is the smallest kept magnitude.
 */
export function pruneToSparsity(params: TensorMap, sparsity: number, kind: PruneKind): PruningResult {
  if (!(sparsity >= 0 && sparsity <= 1)) throw new Error(`sparsity must be within [0, 1], got ${sparsity}`);
  const names = checkedPrunableNames(params, kind);
  const entries: { magnitude: number; name: number; index: number }[] = [];
  let total = 0;
  names.forEach((name, n) => {
    const weight = params.get(name)!;
    const mask = existingMask(params, name, weight);
    total += mask.length;
    weight.data.forEach((value, index) => {
      if (mask[index]) entries.push({ magnitude: Math.abs(value), name: n, index });
    });
  });
  const keep = Math.min(entries.length, total - Math.round(sparsity * total));
  entries.sort((a, b) => b.magnitude - a.magnitude || a.name - b.name || a.index - b.index);
  const survivors = new Map(names.map((name) => [name, new Uint8Array(params.get(name)!.data.length)]));
  for (const { name, index } of entries.slice(0, keep)) survivors.get(names[name]!)![index] = 1;
  const result = maskWeights(params, names, (_, name, index) => survivors.get(name)![index] === 1);
  const threshold = keep > 0 ? entries[keep - 1]!.magnitude : Infinity;
  return { ...result, percent: 100 * sparsity, kind, threshold };
}
