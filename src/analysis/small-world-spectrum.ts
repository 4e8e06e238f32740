/**
 * The small-world spectrum analysis of You, Leskovec, He & Xie ("Graph Structure of Neural Networks", ICML 2020),
 * applied to the spectrum sweep's rows (src/experiments/spectrum-sweep.ts): per variant, each graph's accuracy
 * (the mean over its trainings), binned into a grid of average clustering C × average path length L; the mean
 * accuracy per bin; the sweet spot, the bins not worse than the best bin at p < alpha by a one-tailed Welch t test
 * over the bins' per-graph accuracies; the best sparse graph and the best bin against the complete graph with 95%
 * Welch intervals; and Pearson r of accuracy with C, transitivity and L over the graphs (as thesis tables 6.1–6.4).
 *
 * Bins: graph2nn cuts C 0.07–0.98 and L 1.02–4.44 (n = 64, 3,942 graphs) into 52 occupied bins, about 75 graphs
 * each. Our n and grid give other ranges (a ring lattice of n = 32, k = 2 has L ≈ 8.3), so by default each axis
 * spans the sparse graphs' observed range, round(√(graphs / 5)) bins of it (2 to 12): a square grid with about five
 * graphs per cell, and several times that in the occupied band (C and L fall together). C bins have equal widths, L
 * bins equal widths in log L (L's long tail would otherwise squeeze most graphs into two rows). Bins are half-open
 * [lo, hi), the last closed; the complete graph (C = L = 1) is the baseline, not binned.
 */
import { columnMatrix, type StructureRow } from "./results-csv";
import { studentTCdf, summarize, type Summary } from "./statistics";
import {
  propertyCorrelations,
  welchInterval,
  welchTest,
  withinGroupCorrelation,
  type PropertyCorrelation,
} from "./structure-correlation";

/** The columns of the measures: C, transitivity, and L (the thesis's `average_shortest_path_length`). */
export const SPECTRUM_MEASURES = ["average_clustering", "transitivity", "average_shortest_path_length"] as const;

/** The generator name of the dense baseline in the sweep's `graph` column. */
export const COMPLETE_GRAPH = "complete";

/** One graph's accuracy over its trainings, with its measures. */
export interface GraphAccuracy {
  mode: string;
  graph: string;
  graphNr: number;
  clustering: number;
  transitivity: number;
  pathLength: number;
  /** Test accuracy of each training (replicate), in row order. */
  accuracies: number[];
  /** Their mean: the graph's accuracy. */
  accuracy: number;
}

/** Per variant, graph by graph: rows of one (mode, graph, graph_nr) averaged over their replicates. */
export function graphAccuracies(rows: readonly StructureRow[], target = "test_acc"): GraphAccuracy[] {
  const values = columnMatrix(rows, ["graph_nr", ...SPECTRUM_MEASURES, target], "spectrum results");
  const byGraph = new Map<string, GraphAccuracy>();
  rows.forEach((row, i) => {
    const [graphNr, clustering, transitivity, pathLength, accuracy] = values[i]!;
    const key = `${row.mode}\u0000${row.graph}\u0000${graphNr}`;
    let graph = byGraph.get(key);
    if (!graph) {
      graph = {
        mode: String(row.mode),
        graph: String(row.graph),
        graphNr: graphNr!,
        clustering: clustering!,
        transitivity: transitivity!,
        pathLength: pathLength!,
        accuracies: [],
        accuracy: NaN,
      };
      byGraph.set(key, graph);
    }
    graph.accuracies.push(accuracy!);
  });
  const graphs = [...byGraph.values()];
  for (const graph of graphs) graph.accuracy = graph.accuracies.reduce((a, b) => a + b, 0) / graph.accuracies.length;
  return graphs;
}

/** Each graph's accuracy with its grid point: average degree k and rewiring probability p (p NaN for G(n, m)). */
export function graphsWithGridPoint(
  rows: readonly StructureRow[],
  target?: string,
): (GraphAccuracy & { k: number; p: number })[] {
  const point = new Map<string, { k: number; p: number }>();
  for (const row of rows) {
    const p = typeof row.p === "number" ? row.p : NaN;
    point.set(`${row.mode}\u0000${row.graph}\u0000${row.graph_nr}`, { k: Number(row.k), p });
  }
  return graphAccuracies(rows, target).map((graph) => ({
    ...graph,
    ...point.get(`${graph.mode}\u0000${graph.graph}\u0000${graph.graphNr}`)!,
  }));
}

/** Bin edges of the C × L grid: `clustering[i]..clustering[i+1]` is C bin i; likewise L. */
export interface SpectrumGrid {
  clustering: number[];
  pathLength: number[];
  /** How the L edges are spaced (absent: linear); log bins are labelled by their geometric centre. */
  pathLengthSpacing?: "linear" | "log";
}

/** `count` equal-width bins over [lo, hi] as `count + 1` edges, the last exactly hi (one bin when lo = hi). */
export function equalWidthEdges(lo: number, hi: number, count: number): number[] {
  if (!(Number.isInteger(count) && count >= 1)) throw new Error(`bins: need a positive integer count, got ${count}`);
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo <= hi)) throw new Error(`bins: bad range [${lo}, ${hi}]`);
  if (lo === hi) return [lo, hi];
  return Array.from({ length: count + 1 }, (_, i) => (i === count ? hi : lo + ((hi - lo) * i) / count));
}

/** `count` bins over [lo, hi] (lo > 0) of equal width in log scale: edges lo·(hi/lo)^(i/count), the last exactly hi. */
export function logWidthEdges(lo: number, hi: number, count: number): number[] {
  if (!(lo > 0)) throw new Error(`bins: log spacing needs a positive lower end, got ${lo}`);
  const logEdges = equalWidthEdges(Math.log(lo), Math.log(hi), count);
  return logEdges.map((edge, i) => (i === 0 ? lo : i === logEdges.length - 1 ? hi : Math.exp(edge)));
}

/** Default bins per axis for `graphs` graphs: round(√(graphs / 5)), within [2, 12] (see the module comment). */
export function defaultBinCount(graphs: number): number {
  return Math.min(12, Math.max(2, Math.round(Math.sqrt(graphs / 5))));
}

/** Options of the grid: bins per axis (default {@link defaultBinCount} of the sparse graphs), or explicit edges. */
export interface GridOptions {
  clusteringBins?: number;
  pathLengthBins?: number;
  /**
   * Spacing of the L bins (default "log"). L has a long tail: a ring lattice of n = 32, k = 2 has L ≈ 8.3 while most
   * graphs lie below 2.5, so equal-width bins would put nearly all of them into two rows; graph2nn's L (n = 64,
   * 1.02–4.44) had no such tail. Log bins are as wide in relative terms everywhere.
   */
  pathLengthSpacing?: "linear" | "log";
  grid?: SpectrumGrid;
}

/** The C × L grid over the sparse graphs' observed ranges (or `options.grid` as given, checked to increase). */
export function spectrumGrid(graphs: readonly GraphAccuracy[], options: GridOptions = {}): SpectrumGrid {
  if (options.grid) {
    for (const [axis, edges] of Object.entries(options.grid) as [string, number[]][])
      if (edges.length < 2 || edges.some((e, i) => i > 0 && !(e > edges[i - 1]!)))
        throw new Error(
          `spectrum grid: ${axis} edges must be at least two increasing numbers, got ${edges.join(", ")}`,
        );
    return options.grid;
  }
  const sparse = graphs.filter((g) => g.graph !== COMPLETE_GRAPH);
  if (sparse.length === 0) throw new Error("spectrum grid: no sparse graphs");
  const count = defaultBinCount(new Set(sparse.map((g) => `${g.graph}/${g.graphNr}`)).size);
  const range = (values: number[]) => [Math.min(...values), Math.max(...values)] as const;
  const [c0, c1] = range(sparse.map((g) => g.clustering));
  const [l0, l1] = range(sparse.map((g) => g.pathLength));
  const spacing = options.pathLengthSpacing ?? "log";
  const pathLengthEdges = spacing === "log" ? logWidthEdges : equalWidthEdges;
  return {
    clustering: equalWidthEdges(c0, c1, options.clusteringBins ?? count),
    pathLength: pathLengthEdges(l0, l1, options.pathLengthBins ?? count),
    pathLengthSpacing: spacing,
  };
}

/** The bin of `value`: i with edges[i] ≤ value < edges[i+1], the last bin closed; −1 outside [first, last edge]. */
export function binIndex(value: number, edges: readonly number[]): number {
  const last = edges.length - 2;
  if (!(value >= edges[0]! && value <= edges[last + 1]!)) return -1;
  for (let i = 0; i < last; i++) if (value < edges[i + 1]!) return i;
  return last;
}

/** Welch's t test of mean(a) > mean(b) with the 95% interval of the difference. */
export interface OneTailedWelch {
  difference: number;
  standardError: number;
  t: number;
  df: number;
  /** One-tailed p of mean(a) > mean(b); with no spread in either group, 0 when a is ahead and 1 otherwise. */
  pValue: number;
  /** Two-sided 95% interval of mean(a) − mean(b) (NaN with fewer than two values in a group). */
  ci95: [number, number];
}

/** Welch's one-tailed test of mean(a) > mean(b), with a two-sided 95% interval of the difference. */
export function oneTailedWelch(a: readonly number[], b: readonly number[]): OneTailedWelch {
  const test = welchTest(a, b);
  if (test.standardError === 0) {
    // Both groups constant: the difference is certain.
    const d = test.difference;
    return { ...test, pValue: d > 0 ? 0 : 1, ci95: [d, d] };
  }
  if (!Number.isFinite(test.t)) return { ...test, pValue: NaN, ci95: [NaN, NaN] };
  return {
    difference: test.difference,
    standardError: test.standardError,
    t: test.t,
    df: test.df,
    pValue: 1 - studentTCdf(test.t, test.df),
    ci95: welchInterval(test),
  };
}

/** One occupied C × L bin of one variant. */
export interface SpectrumBin {
  mode: string;
  /** Indices into the grid's C and L bins. */
  clusteringBin: number;
  pathLengthBin: number;
  clusteringRange: [number, number];
  pathLengthRange: [number, number];
  /** Graphs in the bin and their trainings (seeds). */
  graphs: number;
  runs: number;
  /** Summary of the bin's per-graph accuracies (mean, s.d., 95% t interval). */
  accuracy: Summary;
  /** One-tailed Welch p that the best bin is ahead of this one (NaN for the best bin and untested bins). */
  pValue: number;
  /** Not worse than the best bin at p < alpha; undefined when the bin has fewer graphs than the test needs. */
  sweetSpot: boolean | undefined;
  /** Whether this is the best bin (highest mean among the tested bins). */
  best: boolean;
}

/** One variant compared with its complete graph. */
export interface CompleteComparison {
  /** Trainings of the complete graph and their accuracy summary. */
  complete: Summary;
  /** The sparse graph with the highest mean accuracy: its key, measures and runs against the complete graph's runs. */
  bestGraph: { graph: string; graphNr: number; clustering: number; pathLength: number; accuracy: Summary };
  bestGraphTest: OneTailedWelch;
  /** The best bin's per-graph accuracies against the complete graph's runs. */
  bestBinTest: OneTailedWelch;
}

/** Everything the spectrum says about one variant. */
export interface VariantSpectrum {
  mode: string;
  /** Sparse graphs (with any replicate) and those outside the grid. */
  graphs: number;
  outsideGrid: number;
  bins: SpectrumBin[];
  /** The complete-graph comparison, when the rows hold complete-graph runs. */
  complete?: CompleteComparison;
  /** Pearson r of the graphs' accuracy with C, transitivity and L (Fisher-z intervals). */
  correlations: PropertyCorrelation[];
  /**
   * The same within each average degree k (partial r given k; the rows' `k` column): graphs with the same number of
   * weights, so the wiring alone. Empty when the rows hold fewer than two degrees.
   */
  withinDegreeCorrelations: PropertyCorrelation[];
}

/** Options of {@link smallWorldSpectrum}. */
export interface SpectrumOptions extends GridOptions {
  /** Significance level of the sweet-spot test (default 0.05). */
  alpha?: number;
  /**
   * Graphs a bin needs to enter the test (default 5, at least 2 for Welch's variance). The best bin is a maximum over
   * bins, and a bin of two or three graphs tops it by noise alone far more often than a bin of dozens (graph2nn's held
   * about 75 each); untested bins are still drawn.
   */
  minGraphs?: number;
  /** Target column (default test_acc). */
  target?: string;
}

/** The spectrum of every variant of the rows, on one grid shared by all variants. */
export function smallWorldSpectrum(
  rows: readonly StructureRow[],
  options: SpectrumOptions = {},
): { grid: SpectrumGrid; variants: VariantSpectrum[] } {
  const graphs = graphsWithGridPoint(rows, options.target);
  const grid = spectrumGrid(graphs, options);
  const modes = [...new Set(graphs.map((g) => g.mode))];
  return { grid, variants: modes.map((mode) => variantSpectrum(graphs, mode, grid, options)) };
}

/** The bins, sweet spot, complete-graph comparison and correlations of one variant. */
function variantSpectrum(
  all: readonly (GraphAccuracy & { k: number })[],
  mode: string,
  grid: SpectrumGrid,
  options: SpectrumOptions,
): VariantSpectrum {
  const alpha = options.alpha ?? 0.05;
  const minGraphs = Math.max(2, options.minGraphs ?? 5);
  const sparse = all.filter((g) => g.mode === mode && g.graph !== COMPLETE_GRAPH);
  const cells = new Map<string, GraphAccuracy[]>();
  let outsideGrid = 0;
  for (const graph of sparse) {
    const c = binIndex(graph.clustering, grid.clustering);
    const l = binIndex(graph.pathLength, grid.pathLength);
    if (c < 0 || l < 0) {
      outsideGrid += 1;
      continue;
    }
    const key = `${c},${l}`;
    cells.set(key, [...(cells.get(key) ?? []), graph]);
  }
  const bins: (SpectrumBin & { values: number[] })[] = [...cells.entries()].map(([key, members]) => {
    const [c, l] = key.split(",").map(Number) as [number, number];
    const values = members.map((g) => g.accuracy);
    return {
      mode,
      clusteringBin: c,
      pathLengthBin: l,
      clusteringRange: [grid.clustering[c]!, grid.clustering[c + 1]!],
      pathLengthRange: [grid.pathLength[l]!, grid.pathLength[l + 1]!],
      graphs: members.length,
      runs: members.reduce((sum, g) => sum + g.accuracies.length, 0),
      accuracy: summarize(values),
      pValue: NaN,
      sweetSpot: undefined,
      best: false,
      values,
    };
  });
  bins.sort((a, b) => a.clusteringBin - b.clusteringBin || a.pathLengthBin - b.pathLengthBin);
  const tested = bins.filter((bin) => bin.graphs >= minGraphs);
  const best = tested.reduce<(typeof tested)[number] | undefined>(
    (top, bin) => (top === undefined || bin.accuracy.mean > top.accuracy.mean ? bin : top),
    undefined,
  );
  for (const bin of tested) {
    if (bin === best) {
      bin.best = true;
      bin.sweetSpot = true;
      continue;
    }
    bin.pValue = oneTailedWelch(best!.values, bin.values).pValue;
    bin.sweetSpot = !(bin.pValue < alpha);
  }
  const complete = all.filter((g) => g.mode === mode && g.graph === COMPLETE_GRAPH).flatMap((g) => g.accuracies);
  const correlationRows = sparse.map((g) => ({
    average_clustering: g.clustering,
    transitivity: g.transitivity,
    average_shortest_path_length: g.pathLength,
    test_acc: g.accuracy,
  }));
  return {
    mode,
    graphs: sparse.length,
    outsideGrid,
    bins: bins.map(({ values: _values, ...bin }) => bin),
    ...(complete.length > 0 && best ? { complete: completeComparison(sparse, best.values, complete) } : {}),
    correlations:
      sparse.length >= 3
        ? propertyCorrelations(correlationRows, { features: [...SPECTRUM_MEASURES], source: mode })
        : [],
    withinDegreeCorrelations: withinDegreeCorrelations(sparse),
  };
}

/** Accuracy against each measure within each average degree k, when the graphs span two degrees or more. */
function withinDegreeCorrelations(sparse: readonly (GraphAccuracy & { k: number })[]): PropertyCorrelation[] {
  const degrees = sparse.map((g) => g.k);
  if (!degrees.every(Number.isFinite) || new Set(degrees).size < 2) return [];
  const accuracy = sparse.map((g) => g.accuracy);
  const measures: Record<(typeof SPECTRUM_MEASURES)[number], number[]> = {
    average_clustering: sparse.map((g) => g.clustering),
    transitivity: sparse.map((g) => g.transitivity),
    average_shortest_path_length: sparse.map((g) => g.pathLength),
  };
  return SPECTRUM_MEASURES.map((measure) => withinGroupCorrelation(measure, measures[measure], accuracy, degrees));
}

/** The best sparse graph and the best bin against the complete graph's runs. */
function completeComparison(
  sparse: readonly GraphAccuracy[],
  bestBin: readonly number[],
  complete: readonly number[],
): CompleteComparison {
  const top = sparse.reduce((a, b) => (b.accuracy > a.accuracy ? b : a));
  return {
    complete: summarize(complete),
    bestGraph: {
      graph: top.graph,
      graphNr: top.graphNr,
      clustering: top.clustering,
      pathLength: top.pathLength,
      accuracy: summarize(top.accuracies),
    },
    bestGraphTest: oneTailedWelch(top.accuracies, complete),
    bestBinTest: oneTailedWelch(bestBin, complete),
  };
}
