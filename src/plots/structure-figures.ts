/**
 * Figures of the randomly structured networks (thesis 5.3/6.3): a graph drawn by its DAG layers, accuracy by
 * generator and variant, property distributions, accuracy against a property, and correlations with intervals.
 */
import type { Data, PlotData } from "plotly.js";
import type { LayeredGraph } from "../graphs/layered-graph";
import type { StructureRow } from "../analysis/results-csv";
import type { PropertyCorrelation } from "../analysis/structure-correlation";
import { columnMatrix } from "../analysis/results-csv";
import type { GeneratorName } from "../graphs/random-graphs";
import type { RecurrentMode } from "../models/architecture";
import { chartFigure, heatmapChart, histogramChart, scatterChart, smallMultiples, type ChartOptions } from "./charts";
import type { Figure } from "./figure";
import { columnLabel } from "./labels";
import {
  FIGURE_SIZES,
  GENERATOR_COLORS,
  GENERATOR_LABELS,
  isPaperSize,
  PALETTE,
  presetSize,
  resolveSize,
  VARIANT_COLORS,
  type PerPreset,
  type SizeOption,
} from "./theme";

/** The numeric values of one column over rows (throws naming the column when one is missing). */
function columnValues(rows: readonly StructureRow[], column: string): number[] {
  return columnMatrix(rows, [column]).map((r) => r[0]!);
}

/** Legend label of a generator column value ("WS", "BA", or the value itself). */
function generatorLabel(generator: string): string {
  return GENERATOR_LABELS[generator as GeneratorName] ?? generator;
}

/** Colour of a generator column value. */
function generatorColor(generator: string): string | undefined {
  return GENERATOR_COLORS[generator as GeneratorName];
}

/** The distinct generators of the rows, WS first as in the thesis's figures. */
function generatorsOf(rows: readonly StructureRow[]): string[] {
  const found = [...new Set(rows.map((r) => String(r.graph)))];
  return found.sort((a, b) => (a === "watts_strogatz" ? -1 : b === "watts_strogatz" ? 1 : a.localeCompare(b)));
}

/**
 * A layered graph drawn as the network it becomes: vertex v at x = its layer, spread vertically within the layer;
 * edges between consecutive layers are solid grey, skip edges (s → t with s ≤ t − 2, each needing a skip layer) dashed
 * orange.
 */
export function layeredGraphFigure(graph: LayeredGraph, options: ChartOptions = {}): Figure {
  const size = presetSize(options.size, { notebook: 0.47, column: 0.62, page: 0.3 });
  const { fontSize } = resolveSize(size);
  const position = new Map<number, [number, number]>();
  graph.layers.forEach((vertices, layer) => {
    vertices.forEach((v, i) => position.set(v, [layer, i - (vertices.length - 1) / 2]));
  });
  const segments = (skip: boolean) => {
    const x: (number | null)[] = [];
    const y: (number | null)[] = [];
    for (const [u, v] of graph.edges) {
      if (graph.layerOf[v]! - graph.layerOf[u]! >= 2 !== skip) continue;
      const [x0, y0] = position.get(u)!;
      const [x1, y1] = position.get(v)!;
      x.push(x0, x1, null);
      y.push(y0, y1, null);
    }
    return { x, y };
  };
  const direct = segments(false);
  const skip = segments(true);
  const vertices = [...position.entries()];
  const data: Data[] = [
    {
      type: "scatter",
      mode: "lines",
      name: "edge to the next layer",
      x: direct.x,
      y: direct.y,
      line: { color: "#9A9A9A", width: 1 },
      hoverinfo: "skip",
    },
    {
      type: "scatter",
      mode: "lines",
      name: "skip edge",
      x: skip.x,
      y: skip.y,
      line: { color: PALETTE.orange, width: 1, dash: "dot" },
      hoverinfo: "skip",
    },
    {
      type: "scatter",
      mode: "text+markers",
      name: "vertex (unit)",
      x: vertices.map(([, p]) => p[0]),
      y: vertices.map(([, p]) => p[1]),
      text: vertices.map(([v]) => String(v)),
      textfont: { size: fontSize * 0.72, color: "#FFFFFF" },
      marker: { size: fontSize * 1.35, color: PALETTE.blue, line: { width: 1, color: "#FFFFFF" } },
      hovertemplate: vertices.map(([v]) => `vertex ${v}, layer ${graph.layerOf[v]}<extra></extra>`),
    } as Partial<PlotData>,
  ];
  const sizes = graph.layerSizes;
  const tallest = Math.max(...sizes);
  return chartFigure(
    data,
    { xTitle: "layer (vertices in it)", ...options, size },
    {
      showlegend: true,
      xaxis: {
        tickvals: sizes.map((_, l) => l),
        ticktext: sizes.map((s, l) => `${l} (${s})`),
        zeroline: false,
        range: [-0.4, sizes.length - 0.6],
      },
      yaxis: { visible: false, showgrid: false, range: [-(tallest - 1) / 2 - 0.6, (tallest - 1) / 2 + 0.6] },
    },
  );
}

/** Test accuracy per variant, WS beside BA (thesis figures 6.29–6.32), as grouped boxes or violins. */
export function accuracyByGeneratorFigure(
  rows: readonly StructureRow[],
  modes: readonly string[],
  options: ChartOptions & { kind?: "box" | "violin"; target?: string } = {},
): Figure {
  const target = options.target ?? "test_acc";
  const data: Data[] = generatorsOf(rows).map((generator) => {
    const subset = rows.filter((r) => r.graph === generator && modes.includes(String(r.mode)));
    const color = generatorColor(generator);
    const common = {
      name: generatorLabel(generator),
      x: subset.map((r) => String(r.mode)),
      y: columnValues(subset, target),
    };
    return options.kind === "violin"
      ? ({
          ...common,
          type: "violin",
          line: { color },
          fillcolor: color,
          opacity: 0.7,
          box: { visible: true },
          meanline: { visible: true },
          points: false,
        } as Partial<PlotData>)
      : ({
          ...common,
          type: "box",
          marker: { color, size: isPaperSize(options.size) ? 2.5 : 4, opacity: 0.6 },
          line: { color, width: 1.2 },
          boxmean: true,
          boxpoints: "all",
          jitter: 0.4,
          pointpos: 0,
        } as Partial<PlotData>);
  });
  const size = presetSize(options.size, { column: 0.7, page: 0.32 });
  return chartFigure(
    data,
    {
      title: "Test accuracy of the networks per variant and generator",
      reference: "thesis figures 6.29–6.32",
      yTitle: columnLabel(target),
      ...options,
      size,
    },
    {
      boxmode: "group",
      violinmode: "group",
      showlegend: true,
      xaxis: { categoryorder: "array", categoryarray: [...modes] },
    } as ChartOptions["layout"],
  );
}

/**
 * Histograms of each property by generator (the thesis's distributions of nodes, edges, layers and density): both
 * generators on the same bins, side by side, so no bar hides or tints another.
 */
export function propertyDistributionsFigure(
  rows: readonly StructureRow[],
  properties: readonly string[],
  options: { title?: string; columns?: PerPreset<number>; size?: SizeOption } = {},
): Figure {
  const generators = generatorsOf(rows);
  const panels = properties.map((property) =>
    histogramChart(
      generators.map((g) => ({
        name: generatorLabel(g),
        values: columnValues(
          rows.filter((r) => r.graph === g),
          property,
        ),
        color: generatorColor(g),
      })),
      { xTitle: columnLabel(property), yTitle: "graphs", mode: "group", size: options.size },
    ),
  );
  return smallMultiples(panels, {
    columns: options.columns ?? { notebook: 2, column: 2, page: 4 },
    aspect: { notebook: 0.55, column: 0.75, page: 0.75 },
    title: options.title ?? "Sizes of the sweep's graphs by generator",
    size: options.size,
    layout: { barmode: "group", bargap: 0.1 },
  });
}

/** Test accuracy against one property, one colour per variant with its least-squares line and r (a joint plot). */
export function accuracyAgainstPropertyFigure(
  rows: readonly StructureRow[],
  property: string,
  modes: readonly string[],
  options: ChartOptions & { target?: string } = {},
): Figure {
  const target = options.target ?? "test_acc";
  const series = modes.map((mode) => {
    const subset = rows.filter((r) => r.mode === mode);
    return {
      name: mode,
      x: columnValues(subset, property),
      y: columnValues(subset, target),
      color: VARIANT_COLORS[mode as RecurrentMode],
      text: subset.map((r) => `${generatorLabel(String(r.graph))} #${r.graph_nr}`),
    };
  });
  return scatterChart(series, {
    xTitle: columnLabel(property),
    yTitle: columnLabel(target),
    fitLine: true,
    ...options,
  });
}

/** Heatmap of Pearson r: properties (rows) × variants (columns). */
export function correlationHeatmapFigure(
  byVariant: ReadonlyMap<string, readonly PropertyCorrelation[]>,
  options: ChartOptions = {},
): Figure {
  const modes = [...byVariant.keys()];
  if (modes.length === 0) throw new Error("correlation heatmap: no variants");
  const properties = byVariant.get(modes[0]!)!.map((c) => c.property);
  const z = properties.map((property) =>
    modes.map((mode) => {
      const found = byVariant.get(mode)!.find((c) => c.property === property);
      if (!found) throw new Error(`correlation heatmap: variant ${mode} lacks property ${property}`);
      return found.r;
    }),
  );
  const named = options.size ?? "notebook";
  const { fontSize, preset } = resolveSize(named);
  // A row per property, tall enough for its label.
  const rowsHeight = fontSize * 5 + fontSize * 1.6 * properties.length;
  const size =
    typeof named === "string"
      ? { width: FIGURE_SIZES[preset].width, height: Math.round(rowsHeight / 8) * 8, preset }
      : named;
  return heatmapChart(
    { x: modes, y: properties.map(columnLabel), z },
    {
      zmin: -1,
      zmax: 1,
      colorbarTitle: "r",
      title: "Pearson r of each graph property with test accuracy, per variant",
      reference: "thesis tables 6.1–6.4",
      ...options,
      size,
    },
  );
}

/** Our r with its 95% interval per property (dots with error bars), the thesis's r as open diamonds beside it. */
export function correlationIntervalFigure(
  ours: readonly PropertyCorrelation[],
  thesis: Readonly<Record<string, number>>,
  options: ChartOptions & { color?: string; interval?: "fisher" | "bootstrap" } = {},
): Figure {
  const interval = (c: PropertyCorrelation) =>
    options.interval === "bootstrap" && c.bootstrap95 ? c.bootstrap95 : c.ci95;
  const shown = ours.filter((c) => Number.isFinite(c.r));
  const withThesis = shown.filter((c) => thesis[c.property] !== undefined);
  const named = options.size ?? "notebook";
  const { fontSize, preset } = resolveSize(named);
  const rowsHeight = fontSize * 7 + fontSize * 1.5 * shown.length;
  const size =
    typeof named === "string"
      ? { width: FIGURE_SIZES[preset].width, height: Math.round(rowsHeight / 8) * 8, preset }
      : named;
  const data: Data[] = [
    {
      type: "scatter",
      mode: "markers",
      name: "ours (95% CI)",
      x: shown.map((c) => c.r),
      y: shown.map((c) => columnLabel(c.property)),
      marker: { color: options.color ?? PALETTE.blue, size: fontSize * 0.6 },
      error_x: {
        type: "data",
        symmetric: false,
        array: shown.map((c) => interval(c)[1] - c.r),
        arrayminus: shown.map((c) => c.r - interval(c)[0]),
        thickness: 1.2,
        width: 3,
      },
    },
    {
      type: "scatter",
      mode: "markers",
      name: "thesis",
      x: withThesis.map((c) => thesis[c.property]!),
      y: withThesis.map((c) => columnLabel(c.property)),
      marker: { color: PALETTE.vermillion, size: fontSize * 0.8, symbol: "diamond-open", line: { width: 1.5 } },
    },
  ];
  return chartFigure(
    data,
    { xTitle: "Pearson r with test accuracy", ...options, size },
    {
      showlegend: true,
      xaxis: {
        range: [-1, 1],
        dtick: 0.5,
        zeroline: true,
        zerolinecolor: "#888888",
        showgrid: true,
        gridcolor: "#E8E8E8",
      },
      yaxis: { autorange: "reversed", showgrid: false },
    },
  );
}

/** One variant's correlations with their intervals beside the thesis's (tables 6.1–6.4), in the variant's colour. */
export function variantCorrelationFigure(
  mode: string,
  ours: readonly PropertyCorrelation[],
  thesis: Readonly<Record<string, number>>,
  options: { size?: SizeOption } = {},
): Figure {
  return correlationIntervalFigure(ours, thesis, {
    title: `${mode}: Pearson r of each property with test accuracy, ours with its 95% interval and the thesis's`,
    reference: "thesis tables 6.1–6.4",
    color: VARIANT_COLORS[mode as RecurrentMode],
    size: options.size,
  });
}

/**
 * Joint plots of accuracy against several properties, one panel each; the legend lists the variants once (r is in the
 * hover and the heatmap).
 */
export function jointPlotsFigure(
  rows: readonly StructureRow[],
  properties: readonly string[],
  modes: readonly string[],
  options: { title?: string; columns?: PerPreset<number>; target?: string; size?: SizeOption } = {},
): Figure {
  const panels = properties.map((p) =>
    accuracyAgainstPropertyFigure(rows, p, modes, { target: options.target, size: options.size }),
  );
  for (const panel of panels) {
    for (const trace of panel.data as Partial<PlotData>[]) {
      if (trace.mode === "markers") trace.marker = { ...trace.marker, size: isPaperSize(options.size) ? 3 : 6 };
      // Fit lines are named with their panel's r, so each would get its own legend entry; list only the point clouds.
      if (trace.mode === "lines") {
        trace.showlegend = false;
        trace.hoverinfo = "name";
        trace.hovertemplate = undefined;
      }
    }
  }
  const figure = smallMultiples(panels, {
    columns: options.columns ?? { notebook: 2, column: 2, page: 4 },
    aspect: { notebook: 0.6, column: 0.85, page: 0.85 },
    title:
      options.title ??
      `Test accuracy against the ${properties.length} properties most correlated with it, with least-squares lines`,
    size: options.size,
  });
  return figure;
}
