/**
 * Layer-wise magnitude pruning: the thesis's percentile rule applied to each recurrent weight tensor on its own, so
 * every tensor loses the same share p (Han et al. 2015 prune per layer; the thesis pools all tensors instead, which
 * lets a tensor of small weights lose more than p).
 */
import type { TensorMap } from "../models/named-tensors";
import {
  checkedPrunableNames,
  maskWeights,
  presentMagnitudes,
  type PruneKind,
  type PruningResult,
} from "./magnitude-pruning";
import { percentile } from "./percentile";

/**
 * Prune each chosen tensor at the p-th percentile of its own present magnitudes; `threshold` is NaN (one per tensor).
 */
export function pruneLayerwise(params: TensorMap, percent: number, kind: PruneKind): PruningResult {
  const names = checkedPrunableNames(params, kind, "layerwise-pruning");
  // float32 thresholds, as PyTorch compares a float32 tensor with one.
  const thresholds = new Map(
    names.map((name) => [name, Math.fround(percentile(presentMagnitudes(params, [name]), percent))]),
  );
  const result = maskWeights(params, names, (magnitude, name) => magnitude >= thresholds.get(name)!);
  return { ...result, percent, kind, threshold: NaN };
}
