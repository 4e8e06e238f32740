/**
 * Comparing a fresh run of the study with the shipped one: the mean accuracies, the safe-pruning table, the
 * correlation tables 6.1–6.4 and the R² table 6.5. Each number gets a verdict: identical (the same seed gave the
 * same numbers), within the shipped seed spread, or outside it. The spread is what the shipped run itself says
 * about noise: the min–max over replicates for the pruning study, the 95% interval over graphs for means and
 * correlations, and mean ± 2 sd over random splits for R².
 */
import type { StructureRow } from "../analysis/results-csv";
import { predictAccuracy } from "../analysis/performance-prediction";
import { correlationsByVariant } from "../analysis/structure-correlation";
import { summarize } from "../analysis/statistics";
import { THESIS_CORRELATION_PROPERTIES } from "../analysis/thesis-structure-values";
import { PRUNE_KINDS } from "../pruning/magnitude-pruning";
import { baseAccuracyBand, safePercentBands, type Band } from "../pruning/replicate-bands";
import { type ReplicatedRecord } from "../pruning/replicated-records";

/** How a recomputed number relates to the shipped one. */
export type Verdict = "identical" | "within spread" | "outside spread";

/** One compared number. */
export interface Agreement {
  /** What is compared, e.g. "base accuracy", "safe p (i2h)", "r(source_nodes)", "R² random forest". */
  readonly measure: string;
  readonly variant: string;
  readonly computed: number;
  readonly shipped: number;
  /** The shipped spread the computed value is judged against, [low, high]. */
  readonly spread: readonly [number, number];
  readonly verdict: Verdict;
}

function judge(computed: number, shipped: number, spread: readonly [number, number]): Verdict {
  if (computed === shipped || (Number.isNaN(computed) && Number.isNaN(shipped))) return "identical";
  // A tiny tolerance: a spread of one replicate is a point, and float sums differ in the last bits.
  const slack = 1e-9;
  return computed >= spread[0] - slack && computed <= spread[1] + slack ? "within spread" : "outside spread";
}

function bandAgreement(measure: string, variant: string, computed: Band, shipped: Band): Agreement {
  return {
    measure,
    variant,
    computed: computed.mean,
    shipped: shipped.mean,
    spread: [shipped.min, shipped.max],
    verdict: judge(computed.mean, shipped.mean, [shipped.min, shipped.max]),
  };
}

/** Base accuracies and the safe-pruning table (2-point rule) of two pruning studies, per variant. */
export function comparePruningStudies(
  computed: readonly ReplicatedRecord[],
  shipped: readonly ReplicatedRecord[],
  modes: readonly string[],
): Agreement[] {
  const agreements = modes.map((mode) =>
    bandAgreement("base accuracy", mode, baseAccuracyBand(computed, mode), baseAccuracyBand(shipped, mode)),
  );
  const ours = safePercentBands(computed, modes);
  const theirs = safePercentBands(shipped, modes);
  for (const kind of PRUNE_KINDS) {
    const a = ours.find((row) => row.kind === kind)!;
    const b = theirs.find((row) => row.kind === kind)!;
    for (const mode of modes) agreements.push(bandAgreement(`safe p (${kind})`, mode, a.bands[mode]!, b.bands[mode]!));
  }
  return agreements;
}

function accuracies(rows: readonly StructureRow[], mode: string): number[] {
  return rows.filter((row) => row.mode === mode).map((row) => Number(row.test_acc));
}

/** Options of `compareStructureSweeps`. */
export interface StructureComparisonOptions {
  /** Random 90/10 splits of the R² estimate (table 6.5); default 20, as the notebooks use. */
  readonly repeats?: number;
  readonly seed?: number;
}

/** Mean accuracy, the correlations of tables 6.1–6.4 and the R² of table 6.5 of two sweeps, per variant. */
export function compareStructureSweeps(
  computed: readonly StructureRow[],
  shipped: readonly StructureRow[],
  modes: readonly string[],
  options: StructureComparisonOptions = {},
): Agreement[] {
  const repeats = options.repeats ?? 20;
  const seed = options.seed ?? 0;
  const agreements: Agreement[] = [];
  const ourCorrelations = correlationsByVariant(computed);
  const theirCorrelations = correlationsByVariant(shipped);
  for (const mode of modes) {
    const ours = summarize(accuracies(computed, mode));
    const theirs = summarize(accuracies(shipped, mode));
    agreements.push({
      measure: "mean accuracy",
      variant: mode,
      computed: ours.mean,
      shipped: theirs.mean,
      spread: theirs.ci95,
      verdict: judge(ours.mean, theirs.mean, theirs.ci95),
    });
    for (const property of THESIS_CORRELATION_PROPERTIES) {
      const a = ourCorrelations.get(mode)?.find((c) => c.property === property);
      const b = theirCorrelations.get(mode)?.find((c) => c.property === property);
      if (!a || !b) continue;
      agreements.push({
        measure: `r(${property})`,
        variant: mode,
        computed: a.r,
        shipped: b.r,
        spread: b.ci95,
        verdict: judge(a.r, b.r, b.ci95),
      });
    }
    const predict = (rows: readonly StructureRow[]) =>
      predictAccuracy({ rows: rows.filter((row) => row.mode === mode), seed, repeats });
    const ourR2 = predict(computed).perRegressor;
    for (const shippedRegressor of predict(shipped).perRegressor) {
      const mine = ourR2.find((r) => r.name === shippedRegressor.name)!;
      const { mean, sd } = shippedRegressor.summary;
      const half = 2 * (Number.isFinite(sd) ? sd : 0);
      agreements.push({
        measure: `R² ${shippedRegressor.name}`,
        variant: mode,
        computed: mine.summary.mean,
        shipped: mean,
        spread: [mean - half, mean + half],
        verdict: judge(mine.summary.mean, mean, [mean - half, mean + half]),
      });
    }
  }
  return agreements;
}

/** Counts of each verdict and the agreements outside the spread, in one sentence. */
export function describeAgreements(agreements: readonly Agreement[]): string {
  const count = (verdict: Verdict) => agreements.filter((a) => a.verdict === verdict).length;
  const outside = agreements.filter((a) => a.verdict === "outside spread");
  const listed = outside
    .slice(0, 12)
    .map((a) => `${a.measure} ${a.variant} (${a.computed.toFixed(3)} against ${a.shipped.toFixed(3)})`);
  const more = outside.length > 12 ? `; and ${outside.length - 12} more` : "";
  const which = outside.length ? `: ${listed.join("; ")}${more}` : "";
  return (
    `${agreements.length} numbers compared: ${count("identical")} identical, ` +
    `${count("within spread")} within the shipped spread, ${outside.length} outside it${which}.`
  );
}
