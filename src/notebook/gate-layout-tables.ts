/**
 * Tables and the answer of the gate-layout comparison (notebook 08): the structure sweep's gated networks with the
 * thesis's wiring against the same networks wired faithfully, paired by network, and the correlations under each.
 */
import { strength, type LayoutComparison, type LayoutCorrelation } from "../analysis/gate-layout-comparison";
import { columnLabel } from "../plots/labels";
import { htmlTable } from "./html-table";
import { formatDifference, formatPValue } from "./pruning-method-tables";

const generatorLabel = (generator: string) =>
  ({ all: "both", barabasi_albert: "BA", watts_strogatz: "WS" })[generator] ?? generator;

/** Mean accuracy under each layout and the paired difference with its interval, per variant and generator. */
export function layoutComparisonTable(comparisons: readonly LayoutComparison[]): string {
  return htmlTable(
    comparisons,
    [
      { header: "variant", value: (c) => c.mode },
      { header: "graphs", value: (c) => generatorLabel(c.generator) },
      { header: "networks", value: (c) => c.pairs },
      { header: "thesis layout", value: (c) => c.thesis.mean, digits: 4 },
      { header: "faithful layout", value: (c) => c.faithful.mean, digits: 4 },
      { header: "faithful − thesis [95% CI]", value: (c) => formatDifference(c.difference) },
      { header: "p (paired t)", value: (c) => formatPValue(c.pValue) },
    ],
    {
      caption:
        "Mean test accuracy of the same networks (graph, initialisation, shuffling) with the thesis's gate wiring " +
        "and with the graph-faithful one; the interval is Student's t over the per-network differences",
    },
  );
}

/** The `count` properties most correlated with accuracy under the thesis layout, with r under both layouts. */
export function layoutCorrelationTable(correlations: readonly LayoutCorrelation[], count = 5): string {
  const modes = [...new Set(correlations.map((c) => c.mode))];
  const rows = modes.flatMap((mode) => correlations.filter((c) => c.mode === mode).slice(0, count));
  const interval = (c: LayoutCorrelation["thesis"]) =>
    `${c.r.toFixed(2)} [${c.ci95[0].toFixed(2)}, ${c.ci95[1].toFixed(2)}]`;
  return htmlTable(
    rows,
    [
      { header: "variant", value: (c) => c.mode },
      { header: "property", value: (c) => columnLabel(c.property) },
      { header: "r, thesis layout", value: (c) => interval(c.thesis) },
      { header: "r, faithful layout", value: (c) => interval(c.faithful) },
    ],
    {
      caption:
        `The ${count} graph properties most correlated with accuracy under the thesis's wiring, and the same ` +
        "correlation on the same graphs wired faithfully (Pearson r, Fisher-z intervals)",
    },
  );
}

/** The answer: whether the faithful wiring changes accuracy, and whether the strongest properties stay the same. */
export function describeGateLayouts(
  comparisons: readonly LayoutComparison[],
  correlations: readonly LayoutCorrelation[],
  count = 5,
): string {
  return comparisons
    .filter((c) => c.generator === "all")
    .map((c) => {
      const verdict =
        c.difference.ci95[0] > 0
          ? "the faithful wiring is more accurate"
          : c.difference.ci95[1] < 0
            ? "the faithful wiring is less accurate"
            : "the two wirings are not distinguishable";
      const own = correlations.filter((x) => x.mode === c.mode);
      const topThesis = own.slice(0, count).map((x) => x.property);
      const topFaithful = [...own]
        .sort((a, b) => strength(b.faithful) - strength(a.faithful))
        .slice(0, count)
        .map((x) => x.property);
      const shared = topThesis.filter((p) => topFaithful.includes(p)).length;
      const signFlips = own.filter(
        (x) =>
          x.thesis.ci95[0] * x.thesis.ci95[1] > 0 &&
          x.faithful.ci95[0] * x.faithful.ci95[1] > 0 &&
          x.thesis.r * x.faithful.r < 0,
      ).length;
      return (
        `${c.mode} (${c.pairs} networks): ${verdict} (${formatDifference(c.difference)}, ` +
        `paired p ${formatPValue(c.pValue)}); ${shared} of the ${count} ` +
        "properties most correlated with accuracy are the same under both wirings" +
        (signFlips > 0
          ? `, and ${signFlips} significant correlation(s) change sign.`
          : ", and no significant correlation changes sign.")
      );
    })
    .join("\n");
}
