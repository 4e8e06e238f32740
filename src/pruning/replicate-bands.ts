/**
 * Every per-replicate measure of the recovery analysis (recovery-analysis.ts) reduced to a mean with its min–max
 * band over independently trained base models. With one replicate (the thesis's setting) a band collapses onto
 * its mean. Also the short text forms the tables print.
 */
import { PRUNE_KINDS, type PruneKind } from "./magnitude-pruning";
import {
  accuracyAfterPruning,
  baseAccuracy,
  epochsToRegain,
  largestSafePercent,
  prunedPercents,
  retrainingCurve,
} from "./recovery-analysis";
import { splitByReplicate, type ReplicatedRecord } from "./replicated-records";

/** Mean and min–max of one measure over replicates. */
export interface Band {
  readonly mean: number;
  readonly min: number;
  readonly max: number;
  /** Number of replicates the band summarises. */
  readonly n: number;
}

/** Mean and min–max of some values; throws on an empty list. */
export function bandOf(values: readonly number[]): Band {
  if (values.length === 0) throw new Error("band of no values: the records hold no replicate for this measure");
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  return { mean, min: Math.min(...values), max: Math.max(...values), n: values.length };
}

/** Base-model accuracy (final base epoch) over replicates. */
export function baseAccuracyBand(records: readonly ReplicatedRecord[], mode: string): Band {
  return bandOf(splitByReplicate(records).map((group) => baseAccuracy(group, mode)));
}

/** A percentage with a band: one point of an accuracy-against-p curve. */
export interface PercentBand extends Band {
  readonly percent: number;
}

/** Accuracy right after pruning (epoch 0) against p, over replicates; p must be present in every replicate. */
export function accuracyAfterPruningBands(
  records: readonly ReplicatedRecord[],
  mode: string,
  kind: PruneKind,
): PercentBand[] {
  const groups = splitByReplicate(records);
  const perReplicate = groups.map(
    (group) => new Map(accuracyAfterPruning(group, mode, kind).map((p) => [p.percent, p.accuracy])),
  );
  return prunedPercents(records, mode, kind).map((percent) => {
    const values = perReplicate.flatMap((byPercent) => (byPercent.has(percent) ? [byPercent.get(percent)!] : []));
    return { percent, ...bandOf(values) };
  });
}

/** Test accuracy per re-training epoch (index 0 = right after pruning) of one run, over replicates. */
export function retrainingCurveBands(
  records: readonly ReplicatedRecord[],
  mode: string,
  kind: PruneKind,
  percent: number,
): Band[] {
  const curves = splitByReplicate(records)
    .map((group) => retrainingCurve(group, mode, kind, percent))
    .filter((curve) => curve.length > 0);
  if (curves.length === 0) return [];
  // Replicates cut short (an interrupted run) limit the band to the epochs all of them reached.
  const epochs = Math.min(...curves.map((curve) => curve.length));
  return Array.from({ length: epochs }, (_, epoch) => bandOf(curves.map((curve) => curve[epoch]!)));
}

/**
 * Largest safe p (accuracy within `tolerance` of the base for it and every smaller p) per kind and mode, over
 * replicates.
 */
export function safePercentBands(
  records: readonly ReplicatedRecord[],
  modes: readonly string[],
  tolerance = 0.02,
): { kind: PruneKind; bands: Record<string, Band> }[] {
  const groups = splitByReplicate(records);
  return PRUNE_KINDS.map((kind) => ({
    kind,
    bands: Object.fromEntries(
      modes.map((mode) => [mode, bandOf(groups.map((group) => largestSafePercent(group, mode, kind, tolerance)))]),
    ),
  }));
}

/** Re-training epochs to regain the base accuracy, one entry per replicate (null = not regained within the run). */
export function epochsToRegainByReplicate(
  records: readonly ReplicatedRecord[],
  mode: string,
  kind: PruneKind,
  percent: number,
  tolerance = 0.01,
): (number | null)[] {
  return splitByReplicate(records).map((group) => epochsToRegain(group, mode, kind, percent, tolerance));
}

/** Short text of per-replicate regain epochs: "3", "never", or "2–4 (1 never)" across replicates. */
export function formatRegainEpochs(values: readonly (number | null)[]): string {
  const regained = values.filter((v): v is number => v !== null);
  const never = values.length - regained.length;
  if (regained.length === 0) return values.length === 0 ? "–" : "never";
  const low = Math.min(...regained);
  const high = Math.max(...regained);
  const range = low === high ? String(low) : `${low}–${high}`;
  return never > 0 ? `${range} (${never} never)` : range;
}

/** Short text of a band: "0.912" or "0.912 (0.90–0.93)" when replicates differ. */
export function formatBand(band: Band, digits = 3): string {
  const mean = band.mean.toFixed(digits);
  return band.min === band.max ? mean : `${mean} (${band.min.toFixed(digits)}–${band.max.toFixed(digits)})`;
}
