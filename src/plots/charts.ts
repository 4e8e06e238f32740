/**
 * Typed builders of the chart kinds the chapters use: bars, histograms, lines, scatter with a fit line,
 * heatmaps, box/violin plots. Each returns plain plotly `{data, layout, config}` in the project style;
 * `options.layout` is merged last, so any plotly layout field can be set without leaving the helper.
 */
import type { BoxPlotData, Data, Layout, PlotData, ViolinData } from "plotly.js";
import { mergeDeep, type Figure } from "./figure";
import { linearFit } from "./linear-fit";
import {
  axisStyle,
  COLORWAY,
  DIVERGING_COLORSCALE,
  isPaperSize,
  perPreset,
  presetOf,
  resolveSize,
  themedLayout,
  titleStyle,
  colorAt,
  luminance,
  VIRIDIS_COLORSCALE,
  type PerPreset,
  type SizeOption,
} from "./theme";

/** Options every chart takes. */
export interface ChartOptions {
  /** What the figure shows: drawn above it in a notebook; at paper sizes it goes to the caption instead. */
  title?: string;
  /** Where the thesis shows the same thing (e.g. "thesis figure 4.2"), for the caption. */
  reference?: string;
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

/** The title drawn above a notebook figure: the title, then the thesis reference in grey. */
function notebookTitle(options: ChartOptions): string | undefined {
  if (options.title === undefined) return undefined;
  return options.reference
    ? `${options.title} <span style="color:#777777">· ${options.reference}</span>`
    : options.title;
}

/** Names of the legend's entries (named traces not hidden from it), as plotly would list them. */
function legendNames(data: readonly Data[]): string[] {
  const names: string[] = [];
  for (const trace of data as { name?: string; showlegend?: boolean; legendgroup?: string }[]) {
    if (trace.name === undefined || trace.showlegend === false) continue;
    if (!names.includes(trace.name)) names.push(trace.name);
  }
  return names;
}

/** Approximate rendered width of a label in pixels (0.55 em per character: the average of Latin text). */
export function textWidth(text: string, fontSize: number): number {
  const plain = text.replace(/<[^>]+>/g, "");
  return plain.length * fontSize * 0.55;
}

/**
 * Rows a horizontal legend of `names` wraps into at `width` pixels (plotly's items: 40 px of symbol and padding,
 * then the text).
 */
export function legendRows(names: readonly string[], width: number, fontSize: number): number {
  let rows = names.length > 0 ? 1 : 0;
  let used = 0;
  for (const name of names) {
    const item = 46 + textWidth(name, fontSize) * 1.06;
    if (used > 0 && used + item > width - 16) {
      rows += 1;
      used = 0;
    }
    used += item;
  }
  return rows;
}

/** Height of the bottom axis block: tick labels, and the title when there is one. */
export function xAxisBlock(fontSize: number, titled: boolean): number {
  return 4 + fontSize * 1.35 + (titled ? 6 + fontSize * 1.35 : 0);
}

/**
 * Make room for a legend anchored to the figure's bottom edge (`legendBelow`): the bottom margin holds the x axis
 * (tick labels and title) and then the legend's rows, so neither covers the other.
 */
export function fitLegend(layout: Partial<Layout>, data: readonly Data[]): Partial<Layout> {
  const legend = layout.legend as { yref?: string; y?: number; yanchor?: string } | undefined;
  if (layout.showlegend === false || legend?.yref !== "container" || legend.y !== 0) return layout;
  const names = legendNames(data);
  if (names.length === 0 || (layout.showlegend === undefined && names.length < 2)) return layout;
  const fontSize = layout.font?.size ?? 12;
  const rows = legendRows(names, layout.width ?? 600, fontSize);
  const xTitle = (layout.xaxis?.title as { text?: string } | undefined)?.text;
  const bottom = xAxisBlock(fontSize, Boolean(xTitle) || hasBottomTitle(layout)) + rows * (fontSize + 8) + 4;
  return mergeDeep(layout, { margin: { b: Math.max(layout.margin?.b ?? 0, Math.ceil(bottom)) } });
}

/** Whether any x axis of a multi-panel layout has a title (the bottom row's). */
function hasBottomTitle(layout: Partial<Layout>): boolean {
  return Object.entries(layout).some(
    ([key, axis]) => /^xaxis\d+$/.test(key) && Boolean((axis as { title?: { text?: string } })?.title?.text),
  );
}

/**
 * Assemble a figure: themed layout, title (notebook only), axis titles, chart-specific layout, then the caller's
 * layout; the caption keeps the title and reference at every size.
 */
export function chartFigure(data: Data[], options: ChartOptions, chartLayout: Partial<Layout> = {}): Figure {
  const size = options.size ?? "notebook";
  const { fontSize } = resolveSize(size);
  let layout = themedLayout(size, titleStyle(notebookTitle(options), size));
  layout = mergeDeep(layout, {
    xaxis: axisStyle(options.xTitle, {}, fontSize),
    yaxis: axisStyle(options.yTitle, { showgrid: true, gridcolor: "#E8E8E8" }, fontSize),
  });
  layout = mergeDeep(mergeDeep(layout, chartLayout), options.layout);
  layout = fitLegend(layout, data);
  const figure: Figure = { data, layout, config: { ...FIGURE_CONFIG } };
  if (options.title !== undefined) figure.caption = { title: options.title, reference: options.reference };
  return figure;
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
  options: ChartOptions & {
    mode?: "group" | "stack" | "overlay";
    showValues?: boolean;
    /** Decimals of the value labels: fixed when given (e.g. 1 for "47.0"), else at most 3. */
    valueDigits?: number;
    horizontal?: boolean;
  } = {},
): Figure {
  series.forEach((s) => {
    if (s.values.length !== categories.length) {
      throw new Error(
        `bar chart: series "${s.name}" has ${s.values.length} values for ${categories.length} categories`,
      );
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
      text: options.showValues
        ? s.values.map((v) =>
            options.valueDigits === undefined
              ? formatNumber(v)
              : v.toLocaleString("en-US", {
                  minimumFractionDigits: options.valueDigits,
                  maximumFractionDigits: options.valueDigits,
                }),
          )
        : undefined,
      textposition: options.showValues ? "outside" : undefined,
      cliponaxis: false,
      hovertemplate:
        `%{${options.horizontal ? "y" : "x"}}: %{${options.horizontal ? "x" : "y"}:,}` + `<extra>${s.name}</extra>`,
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
    /** Width of a bin (default: about 20 bins over the range of all series together, whole numbers for integers). */
    binSize?: number;
    /** Left edge of the first bin. */
    start?: number;
    normalize?: "" | "percent" | "probability" | "density";
    mode?: "overlay" | "group" | "stack";
  } = {},
): Figure {
  const mode = options.mode ?? "overlay";
  const bins =
    options.binSize === undefined
      ? sharedBins(series.flatMap((s) => s.values))
      : { size: options.binSize, start: options.start };
  const data: Data[] = series.map((s, i): Partial<PlotData> => ({
    type: "histogram",
    name: s.name,
    x: [...s.values],
    histnorm: options.normalize ?? "",
    // Every series on the same explicit bins, so bars of different series line up; the typings demand all three edges.
    xbins: bins as PlotData["xbins"],
    autobinx: false,
    marker: { color: seriesColor(i, s.color), line: { width: 0 } },
    opacity: mode === "overlay" && series.length > 1 ? 0.55 : 1,
  }));
  return chartFigure(
    data,
    { yTitle: options.normalize ? options.normalize : "count", ...options },
    { barmode: mode, showlegend: series.length > 1 },
  );
}

/**
 * Bins shared by every series of a histogram: about 20 over the range of all values; for whole numbers a whole
 * bin width starting half a unit below the smallest value, so each bar is centred on its integers.
 */
export function sharedBins(values: readonly number[]): { size: number; start: number } | undefined {
  if (values.length === 0) return undefined;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const integers = values.every((v) => Number.isInteger(v));
  if (integers) return { size: Math.max(1, Math.ceil((hi - lo + 1) / 20)), start: lo - 0.5 };
  if (hi === lo) return { size: Math.abs(lo) * 0.1 || 1, start: lo - (Math.abs(lo) * 0.05 || 0.5) };
  const raw = (hi - lo) / 20;
  const step = 10 ** Math.floor(Math.log10(raw));
  const size = [1, 2, 2.5, 5, 10].map((m) => m * step).find((w) => w >= raw)!;
  return { size, start: Math.floor(lo / size) * size };
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
export function lineChart(
  series: readonly LineSeries[],
  options: ChartOptions & { yRange?: [number, number] } = {},
): Figure {
  const data: Data[] = series.map((s, i): Partial<PlotData> => {
    if (s.x.length !== s.y.length)
      throw new Error(`line chart: series "${s.name}" has ${s.x.length} x values but ${s.y.length} y values`);
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
  return chartFigure(data, options, {
    showlegend: series.length > 1,
    yaxis: options.yRange ? { range: options.yRange } : {},
  });
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
export function scatterChart(
  series: readonly ScatterSeries[],
  options: ChartOptions & { fitLine?: boolean } = {},
): Figure {
  const data: Data[] = [];
  series.forEach((s, i) => {
    if (s.x.length !== s.y.length)
      throw new Error(`scatter chart: series "${s.name}" has ${s.x.length} x values but ${s.y.length} y values`);
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

/**
 * Heatmap, e.g. a correlation matrix; values printed in the cells unless `showValues` is false. The cells are
 * drawn as rectangles, not plotly's heatmap raster, so SVG and PDF exports stay vector; one text trace carries the
 * values, the hover and the colour bar.
 */
export function heatmapChart(
  matrix: HeatmapMatrix,
  options: ChartOptions & {
    zmin?: number;
    zmax?: number;
    colorscale?: [number, string][];
    showValues?: boolean;
    digits?: number;
    colorbarTitle?: string;
  } = {},
): Figure {
  if (matrix.z.length !== matrix.y.length)
    throw new Error(`heatmap: ${matrix.z.length} rows of z for ${matrix.y.length} y labels`);
  matrix.z.forEach((row, i) => {
    if (row.length !== matrix.x.length)
      throw new Error(`heatmap: row ${i} ("${matrix.y[i]}") has ${row.length} values for ${matrix.x.length} x labels`);
  });
  const values = matrix.z.flat().filter(Number.isFinite);
  const signed = values.some((v) => v < 0);
  const digits = options.digits ?? 2;
  const zmin = options.zmin ?? (signed ? -1 : Math.min(...values));
  const zmax = options.zmax ?? (signed ? 1 : Math.max(...values));
  const colorscale = options.colorscale ?? (signed ? DIVERGING_COLORSCALE : VIRIDIS_COLORSCALE);
  const { fontSize } = resolveSize(options.size);
  const shapes: NonNullable<Layout["shapes"]> = [];
  const cx: number[] = [];
  const cy: number[] = [];
  const text: string[] = [];
  const textColor: string[] = [];
  const hover: string[] = [];
  const gap = 0.03;
  matrix.z.forEach((row, i) =>
    row.forEach((value, j) => {
      const fill = Number.isFinite(value) ? colorAt(colorscale, (value - zmin) / (zmax - zmin || 1)) : "#FFFFFF";
      shapes.push({
        type: "rect",
        xref: "x",
        yref: "y",
        x0: j - 0.5 + gap,
        x1: j + 0.5 - gap,
        y0: i - 0.5 + gap,
        y1: i + 0.5 - gap,
        fillcolor: fill,
        line: { width: 0 },
        layer: "below",
      });
      cx.push(j);
      cy.push(i);
      text.push(Number.isFinite(value) ? value.toFixed(digits).replace("-", "−") : "");
      textColor.push(luminance(fill) < 0.25 ? "#FFFFFF" : "#222222");
      hover.push(`${matrix.y[i]} × ${matrix.x[j]}: ${Number.isFinite(value) ? value.toFixed(digits) : "n/a"}`);
    }),
  );
  const trace = {
    type: "scatter",
    mode: options.showValues === false ? "markers" : "text+markers",
    x: cx,
    y: cy,
    text,
    textfont: { color: textColor, size: fontSize * 0.9 },
    hovertext: hover,
    hoverinfo: "text",
    showlegend: false,
    marker: {
      size: 1,
      opacity: 0,
      color: cx.map((_, k) => matrix.z[cy[k]!]![cx[k]!]),
      cmin: zmin,
      cmax: zmax,
      colorscale,
      showscale: true,
      colorbar: {
        thickness: Math.round(fontSize),
        outlinewidth: 0,
        len: 1,
        title: options.colorbarTitle === undefined ? undefined : { text: options.colorbarTitle },
      },
    },
  } as Partial<PlotData>;
  return chartFigure([trace as Data], options, {
    showlegend: false,
    xaxis: {
      showline: false,
      ticks: "",
      tickmode: "array",
      tickvals: matrix.x.map((_, j) => j),
      ticktext: [...matrix.x],
      range: [-0.5, matrix.x.length - 0.5],
      showgrid: false,
      zeroline: false,
    },
    yaxis: {
      showline: false,
      ticks: "",
      tickmode: "array",
      tickvals: matrix.y.map((_, i) => i),
      ticktext: [...matrix.y],
      range: [matrix.y.length - 0.5, -0.5],
      showgrid: false,
      zeroline: false,
    },
    shapes,
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

/**
 * Whole-number ticks for an axis running up to `largest` (epochs, counts): a step of 1, 2, 5, 10, … chosen so about
 * `target` ticks show, starting at `start`.
 */
export function integerTicks(
  largest: number,
  options: { start?: number; target?: number } = {},
): Partial<Layout["xaxis"]> {
  const start = options.start ?? 0;
  const span = Math.max(1, largest - start);
  const raw = span / (options.target ?? 5);
  const power = 10 ** Math.floor(Math.log10(Math.max(1, raw)));
  const dtick = [1, 2, 5, 10].map((m) => m * power).find((d) => d >= raw) ?? 10 * power;
  return { tickmode: "linear", tick0: start, dtick: Math.max(1, dtick), tickformat: "d" };
}

/** Panel grid options of `smallMultiples`. */
export interface SmallMultiplesOptions {
  /** Panels per row, per preset (default: up to 3 in a notebook and on a page, 2 in a column). */
  columns?: PerPreset<number>;
  title?: string;
  reference?: string;
  /** A named size (the grid's height then follows from the panels) or explicit pixels. */
  size?: SizeOption;
  /** Height of each panel's plot area over its width, per preset (default 0.7). */
  aspect?: PerPreset<number>;
  /** Heights of the rows' plot areas in pixels when rows differ (bar lists of unequal length); overrides `aspect`. */
  rowHeights?: readonly number[];
  /** Width in pixels of the y tick labels when they are long (category names), so the gaps between panels hold them. */
  yLabelWidth?: number;
  /** Draw an x title shared by every panel once, and one shared down a column under its bottom panel (default true). */
  shareXTitles?: boolean;
  layout?: Partial<Layout>;
}

/** Title text of a plotly title that may be a string or `{text}`. */
function titleText(title: string | Partial<{ text: string }> | undefined): string | undefined {
  return typeof title === "string" ? title : title?.text;
}

/** The names a legend lists for these traces (named, not hidden), each once. */
export function legendEntries(data: readonly Data[]): string[] {
  return legendNames(data);
}

/**
 * Arrange figures as a grid of panels sharing one legend, below the grid: each panel keeps its traces, axes and
 * title (bold, above it). The grid is laid out for its size, not scaled: panels per row come from `columns` at the
 * preset, gaps are measured in font heights so tick labels and titles fit between panels, an axis title every
 * panel shares is drawn once for the grid (centred), and a legend entry appears once per trace name.
 */
export function smallMultiples(panels: readonly Figure[], options: SmallMultiplesOptions = {}): Figure {
  if (panels.length === 0) throw new Error("small multiples: no panels");
  const named = options.size ?? "notebook";
  const preset = presetOf(named);
  const columns = Math.max(1, Math.min(perPreset(options.columns, named, preset === "column" ? 2 : 3), panels.length));
  const rows = Math.ceil(panels.length / columns);
  const { width, fontSize: f } = resolveSize(named);
  const aspect = perPreset(options.aspect, named, 0.7);
  const yTitleOf = (k: number) => titleText(panels[k]?.layout.yaxis?.title);
  const xTitleOf = (k: number) => titleText(panels[k]?.layout.xaxis?.title);
  const panelTitleOf = (k: number) =>
    panels[k]!.caption?.title ?? titleText(panels[k]!.layout.title)?.replace(/ <span[^>]*>.*<\/span>$/, "");
  const same = (titles: (string | undefined)[]) => titles.every((t) => t === titles[0]);
  const sharedY = same(panels.map((_, k) => yTitleOf(k))) ? yTitleOf(0) : undefined;
  const sharedX = options.shareXTitles !== false && same(panels.map((_, k) => xTitleOf(k))) ? xTitleOf(0) : undefined;
  const allYSame = same(panels.map((_, k) => yTitleOf(k)));
  const allXSame = same(panels.map((_, k) => xTitleOf(k)));
  // Otherwise: a y title repeated along a row is drawn on the row's first panel; an x title repeated down a column
  // on the column's bottom panel.
  const showYTitle = (k: number) => !allYSame && (k % columns === 0 || yTitleOf(k) !== yTitleOf(k - (k % columns)));
  const below = (k: number) => (k + columns < panels.length ? k + columns : -1);
  const showXTitle = (k: number) =>
    !(allXSame && options.shareXTitles !== false) &&
    (options.shareXTitles === false || below(k) < 0 || xTitleOf(below(k)) !== xTitleOf(k));
  const anyPanelTitle = panels.some((_, k) => panelTitleOf(k));
  const anyInnerYTitle = panels.some((_, k) => k % columns > 0 && showYTitle(k) && yTitleOf(k));
  const anyInnerXTitle = panels.some((_, k) => below(k) >= 0 && showXTitle(k) && xTitleOf(k));
  const anyBottomXTitle = Boolean(sharedX) || panels.some((_, k) => below(k) < 0 && showXTitle(k) && xTitleOf(k));
  // Data, each legend name once (the first panel that has it shows it).
  const data: Data[] = [];
  const seen = new Set<string>();
  panels.forEach((panel, k) => {
    const suffix = k === 0 ? "" : String(k + 1);
    for (const trace of panel.data) {
      const name = (trace as { name?: string }).name;
      const hidden = (trace as { showlegend?: boolean }).showlegend === false;
      const first = name !== undefined && !hidden && !seen.has(name);
      if (first) seen.add(name);
      data.push({
        ...trace,
        xaxis: `x${suffix}`,
        yaxis: `y${suffix}`,
        legendgroup: (trace as { legendgroup?: string }).legendgroup ?? name,
        showlegend: first,
      } as Data);
    }
  });
  const showLegend = options.layout?.showlegend ?? seen.size > 1;
  const legendHeight = showLegend ? legendRows([...seen], width, f) * (f + 8) + 4 : 0;
  // Fixed margins sized for the labels (automargin may still grow them); gaps hold the next panel's labels.
  const yTitleBlock = f * 1.5;
  const margin = {
    l: Math.round(
      (options.yLabelWidth ?? f * 3.2) +
        (sharedY || panels.some((_, k) => showYTitle(k) && yTitleOf(k)) ? yTitleBlock : 0),
    ),
    r: Math.round(f * 0.9),
    t: Math.round((anyPanelTitle ? f * 1.6 : f * 0.6) + (isPaperSize(named) || !options.title ? 0 : f * 2.6)),
    b: Math.round(xAxisBlock(f, anyBottomXTitle) + 4 + legendHeight),
  };
  const plotWidth = width - margin.l - margin.r;
  const hgapPx = (options.yLabelWidth ?? f * 2.4) + f + (anyInnerYTitle ? yTitleBlock : 0);
  const vgapPx = (anyPanelTitle ? f * 2 : f * 0.8) + xAxisBlock(f, anyInnerXTitle);
  const cellWidthPx = (plotWidth - hgapPx * (columns - 1)) / columns;
  const rowPx = Array.from({ length: rows }, (_, r) => options.rowHeights?.[r] ?? cellWidthPx * aspect);
  const plotHeight = rowPx.reduce((a, b) => a + b, 0) + vgapPx * (rows - 1);
  const size: SizeOption =
    typeof named === "string"
      ? { width, height: Math.round((plotHeight + margin.t + margin.b) / 8) * 8, preset }
      : named;
  const height = resolveSize(size).height;
  const plotHeightActual = height - margin.t - margin.b;
  const hgap = hgapPx / plotWidth;
  const vgap = vgapPx / plotHeightActual;
  const cellWidth = (1 - hgap * (columns - 1)) / columns;
  // Each row's share of the height left after the gaps, in proportion to its pixels.
  const rowShare = rowPx.map((px) => ((1 - vgap * (rows - 1)) * px) / rowPx.reduce((a, b) => a + b, 0));
  const rowTop = rowShare.map((_, r) => 1 - rowShare.slice(0, r).reduce((a, b) => a + b, 0) - vgap * r);
  const axes: Record<string, unknown> = {};
  const annotations: NonNullable<Layout["annotations"]> = [];
  panels.forEach((panel, k) => {
    const row = Math.floor(k / columns);
    const column = k % columns;
    const suffix = k === 0 ? "" : String(k + 1);
    const x0 = column * (cellWidth + hgap);
    const y1 = rowTop[row]!;
    const cellHeight = rowShare[row]!;
    const { title: _xTitle, ...panelXAxis } = panel.layout.xaxis ?? {};
    const { title: _yTitle, ...panelYAxis } = panel.layout.yaxis ?? {};
    axes[`xaxis${suffix}`] = mergeDeep(panelXAxis, {
      ...axisStyle(showXTitle(k) ? xTitleOf(k) : undefined, {}, f),
      domain: [x0, x0 + cellWidth],
      anchor: `y${suffix}`,
    });
    axes[`yaxis${suffix}`] = mergeDeep(panelYAxis, {
      ...axisStyle(
        showYTitle(k) ? yTitleOf(k) : undefined,
        { showgrid: panelYAxis.showgrid ?? true, gridcolor: "#E8E8E8" },
        f,
      ),
      domain: [y1 - cellHeight, y1],
      anchor: `x${suffix}`,
    });
    const panelTitle = panelTitleOf(k);
    if (panelTitle) {
      annotations.push({
        text: `<b>${panelTitle}</b>`,
        x: x0,
        y: y1,
        xref: "paper",
        yref: "paper",
        xanchor: "left",
        yanchor: "bottom",
        yshift: 2,
        showarrow: false,
        font: { size: f },
      });
    }
    // A panel's own annotations and shapes move onto its axes ("paper" becomes the panel's domain).
    for (const note of panel.layout.annotations ?? []) {
      const xref = note.xref === "paper" ? `x${suffix} domain` : `x${suffix}`;
      const yref = note.yref === "paper" ? `y${suffix} domain` : `y${suffix}`;
      annotations.push({ ...note, xref, yref } as NonNullable<Layout["annotations"]>[number]);
    }
  });
  // Titles every panel shares: once, centred on the grid, left of the tick labels and below them.
  if (sharedY) {
    annotations.push({
      text: sharedY,
      textangle: "-90",
      x: 0,
      y: 0.5,
      xref: "paper",
      yref: "paper",
      xanchor: "left",
      yanchor: "middle",
      xshift: -margin.l,
      showarrow: false,
    } as NonNullable<Layout["annotations"]>[number]);
  }
  if (sharedX) {
    annotations.push({
      text: sharedX,
      x: 0.5,
      y: 0,
      xref: "paper",
      yref: "paper",
      xanchor: "center",
      yanchor: "top",
      yshift: -xAxisBlock(f, false) - 2,
      showarrow: false,
    });
  }
  const shapes = panels.flatMap((panel, k) => {
    const suffix = k === 0 ? "" : String(k + 1);
    return (panel.layout.shapes ?? []).map((shape) => ({
      ...shape,
      xref: shape.xref === "paper" ? `x${suffix} domain` : `x${suffix}`,
      yref: shape.yref === "paper" ? `y${suffix} domain` : `y${suffix}`,
    })) as NonNullable<Layout["shapes"]>;
  });
  const barmode = panels.find((p) => p.layout.barmode)?.layout.barmode;
  return chartFigure(
    data,
    { title: options.title, reference: options.reference, size, layout: options.layout },
    {
      ...(axes as Partial<Layout>),
      annotations,
      shapes,
      barmode,
      showlegend: showLegend,
      margin,
    },
  );
}
