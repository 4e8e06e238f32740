/**
 * The spectrum's random baseline in notebook 08: per variant and average degree, WS-flex graphs against connected
 * G(n, m) graphs with the same edges (so the same weights), and the answer written from those numbers.
 */
import { differenceOverDegrees, type RandomBaselinePoint } from "../analysis/random-baseline-comparison";
import type { Summary } from "../analysis/statistics";
import { htmlTable } from "./html-table";
import { formatDifference, formatPValue } from "./pruning-method-tables";

/** "0.912 ± 0.031 (n)": mean, half-width of the 95% interval and the graph count. */
function meanWithHalfWidth(summary: Summary): string {
  const half = (summary.ci95[1] - summary.ci95[0]) / 2;
  return Number.isFinite(half)
    ? `${summary.mean.toFixed(3)} ± ${half.toFixed(3)} (${summary.n})`
    : `${summary.mean.toFixed(3)} (${summary.n})`;
}

/** One row per variant and k: the random graphs, the WS-flex graphs, their difference, and the best p of that k. */
export function randomBaselineTable(points: readonly RandomBaselinePoint[]): string {
  return htmlTable(
    points,
    [
      { header: "variant", value: (point) => point.mode },
      { header: "k", value: (point) => point.k },
      { header: "G(n, m): accuracy (graphs)", value: (point) => meanWithHalfWidth(point.random) },
      {
        header: "G(n, m): C, L",
        value: (point) => `${point.randomClustering.toFixed(2)}, ${point.randomPathLength.toFixed(2)}`,
      },
      { header: "WS-flex, all p (graphs)", value: (point) => meanWithHalfWidth(point.smallWorld) },
      { header: "WS-flex − G(n, m)", value: (point) => formatDifference({ mean: point.difference, ci95: point.ci95 }) },
      { header: "p", value: (point) => formatPValue(point.pValue) },
      {
        header: "best p of this k (accuracy)",
        value: (point) => `${point.bestP.toFixed(3)} (${point.bestPAccuracy.toFixed(3)})`,
      },
    ],
    {
      caption:
        "WS-flex graphs against random G(n, m) graphs with the same number of edges, at each average degree k " +
        "(accuracy per graph, averaged over its trainings; Welch 95% intervals; the best p is a maximum over the grid)",
    },
  );
}

/** The answer, from the numbers: at how many degrees WS-flex wiring beats, trails or matches random wiring. */
export function describeRandomBaseline(points: readonly RandomBaselinePoint[]): string {
  const modes = [...new Set(points.map((point) => point.mode))];
  return modes
    .map((mode) => {
      const own = points.filter((point) => point.mode === mode);
      const ahead = own.filter((point) => point.ci95[0] > 0).map((point) => point.k);
      const behind = own.filter((point) => point.ci95[1] < 0).map((point) => point.k);
      const largest = own.reduce((a, b) => (Math.abs(b.difference) > Math.abs(a.difference) ? b : a));
      const list = (ks: number[]) => (ks.length ? ` (k = ${ks.join(", ")})` : "");
      const overall = differenceOverDegrees(points, mode);
      return (
        `${mode}: over ${own.length} average degrees, WS-flex wiring is ahead of random wiring with the same ` +
        `weights at ${ahead.length}${list(ahead)}, behind at ${behind.length}${list(behind)}, and not ` +
        `distinguishable at ${own.length - ahead.length - behind.length}; the largest difference is at k = ` +
        `${largest.k}: ${formatDifference({ mean: largest.difference, ci95: largest.ci95 })}. Averaged over the ` +
        `degrees (paired by k): ${formatDifference(overall)}.`
      );
    })
    .join("\n");
}
