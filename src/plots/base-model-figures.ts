/**
 * Figures of the base models' training (thesis figures 6.1–6.4): per-epoch train and test curves of one metric,
 * one panel per variant, our run as solid lines and, when given, the thesis's run dashed on the same axes; and the
 * seconds per epoch beside the thesis's Tesla K80.
 */
import type { RecurrentMode } from "../models/architecture";
import type { EpochRecord } from "../training/epoch-records";
import type { EpochTime } from "../training/epoch-time";
import { baseRecords } from "../training/thesis-base-results";
import { barChart, integerTicks, lineChart, smallMultiples, type LineSeries } from "./charts";
import type { Figure } from "./figure";
import { columnLabel } from "./labels";
import { presetSize, SPLIT_COLORS, type PerPreset, type SizeOption } from "./theme";

/** The metric a curve figure shows. */
export type CurveMetric = "acc" | "loss";

/** Options of `baseCurvesFigure`. */
export interface BaseCurvesOptions {
  /** The thesis's per-epoch rows (same columns), drawn dashed; omit when the reference data is absent. */
  readonly thesis?: readonly EpochRecord[];
  /** Figure title (default names the metric). */
  readonly title?: string;
  /** Panels per row (default 2 in a notebook and a column, 4 on a page). */
  readonly columns?: PerPreset<number>;
  /** Label of our run in the legend (default "ours"). */
  readonly oursLabel?: string;
  /** A named size (the grid re-lays out for it) or pixels; default "notebook". */
  readonly size?: SizeOption;
}

/** Train and test curves of one variant's base run for one metric: ours solid, the thesis's dashed. */
export function baseCurvesPanel(
  mode: RecurrentMode,
  ours: readonly EpochRecord[],
  metric: CurveMetric,
  options: BaseCurvesOptions = {},
): Figure {
  const runs: { label: string; rows: EpochRecord[]; dash: LineSeries["dash"]; markers: boolean }[] = [
    { label: options.oursLabel ?? "ours", rows: baseRecords(ours, mode), dash: "solid", markers: true },
  ];
  // The thesis's 50 epochs as plain dashed lines, so our (possibly short) run stays readable on top.
  if (options.thesis)
    runs.push({ label: "thesis", rows: baseRecords(options.thesis, mode), dash: "dash", markers: false });
  const series: LineSeries[] = runs.flatMap(({ label, rows, dash, markers }) =>
    (["train", "test"] as const).map((split) => ({
      name: `${split === "train" ? "training" : "test"} (${label})`,
      x: rows.map((r) => r.epoch),
      y: rows.map((r) => r[`${split}_${metric}`]),
      color: SPLIT_COLORS[split],
      dash,
      markers: markers && rows.length <= 25,
    })),
  );
  if (series[0]!.x.length === 0)
    throw new Error(`no base-run rows for ${mode} (mode "${mode.toLowerCase()}", prune 0) in our records`);
  const lastEpoch = Math.max(...series.flatMap((s) => s.x as number[]));
  return lineChart(series, {
    title: mode,
    xTitle: columnLabel("epoch"),
    yTitle: columnLabel(metric),
    size: options.size,
    layout: { xaxis: { ...integerTicks(lastEpoch, { start: 0, target: 5 }), range: [0, lastEpoch + 1] } },
  });
}

/** Small multiples of every variant's base-run curves for one metric (thesis figures 6.1–6.4 side by side). */
export function baseCurvesFigure(
  modes: readonly RecurrentMode[],
  ours: readonly EpochRecord[],
  metric: CurveMetric,
  options: BaseCurvesOptions = {},
): Figure {
  const panels = modes.map((mode) => baseCurvesPanel(mode, ours, metric, options));
  const what = metric === "acc" ? "accuracy" : "loss";
  return smallMultiples(panels, {
    columns: options.columns ?? { notebook: 2, column: 2, page: 4 },
    aspect: { notebook: 0.55, column: 0.8, page: 0.8 },
    title:
      options.title ??
      `Per-epoch training and test ${what} of the base models${options.thesis ? ", ours and the thesis's" : ""}`,
    reference: "thesis figures 6.1–6.4",
    size: options.size,
  });
}

/** Seconds per base-model epoch per variant: ours scaled to the full data beside the thesis's K80 (one decimal). */
export function epochTimeFigure(times: readonly EpochTime[], options: { size?: SizeOption } = {}): Figure {
  const tenths = (seconds: number) => Math.round(seconds * 10) / 10;
  const longest = Math.max(...times.flatMap((t) => [t.fullDataSeconds, t.thesisSeconds]));
  return barChart(
    times.map((t) => t.mode),
    [
      { name: "ours (full-data estimate)", values: times.map((t) => tenths(t.fullDataSeconds)) },
      { name: "thesis (Tesla K80)", values: times.map((t) => tenths(t.thesisSeconds)) },
    ],
    {
      title: "Seconds per base-model epoch, ours and the thesis's",
      yTitle: "time per epoch (s)",
      showValues: true,
      valueDigits: 1,
      size: presetSize(options.size, { column: 0.62, page: 0.3 }),
      layout: { yaxis: { range: [0, longest * 1.18] } },
    },
  );
}
