/**
 * Figures of the small-world spectrum (issue 13, after You et al., "Graph Structure of Neural Networks", figure 4):
 * mean test accuracy over the C × L grid, one panel per variant on one colour scale, with the sweet-spot bins
 * outlined and the best bin starred; each graph's accuracy against C and against L; the WS-flex graphs against
 * random graphs with the same edges, per average degree; and the share of trainings that learned the long-range
 * dependency against L.
 */
import type { Layout, PlotData } from "plotly.js";
import {
  COMPLETE_GRAPH,
  graphAccuracies,
  type SpectrumGrid,
  type VariantSpectrum,
} from "../analysis/small-world-spectrum";
import type { StructureRow } from "../analysis/results-csv";
import type { RandomBaselinePoint } from "../analysis/random-baseline-comparison";
import type { VariantLearning } from "../analysis/long-range-learning";
import type { Summary } from "../analysis/statistics";
import type { Band } from "../pruning/replicate-bands";
import { chartFigure, heatmapChart, scatterChart, smallMultiples, type ChartOptions } from "./charts";
import { accuracyRange, bandTraces } from "./pruning-figures";
import type { Figure } from "./figure";
import { columnLabel, shortColumnLabel } from "./labels";
import { PALETTE, resolveSize, VARIANT_COLORS, type PerPreset, type SizeOption } from "./theme";
import type { RecurrentMode } from "../models/architecture";

/** Centres of a grid axis's bins (geometric for log-spaced bins), as tick labels. */
function binCentres(edges: readonly number[], digits: number, spacing: "linear" | "log" = "linear"): string[] {
  return edges
    .slice(0, -1)
    .map((lo, i) => (spacing === "log" ? Math.sqrt(lo * edges[i + 1]!) : (lo + edges[i + 1]!) / 2).toFixed(digits));
}

/**
 * One variant's heatmap: C bins along x, L bins along y (L growing upwards), each occupied cell coloured by its mean
 * accuracy over graphs; sweet-spot cells outlined, the best marked ★; the hover gives graphs, runs and p.
 */
export function spectrumHeatmap(
  spectrum: VariantSpectrum,
  grid: SpectrumGrid,
  options: ChartOptions & { zmin?: number; zmax?: number; showScale?: boolean } = {},
): Figure {
  const columns = grid.clustering.length - 1;
  const rows = grid.pathLength.length - 1;
  // Row 0 is drawn at the top, so row r holds L bin rows − 1 − r.
  const rowOf = (pathLengthBin: number) => rows - 1 - pathLengthBin;
  const z = Array.from({ length: rows }, () => new Array<number>(columns).fill(NaN));
  for (const bin of spectrum.bins) z[rowOf(bin.pathLengthBin)]![bin.clusteringBin] = bin.accuracy.mean;
  const { fontSize, preset } = resolveSize(options.size);
  // At paper width a panel is narrow: values only in wide cells, and every other C label, kept horizontal.
  const crowded = preset !== "notebook" && columns > 6;
  const xLabels = binCentres(grid.clustering, 2).map((label, i) => (crowded && i % 2 === 1 ? "" : label));
  const figure = heatmapChart(
    { x: xLabels, y: binCentres(grid.pathLength, 1, grid.pathLengthSpacing).reverse(), z },
    {
      xTitle: `${columnLabel("average_clustering")} (bin centre)`,
      yTitle: `${shortColumnLabel("average_shortest_path_length")} L (bin centre, hops)`,
      colorbarTitle: columnLabel("test_acc"),
      title: spectrum.mode,
      showValues: columns <= (preset === "notebook" ? 10 : 6),
      ...options,
    },
  );
  figure.layout.xaxis = { ...figure.layout.xaxis, tickangle: 0 };
  const trace = figure.data[0] as Partial<PlotData> & { hovertext: string[]; text: string[] };
  const cells = trace.x as number[];
  spectrum.bins.forEach((bin) => {
    const k = (trace.y as number[]).findIndex(
      (y, i) => y === rowOf(bin.pathLengthBin) && cells[i] === bin.clusteringBin,
    );
    const verdict = bin.best
      ? "best bin"
      : bin.sweetSpot === undefined
        ? "too few graphs to test"
        : `p = ${bin.pValue.toPrecision(2)} (${bin.sweetSpot ? "sweet spot" : "worse than the best"})`;
    trace.hovertext[k] =
      `C ${bin.clusteringRange.map((v) => v.toFixed(2)).join("–")}, ` +
      `L ${bin.pathLengthRange.map((v) => v.toFixed(2)).join("–")}<br>` +
      `accuracy ${bin.accuracy.mean.toFixed(3)} over ${bin.graphs} graphs, ${bin.runs} runs; ${verdict}`;
    if (bin.best) trace.text[k] = `★${trace.text[k]}`;
  });
  if (options.showScale === false) (trace.marker as { showscale?: boolean }).showscale = false;
  const outlines: NonNullable<Layout["shapes"]> = spectrum.bins
    .filter((bin) => bin.sweetSpot)
    .map((bin) => ({
      type: "rect",
      xref: "x",
      yref: "y",
      x0: bin.clusteringBin - 0.5,
      x1: bin.clusteringBin + 0.5,
      y0: rowOf(bin.pathLengthBin) - 0.5,
      y1: rowOf(bin.pathLengthBin) + 0.5,
      line: { color: "#000000", width: Math.max(1.5, fontSize / 6) },
      fillcolor: "rgba(0,0,0,0)",
      layer: "above",
    }));
  figure.layout.shapes = [...(figure.layout.shapes ?? []), ...outlines];
  return figure;
}

/** The spectrum heatmaps of every variant side by side, on one colour scale (the range of all bins' means). */
export function spectrumHeatmapsFigure(
  variants: readonly VariantSpectrum[],
  grid: SpectrumGrid,
  options: { title?: string; columns?: PerPreset<number>; size?: SizeOption } = {},
): Figure {
  if (variants.length === 0) throw new Error("spectrum heatmaps: no variants");
  const means = variants.flatMap((v) => v.bins.map((bin) => bin.accuracy.mean));
  const zmin = Math.min(...means);
  const zmax = Math.max(...means);
  const panels = variants.map((spectrum, i) =>
    spectrumHeatmap(spectrum, grid, { zmin, zmax, size: options.size, showScale: i === 0 }),
  );
  return smallMultiples(panels, {
    columns: options.columns ?? { notebook: 2, column: 1, page: 2 },
    aspect: 0.85,
    title:
      options.title ??
      "Mean test accuracy over the C × L grid; outlined: " +
        "the sweet spot (not worse than the best bin, one-tailed p ≥ 0.05); ★ the best bin",
    reference: "after You et al. 2020, figure 4",
    size: options.size,
  });
}

/**
 * Each sparse graph's mean test accuracy against C and against L (one panel per measure, a colour per variant), with
 * each variant's complete-graph mean as a dashed line: how the sweep covers the measures, and the raw relation.
 */
export function spectrumMeasureFigure(
  rows: readonly StructureRow[],
  options: { title?: string; columns?: PerPreset<number>; size?: SizeOption } = {},
): Figure {
  const graphs = graphAccuracies(rows);
  const modes = [...new Set(graphs.map((g) => g.mode))];
  const measures = [
    { key: "clustering", column: "average_clustering" },
    { key: "pathLength", column: "average_shortest_path_length" },
  ] as const;
  const panels = measures.map(({ key, column }, panel) => {
    const series = modes.map((mode) => {
      const sparse = graphs.filter((g) => g.mode === mode && g.graph !== COMPLETE_GRAPH);
      return {
        name: mode,
        x: sparse.map((g) => g[key]),
        y: sparse.map((g) => g.accuracy),
        text: sparse.map((g) => `graph ${g.graphNr}: ${g.accuracies.map((a) => a.toFixed(3)).join(", ")}`),
      };
    });
    const figure = scatterChart(series, {
      xTitle: columnLabel(column),
      yTitle: panel === 0 ? `${columnLabel("test_acc")} (mean over seeds)` : undefined,
      size: options.size,
    });
    const shapes: NonNullable<Layout["shapes"]> = modes.flatMap((mode, i) => {
      const complete = graphs.find((g) => g.mode === mode && g.graph === COMPLETE_GRAPH);
      if (!complete) return [];
      const color = (figure.data.filter((d) => (d as { mode?: string }).mode === "markers")[i] as Partial<PlotData>)
        ?.marker?.color as string | undefined;
      return [
        {
          type: "line",
          xref: "paper",
          yref: "y",
          x0: 0,
          x1: 1,
          y0: complete.accuracy,
          y1: complete.accuracy,
          line: { color: color ?? "#555555", width: 1.5, dash: "dash" },
        },
      ];
    });
    figure.layout.shapes = [...(figure.layout.shapes ?? []), ...shapes];
    return figure;
  });
  return smallMultiples(panels, {
    columns: options.columns ?? { notebook: 2, column: 1, page: 2 },
    aspect: 0.8,
    title:
      options.title ??
      "Each WS-flex graph's test accuracy (mean over seeds) against C and L; dashed: the complete graph, per variant",
    reference: "after You et al. 2020, figure 3",
    size: options.size,
  });
}

/**
 * The random baseline: per variant, mean test accuracy against the average degree k for the WS-flex graphs (over all
 * p) and for random G(n, m) graphs with the same edges, each in its 95% t band over graphs.
 */
export function randomBaselineFigure(
  points: readonly RandomBaselinePoint[],
  options: { title?: string; size?: SizeOption } = {},
): Figure {
  const size = options.size ?? "notebook";
  const modes = [...new Set(points.map((point) => point.mode))];
  // A lone graph has no interval: its band is the point itself. Accuracies lie in [0, 1], so the bands are cut there
  // (three graphs give t intervals reaching past 1).
  const band = (summary: Summary): Band => ({
    mean: summary.mean,
    min: Number.isFinite(summary.ci95[0]) ? Math.max(0, summary.ci95[0]) : summary.mean,
    max: Number.isFinite(summary.ci95[1]) ? Math.min(1, summary.ci95[1]) : summary.mean,
    n: summary.n,
  });
  const traces = modes.map((mode) => {
    const own = points.filter((point) => point.mode === mode).sort((a, b) => a.k - b.k);
    const k = own.map((point) => point.k);
    return [
      ...bandTraces(
        k,
        own.map((point) => band(point.smallWorld)),
        { name: "WS-flex, all p", color: PALETTE.blue },
      ),
      ...bandTraces(
        k,
        own.map((point) => band(point.random)),
        { name: "G(n, m), same edges", color: PALETTE.vermillion, dash: "dash" },
      ),
    ];
  });
  const yRange = accuracyRange(traces.flat());
  const panels = modes.map((mode, i) =>
    chartFigure(
      traces[i]!,
      { title: mode, xTitle: "average degree k", yTitle: "test accuracy", size },
      { yaxis: { range: yRange } },
    ),
  );
  return smallMultiples(panels, {
    columns: { notebook: 2, column: 1, page: 2 },
    aspect: { notebook: 0.7, column: 0.6, page: 0.7 },
    title:
      options.title ??
      "WS-flex graphs against random G(n, m) graphs with the same number of edges: " +
        "mean accuracy per graph, 95% bands (cut at 1)",
    size,
  });
}

/** Tick values of the path-length axis on a log scale. */
const LOG_TICKS = [1, 1.5, 2, 3, 4, 6, 8, 10];

/**
 * The share of trainings that learned the embedded Reber task's long-range dependency, per L bin (at the bin's
 * geometric centre, L on a log axis) with Wilson 95% bands, a line per variant; each variant's complete graph
 * (L = 1) as a marker with its interval.
 */
export function longRangeLearningFigure(
  variants: readonly VariantLearning[],
  options: { title?: string; size?: SizeOption } = {},
): Figure {
  const traces = variants.flatMap((variant, i) => {
    const color = VARIANT_COLORS[variant.mode as RecurrentMode] ?? PALETTE.grey;
    // The complete graphs all sit at L = 1: spread their markers a little so the intervals don't hide each other.
    const completeL = 1 * 1.04 ** (i - (variants.length - 1) / 2);
    const x = variant.bins.map((bin) => Math.sqrt(bin.pathLengthRange[0] * bin.pathLengthRange[1]));
    const bands: Band[] = variant.bins.map((bin) => ({
      mean: bin.learned.rate,
      min: bin.learned.ci95[0],
      max: bin.learned.ci95[1],
      n: bin.learned.n,
    }));
    const complete = variant.complete;
    return [
      ...bandTraces(x, bands, { name: `${variant.mode}, WS-flex graphs`, color }),
      ...(complete
        ? [
            {
              type: "scatter" as const,
              mode: "markers" as const,
              name: `${variant.mode}, complete graph (${complete.successes} of ${complete.n})`,
              x: [completeL],
              y: [complete.rate],
              error_y: {
                type: "data" as const,
                symmetric: false,
                array: [complete.ci95[1] - complete.rate],
                arrayminus: [complete.rate - complete.ci95[0]],
                color,
              },
              marker: { symbol: "diamond", size: 9, color },
            },
          ]
        : []),
    ];
  });
  const threshold = variants[0]?.threshold ?? NaN;
  return chartFigure(
    traces,
    {
      title:
        options.title ??
        `Share of trainings that learned the long-range dependency (test accuracy ≥ ${threshold}) against the ` +
          "graph's average path length L, with Wilson 95% bands (a short L mostly means many edges)",
      xTitle: `${shortColumnLabel("average_shortest_path_length")} L (hops, log scale)`,
      yTitle: "share that learned it",
      size: options.size ?? "notebook",
    },
    {
      // Plotly labels a log axis's minor ticks too (…, 9, 1, …, 9, 10); name the ticks instead.
      xaxis: { type: "log", tickvals: LOG_TICKS, ticktext: LOG_TICKS.map(String), range: [Math.log10(0.9), 1.05] },
      yaxis: { range: [0, 1.04] },
    },
  );
}
