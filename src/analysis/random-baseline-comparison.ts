/**
 * The spectrum sweep's WS-flex graphs against random graphs with the same weights: per variant and average degree k,
 * connected G(n, m) graphs with WS-flex's edge count (the random baseline, src/experiments/spectrum-sweep.ts) against
 * the WS-flex graphs of that k. Each graph counts once, with its accuracy averaged over its trainings (as the spectrum
 * analysis does), and the difference WS-flex − random gets Welch's two-sided 95% interval and p. The best p of a k
 * is reported too, but as a maximum over the p grid it is optimistic: the interval is for all p together.
 */
import { graphsWithGridPoint } from "./small-world-spectrum";
import type { StructureRow } from "./results-csv";
import { summarize, type Summary } from "./statistics";
import { welchInterval, welchTest } from "./structure-correlation";

/** WS-flex against G(n, m) at one variant and average degree. */
export interface RandomBaselinePoint {
  mode: string;
  k: number;
  /** The random graphs' accuracies (one per graph) and their mean measures. */
  random: Summary;
  randomClustering: number;
  randomPathLength: number;
  /** The WS-flex graphs' accuracies at this k, over every p. */
  smallWorld: Summary;
  /** The p whose graphs did best at this k, and their mean accuracy (a maximum over the grid: optimistic). */
  bestP: number;
  bestPAccuracy: number;
  /** WS-flex − random: difference of means, Welch's two-sided 95% interval and p (NaN without spread or pairs). */
  difference: number;
  ci95: [number, number];
  pValue: number;
}

/**
 * One variant's WS-flex − random difference over all its degrees, paired by k: the mean of the per-k differences
 * with Student's t interval over the degrees (each k weighs the same; more power than any single k's 3 graphs).
 */
export function differenceOverDegrees(points: readonly RandomBaselinePoint[], mode: string): Summary {
  return summarize(points.filter((point) => point.mode === mode).map((point) => point.difference));
}

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/**
 * Per variant and k of the random baseline: its G(n, m) graphs against the spectrum sweep's WS-flex graphs of that k
 * (`spectrumRows`: the spectrum sweep's table; `randomRows`: the baseline's). Ks without WS-flex graphs are skipped.
 */
export function randomBaselineComparison(
  spectrumRows: readonly StructureRow[],
  randomRows: readonly StructureRow[],
): RandomBaselinePoint[] {
  const smallWorld = graphsWithGridPoint(spectrumRows).filter((g) => g.graph === "ws_flex");
  const random = graphsWithGridPoint(randomRows).filter((g) => g.graph === "gnm");
  const keys = [...new Set(random.map((g) => `${g.mode}\u0000${g.k}`))];
  return keys.flatMap((key) => {
    const [mode, kText] = key.split("\u0000") as [string, string];
    const k = Number(kText);
    const ours = random.filter((g) => g.mode === mode && g.k === k);
    const theirs = smallWorld.filter((g) => g.mode === mode && g.k === k);
    if (theirs.length === 0) return [];
    const byP = new Map<number, number[]>();
    for (const g of theirs) byP.set(g.p, [...(byP.get(g.p) ?? []), g.accuracy]);
    const [bestP, bestPAccuracy] = [...byP.entries()]
      .map(([p, values]) => [p, mean(values)] as const)
      .reduce((a, b) => (b[1] > a[1] ? b : a));
    const a = theirs.map((g) => g.accuracy);
    const b = ours.map((g) => g.accuracy);
    const test = welchTest(a, b);
    return [
      {
        mode,
        k,
        random: summarize(b),
        randomClustering: mean(ours.map((g) => g.clustering)),
        randomPathLength: mean(ours.map((g) => g.pathLength)),
        smallWorld: summarize(a),
        bestP,
        bestPAccuracy,
        difference: test.difference,
        ci95: welchInterval(test),
        pValue: test.pValue,
      },
    ];
  });
}
