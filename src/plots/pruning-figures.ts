/**
 * Figures of the pruning chapter (thesis figures 6.5–6.28): the weight magnitudes with the pruning thresholds,
 * accuracy right after pruning against p, and the re-training curves; ours with a min–max band over replicates,
 * the thesis's records drawn beside or over them when given.
 */
import type { Data, Layout, PlotData } from "plotly.js";
import type { TensorMap } from "../models/named-tensors";
import { pruneByMagnitude, prunableWeightNames, PRUNE_KINDS, type PruneKind } from "../pruning/magnitude-pruning";
import {
  accuracyAfterPruningBands,
  baseAccuracyBand,
  retrainingCurveBands,
  type Band,
  type ReplicatedRecord,
} from "../pruning/pruning-summary";
import { prunedPercents } from "../pruning/recovery-analysis";
import { chartFigure, histogramChart, smallMultiples } from "./charts";
import type { Figure } from "./figure";
import { mergeDeep } from "./figure";
import { PALETTE } from "./theme";

/** One colour per prune kind (the panels of these figures are per variant, so kinds get the colours). */
export const KIND_COLORS: Readonly<Record<PruneKind, string>> = Object.freeze({ both: PALETTE.blue, i2h: PALETTE.orange, h2h: PALETTE.green });

/** Legend labels of the kinds. */
export const KIND_LABELS: Readonly<Record<PruneKind, string>> = Object.freeze({ both: "i2h + h2h", i2h: "i2h only", h2h: "h2h only" });

// Viridis sampled at p = 10 … 90 (the light end darkened: pure yellow is weak on white).
const PERCENT_SCALE = ["#440154", "#482878", "#3E4A89", "#31688E", "#26828E", "#1F9E89", "#35B779", "#6DCD59", "#B0C81E"];

/**
 * The colour of pruning percentage p, shared by every re-training figure: viridis from dark (10%) to light (90%);
 * 100% (a single surviving weight, a degenerate model) stands apart in vermillion.
 */
export function percentColor(percent: number): string {
  if (percent >= 100) return PALETTE.vermillion;
  const step = Math.round(percent / 10) - 1;
  return PERCENT_SCALE[Math.min(PERCENT_SCALE.length - 1, Math.max(0, step))]!;
}

/** `#RRGGBB` as a translucent `rgba(…)` for bands. */
function translucent(hex: string, alpha: number): string {
  const value = parseInt(hex.slice(1), 16);
  return `rgba(${(value >> 16) & 255}, ${(value >> 8) & 255}, ${value & 255}, ${alpha})`;
}

/** A mean line with its min–max band (the band is left out when every replicate agrees). */
export function bandTraces(x: readonly number[], bands: readonly Band[], style: { name: string; color: string; dash?: PlotData["line"]["dash"]; legendRank?: number }): Data[] {
  if (x.length !== bands.length) throw new Error(`band traces "${style.name}": ${x.length} x values for ${bands.length} bands`);
  const traces: Data[] = [];
  if (bands.some((b) => b.min !== b.max)) {
    // Lower edge first, then the upper edge filled down to it; neither is named, so neither enters the legend.
    traces.push({ type: "scatter", mode: "lines", x: [...x], y: bands.map((b) => b.min), line: { width: 0, color: style.color }, hoverinfo: "skip", showlegend: false });
    traces.push({ type: "scatter", mode: "lines", x: [...x], y: bands.map((b) => b.max), line: { width: 0, color: style.color }, fill: "tonexty", fillcolor: translucent(style.color, 0.18), hoverinfo: "skip", showlegend: false });
  }
  traces.push({
    type: "scatter",
    mode: "lines+markers",
    name: style.name,
    x: [...x],
    y: bands.map((b) => b.mean),
    line: { color: style.color, width: 1.8, dash: style.dash ?? "solid" },
    marker: { size: 5, color: style.color },
    // Plotly orders legend entries by rank; the typings predate the field.
    ...(style.legendRank === undefined ? {} : { legendrank: style.legendRank }),
  } as Data);
  return traces;
}

/** A horizontal reference line from x0 to x1 (a trace, so it survives being placed in a small-multiples panel). */
function levelTrace(name: string, level: number, x0: number, x1: number, dash: PlotData["line"]["dash"]): Data {
  return { type: "scatter", mode: "lines", name, x: [x0, x1], y: [level, level], line: { color: PALETTE.grey, width: 1.2, dash }, hovertemplate: `${name}: %{y:.3f}<extra></extra>`, legendrank: 2000 } as Data;
}

/** Grid layout shared by the chapter's small multiples: wide, legend in a column on the right. */
function gridOptions(title: string, rows: number, columns: number): Parameters<typeof smallMultiples>[1] {
  return {
    columns,
    title,
    size: { width: 960, height: 270 * rows + 90, fontSize: 12 },
    layout: { legend: { orientation: "v", x: 1.02, y: 1, xanchor: "left", yanchor: "top" }, margin: { r: 170 } } as Partial<Layout>,
  };
}

/** Options of the accuracy figures. */
export interface PruningFigureOptions {
  /** The thesis's records (`thesis-results/prune-<mode>.csv`), drawn dotted over ours. */
  readonly thesis?: readonly ReplicatedRecord[];
  readonly title?: string;
  /** Accuracy axis range (default [0.4, 1.02]). */
  readonly yRange?: [number, number];
}

const hasMode = (records: readonly ReplicatedRecord[], mode: string) => records.some((r) => r.mode === mode.toLowerCase() && r.prune === 0);

/** Figures 6.5–6.8 in one grid: accuracy right after pruning against p, a panel per variant, a line per kind. */
export function accuracyAfterPruningFigure(records: readonly ReplicatedRecord[], modes: readonly string[], options: PruningFigureOptions = {}): Figure {
  const yRange = options.yRange ?? [0.4, 1.02];
  const panels = modes.map((mode) => {
    const data: Data[] = [];
    const sources = [{ records, suffix: "", dash: "solid" as const }, ...(options.thesis && hasMode(options.thesis, mode) ? [{ records: options.thesis, suffix: " (thesis)", dash: "dot" as const }] : [])];
    for (const source of sources) {
      for (const kind of PRUNE_KINDS) {
        const points = accuracyAfterPruningBands(source.records, mode, kind);
        if (points.length === 0) continue;
        data.push(...bandTraces(points.map((p) => p.percent), points, { name: KIND_LABELS[kind] + source.suffix, color: KIND_COLORS[kind], dash: source.dash }));
      }
      data.push(levelTrace(`base model${source.suffix}`, baseAccuracyBand(source.records, mode).mean, 0, 100, source.dash === "solid" ? "dash" : "dot"));
    }
    return chartFigure(data, { title: mode, xTitle: "pruned %", yTitle: "test accuracy" }, { yaxis: { range: yRange }, xaxis: { range: [0, 102], dtick: 20 } });
  });
  return smallMultiples(panels, gridOptions(options.title ?? "Accuracy right after pruning (epoch 0)", Math.ceil(panels.length / 2), 2));
}

/** One row of re-training panels (one per kind) for one records set. */
function retrainingPanels(records: readonly ReplicatedRecord[], mode: string, label: string, yRange: [number, number]): Figure[] {
  return PRUNE_KINDS.map((kind) => {
    const data: Data[] = [];
    let lastEpoch = 0;
    for (const percent of prunedPercents(records, mode, kind)) {
      const bands = retrainingCurveBands(records, mode, kind, percent);
      lastEpoch = Math.max(lastEpoch, bands.length - 1);
      data.push(...bandTraces(bands.map((_, epoch) => epoch), bands, { name: `p = ${percent}%`, color: percentColor(percent), legendRank: percent }));
    }
    data.push(levelTrace("base model", baseAccuracyBand(records, mode).mean, 0, Math.max(1, lastEpoch), "dash"));
    return chartFigure(data, { title: `${label} · ${KIND_LABELS[kind]}`, xTitle: "re-training epoch", yTitle: "test accuracy" }, { yaxis: { range: yRange }, xaxis: { dtick: lastEpoch > 5 ? 2 : 1 } });
  });
}

/** Figures 6.9–6.28 for one variant: test accuracy per re-training epoch (0 = just pruned), a line per p, a panel per kind; the thesis's row below ours when given. */
export function retrainingCurvesFigure(records: readonly ReplicatedRecord[], mode: string, options: PruningFigureOptions = {}): Figure {
  const yRange = options.yRange ?? [0.4, 1.02];
  const panels = retrainingPanels(records, mode, `ours`, yRange);
  const withThesis = options.thesis !== undefined && hasMode(options.thesis, mode);
  if (withThesis) panels.push(...retrainingPanels(options.thesis!, mode, "thesis", yRange));
  return smallMultiples(panels, gridOptions(options.title ?? `${mode}: re-training after pruning`, withThesis ? 2 : 1, 3));
}

/** Histogram of the |w| a kind prunes (pooled over the recurrent layers), with the threshold of each p as a vertical line. */
export function weightMagnitudeFigure(params: TensorMap, percents: readonly number[], options: { kind?: PruneKind; title?: string; bins?: number } = {}): Figure {
  const kind = options.kind ?? "both";
  const magnitudes = prunableWeightNames(params, kind).flatMap((name) => Array.from(params.get(name)!.data, (v) => Math.abs(v)));
  const largest = Math.max(...magnitudes);
  const thresholds = percents.map((percent) => ({ percent, threshold: pruneByMagnitude(params, percent, kind).threshold }));
  const figure = histogramChart([{ name: "|w|", values: magnitudes, color: PALETTE.grey }], {
    title: options.title ?? `Recurrent weight magnitudes (${KIND_LABELS[kind]}) and pruning thresholds`,
    xTitle: "|w|",
    yTitle: "weights",
    binSize: largest / (options.bins ?? 80),
    start: 0,
  });
  const shapes = thresholds.map(({ percent, threshold }) => ({
    type: "line" as const,
    xref: "x" as const,
    yref: "paper" as const,
    x0: threshold,
    x1: threshold,
    y0: 0,
    y1: 1,
    line: { color: percentColor(percent), width: 1.5, dash: "dash" as const },
  }));
  const annotations = thresholds.map(({ percent, threshold }, i) => ({
    x: threshold,
    y: 1 - 0.06 * (i % 4),
    xref: "x" as const,
    yref: "paper" as const,
    text: `p=${percent}%`,
    showarrow: false,
    xanchor: "left" as const,
    font: { color: percentColor(percent), size: 11 },
  }));
  figure.layout = mergeDeep(figure.layout, { shapes, annotations });
  return figure;
}
