/**
 * Seconds per base-model epoch, ours beside the thesis's Tesla K80: a run on part of the data is scaled to the full
 * data set linearly (at a fixed batch size an epoch's time is proportional to its number of strings).
 */
import type { RecurrentMode } from "../models/architecture";
import { THESIS_BASE_RESULTS, type BaseRunSummary } from "./thesis-base-results";

/** Strings of the full data set: 18,750 training and 6,250 test strings. */
export const FULL_DATASET_ROWS = 18_750 + 6_250;

/** One variant's seconds per epoch: measured, scaled to the full data, and the thesis's K80. */
export interface EpochTime {
  readonly mode: RecurrentMode;
  /** Mean seconds per epoch of our run (training plus test evaluation) on `usedRows` strings. */
  readonly seconds: number;
  /** The same scaled linearly to the full data set. */
  readonly fullDataSeconds: number;
  readonly thesisSeconds: number;
  /** Thesis seconds over our full-data seconds (above 1: we are faster). */
  readonly speedUp: number;
}

/** Options of `epochTimes`. */
export interface EpochTimeOptions {
  /** Training plus test strings of our run. */
  readonly usedRows: number;
  /** Strings to scale to (default the full data set, 25,000). */
  readonly fullRows?: number;
}

/** Epoch times of our base runs (from `summariseBaseRun`) beside the thesis's. */
export function epochTimes(summaries: readonly BaseRunSummary[], options: EpochTimeOptions): EpochTime[] {
  if (!(options.usedRows > 0)) throw new Error(`epochTimes: usedRows must be positive, got ${options.usedRows}`);
  return summaries.map((s) => {
    const fullDataSeconds = (s.meanEpochSeconds * (options.fullRows ?? FULL_DATASET_ROWS)) / options.usedRows;
    const thesisSeconds = THESIS_BASE_RESULTS[s.mode].meanEpochSeconds;
    const speedUp = thesisSeconds / fullDataSeconds;
    return { mode: s.mode, seconds: s.meanEpochSeconds, fullDataSeconds, thesisSeconds, speedUp };
  });
}

/** One line: our variants from fastest to slowest, and for how many we beat the K80. */
export function describeEpochTimes(times: readonly EpochTime[]): string {
  const order = [...times].sort((a, b) => a.fullDataSeconds - b.fullDataSeconds).map((t) => t.mode);
  const faster = times.filter((t) => t.fullDataSeconds < t.thesisSeconds).length;
  return (
    `ours, fastest to slowest: ${order.join(" < ")}; ` + `faster than the K80 for ${faster} of ${times.length} variants`
  );
}
