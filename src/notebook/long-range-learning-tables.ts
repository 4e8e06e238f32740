/**
 * The long-range dependency in notebook 08: per variant and L bin, how many trainings learned it (Wilson intervals)
 * and how accurate the two kinds of training are, and the answer, from those numbers, to "does a short path help a
 * network learn it, or only classify better once it has?".
 */
import type { VariantLearning } from "../analysis/long-range-learning";
import { formatProportion as formatShare, type ProportionDifference } from "../analysis/proportion";
import { htmlTable } from "./html-table";

/** "+32 points [+18, +45]". */
function formatShareDifference(difference: ProportionDifference): string {
  const signed = (value: number) => `${value >= 0 ? "+" : "−"}${Math.abs(value * 100).toFixed(0)}`;
  return `${signed(difference.difference)} points [${signed(difference.ci95[0])}, ${signed(difference.ci95[1])}]`;
}

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
      { header: "learned it [Wilson 95% CI] (trainings)", value: (row) => formatShare(row.learned) },
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

/** The answer: learning rates of short against long L, and where the accuracy of the learned trainings lies. */
export function describeLongRangeLearning(variants: readonly VariantLearning[]): string {
  return variants
    .map((variant) => {
      const { medianPathLength, short, long, difference } = variant.shortAgainstLong;
      const verdict =
        difference.ci95[0] > 0
          ? "short paths help a network learn it"
          : difference.ci95[1] < 0
            ? "long paths help a network learn it"
            : "path length makes no clear difference to learning it";
      const complete = variant.complete ? `; the complete graph: ${formatShare(variant.complete)}` : "";
      const learnedAccuracies = variant.bins.map((bin) => bin.learnedAccuracy).filter(Number.isFinite);
      const once =
        learnedAccuracies.length > 0
          ? `. Once learned, accuracy is ${Math.min(...learnedAccuracies).toFixed(3)}–` +
            `${Math.max(...learnedAccuracies).toFixed(3)} across the L bins`
          : "";
      return (
        `${variant.mode}: ${formatShare(variant.sparse)} of the sparse graphs' trainings learned the long-range ` +
        `dependency; below the median L (${medianPathLength.toFixed(2)}) ${formatShare(short)}, at or above it ` +
        `${formatShare(long)}: ${formatShareDifference(difference)}, so ${verdict}${complete}${once}.`
      );
    })
    .join("\n");
}
