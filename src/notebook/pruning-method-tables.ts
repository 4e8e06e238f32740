/**
 * Tables and answers of the comparison of pruning methods (notebook 07): how far each method goes within a point of
 * the dense model, the paired magnitude − random differences with their intervals, step times, and the answers to
 * "does magnitude beat chance?" and "which schedule goes furthest?" written from the numbers.
 */
import type { MethodReach, PairedComparison } from "../pruning/method-comparison";
import type { MethodStepTiming } from "../pruning/pruned-step-speed";
import { formatBand, type Band } from "../pruning/replicate-bands";
import { METHOD_LABELS } from "../plots/pruning-method-figures";
import { htmlTable } from "./html-table";

const label = (method: string) => METHOD_LABELS[method] ?? method;

/** A band of shares in percent: "62.5% (50–70%)" (`scale` 100 for shares, 1 for values already in percent). */
function percentBand(band: Band, digits = 0, scale = 100): string {
  const text = (x: number) => (scale * x).toFixed(digits);
  return band.min === band.max ? `${text(band.mean)}%` : `${text(band.mean)}% (${text(band.min)}–${text(band.max)}%)`;
}

/** A mean and 95% interval in accuracy points: "+3.1 [1.2, 5.0]". */
export function formatDifference(summary: { mean: number; ci95: [number, number] }): string {
  const points = (x: number) => `${x >= 0 ? "+" : "−"}${Math.abs(100 * x).toFixed(1)}`;
  if (!Number.isFinite(summary.ci95[0])) return `${points(summary.mean)} points`;
  return `${points(summary.mean)} points [${points(summary.ci95[0])}, ${points(summary.ci95[1])}]`;
}

/** A p-value for a table: two significant digits, "< 0.001" below that, "–" when there is none. */
export function formatPValue(p: number): string {
  return !Number.isFinite(p) ? "–" : p < 0.001 ? "< 0.001" : p.toPrecision(2);
}

/** Per variant and method: the dense accuracy, the largest level within the tolerance, and the sparsity it is. */
export function methodReachTable(reach: ReadonlyMap<string, readonly MethodReach[]>, tolerance = 0.01): string {
  const rows = [...reach].flatMap(([mode, methods]) => methods.map((m) => ({ mode, ...m })));
  return htmlTable(
    rows,
    [
      { header: "variant", value: (r) => r.mode },
      { header: "method", value: (r) => label(r.method) },
      { header: "dense accuracy", value: (r) => formatBand(r.dense) },
      {
        header: `largest p within ${100 * tolerance} point`,
        value: (r) => percentBand(r.percent, 0, 1),
      },
      { header: "weights removed there", value: (r) => percentBand(r.sparsity, 1) },
    ],
    {
      caption:
        `How far each method prunes while the re-trained model stays within ${100 * tolerance} ` +
        "point of its own dense model (that level and every lower one); mean and range over seeds",
    },
  );
}

/**
 * Paired comparisons per variant: the overall difference with its interval, and at how many levels the interval
 * excludes 0.
 */
export function pairedComparisonTable(comparisons: readonly PairedComparison[]): string {
  return htmlTable(
    comparisons,
    [
      { header: "variant", value: (c) => c.mode },
      { header: "accuracy", value: (c) => (c.stage === "final" ? "after re-training" : "right after pruning") },
      { header: "levels", value: (c) => `${c.percents[0]}–${c.percents.at(-1)}%` },
      { header: "mean difference [95% CI]", value: (c) => formatDifference(c.overall) },
      { header: "seeds", value: (c) => c.overall.n },
      {
        header: "levels with CI above 0",
        value: (c) =>
          c.overall.n < 2 ? "n/a" : `${c.levels.filter((l) => l.summary.ci95[0] > 0).length} of ${c.levels.length}`,
      },
      {
        header: "levels with CI below 0",
        value: (c) =>
          c.overall.n < 2 ? "n/a" : `${c.levels.filter((l) => l.summary.ci95[1] < 0).length} of ${c.levels.length}`,
      },
    ],
    {
      caption:
        comparisons.length > 0
          ? `${label(comparisons[0]!.first)} − ${label(comparisons[0]!.second)} in test accuracy, ` +
            "paired by base model; the interval is Student's t over " +
            "seeds (each seed's mean over the levels is one observation)"
          : "paired comparison",
    },
  );
}

/** Step times per variant and level: dense, masked and shrunk, and the speed-ups. */
export function methodStepTimeTable(timings: ReadonlyMap<string, readonly MethodStepTiming[]>): string {
  const rows = [...timings].flatMap(([mode, levels]) => levels.map((t) => ({ mode, ...t })));
  return htmlTable(
    rows,
    [
      { header: "variant", value: (r) => r.mode },
      { header: "p", value: (r) => `${r.percent}%` },
      { header: "dense ms", value: (r) => r.denseMs, digits: 2 },
      { header: "masked ms", value: (r) => r.maskedMs, digits: 2 },
      { header: "structured ms", value: (r) => r.structuredMs, digits: 2 },
      { header: "masked speed-up", value: (r) => r.denseMs / r.maskedMs, digits: 2 },
      { header: "structured speed-up", value: (r) => r.denseMs / r.structuredMs, digits: 2 },
    ],
    { caption: "One training step (batch 32 × 33, one core), fastest of interleaved repeats" },
  );
}

/** The answer to "does magnitude beat random?", one sentence per variant from the paired comparisons. */
export function describeMagnitudeVersusRandom(
  final: readonly PairedComparison[],
  pruned: readonly PairedComparison[],
): string {
  const verdict = (c: PairedComparison) =>
    c.overall.n < 2
      ? "(one seed: no interval yet) differs from"
      : c.overall.ci95[0] > 0
        ? "beats"
        : c.overall.ci95[1] < 0
          ? "loses to"
          : "cannot be told apart from";
  return final
    .map((c) => {
      const before = pruned.find((p) => p.mode === c.mode);
      const first = `${c.mode}: after re-training, magnitude ${verdict(c)} random (${formatDifference(c.overall)})`;
      return before
        ? `${first}; right after pruning, before any re-training, ` +
            `it ${verdict(before)} it (${formatDifference(before.overall)}).`
        : `${first}.`;
    })
    .join("\n");
}

/** The answer to "which method goes furthest?", one sentence per variant from the reach table. */
export function describeFurthestMethods(reach: ReadonlyMap<string, readonly MethodReach[]>, tolerance = 0.01): string {
  return [...reach]
    .map(([mode, methods]) => {
      const best = Math.max(...methods.map((m) => m.sparsity.mean));
      const leaders = methods.filter((m) => m.sparsity.mean === best).map((m) => label(m.method));
      const order = [...methods]
        .sort((a, b) => b.sparsity.mean - a.sparsity.mean)
        .map((m) => `${label(m.method)} ${(100 * m.sparsity.mean).toFixed(0)}%`)
        .join(", ");
      return (
        `${mode}: ${leaders.join(" and ")} ${leaders.length > 1 ? "go" : "goes"} furthest ` +
        `within ${100 * tolerance} point of dense (weights removed, mean over seeds: ${order}).`
      );
    })
    .join("\n");
}

/** The dense (base) models' test accuracy per variant and seed: whether they saturate. */
export function denseAccuracyTable(accuracies: ReadonlyMap<string, ReadonlyMap<number, number>>): string {
  const rows = [...accuracies].map(([mode, bySeed]) => ({ mode, values: [...bySeed.values()] }));
  return htmlTable(
    rows,
    [
      { header: "variant", value: (r) => r.mode },
      { header: "mean", value: (r) => r.values.reduce((a, b) => a + b, 0) / r.values.length, digits: 4 },
      { header: "lowest", value: (r) => Math.min(...r.values), digits: 4 },
      { header: "highest", value: (r) => Math.max(...r.values), digits: 4 },
      { header: "seeds at 100%", value: (r) => `${r.values.filter((v) => v === 1).length} of ${r.values.length}` },
    ],
    { caption: "The dense base models' test accuracy (the yardstick of every method)" },
  );
}

/** A note on the seeds a comparison uses, when a part of the study is still missing some. */
export function replicateNote(
  label: string,
  complete: readonly number[],
  incomplete: readonly number[],
): string | null {
  if (incomplete.length === 0) return null;
  return (
    `${label}: seed(s) ${incomplete.join(", ")} are only partly shipped and left out; the numbers below use ` +
    `seed(s) ${complete.join(", ") || "none"}.`
  );
}
