/** Figures of performance prediction (thesis 6.4, appendix B): R² against the thesis's, predictions, importances, learning curves. */
import type { Data } from "plotly.js";
import type { LearningCurvePoint, RegressorName } from "../analysis/performance-prediction";
import type { Summary } from "../analysis/statistics";
import { barChart, chartFigure, type ChartOptions } from "./charts";
import type { Figure } from "./figure";
import { COLORWAY, PALETTE } from "./theme";

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

/** One bar group of {@link r2ComparisonFigure}: a variant, one regressor's R² summary over splits, the thesis's value. */
export interface R2Cell {
  variant: string;
  regressor: RegressorName;
  summary: Summary;
  thesis?: number;
}

/**
 * Our mean R² per variant and regressor (bars, ± sd as error bars) with the thesis's single-split R² as diamonds.
 * The y axis stops at `floor` (default −1): R² is unbounded below, and one hopeless split would otherwise squash the rest.
 */
export function r2ComparisonFigure(cells: readonly R2Cell[], options: ChartOptions & { floor?: number } = {}): Figure {
  const variants = [...new Set(cells.map((c) => c.variant))];
  const regressors = [...new Set(cells.map((c) => c.regressor))];
  const cell = (variant: string, regressor: RegressorName) => cells.find((c) => c.variant === variant && c.regressor === regressor);
  const data: Data[] = [];
  regressors.forEach((regressor) => {
    const row = variants.map((v) => cell(v, regressor));
    data.push({
      type: "bar",
      name: `${REGRESSOR_LABELS[regressor]} (ours)`,
      legendgroup: regressor,
      offsetgroup: regressor,
      x: variants,
      y: row.map((c) => c?.summary.mean ?? NaN),
      marker: { color: regressorColor(regressor) },
      error_y: { type: "data", array: row.map((c) => (c && Number.isFinite(c.summary.sd) ? c.summary.sd : 0)), thickness: 1.2, width: 3, color: "#444444" },
    } as Data);
    data.push({
      type: "scatter",
      mode: "markers",
      name: `${REGRESSOR_LABELS[regressor]} (thesis)`,
      legendgroup: regressor,
      offsetgroup: regressor,
      x: variants,
      y: row.map((c) => c?.thesis ?? NaN),
      marker: { color: "#FFFFFF", size: 10, symbol: "diamond", line: { width: 2, color: regressorColor(regressor) } },
    } as Data);
  });
  const floor = options.floor ?? -1;
  const lowest = Math.min(0, ...cells.map((c) => c.summary.mean - (Number.isFinite(c.summary.sd) ? c.summary.sd : 0)), ...cells.map((c) => c.thesis ?? 0));
  const clipped = lowest < floor;
  return chartFigure(data, { yTitle: clipped ? `R² on the test split (axis cut at ${floor})` : "R² on the test split", ...options }, {
    barmode: "group",
    scattermode: "group",
    showlegend: true,
    yaxis: { range: [Math.max(floor, lowest) - 0.05, 1.05] },
  } as ChartOptions["layout"]);
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
      throw new Error(`predicted vs measured: series "${s.name}" has ${s.measured.length} measured but ${s.predicted.length} predicted values`);
    }
    all.push(...s.measured, ...s.predicted);
    return {
      type: "scatter",
      mode: "markers",
      name: s.name,
      x: [...s.measured],
      y: [...s.predicted],
      marker: { color: s.color ?? COLORWAY[i % COLORWAY.length], size: 7, opacity: 0.8 },
    };
  });
  const lo = all.length ? Math.min(...all) : 0;
  const hi = all.length ? Math.max(...all) : 1;
  const pad = (hi - lo) * 0.05 || 0.01;
  data.unshift({ type: "scatter", mode: "lines", name: "perfect prediction", x: [lo - pad, hi + pad], y: [lo - pad, hi + pad], line: { color: "#999999", dash: "dash", width: 1 }, hoverinfo: "skip" });
  return chartFigure(data, { xTitle: "measured test accuracy", yTitle: "predicted test accuracy", ...options }, {
    showlegend: true,
    xaxis: { range: [lo - pad, hi + pad] },
    yaxis: { range: [lo - pad, hi + pad] },
  });
}

/** Feature importances as horizontal bars, largest on top (tables B.1/B.2). */
export function importanceFigure(importances: readonly { feature: string; value: number }[], options: ChartOptions & { color?: string } = {}): Figure {
  const sorted = [...importances].sort((a, b) => a.value - b.value);
  return barChart(sorted.map((i) => i.feature), [{ name: "importance", values: sorted.map((i) => i.value), color: options.color ?? PALETTE.green }], {
    horizontal: true,
    xTitle: "mean decrease in impurity",
    size: { width: 620, height: 110 + 20 * sorted.length },
    ...options,
  });
}

/** R² against the number of training graphs: one line per regressor (mean over repeats) in a band of ± one sd. */
export function learningCurveFigure(points: readonly LearningCurvePoint[], options: ChartOptions = {}): Figure {
  if (points.length === 0) throw new Error("learning curve: no points");
  const sizes = points.map((p) => p.trainSize);
  const data: Data[] = [];
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
    data.push({ type: "scatter", mode: "lines+markers", name: REGRESSOR_LABELS[name], legendgroup: name, x: sizes, y: mean, line: { color, width: 2 }, marker: { color, size: 6 } });
  });
  return chartFigure(data, { xTitle: "training graphs", yTitle: "R² on held-out graphs", ...options }, { showlegend: true });
}
