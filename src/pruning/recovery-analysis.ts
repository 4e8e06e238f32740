/**
 * Research questions 1–3 from per-epoch records: accuracy right after pruning against p,
 * the largest "safe" p, and the re-training epochs needed to regain the base model's accuracy.
 */
import type { PruneKind } from "./magnitude-pruning";
import { PRUNE_KINDS } from "./magnitude-pruning";
import type { EpochRecord } from "../training/epoch-records";
import { pruneRunName } from "./run-names";

/** Final test accuracy of the base model (the base run's last epoch). */
export function baseAccuracy(records: readonly EpochRecord[], mode: string): number {
  const base = records.filter((r) => r.mode === mode.toLowerCase() && r.prune === 0);
  if (base.length === 0)
    throw new Error(`no base-model records for mode "${mode}" (rows with mode=${mode.toLowerCase()}, prune=0)`);
  return base.reduce((last, r) => (r.epoch > last.epoch ? r : last)).test_acc;
}

/** Test accuracy per epoch (index = epoch, 0 = right after pruning) of one pruning run. */
export function retrainingCurve(
  records: readonly EpochRecord[],
  mode: string,
  kind: PruneKind,
  percent: number,
): number[] {
  const name = pruneRunName(mode, kind);
  const rows = records.filter((r) => r.mode === name && r.prune === percent).sort((a, b) => a.epoch - b.epoch);
  return rows.map((r) => r.test_acc);
}

/** The percentages a records set holds for one mode and kind, ascending. */
export function prunedPercents(records: readonly EpochRecord[], mode: string, kind: PruneKind): number[] {
  const name = pruneRunName(mode, kind);
  return [...new Set(records.filter((r) => r.mode === name).map((r) => r.prune))].sort((a, b) => a - b);
}

/** Accuracy right after pruning (epoch 0) for every p of one mode and kind. */
export function accuracyAfterPruning(
  records: readonly EpochRecord[],
  mode: string,
  kind: PruneKind,
): { percent: number; accuracy: number }[] {
  return prunedPercents(records, mode, kind).map((percent) => {
    const curve = retrainingCurve(records, mode, kind, percent);
    if (curve.length === 0) throw new Error(`no epoch-0 record for ${pruneRunName(mode, kind)} at ${percent}%`);
    return { percent, accuracy: curve[0]! };
  });
}

/**
 * The largest p whose accuracy right after pruning, and that of every smaller p, stays within
 * `tolerance` of the base model (default 2 points); 0 when even the smallest p falls outside.
 */
export function largestSafePercent(
  records: readonly EpochRecord[],
  mode: string,
  kind: PruneKind,
  tolerance = 0.02,
): number {
  const base = baseAccuracy(records, mode);
  let safe = 0;
  for (const { percent, accuracy } of accuracyAfterPruning(records, mode, kind)) {
    if (accuracy < base - tolerance) break;
    safe = percent;
  }
  return safe;
}

/**
 * Re-training epochs until test accuracy is back within `tolerance` of the base (0 = never lost; null = never
 * regained).
 */
export function epochsToRegain(
  records: readonly EpochRecord[],
  mode: string,
  kind: PruneKind,
  percent: number,
  tolerance = 0.01,
): number | null {
  const base = baseAccuracy(records, mode);
  const curve = retrainingCurve(records, mode, kind, percent);
  const epoch = curve.findIndex((accuracy) => accuracy >= base - tolerance);
  return epoch < 0 ? null : epoch;
}

/** One row of the safe-pruning table: a kind and its largest safe p per mode. */
export interface SafePruningRow {
  readonly kind: PruneKind;
  readonly safePercent: Record<string, number>;
}

/** The safe-pruning table (thesis 6.2) for the given modes, one row per kind. */
export function safePruningTable(
  records: readonly EpochRecord[],
  modes: readonly string[],
  tolerance = 0.02,
): SafePruningRow[] {
  return PRUNE_KINDS.map((kind) => ({
    kind,
    safePercent: Object.fromEntries(modes.map((mode) => [mode, largestSafePercent(records, mode, kind, tolerance)])),
  }));
}

/** The thesis's safe-pruning table (chapter 6.2), for comparison beside ours. */
export const THESIS_SAFE_PRUNING: Readonly<Record<PruneKind, Readonly<Record<string, number>>>> = {
  both: { RNN_TANH: 80, RNN_RELU: 70, LSTM: 60, GRU: 80 },
  i2h: { RNN_TANH: 70, RNN_RELU: 80, LSTM: 80, GRU: 80 },
  h2h: { RNN_TANH: 80, RNN_RELU: 70, LSTM: 90, GRU: 90 },
};
