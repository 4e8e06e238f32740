/**
 * How pruning runs are named in the per-epoch records (src/training/epoch-records.ts): the thesis's record modes
 * `<mode>_prune`, `<mode>_prune_i2h` and `<mode>_prune_h2h`.
 */
import type { PruneKind } from "./magnitude-pruning";

/** The record-mode name of a pruning run: `gru_prune`, `gru_prune_i2h`, `gru_prune_h2h`. */
export function pruneRunName(mode: string, kind: PruneKind): string {
  const base = mode.toLowerCase();
  return kind === "both" ? `${base}_prune` : `${base}_prune_${kind}`;
}
