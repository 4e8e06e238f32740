/**
 * Tables of the random-structure chapter (notebook 05): what example graphs become, their properties, WS against BA,
 * the graphs' sizes, the correlations beside the thesis's tables 6.1–6.4, and the thesis's graphs recomputed.
 */
import type { GeneratorComparison, GeneratorSummary, PropertyCorrelation } from "../analysis/structure-correlation";
import type { ThesisGraphCheck } from "../analysis/thesis-graph-check";
import { averageClustering } from "../graphs/clustering";
import { graphProperties } from "../graphs/graph-properties";
import { LayeredGraph } from "../graphs/layered-graph";
import type { SimpleGraph } from "../graphs/simple-graph";
import { RECURRENT_MODES, type RecurrentMode } from "../models/architecture";
import { GENERATOR_LABELS } from "../plots/theme";
import { htmlTable } from "./html-table";

/** A generator's display name (WS, BA, ER) or the raw name when unknown. */
const generatorLabel = (name: string) => GENERATOR_LABELS[name as keyof typeof GENERATOR_LABELS] ?? name;

/** A graph read as a network: "embedding -> 3 units -> 5 units -> Linear(5, 2), plus 1 skip layer(s)". */
export function describeLayeredNetwork(graph: LayeredGraph): string {
  const layers = graph.layerSizes.map((size) => `${size} units`).join(" -> ");
  return `embedding -> ${layers} -> Linear(${graph.sinkNodes}, 2), plus ${graph.skipPairs().length} skip layer(s)`;
}

/** A graph's 23 recorded properties plus its average clustering and the skip layers its layering needs. */
export function graphSummary(graph: SimpleGraph): Record<string, number> {
  const layered = LayeredGraph.fromGraph(graph);
  return {
    ...graphProperties(graph, layered),
    average_clustering: averageClustering(graph),
    skip_layers: layered.skipPairs().length,
  };
}

/** What each named graph becomes: vertices, edges, layer sizes and skip layers. */
export function layeredGraphTable(
  graphs: Readonly<Record<string, LayeredGraph>>,
  options: { caption: string },
): string {
  const skips = (g: LayeredGraph) =>
    g
      .skipPairs()
      .map((p) => `${p.source}→${p.target}`)
      .join(", ") || "none";
  return htmlTable(
    Object.entries(graphs),
    [
      { header: "graph", value: ([name]) => name },
      { header: "vertices", value: ([, g]) => g.vertexCount },
      { header: "edges", value: ([, g]) => g.edges.length },
      { header: "layer sizes", value: ([, g]) => g.layerSizes.join(" · ") },
      { header: "skip layers (source → target)", value: ([, g]) => skips(g) },
    ],
    { caption: options.caption },
  );
}

/** Named graphs' properties side by side: a row per property, a column per graph (integers whole, else 4 decimals). */
export function propertyComparisonTable(
  properties: readonly string[],
  byGraph: Readonly<Record<string, Readonly<Record<string, number>>>>,
  options: { caption: string },
): string {
  return htmlTable(
    properties,
    [
      { header: "property", value: (p) => p },
      ...Object.entries(byGraph).map(([name, values]) => ({ header: name, value: (p: string) => values[p] })),
    ],
    { caption: options.caption },
  );
}

/** An accuracy summary as "0.912 [0.900, 0.924]" (mean and 95% t interval). */
function meanWithInterval(s: GeneratorSummary): string {
  return `${s.accuracy.mean.toFixed(3)} [${s.accuracy.ci95[0].toFixed(3)}, ${s.accuracy.ci95[1].toFixed(3)}]`;
}

/** WS against BA per variant: our mean beside the thesis's, each generator's mean with its interval, Welch's test. */
export function generatorComparisonTable(
  comparisons: readonly GeneratorComparison[],
  options: { thesisMean: Readonly<Record<string, number>>; scaleName: string },
): string {
  const first = generatorLabel(comparisons[0]?.first.generator ?? "");
  const second = generatorLabel(comparisons[0]?.second.generator ?? "");
  return htmlTable(
    comparisons,
    [
      { header: "variant", value: (c) => c.mode },
      { header: "mean (ours)", value: (c) => c.mean, digits: 3 },
      { header: "mean (thesis)", value: (c) => options.thesisMean[c.mode], digits: 3 },
      { header: `${first} mean [95% CI]`, value: (c) => meanWithInterval(c.first) },
      { header: `${second} mean [95% CI]`, value: (c) => meanWithInterval(c.second) },
      { header: `${first} − ${second}`, value: (c) => c.test.difference, digits: 3 },
      { header: "Welch p", value: (c) => (c.test.pValue < 1e-4 ? "< 0.0001" : c.test.pValue.toFixed(4)) },
    ],
    { caption: `Test accuracy of the structured networks by variant and generator (${options.scaleName} scale)` },
  );
}

/** Mean size of one variant's graphs per generator. */
export function generatorSizeTable(
  summaries: readonly GeneratorSummary[],
  options: { columns: readonly string[] },
): string {
  const mean = (c: string) => ({
    header: `mean ${c}`,
    value: (s: GeneratorSummary) => s.means[c],
    digits: c === "density" ? 3 : 1,
  });
  return htmlTable(
    summaries,
    [
      { header: "generator", value: (s) => generatorLabel(s.generator) },
      { header: "graphs", value: (s) => s.n },
      ...options.columns.map(mean),
    ],
    { caption: "Mean size of the graphs per generator" },
  );
}

/** An interval as "[-0.12, 0.34]". */
const interval = (c: readonly [number, number]) => `[${c[0].toFixed(2)}, ${c[1].toFixed(2)}]`;

/** One variant's correlations (table 6.1–6.4): our r and its intervals beside the thesis's r. */
export function correlationTable(
  ours: readonly PropertyCorrelation[],
  options: {
    mode: string;
    thesis: Readonly<Record<string, number>>;
    /** Bootstrap resamples behind `bootstrap95` (its column is left out when 0 or absent). */
    bootstrap?: number;
  },
): string {
  const { thesis } = options;
  const table = RECURRENT_MODES.indexOf(options.mode as RecurrentMode) + 1; // 6.1 RNN_TANH … 6.4 GRU
  const inside = (c: PropertyCorrelation) => c.ci95[0] <= thesis[c.property]! && thesis[c.property]! <= c.ci95[1];
  const bootstrap = (c: PropertyCorrelation) => (c.bootstrap95 ? interval(c.bootstrap95) : "");
  const caption =
    `${table > 0 ? `Table 6.${table} · ` : ""}${options.mode}: Pearson r with test accuracy, ` +
    `ours (${ours[0]?.n} graphs) beside the thesis's`;
  return htmlTable(
    ours,
    [
      { header: "property", value: (c) => c.property },
      { header: "r (ours)", value: (c) => c.r, digits: 2 },
      { header: "95% CI (Fisher z)", value: (c) => interval(c.ci95) },
      ...(options.bootstrap ? [{ header: `95% CI (bootstrap, ${options.bootstrap})`, value: bootstrap }] : []),
      { header: "r (thesis)", value: (c) => thesis[c.property], digits: 2 },
      { header: "thesis inside our CI", value: (c) => (inside(c) ? "yes" : "no") },
    ],
    { caption },
  );
}

/** The thesis's graphs recomputed: property and correlation gaps, and the mean accuracy beside the thesis's text. */
export function thesisGraphCheckTable(
  checks: readonly ThesisGraphCheck[],
  options: { thesisMean: Readonly<Record<string, number>> },
): string {
  return htmlTable(
    checks,
    [
      { header: "variant", value: (c) => c.mode },
      { header: "graphs", value: (c) => c.graphs },
      { header: "largest |our property − thesis CSV|", value: (c) => c.largestPropertyGap.toExponential(1) },
      { header: "largest |r recomputed − r in table|", value: (c) => c.largestCorrelationGap, digits: 4 },
      { header: "mean accuracy (recomputed)", value: (c) => c.meanAccuracy, digits: 4 },
      { header: "mean accuracy (thesis text)", value: (c) => options.thesisMean[c.mode], digits: 3 },
    ],
    { caption: "The thesis's graphs: our properties and the tables recomputed from its CSV rows" },
  );
}
