/**
 * Tables and answers of the small-world spectrum sweep (notebook 08): the two graph mappings' depth on the same
 * graphs, the sweet-spot bins, the best sparse graph and bin against the complete graph, the correlations of accuracy
 * with C, transitivity and L, and the answer to "is there a small-world sweet spot?" written from the numbers.
 */
import type { SpectrumBin, VariantSpectrum } from "../analysis/small-world-spectrum";
import { differenceOverDegrees, type RandomBaselinePoint } from "../analysis/random-baseline-comparison";
import type { VariantLearning } from "../analysis/long-range-learning";
import type { PropertyCorrelation } from "../analysis/structure-correlation";
import type { Summary } from "../analysis/statistics";
import { LayeredGraph } from "../graphs/layered-graph";
import { relationalMeasures } from "../graphs/relational-measures";
import { edgePairs, type SimpleGraph } from "../graphs/simple-graph";
import { columnLabel } from "../plots/labels";
import { htmlTable } from "./html-table";
import { formatDifference, formatPValue } from "./pruning-method-tables";

const range = ([lo, hi]: readonly [number, number]) => `${lo.toFixed(2)}–${hi.toFixed(2)}`;

/** "0.912 [0.880, 0.944]" (a lone value without its interval). */
function accuracyWithInterval(summary: Summary): string {
  if (!Number.isFinite(summary.ci95[0])) return summary.mean.toFixed(3);
  return `${summary.mean.toFixed(3)} [${summary.ci95[0].toFixed(3)}, ${summary.ci95[1].toFixed(3)}]`;
}

/** A graph's C, L and its depth under each mapping: the thesis's layered stack, and the relational layer's one. */
export interface MappingDepth {
  readonly label: string;
  readonly clustering: number;
  readonly pathLength: number;
  /** Recurrent layers (plus skip layers) of the thesis's layered network. */
  readonly layeredLayers: number;
  readonly layeredSkips: number;
}

/** Depth of the layered network of each graph, with its C and L: the confound the relational mapping removes. */
export function mappingDepths(graphs: readonly { label: string; graph: SimpleGraph }[]): MappingDepth[] {
  return graphs.map(({ label, graph }) => {
    const layered = LayeredGraph.fromEdges(graph.order, edgePairs(graph));
    const measures = relationalMeasures(graph);
    return {
      label,
      clustering: measures.averageClustering,
      pathLength: measures.averagePathLength,
      layeredLayers: layered.layerCount,
      layeredSkips: layered.skipPairs().length,
    };
  });
}

/** The mapping-depth table. */
export function mappingDepthTable(depths: readonly MappingDepth[]): string {
  return htmlTable(
    depths,
    [
      { header: "graph", value: (d) => d.label },
      { header: "C", value: (d) => d.clustering, digits: 3 },
      { header: "L", value: (d) => d.pathLength, digits: 2 },
      { header: "layered: recurrent layers", value: (d) => d.layeredLayers },
      { header: "layered: skip layers", value: (d) => d.layeredSkips },
      { header: "relational: layers", value: () => 1 },
    ],
    {
      caption:
        "The same graphs under the two mappings: the thesis's layered network grows as deep as the graph's longest " +
        "index-increasing path, so depth moves with C and L; the relational network is always one recurrent layer",
    },
  );
}

/** Per variant, the bins in the sweet spot (best first), with their ranges, sizes, accuracy and p against the best. */
export function sweetSpotTable(variants: readonly VariantSpectrum[]): string {
  const rows = variants.flatMap((variant) =>
    variant.bins
      .filter((bin) => bin.sweetSpot)
      .sort((a, b) => Number(b.best) - Number(a.best) || b.accuracy.mean - a.accuracy.mean)
      .map((bin) => ({ variant, bin })),
  );
  return htmlTable(
    rows,
    [
      { header: "variant", value: (r) => r.variant.mode },
      { header: "C", value: (r) => range(r.bin.clusteringRange) },
      { header: "L", value: (r) => range(r.bin.pathLengthRange) },
      { header: "graphs", value: (r) => r.bin.graphs },
      { header: "runs", value: (r) => r.bin.runs },
      { header: "accuracy [95% CI over graphs]", value: (r) => accuracyWithInterval(r.bin.accuracy) },
      { header: "p (best ahead)", value: (r) => (r.bin.best ? "best bin" : formatPValue(r.bin.pValue)) },
    ],
    {
      caption:
        "The sweet spot: bins not worse than the best bin at p < 0.05 (one-tailed Welch test over the bins' " +
        "per-graph accuracies), as You et al. 2020 define it",
    },
  );
}

/** Share of the tested bins that are in the sweet spot, per variant: "7 of 38". */
export function sweetSpotShare(variant: VariantSpectrum): { inside: number; tested: number } {
  const tested = variant.bins.filter((bin) => bin.sweetSpot !== undefined);
  return { inside: tested.filter((bin) => bin.sweetSpot).length, tested: tested.length };
}

/** Per variant, the complete graph against the best sparse graph and the best bin, with intervals and one-tailed p. */
export function completeComparisonTable(variants: readonly VariantSpectrum[]): string {
  const rows = variants.filter((variant) => variant.complete);
  return htmlTable(
    rows,
    [
      { header: "variant", value: (v) => v.mode },
      {
        header: "complete graph [95% CI over runs]",
        value: (v) => {
          const runs = v.complete!.complete.n;
          return `${accuracyWithInterval(v.complete!.complete)} (${runs} run${runs === 1 ? "" : "s"})`;
        },
      },
      {
        header: "best bin − complete",
        value: (v) =>
          formatDifference({ mean: v.complete!.bestBinTest.difference, ci95: v.complete!.bestBinTest.ci95 }),
      },
      { header: "p (bin ahead)", value: (v) => formatPValue(v.complete!.bestBinTest.pValue) },
      {
        header: "best graph (C, L)",
        value: (v) =>
          `#${v.complete!.bestGraph.graphNr} (${v.complete!.bestGraph.clustering.toFixed(2)}, ` +
          `${v.complete!.bestGraph.pathLength.toFixed(2)})`,
      },
      {
        header: "best graph − complete",
        value: (v) =>
          formatDifference({ mean: v.complete!.bestGraphTest.difference, ci95: v.complete!.bestGraphTest.ci95 }),
      },
      { header: "p (graph ahead)", value: (v) => formatPValue(v.complete!.bestGraphTest.pValue) },
    ],
    {
      caption:
        "The best sparse bin and the best single graph against the complete graph K_n (Welch intervals; the best " +
        "graph is chosen after the fact, so its interval is optimistic)",
    },
  );
}

/** "−0.71 [−0.75, −0.66] (450)": r, its interval and (unless left out) the graphs, with typographic minus signs. */
function correlationText(c: PropertyCorrelation, withCount = true): string {
  const signed = (value: number) => value.toFixed(2).replace("-", "−");
  return `${signed(c.r)} [${signed(c.ci95[0])}, ${signed(c.ci95[1])}]${withCount ? ` (${c.n})` : ""}`;
}

/** Pearson r of each variant's per-graph accuracy with C, transitivity and L, with Fisher-z intervals. */
export function spectrumCorrelationTable(variants: readonly VariantSpectrum[]): string {
  const rows = variants.flatMap((variant) =>
    variant.correlations.map((c) => ({
      mode: variant.mode,
      ...c,
      within: variant.withinDegreeCorrelations.find((w) => w.property === c.property),
    })),
  );
  return htmlTable(
    rows,
    [
      { header: "variant", value: (c) => c.mode },
      { header: "measure", value: (c) => columnLabel(c.property) },
      { header: "graphs", value: (c) => c.n },
      { header: "r", value: (c) => c.r, digits: 3 },
      { header: "95% CI", value: (c) => `[${c.ci95[0].toFixed(2)}, ${c.ci95[1].toFixed(2)}]` },
      { header: "p", value: (c) => formatPValue(c.pValue) },
      { header: "within each k: r [95% CI] (graphs)", value: (c) => (c.within ? correlationText(c.within) : "–") },
      { header: "p (within k)", value: (c) => (c.within ? formatPValue(c.within.pValue) : "–") },
    ],
    {
      caption:
        "Correlation of a graph's mean test accuracy with its relational measures (as thesis tables 6.1–6.4), over " +
        "all graphs and within each average degree k (each graph's values centred on its k's means: graphs with the " +
        "same number of weights; degrees where the measure does not vary are left out)",
    },
  );
}

/** The best bin of a variant, when any bin was tested. */
function bestBin(variant: VariantSpectrum): SpectrumBin | undefined {
  return variant.bins.find((bin) => bin.best);
}

/** The notebook's answer, from its numbers: where the sweet spot is, and whether it beats the complete graph. */
export function describeSpectrum(variants: readonly VariantSpectrum[]): string {
  const lines = variants.map((variant) => {
    const best = bestBin(variant);
    if (!best) return `${variant.mode}: too few graphs per bin to test (${variant.graphs} graphs).`;
    const { inside, tested } = sweetSpotShare(variant);
    const strongest = [...variant.correlations].sort((a, b) => Math.abs(b.r) - Math.abs(a.r))[0];
    const parts = [
      `${variant.mode}: the best bin is C ${range(best.clusteringRange)}, L ${range(best.pathLengthRange)} ` +
        `(accuracy ${best.accuracy.mean.toFixed(3)} over ${best.graphs} graphs); ${inside} of ${tested} tested bins ` +
        "are not worse than it at p < 0.05",
    ];
    if (variant.complete && variant.complete.complete.n < 2) {
      const { difference } = variant.complete.bestBinTest;
      parts.push(
        `that bin is ${formatDifference({ mean: difference, ci95: [NaN, NaN] })} ` +
          "from the complete graph's one run so far, too few to test",
      );
    } else if (variant.complete) {
      const test = variant.complete.bestBinTest;
      const verdict =
        test.pValue < 0.05
          ? "beats the complete graph"
          : test.ci95[1] < 0
            ? "is worse than the complete graph"
            : "is not distinguishable from the complete graph";
      parts.push(
        `that bin ${verdict} (${formatDifference({ mean: test.difference, ci95: test.ci95 })}, one-tailed p ` +
          `${formatPValue(test.pValue)})`,
      );
    }
    if (strongest) {
      const within = variant.withinDegreeCorrelations.find((w) => w.property === strongest.property);
      parts.push(
        `the strongest linear association is with ${columnLabel(strongest.property)} ` +
          `(r = ${correlationText(strongest, false)}` +
          (within ? `; within each average degree, at equal weights, r = ${correlationText(within, false)}` : "") +
          ")",
      );
    }
    return parts.join("; ") + ".";
  });
  return lines.join("\n");
}

/**
 * The bottom line per variant, from three tests that each hold the number of weights apart from the wiring: the best
 * C × L bin against the complete graph, WS-flex against random wiring with the same weights (averaged over k), and
 * accuracy against L within each average degree (and, given `learning`, how often a short L learns the long-range
 * dependency within each degree). A small-world sweet spot in graph2nn's sense needs the wiring to
 * matter at equal weights.
 */
export function spectrumVerdict(
  variants: readonly VariantSpectrum[],
  randomBaseline: readonly RandomBaselinePoint[],
  learning: readonly VariantLearning[] = [],
): string {
  return variants
    .map((variant) => {
      const findings: string[] = [];
      let matters = 0;
      const test = variant.complete?.bestBinTest;
      if (test && Number.isFinite(test.ci95[0])) {
        const beats = test.pValue < 0.05;
        matters += Number(beats);
        findings.push(
          `its best C × L bin ${beats ? "beats" : test.ci95[1] < 0 ? "trails" : "does not beat"} the complete graph ` +
            `(${formatDifference({ mean: test.difference, ci95: test.ci95 })})`,
        );
      }
      if (randomBaseline.some((point) => point.mode === variant.mode)) {
        const overall = differenceOverDegrees(randomBaseline, variant.mode);
        const ahead = overall.ci95[0] > 0;
        matters += Number(ahead);
        findings.push(
          `WS-flex wiring is ${ahead ? "ahead of" : overall.ci95[1] < 0 ? "behind" : "not distinguishable from"} ` +
            `random wiring with the same weights (${formatDifference(overall)})`,
        );
      }
      const pathLength = variant.withinDegreeCorrelations.find((c) => c.property === "average_shortest_path_length");
      if (pathLength && Number.isFinite(pathLength.r)) {
        const associated = pathLength.pValue < 0.05;
        matters += Number(associated);
        findings.push(
          `at equal weights accuracy ${associated ? "goes" : "does not clearly go"} with L ` +
            `(r = ${correlationText(pathLength, false)} within each k)`,
        );
      }
      const within = learning.find((entry) => entry.mode === variant.mode)?.withinDegree;
      if (within && Number.isFinite(within.ci95[0])) {
        const helps = within.ci95[0] > 0 || within.ci95[1] < 0;
        matters += Number(helps);
        findings.push(
          "at equal weights a shorter L " +
            `${helps ? (within.difference > 0 ? "helps" : "hurts") : "does not clearly help"} ` +
            "a network learn the long-range dependency " +
            `(${formatDifference({ mean: within.difference, ci95: within.ci95 })} in the share that learn it)`,
        );
      }
      if (findings.length === 0) return `${variant.mode}: too few results for a verdict.`;
      const verdict =
        matters > 0
          ? `so the wiring matters beyond the number of weights in ${matters} of these ${findings.length} tests ` +
            `(each at 95%, not corrected for ${findings.length} tests)`
          : "so no small-world sweet spot shows beyond the number of weights: density, not the wiring, decides";
      return `${variant.mode}: ${findings.join("; ")}; ${verdict}.`;
    })
    .join("\n");
}
