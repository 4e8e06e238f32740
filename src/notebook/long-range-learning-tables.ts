/**
 * The long-range dependency in notebook 08: per variant and L bin, how many trainings learned it (Wilson intervals)
 * and how accurate the two kinds of training are, and the answer, from those numbers, to "does a short path help a
 * network learn it, or only classify better once it has?".
 */
import type { VariantLearning } from "../analysis/long-range-learning";
import { formatProportion, proportionDifference, type ProportionDifference } from "../analysis/proportion";
import { htmlTable } from "./html-table";
import { formatDifference } from "./pruning-method-tables";

/** "+32.1 points [+18.0, +45.3]": one decimal, so an interval end of +0.4 does not read as +0. */
const formatShareDifference = (difference: ProportionDifference) =>
  formatDifference({ mean: difference.difference, ci95: difference.ci95 });

/** One row per variant and L bin, then each variant's complete graph. */
export function longRangeLearningTable(variants: readonly VariantLearning[]): string {
  const rows = variants.flatMap((variant) => [
    ...variant.bins.map((bin) => ({
      mode: variant.mode,
      graphs: `L ${bin.pathLengthRange[0].toFixed(2)}–${bin.pathLengthRange[1].toFixed(2)} (${bin.graphs})`,
      learned: bin.learned,
      learnedAccuracy: bin.learnedAccuracy,
      notLearnedAccuracy: bin.notLearnedAccuracy,
    })),
    ...(variant.complete
      ? [
          {
            mode: variant.mode,
            graphs: "complete graph, L 1",
            learned: variant.complete,
            learnedAccuracy: NaN,
            notLearnedAccuracy: NaN,
          },
        ]
      : []),
  ]);
  const threshold = variants[0]?.threshold ?? NaN;
  return htmlTable(
    rows,
    [
      { header: "variant", value: (row) => row.mode },
      { header: "graphs (count)", value: (row) => row.graphs },
      { header: "learned it [Wilson 95% CI] (trainings)", value: (row) => formatProportion(row.learned) },
      { header: "accuracy when learned", value: (row) => row.learnedAccuracy, digits: 3 },
      { header: "accuracy when not", value: (row) => row.notLearnedAccuracy, digits: 3 },
    ],
    {
      caption:
        `Trainings that learned the long-range dependency (test accuracy ≥ ${threshold}) per bin of the average path ` +
        "length L; each training (one seed of one graph) is one trial",
    },
  );
}

/** Per variant and average degree k: the trainings below and at or above that k's median L, and their difference. */
export function withinDegreeTable(variants: readonly VariantLearning[]): string {
  const rows = variants.flatMap((variant) =>
    variant.withinDegree.degrees.map((degree) => ({ mode: variant.mode, ...degree })),
  );
  return htmlTable(
    rows,
    [
      { header: "variant", value: (row) => row.mode },
      { header: "k", value: (row) => row.k },
      { header: "median L", value: (row) => row.medianPathLength, digits: 2 },
      { header: "L below the median: learned", value: (row) => formatProportion(row.short) },
      { header: "L at or above: learned", value: (row) => formatProportion(row.long) },
      {
        header: "difference",
        value: (row) =>
          row.short.n > 0 && row.long.n > 0 ? formatShareDifference(proportionDifference(row.short, row.long)) : "–",
      },
    ],
    {
      caption:
        "At equal weights: within each average degree k, graphs below that k's median L against the rest (a k whose " +
        "graphs all share one L has nothing below its median)",
    },
  );
}

/**
 * The answer: learning rates of short against long L, over the sweep and at equal degree, and the accuracy once
 * learned.
 */
export function describeLongRangeLearning(variants: readonly VariantLearning[]): string {
  return variants
    .map((variant) => {
      const { medianPathLength, short, long, difference } = variant.shortAgainstLong;
      const within = variant.withinDegree;
      const verdict =
        within.ci95[0] > 0
          ? "so at equal weights a shorter path still helps a network learn it"
          : within.ci95[1] < 0
            ? "so at equal weights a longer path helps a network learn it"
            : Number.isFinite(within.difference)
              ? "so at equal weights path length makes no clear difference: the degree does the work"
              : "too few degrees to split";
      const complete = variant.complete ? ` The complete graph: ${formatProportion(variant.complete)}.` : "";
      const learnedAccuracies = variant.bins.map((bin) => bin.learnedAccuracy).filter(Number.isFinite);
      const once =
        learnedAccuracies.length > 0
          ? ` Once learned, accuracy is ${Math.min(...learnedAccuracies).toFixed(3)}–` +
            `${Math.max(...learnedAccuracies).toFixed(3)} across the L bins.`
          : "";
      return (
        `${variant.mode}: ${formatProportion(variant.sparse)} of the sparse graphs' trainings learned ` +
        `the long-range dependency. Over the sweep, below the median L (${medianPathLength.toFixed(2)}) ` +
        `${formatProportion(short)}, at or above it ${formatProportion(long)}: ` +
        `${formatShareDifference(difference)}. But L falls as the average degree k grows; within each k (graphs ` +
        `below that k's median L against the rest, Mantel–Haenszel over ${within.strata} ` +
        `degree${within.strata === 1 ? "" : "s"}) ` +
        `the difference is ${formatShareDifference(within)}, ${verdict}.${complete}${once}`
      );
    })
    .join("\n");
}
