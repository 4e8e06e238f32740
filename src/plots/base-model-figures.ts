/**
 * Figures of the base models' training (thesis figures 6.1–6.4): per-epoch train and test curves of one metric,
 * one panel per variant, our run as solid lines and, when given, the thesis's run dashed on the same axes; and the
 * seconds per epoch beside the thesis's Tesla K80.
 */
import type { RecurrentMode } from "../models/architecture";
import type { EpochRecord } from "../pruning/pruning-records";
import type { EpochTime } from "../training/epoch-time";
import { baseRecords } from "../training/thesis-base-results";
import { barChart, lineChart, smallMultiples, type LineSeries } from "./charts";
import type { Figure } from "./figure";
import { SPLIT_COLORS } from "./theme";

/** The metric a curve figure shows. */
export type CurveMetric = "acc" | "loss";

/** Options of `baseCurvesFigure`. */
export interface BaseCurvesOptions {
  /** The thesis's per-epoch rows (same columns), drawn dashed; omit when the reference data is absent. */
  readonly thesis?: readonly EpochRecord[];
  /** Figure title (default names the metric and figures 6.1–6.4). */
  readonly title?: string;
  /** Panels per row (default 2). */
  readonly columns?: number;
  /** Label of our run in the legend (default "ours"). */
  readonly oursLabel?: string;
}

const METRIC_LABELS: Readonly<Record<CurveMetric, string>> = { acc: "accuracy", loss: "loss (sum of batch means)" };

/** Train and test curves of one variant's base run for one metric: ours solid, the thesis's dashed. */
export function baseCurvesPanel(mode: RecurrentMode, ours: readonly EpochRecord[], metric: CurveMetric, options: BaseCurvesOptions = {}): Figure {
  const runs: { label: string; rows: EpochRecord[]; dash: LineSeries["dash"]; markers: boolean }[] = [
    { label: options.oursLabel ?? "ours", rows: baseRecords(ours, mode), dash: "solid", markers: true },
  ];
  // The thesis's 50 epochs as plain dashed lines, so our (possibly short) run stays readable on top.
  if (options.thesis) runs.push({ label: "thesis", rows: baseRecords(options.thesis, mode), dash: "dash", markers: false });
  const series: LineSeries[] = runs.flatMap(({ label, rows, dash, markers }) =>
    (["train", "test"] as const).map((split) => ({
      name: `${split} (${label})`,
      x: rows.map((r) => r.epoch),
      y: rows.map((r) => r[`${split}_${metric}`]),
      color: SPLIT_COLORS[split],
      dash,
      markers,
    })),
  );
  if (series[0]!.x.length === 0) throw new Error(`no base-run rows for ${mode} (mode "${mode.toLowerCase()}", prune 0) in our records`);
  return lineChart(series, { title: mode, xTitle: "epoch", yTitle: METRIC_LABELS[metric] });
}

/** Small multiples of every variant's base-run curves for one metric (thesis figures 6.1–6.4 side by side). */
export function baseCurvesFigure(modes: readonly RecurrentMode[], ours: readonly EpochRecord[], metric: CurveMetric, options: BaseCurvesOptions = {}): Figure {
  const panels = modes.map((mode) => baseCurvesPanel(mode, ours, metric, options));
  const title = options.title ?? `Figures 6.1–6.4 · Base models: per-epoch ${METRIC_LABELS[metric]}`;
  // The shared legend goes below the grid, where it cannot cover a panel's title.
  const legend = { orientation: "h" as const, x: 0.5, xanchor: "center" as const, y: -0.1, yanchor: "top" as const };
  const rows = Math.ceil(panels.length / (options.columns ?? 2));
  return smallMultiples(panels, { columns: options.columns ?? 2, title, layout: { legend, height: 280 * rows + 140, margin: { b: 110 } } });
}

/** Seconds per base-model epoch per variant: ours scaled to the full data beside the thesis's K80 (one decimal). */
export function epochTimeFigure(times: readonly EpochTime[]): Figure {
  const tenths = (seconds: number) => Math.round(seconds * 10) / 10;
  return barChart(times.map((t) => t.mode), [
    { name: "ours (full-data estimate)", values: times.map((t) => tenths(t.fullDataSeconds)) },
    { name: "thesis (Tesla K80)", values: times.map((t) => tenths(t.thesisSeconds)) },
  ], { title: "Seconds per base-model epoch", yTitle: "seconds", showValues: true });
}
