/**
 * Random pruning, the control every pruning claim needs (Zhang & Stadie 2019 found standard pruning of recurrent
 * networks often no better than it): each tensor loses exactly as many weights as global magnitude pruning at the
 * same p would remove from it, but the survivors are drawn uniformly among its present entries (seeded).
 */
import type { TensorMap } from "../models/named-tensors";
import type { SeededRandom } from "../random/seeded-random";
import { maskWeights, pruneByMagnitude, type PruneKind, type PruningResult } from "./magnitude-pruning";
import { maskNameOf } from "../models/parameter-names";

/** Prune with the per-tensor sparsity of magnitude pruning at `percent`, choosing the kept entries uniformly. */
export function pruneRandomly(params: TensorMap, percent: number, kind: PruneKind, rng: SeededRandom): PruningResult {
  const reference = pruneByMagnitude(params, percent, kind);
  const chosen = new Map<string, Uint8Array>();
  for (const { weight, kept } of reference.tensors) {
    const size = params.get(weight)!.data.length;
    const oldMask = params.get(maskNameOf(weight))?.data;
    const present = Array.from({ length: size }, (_, i) => i).filter((i) => !oldMask || oldMask[i]);
    // A stream per tensor: a tensor's draw does not depend on which other tensors the kind includes.
    const order = rng.fork(weight).shuffleInPlace(present);
    const keep = new Uint8Array(size);
    for (const index of order.slice(0, kept)) keep[index] = 1;
    chosen.set(weight, keep);
  }
  const names = reference.tensors.map((t) => t.weight);
  const result = maskWeights(params, names, (_, name, index) => chosen.get(name)![index] === 1);
  return { ...result, percent, kind, threshold: NaN };
}
