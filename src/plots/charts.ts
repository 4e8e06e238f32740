/**
 * Typed builders of the chart kinds the chapters use: bars, histograms, lines, scatter with a fit line,
 * heatmaps, box/violin plots. Each returns plain plotly `{data, layout, config}` in the project style;
 * `options.layout` is merged last, so any plotly layout field can be set without leaving the helper.
 */
import type { BoxPlotData, Data, Layout, PlotData, ViolinData } from "plotly.js";
import { mergeDeep, type Figure } from "./figure";
import { linearFit } from "./linear-fit";
import { axisStyle, COLORWAY, DIVERGING_COLORSCALE, resolveSize, themedLayout, titleStyle, type SizeOption } from "./theme";

/** Options every chart takes. */
export interface ChartOptions {
  title?: string;
  xTitle?: string;
  yTitle?: string;
  /** A named size ("column", "page", "notebook": the default) or pixels. */
  size?: SizeOption;
  /** Plotly layout fields merged over the themed layout, last. */
  layout?: Partial<Layout>;
}

/** Plotly options that keep figures clean: no logo, SVG from the camera button. */
export const FIGURE_CONFIG = Object.freeze({
  displaylogo: false,
  responsive: false,
  modeBarButtonsToRemove: ["lasso2d", "select2d"],
  toImageButtonOptions: { format: "svg" },
}) as Figure["config"];

/** Assemble a figure: themed layout, title, axis titles, chart-specific layout, then the caller's layout. */
export function chartFigure(data: Data[], options: ChartOptions, chartLayout: Partial<Layout> = {}): Figure {
  const size = options.size ?? "notebook";
  let layout = themedLayout(size, titleStyle(options.title, size));
  layout = mergeDeep(layout, {
    xaxis: axisStyle(options.xTitle),
    yaxis: axisStyle(options.yTitle, { showgrid: true, gridcolor: "#E8E8E8" }),
  });
  layout = mergeDeep(mergeDeep(layout, chartLayout), options.layout);
  return { data, layout, config: { ...FIGURE_CONFIG } };
}

/** The colour of series `i` when it has none of its own. */
function seriesColor(i: number, color?: string): string {
  return color ?? COLORWAY[i % COLORWAY.length]!;
}

/** Number formatting for value labels: thousands separators, at most `digits` decimals. */
export function formatNumber(value: number, digits = 3): string {
  return value.toLocaleString("en-US", { maximumFractionDigits: digits });
}

/** One series of a bar chart. */
export interface BarSeries {
  name: string;
  values: readonly number[];
  color?: string;
}

/** Bar chart of `series` over `categories`: grouped (default), stacked or overlaid; optional value labels. */
export function barChart(
  categories: readonly (string | number)[],
  series: readonly BarSeries[],
  options: ChartOptions & { mode?: "group" | "stack" | "overlay"; showValues?: boolean; horizontal?: boolean } = {},
): Figure {
  series.forEach((s) => {
    if (s.values.length !== categories.length) {
      throw new Error(`bar chart: series "${s.name}" has ${s.values.length} values for ${categories.length} categories`);
    }
  });
  const mode = options.mode ?? "group";
  const data: Data[] = series.map((s, i): Partial<PlotData> => {
    const across = [...categories] as (string | number)[];
    const along = [...s.values];
    return {
      type: "bar",
      name: s.name,
      x: options.horizontal ? along : across,
      y: options.horizontal ? across : along,
      orientation: options.horizontal ? "h" : "v",
      marker: { color: seriesColor(i, s.color), line: { width: 0 } },
      opacity: mode === "overlay" ? 0.6 : 1,
      text: options.showValues ? s.values.map((v) => formatNumber(v)) : undefined,
      textposition: options.showValues ? "outside" : undefined,
      cliponaxis: false,
      hovertemplate: `%{${options.horizontal ? "y" : "x"}}: %{${options.horizontal ? "x" : "y"}:,}<extra>${s.name}</extra>`,
    };
  });
  return chartFigure(data, options, { barmode: mode, showlegend: series.length > 1 });
}

/** One set of raw values of a histogram. */
export interface ValueSeries {
  name: string;
  values: readonly number[];
  color?: string;
}

/** Histogram(s) of raw values; several series are overlaid (default) or grouped side by side. */
export function histogramChart(
  series: readonly ValueSeries[],
  options: ChartOptions & {
    /** Width of a bin (default: plotly's automatic bins). */
    binSize?: number;
    /** Left edge of the first bin. */
    start?: number;
    normalize?: "" | "percent" | "probability" | "density";
    mode?: "overlay" | "group" | "stack";
  } = {},
): Figure {
  const mode = options.mode ?? "overlay";
  const data: Data[] = series.map(
    (s, i): Partial<PlotData> => ({
      type: "histogram",
      name: s.name,
      x: [...s.values],
      histnorm: options.normalize ?? "",
      // Plotly fills a missing bin edge itself; the typings demand all three.
      xbins: options.binSize === undefined ? undefined : ({ size: options.binSize, start: options.start } as PlotData["xbins"]),
      marker: { color: seriesColor(i, s.color), line: { width: 0 } },
      opacity: mode === "overlay" && series.length > 1 ? 0.55 : 1,
    }),
  );
  return chartFigure(data, { yTitle: options.normalize ? options.normalize : "count", ...options }, { barmode: mode, showlegend: series.length > 1 });
}

/** One line of a line chart. */
export interface LineSeries {
  name: string;
  x: readonly (number | string)[];
  y: readonly number[];
  color?: string;
  dash?: "solid" | "dot" | "dash" | "longdash" | "dashdot";
  /** Draw a marker at each point (default true when there are at most 60 points). */
  markers?: boolean;
}

/** Line chart, e.g. per-epoch accuracy or loss curves. */
export function lineChart(series: readonly LineSeries[], options: ChartOptions & { yRange?: [number, number] } = {}): Figure {
  const data: Data[] = series.map((s, i): Partial<PlotData> => {
    if (s.x.length !== s.y.length) throw new Error(`line chart: series "${s.name}" has ${s.x.length} x values but ${s.y.length} y values`);
    const markers = s.markers ?? s.x.length <= 60;
    return {
      type: "scatter",
      mode: markers ? "lines+markers" : "lines",
      name: s.name,
      x: [...s.x],
      y: [...s.y],
      line: { color: seriesColor(i, s.color), width: 1.8, dash: s.dash ?? "solid" },
      marker: { size: 5, color: seriesColor(i, s.color) },
    };
  });
  return chartFigure(data, options, { showlegend: series.length > 1, yaxis: options.yRange ? { range: options.yRange } : {} });
}

/** One cloud of points of a scatter plot. */
export interface ScatterSeries {
  name: string;
  x: readonly number[];
  y: readonly number[];
  color?: string;
  /** Hover text per point. */
  text?: readonly string[];
}

/** Scatter plot; with `fitLine` each series gets its least-squares line, named with Pearson's r. */
export function scatterChart(series: readonly ScatterSeries[], options: ChartOptions & { fitLine?: boolean } = {}): Figure {
  const data: Data[] = [];
  series.forEach((s, i) => {
    if (s.x.length !== s.y.length) throw new Error(`scatter chart: series "${s.name}" has ${s.x.length} x values but ${s.y.length} y values`);
    const color = seriesColor(i, s.color);
    data.push({
      type: "scatter",
      mode: "markers",
      name: s.name,
      legendgroup: s.name,
      x: [...s.x],
      y: [...s.y],
      text: s.text ? [...s.text] : undefined,
      marker: { color, size: 6, opacity: 0.75, line: { width: 0.5, color: "#FFFFFF" } },
    });
    if (options.fitLine && s.x.length >= 2 && Math.min(...s.x) < Math.max(...s.x)) {
      const fit = linearFit(s.x, s.y);
      const x0 = Math.min(...s.x);
      const x1 = Math.max(...s.x);
      data.push({
        type: "scatter",
        mode: "lines",
        name: `${s.name} fit (r = ${Number.isNaN(fit.r) ? "n/a" : fit.r.toFixed(2)})`,
        legendgroup: s.name,
        x: [x0, x1],
        y: [fit.intercept + fit.slope * x0, fit.intercept + fit.slope * x1],
        line: { color, width: 1.5, dash: "dash" },
        hoverinfo: "skip",
      });
    }
  });
  return chartFigure(data, options, { showlegend: data.length > 1 });
}

/** A labelled matrix for a heatmap (`z[row][column]`, rows along y). */
export interface HeatmapMatrix {
  x: readonly string[];
  y: readonly string[];
  z: readonly (readonly number[])[];
}

/** Heatmap, e.g. a correlation matrix; values printed in the cells unless `showValues` is false. */
export function heatmapChart(
  matrix: HeatmapMatrix,
  options: ChartOptions & { zmin?: number; zmax?: number; colorscale?: string | [number, string][]; showValues?: boolean; digits?: number; colorbarTitle?: string } = {},
): Figure {
  if (matrix.z.length !== matrix.y.length) throw new Error(`heatmap: ${matrix.z.length} rows of z for ${matrix.y.length} y labels`);
  matrix.z.forEach((row, i) => {
    if (row.length !== matrix.x.length) throw new Error(`heatmap: row ${i} ("${matrix.y[i]}") has ${row.length} values for ${matrix.x.length} x labels`);
  });
  const signed = matrix.z.some((row) => row.some((v) => v < 0));
  const digits = options.digits ?? 2;
  const trace: Partial<PlotData> = {
    type: "heatmap",
    x: [...matrix.x],
    y: [...matrix.y],
    z: matrix.z.map((row) => [...row]),
    zmin: options.zmin ?? (signed ? -1 : undefined),
    zmax: options.zmax ?? (signed ? 1 : undefined),
    colorscale: options.colorscale ?? (signed ? DIVERGING_COLORSCALE : "Viridis"),
    colorbar: { thickness: 12, outlinewidth: 0, title: options.colorbarTitle === undefined ? undefined : { text: options.colorbarTitle } },
    texttemplate: options.showValues === false ? undefined : `%{z:.${digits}f}`,
    hovertemplate: `%{y} × %{x}: %{z:.${digits}f}<extra></extra>`,
    xgap: 1,
    ygap: 1,
  } as Partial<PlotData>;
  return chartFigure([trace], options, {
    xaxis: { showline: false, ticks: "", tickangle: -45 },
    yaxis: { showline: false, ticks: "", showgrid: false, autorange: "reversed" },
  });
}

/** Box plots (default) or violins of several value sets, side by side. */
export function distributionChart(
  series: readonly ValueSeries[],
  options: ChartOptions & { kind?: "box" | "violin"; points?: "all" | "outliers" | false } = {},
): Figure {
  const kind = options.kind ?? "box";
  const data: Data[] = series.map((s, i) => {
    const color = seriesColor(i, s.color);
    if (kind === "violin") {
      const violin: Partial<ViolinData> = {
        type: "violin",
        name: s.name,
        y: [...s.values],
        line: { color },
        fillcolor: color,
        opacity: 0.7,
        box: { visible: true },
        meanline: { visible: true },
        points: options.points ?? false,
      };
      return violin;
    }
    const box: Partial<BoxPlotData> = {
      type: "box",
      name: s.name,
      y: [...s.values],
      marker: { color, size: 4 },
      line: { color, width: 1.5 },
      boxpoints: options.points ?? "outliers",
      boxmean: true,
    };
    return box;
  });
  return chartFigure(data, options, { showlegend: false });
}

/** Panel grid options of `smallMultiples`. */
export interface SmallMultiplesOptions {
  /** Panels per row (default: up to 3). */
  columns?: number;
  title?: string;
  size?: SizeOption;
  /** Fraction of the width/height left between panels. */
  gap?: number;
  layout?: Partial<Layout>;
}

/**
 * Arrange figures as a grid of panels sharing one legend: each panel keeps its traces, axis titles and
 * title (as an annotation above it); a legend entry appears once per trace name.
 */
export function smallMultiples(panels: readonly Figure[], options: SmallMultiplesOptions = {}): Figure {
  if (panels.length === 0) throw new Error("small multiples: no panels");
  const columns = Math.max(1, Math.min(options.columns ?? 3, panels.length));
  const rows = Math.ceil(panels.length / columns);
  const gap = options.gap ?? 0.08;
  const size = options.size ?? { width: resolveSize("notebook").width, height: 260 * rows + 60 };
  const cellWidth = (1 - gap * (columns - 1)) / columns;
  const cellHeight = (1 - gap * 1.6 * (rows - 1)) / rows;
  const data: Data[] = [];
  const axes: Record<string, unknown> = {};
  const annotations: NonNullable<Layout["annotations"]> = [];
  const named = new Set<string>();
  panels.forEach((panel, k) => {
    const row = Math.floor(k / columns);
    const column = k % columns;
    const suffix = k === 0 ? "" : String(k + 1);
    const x0 = column * (cellWidth + gap);
    const y1 = 1 - row * (cellHeight + gap * 1.6);
    for (const trace of panel.data) {
      const name = (trace as { name?: string }).name;
      const first = name === undefined || !named.has(name);
      if (name !== undefined) named.add(name);
      data.push({ ...trace, xaxis: `x${suffix}`, yaxis: `y${suffix}`, legendgroup: name, showlegend: first && name !== undefined } as Data);
    }
    const titleOf = (axis: Partial<Layout["xaxis"]> | undefined) => (typeof axis?.title === "string" ? axis.title : axis?.title?.text);
    axes[`xaxis${suffix}`] = mergeDeep(panel.layout.xaxis ?? {}, { ...axisStyle(titleOf(panel.layout.xaxis)), domain: [x0, x0 + cellWidth], anchor: `y${suffix}` });
    // A y title repeated along a row is shown once, on the row's first panel.
    const rowStart = panels[row * columns]!;
    const yTitle = column > 0 && titleOf(rowStart.layout.yaxis) === titleOf(panel.layout.yaxis) ? undefined : titleOf(panel.layout.yaxis);
    const { title: _ownTitle, ...panelYAxis } = panel.layout.yaxis ?? {};
    axes[`yaxis${suffix}`] = mergeDeep(panelYAxis, {
      ...axisStyle(yTitle, { showgrid: true, gridcolor: "#E8E8E8" }),
      domain: [y1 - cellHeight, y1],
      anchor: `x${suffix}`,
    });
    const panelTitle = typeof panel.layout.title === "string" ? panel.layout.title : panel.layout.title?.text;
    if (panelTitle) {
      annotations.push({
        text: `<b>${panelTitle}</b>`,
        x: x0,
        y: y1,
        xref: "paper",
        yref: "paper",
        xanchor: "left",
        yanchor: "bottom",
        showarrow: false,
        font: { size: resolveSize(size).fontSize },
      });
    }
  });
  const barmode = panels.find((p) => p.layout.barmode)?.layout.barmode;
  return chartFigure(data, { title: options.title, size, layout: options.layout }, {
    ...(axes as Partial<Layout>),
    annotations,
    barmode,
    showlegend: named.size > 1,
    // Room for the figure title above the panel titles.
    margin: { t: options.title ? 64 : 36 },
  });
}
