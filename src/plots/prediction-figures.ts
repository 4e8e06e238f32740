/**
 * Figures of performance prediction (thesis 6.4, appendix B): R² against the thesis's, predictions, importances,
 * learning curves.
 */
import type { Data } from "plotly.js";
import type { LearningCurvePoint, RegressorName } from "../analysis/performance-prediction";
import type { Summary } from "../analysis/statistics";
import { barChart, chartFigure, smallMultiples, textWidth, type ChartOptions } from "./charts";
import type { Figure } from "./figure";
import { columnLabel } from "./labels";
import { COLORWAY, isPaperSize, PALETTE, perPreset, presetSize, resolveSize, type SizeOption } from "./theme";

/** Display names of the regressors (the thesis's table headers). */
export const REGRESSOR_LABELS: Readonly<Record<RegressorName, string>> = Object.freeze({
  bayesian_ridge: "Bayesian ridge",
  random_forest: "random forest",
  ada_boost: "AdaBoost",
});

/** One regressor's colour, stable across figures. */
function regressorColor(name: RegressorName): string {
  return COLORWAY[["bayesian_ridge", "random_forest", "ada_boost"].indexOf(name) % COLORWAY.length]!;
}

/**
 * One bar group of {@link r2ComparisonFigure}: a variant, one regressor's R² summary over splits, the thesis's value.
 */
export interface R2Cell {
  variant: string;
  regressor: RegressorName;
  summary: Summary;
  thesis?: number;
}

/**
 * Our mean R² per variant and regressor (bars, ± sd as error bars) with the thesis's single-split R² as diamonds.
 * The y axis stops at `floor` (default −1): R² is unbounded below, and one hopeless split would otherwise squash the
 * rest.
 */
export function r2ComparisonFigure(cells: readonly R2Cell[], options: ChartOptions & { floor?: number } = {}): Figure {
  const variants = [...new Set(cells.map((c) => c.variant))];
  const regressors = [...new Set(cells.map((c) => c.regressor))];
  const cell = (variant: string, regressor: RegressorName) =>
    cells.find((c) => c.variant === variant && c.regressor === regressor);
  const data: Data[] = [];
  regressors.forEach((regressor) => {
    const row = variants.map((v) => cell(v, regressor));
    data.push({
      type: "bar",
      name: REGRESSOR_LABELS[regressor],
      legendgroup: regressor,
      offsetgroup: regressor,
      x: variants,
      y: row.map((c) => c?.summary.mean ?? NaN),
      marker: { color: regressorColor(regressor) },
      error_y: {
        type: "data",
        array: row.map((c) => (c && Number.isFinite(c.summary.sd) ? c.summary.sd : 0)),
        thickness: 1.2,
        width: 3,
        color: "#444444",
      },
    } as Data);
    data.push({
      type: "scatter",
      mode: "markers",
      name: `${REGRESSOR_LABELS[regressor]} (thesis)`,
      // One legend entry stands for every regressor's diamonds (below); the colour says which regressor.
      showlegend: false,
      legendgroup: regressor,
      offsetgroup: regressor,
      x: variants,
      y: row.map((c) => c?.thesis ?? NaN),
      marker: {
        color: "#FFFFFF",
        size: isPaperSize(options.size) ? 7 : 10,
        symbol: "diamond",
        line: { width: 1.5, color: regressorColor(regressor) },
      },
    } as Data);
  });
  data.push({
    type: "scatter",
    mode: "markers",
    name: "thesis (single split)",
    x: [null],
    y: [null],
    marker: {
      color: "#FFFFFF",
      size: isPaperSize(options.size) ? 7 : 10,
      symbol: "diamond",
      line: { width: 1.5, color: "#555555" },
    },
  } as Data);
  const floor = options.floor ?? -1;
  const lowest = Math.min(
    0,
    ...cells.map((c) => c.summary.mean - (Number.isFinite(c.summary.sd) ? c.summary.sd : 0)),
    ...cells.map((c) => c.thesis ?? 0),
  );
  const clipped = lowest < floor;
  const size = presetSize(options.size, { column: 0.75, page: 0.32 });
  const title =
    "R² of predicting test accuracy from graph properties: " +
    "ours (mean ± s.d. over random splits) and the thesis's single split";
  return chartFigure(
    data,
    {
      yTitle: clipped ? `R² on the test split (cut at ${String(floor).replace("-", "−")})` : "R² on the test split",
      title,
      reference: "thesis table 6.5",
      ...options,
      size,
    },
    {
      barmode: "group",
      scattermode: "group",
      showlegend: true,
      yaxis: { range: [Math.max(floor, lowest) - 0.05, 1.05] },
    } as ChartOptions["layout"],
  );
}

/** One cloud of {@link predictedVsMeasuredFigure}: measured and predicted accuracy of the same test graphs. */
export interface PredictionSeries {
  name: string;
  measured: readonly number[];
  predicted: readonly number[];
  color?: string;
}

/** Predicted against measured test accuracy; points on the dashed diagonal are perfect predictions. */
export function predictedVsMeasuredFigure(series: readonly PredictionSeries[], options: ChartOptions = {}): Figure {
  const all: number[] = [];
  const data: Data[] = series.map((s, i) => {
    if (s.measured.length !== s.predicted.length) {
      throw new Error(
        `predicted vs measured: series "${s.name}" has ${s.measured.length} ` +
          `measured but ${s.predicted.length} predicted values`,
      );
    }
    all.push(...s.measured, ...s.predicted);
    return {
      type: "scatter",
      mode: "markers",
      name: s.name,
      x: [...s.measured],
      y: [...s.predicted],
      marker: {
        color: s.color ?? COLORWAY[i % COLORWAY.length],
        size: isPaperSize(options.size) ? 3.5 : 7,
        opacity: 0.8,
      },
    };
  });
  const lo = all.length ? Math.min(...all) : 0;
  const hi = all.length ? Math.max(...all) : 1;
  const pad = (hi - lo) * 0.05 || 0.01;
  data.unshift({
    type: "scatter",
    mode: "lines",
    name: "perfect prediction",
    x: [lo - pad, hi + pad],
    y: [lo - pad, hi + pad],
    line: { color: "#999999", dash: "dash", width: 1 },
    hoverinfo: "skip",
  });
  return chartFigure(
    data,
    { xTitle: "measured test accuracy", yTitle: "predicted test accuracy", ...options },
    {
      showlegend: series.length > 1,
      xaxis: { range: [lo - pad, hi + pad] },
      yaxis: { range: [lo - pad, hi + pad] },
    },
  );
}

/** One panel of {@link predictionGridFigure}: a variant's measured and predicted accuracies and the split's R². */
export interface PredictionPanel extends PredictionSeries {
  r2: number;
}

/** Predicted against measured test accuracy, a panel per variant, titled with the split's R². */
export function predictionGridFigure(
  panels: readonly PredictionPanel[],
  options: { title?: string; size?: SizeOption } = {},
): Figure {
  const size = options.size ?? "notebook";
  // The split's R² inside each panel, bottom right, where the points (near the diagonal) leave room.
  const figures = panels.map((p) => {
    const figure = predictedVsMeasuredFigure([p], { title: p.name, size });
    const note = {
      text: `R² = ${p.r2.toFixed(2).replace("-", "−")}`,
      x: 1,
      y: 0,
      xref: "paper" as const,
      yref: "paper" as const,
      xanchor: "right" as const,
      yanchor: "bottom" as const,
      showarrow: false,
    };
    figure.layout.annotations = [...(figure.layout.annotations ?? []), note];
    return figure;
  });
  return smallMultiples(figures, {
    columns: { notebook: 2, column: 2, page: 4 },
    aspect: 1,
    title:
      options.title ?? "Random forest: predicted against measured test accuracy of the held-out graphs (first split)",
    size,
    layout: { showlegend: false },
  });
}

/** Feature importances as horizontal bars, largest on top (tables B.1/B.2); features named by `columnLabel`. */
export function importanceFigure(
  importances: readonly { feature: string; value: number }[],
  options: ChartOptions & { color?: string } = {},
): Figure {
  const sorted = [...importances].sort((a, b) => a.value - b.value);
  const { fontSize } = resolveSize(options.size);
  return barChart(
    sorted.map((i) => columnLabel(i.feature)),
    [{ name: "importance", values: sorted.map((i) => i.value), color: options.color ?? PALETTE.green }],
    {
      horizontal: true,
      xTitle: "mean decrease in impurity",
      ...options,
      size:
        typeof options.size === "object"
          ? options.size
          : { width: 620, height: fontSize * 8 + fontSize * 1.6 * sorted.length, preset: options.size ?? "notebook" },
    },
  );
}

/** One panel of {@link importanceGridFigure}: a feature subset and the random forest's importances on it. */
export interface ImportancePanel {
  subset: string;
  importances: readonly { feature: string; value: number }[];
}

/**
 * The random forest's feature importances on several feature subsets, a panel each (thesis tables B.1/B.2 as bars):
 * two to a row in a notebook and on a page, stacked in a column (the feature names need the width).
 */
export function importanceGridFigure(
  mode: string,
  panels: readonly ImportancePanel[],
  options: { color?: string; size?: SizeOption; reference?: string } = {},
): Figure {
  const size = options.size ?? "notebook";
  const { fontSize } = resolveSize(size);
  const figures = panels.map((p) =>
    importanceFigure(p.importances, { title: p.subset.replace(/_/g, " "), color: options.color, size }),
  );
  // The feature names take a third of a page each, so two panels share a row at most.
  const columns = perPreset({ notebook: 2, page: 2, column: 1 }, size, 2);
  // Each row as tall as its longest list of bars needs, 1.3 lines a bar.
  const rows = Math.ceil(panels.length / columns);
  const rowHeights = Array.from(
    { length: rows },
    (_, r) =>
      fontSize * 1.3 * Math.max(...panels.slice(r * columns, (r + 1) * columns).map((p) => p.importances.length)) +
      fontSize,
  );
  const labels = panels.flatMap((p) => p.importances.map((i) => columnLabel(i.feature)));
  return smallMultiples(figures, {
    columns,
    rowHeights,
    yLabelWidth: Math.max(...labels.map((label) => textWidth(label, fontSize))) + 8,
    title: `${mode}: random-forest feature importances per feature subset`,
    // The thesis tabulates these importances for RNN_RELU (table B.1) and GRU (table B.2).
    reference: options.reference ?? { RNN_RELU: "thesis table B.1", GRU: "thesis table B.2" }[mode],
    size,
    layout: { showlegend: false },
  });
}

/** R² against the number of training graphs: one line per regressor (mean over repeats) in a band of ± one sd. */
export function learningCurveFigure(points: readonly LearningCurvePoint[], options: ChartOptions = {}): Figure {
  if (points.length === 0) throw new Error("learning curve: no points");
  const sizes = points.map((p) => p.trainSize);
  const data: Data[] = [];
  const lines: Data[] = [];
  points[0]!.perRegressor.forEach(({ name }, r) => {
    const mean = points.map((p) => p.perRegressor[r]!.summary.mean);
    const sd = points.map((p) => (Number.isFinite(p.perRegressor[r]!.summary.sd) ? p.perRegressor[r]!.summary.sd : 0));
    const color = regressorColor(name);
    data.push({
      type: "scatter",
      mode: "lines",
      name: `${REGRESSOR_LABELS[name]} ± sd`,
      legendgroup: name,
      showlegend: false,
      x: [...sizes, ...[...sizes].reverse()],
      y: [...mean.map((m, i) => m + sd[i]!), ...mean.map((m, i) => m - sd[i]!).reverse()],
      fill: "toself",
      fillcolor: color,
      opacity: 0.15,
      line: { width: 0 },
      hoverinfo: "skip",
    });
    lines.push({
      type: "scatter",
      mode: "lines+markers",
      name: REGRESSOR_LABELS[name],
      legendgroup: name,
      x: sizes,
      y: mean,
      line: { color, width: 2 },
      marker: { color, size: isPaperSize(options.size) ? 4 : 6 },
    });
  });
  // Every band first, then every line, so no band tints another regressor's line.
  data.push(...lines);
  const size = presetSize(options.size, { column: 0.7, page: 0.32 });
  return chartFigure(
    data,
    { xTitle: "training graphs", yTitle: "R² on held-out graphs", ...options, size },
    { showlegend: true },
  );
}
