/**
 * Figures of the pruning chapter (thesis figures 6.5–6.28): the weight magnitudes with the pruning thresholds,
 * accuracy right after pruning against p, and the re-training curves; ours with a min–max band over replicates,
 * the thesis's records drawn beside or over them when given.
 */
import type { Data, PlotData } from "plotly.js";
import type { TensorMap } from "../models/named-tensors";
import { pruneByMagnitude, prunableWeightNames, PRUNE_KINDS, type PruneKind } from "../pruning/magnitude-pruning";
import {
  accuracyAfterPruningBands,
  baseAccuracyBand,
  retrainingCurveBands,
  type Band,
} from "../pruning/replicate-bands";
import { type ReplicatedRecord } from "../pruning/replicated-records";
import { prunedPercents } from "../pruning/recovery-analysis";
import { chartFigure, histogramChart, integerTicks, smallMultiples } from "./charts";
import type { Figure } from "./figure";
import { mergeDeep } from "./figure";
import { columnLabel } from "./labels";
import { isPaperSize, PALETTE, presetSize, type SizeOption } from "./theme";

/** One colour per prune kind (the panels of these figures are per variant, so kinds get the colours). */
export const KIND_COLORS: Readonly<Record<PruneKind, string>> = Object.freeze({
  both: PALETTE.blue,
  i2h: PALETTE.orange,
  h2h: PALETTE.green,
});

/** Short labels of the kinds, for panel titles. */
export const KIND_SHORT_LABELS: Readonly<Record<PruneKind, string>> = Object.freeze({
  both: "i2h+h2h",
  i2h: "i2h",
  h2h: "h2h",
});

/** Legend labels of the kinds. */
export const KIND_LABELS: Readonly<Record<PruneKind, string>> = Object.freeze({
  both: "i2h + h2h",
  i2h: "i2h only",
  h2h: "h2h only",
});

// Dark purple through blue and green to ochre at p = 10 … 90: viridis up to its green, then darker olive and ochre
// in place of its light lime and yellow, which are weak on white; every step keeps 3:1 contrast with white.
const PERCENT_SCALE = [
  "#440154",
  "#482878",
  "#3E4A89",
  "#31688E",
  "#26828E",
  "#1A8A6E",
  "#3E8E2E",
  "#7A8000",
  "#A86A00",
];

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
export function bandTraces(
  x: readonly number[],
  bands: readonly Band[],
  style: { name: string; color: string; dash?: PlotData["line"]["dash"]; legendRank?: number; markerSize?: number },
): Data[] {
  if (x.length !== bands.length)
    throw new Error(`band traces "${style.name}": ${x.length} x values for ${bands.length} bands`);
  const traces: Data[] = [];
  if (bands.some((b) => b.min !== b.max)) {
    // Lower edge first, then the upper edge filled down to it; neither is named, so neither enters the legend.
    traces.push({
      type: "scatter",
      mode: "lines",
      x: [...x],
      y: bands.map((b) => b.min),
      line: { width: 0, color: style.color },
      hoverinfo: "skip",
      showlegend: false,
    });
    traces.push({
      type: "scatter",
      mode: "lines",
      x: [...x],
      y: bands.map((b) => b.max),
      line: { width: 0, color: style.color },
      fill: "tonexty",
      fillcolor: translucent(style.color, 0.18),
      hoverinfo: "skip",
      showlegend: false,
    });
  }
  traces.push({
    type: "scatter",
    mode: "lines+markers",
    name: style.name,
    x: [...x],
    y: bands.map((b) => b.mean),
    line: { color: style.color, width: 1.8, dash: style.dash ?? "solid" },
    marker: { size: style.markerSize ?? 5, color: style.color },
    // Plotly orders legend entries by rank; the typings predate the field.
    ...(style.legendRank === undefined ? {} : { legendrank: style.legendRank }),
  } as Data);
  return traces;
}

/** A horizontal reference line from x0 to x1 (a trace, so it survives being placed in a small-multiples panel). */
function levelTrace(name: string, level: number, x0: number, x1: number, dash: PlotData["line"]["dash"]): Data {
  return {
    type: "scatter",
    mode: "lines",
    name,
    x: [x0, x1],
    y: [level, level],
    line: { color: PALETTE.grey, width: 1.2, dash },
    hovertemplate: `${name}: %{y:.3f}<extra></extra>`,
    legendrank: 2000,
  } as Data;
}

/** Options of the accuracy figures. */
export interface PruningFigureOptions {
  /** The thesis's records (`thesis-results/prune-<mode>.csv`), drawn dotted over ours. */
  readonly thesis?: readonly ReplicatedRecord[];
  readonly title?: string;
  /** Accuracy axis range (default: from just below the lowest value drawn to 1). */
  readonly yRange?: [number, number];
  /** A named size (the grid re-lays out for it) or pixels; default "notebook". */
  readonly size?: SizeOption;
}

const hasMode = (records: readonly ReplicatedRecord[], mode: string) =>
  records.some((r) => r.mode === mode.toLowerCase() && r.prune === 0);

/** An accuracy range that holds every value drawn (bands included), from a multiple of 0.05 below them to 1.01. */
export function accuracyRange(data: readonly Data[]): [number, number] {
  let lowest = 1;
  for (const trace of data as { y?: (number | null)[] }[])
    for (const y of trace.y ?? []) if (typeof y === "number" && Number.isFinite(y)) lowest = Math.min(lowest, y);
  return [Math.floor((lowest - 0.01) * 20) / 20, 1.01];
}

/** Figures 6.5–6.8 in one grid: accuracy right after pruning against p, a panel per variant, a line per kind. */
export function accuracyAfterPruningFigure(
  records: readonly ReplicatedRecord[],
  modes: readonly string[],
  options: PruningFigureOptions = {},
): Figure {
  const size = options.size ?? "notebook";
  const traces = modes.map((mode) => {
    const data: Data[] = [];
    const sources = [
      { records, suffix: "", dash: "solid" as const },
      ...(options.thesis && hasMode(options.thesis, mode)
        ? [{ records: options.thesis, suffix: " (thesis)", dash: "dot" as const }]
        : []),
    ];
    for (const source of sources) {
      for (const kind of PRUNE_KINDS) {
        const points = accuracyAfterPruningBands(source.records, mode, kind);
        if (points.length === 0) continue;
        data.push(
          ...bandTraces(
            points.map((p) => p.percent),
            points,
            { name: KIND_LABELS[kind] + source.suffix, color: KIND_COLORS[kind], dash: source.dash },
          ),
        );
      }
      data.push(
        levelTrace(
          `base model${source.suffix}`,
          baseAccuracyBand(source.records, mode).mean,
          0,
          100,
          source.dash === "solid" ? "dash" : "dot",
        ),
      );
    }
    return data;
  });
  // One range for every panel, holding every line and band, so the panels compare at a glance.
  const yRange = options.yRange ?? accuracyRange(traces.flat());
  const panels = modes.map((mode, i) =>
    chartFigure(
      traces[i]!,
      { title: mode, xTitle: columnLabel("prune"), yTitle: columnLabel("test_acc"), size },
      { yaxis: { range: yRange }, xaxis: { range: [0, 102], dtick: 20 } },
    ),
  );
  return smallMultiples(panels, {
    columns: { notebook: 2, column: 2, page: 4 },
    aspect: { notebook: 0.55, column: 0.8, page: 0.8 },
    title: options.title ?? "Test accuracy right after pruning (before re-training), ours with the range over seeds",
    reference: "thesis figures 6.5–6.8",
    size,
  });
}

/** One row of re-training panels (one per kind) for one records set. */
function retrainingPanels(
  records: readonly ReplicatedRecord[],
  mode: string,
  label: string,
  size: SizeOption,
): { data: Data[]; title: string; lastEpoch: number }[] {
  return PRUNE_KINDS.map((kind) => {
    const data: Data[] = [];
    let lastEpoch = 0;
    for (const percent of prunedPercents(records, mode, kind)) {
      const bands = retrainingCurveBands(records, mode, kind, percent);
      lastEpoch = Math.max(lastEpoch, bands.length - 1);
      data.push(
        ...bandTraces(
          bands.map((_, epoch) => epoch),
          bands,
          {
            name: `p = ${percent}%`,
            color: percentColor(percent),
            legendRank: percent,
            markerSize: isPaperSize(size) ? 3 : 5,
          },
        ),
      );
    }
    data.push(levelTrace("base model", baseAccuracyBand(records, mode).mean, 0, Math.max(1, lastEpoch), "dash"));
    return { data, title: `${label}, ${KIND_SHORT_LABELS[kind]}`, lastEpoch };
  });
}

/**
 * Figures 6.9–6.28 for one variant: test accuracy per re-training epoch (0 = just pruned), a line per p, a panel per
 * kind; the thesis's row below ours when given.
 */
export function retrainingCurvesFigure(
  records: readonly ReplicatedRecord[],
  mode: string,
  options: PruningFigureOptions = {},
): Figure {
  const size = options.size ?? "notebook";
  const rows = retrainingPanels(records, mode, "ours", size);
  const withThesis = options.thesis !== undefined && hasMode(options.thesis, mode);
  if (withThesis) rows.push(...retrainingPanels(options.thesis!, mode, "thesis", size));
  const yRange = options.yRange ?? accuracyRange(rows.flatMap((r) => r.data));
  const panels = rows.map(({ data, title, lastEpoch }) =>
    chartFigure(
      data,
      { title, xTitle: "re-training epoch", yTitle: columnLabel("test_acc"), size },
      {
        yaxis: { range: yRange },
        xaxis: { ...integerTicks(lastEpoch, { target: isPaperSize(size) ? 3 : 5 }), range: [-0.3, lastEpoch + 0.3] },
      },
    ),
  );
  return smallMultiples(panels, {
    columns: 3,
    aspect: { notebook: 0.6, column: 0.95, page: 0.6 },
    title: options.title ?? `${mode}: test accuracy while re-training after pruning p% of the weights`,
    reference: "thesis figures 6.9–6.28",
    size,
  });
}

/**
 * Histogram of the |w| a kind prunes (pooled over the recurrent layers), with the threshold of each p as a vertical
 * line.
 */
export function weightMagnitudeFigure(
  params: TensorMap,
  percents: readonly number[],
  options: { kind?: PruneKind; title?: string; bins?: number; size?: SizeOption } = {},
): Figure {
  const kind = options.kind ?? "both";
  const magnitudes = prunableWeightNames(params, kind).flatMap((name) =>
    Array.from(params.get(name)!.data, (v) => Math.abs(v)),
  );
  let largest = 0;
  for (const m of magnitudes) largest = Math.max(largest, m);
  const thresholds = percents.map((percent) => ({
    percent,
    threshold: pruneByMagnitude(params, percent, kind).threshold,
  }));
  const size = presetSize(options.size, { column: 0.66, page: 0.32 });
  const figure = histogramChart([{ name: "|w|", values: magnitudes, color: PALETTE.grey }], {
    title:
      options.title ??
      `Magnitudes of the GRU base model's recurrent weights (${KIND_LABELS[kind]}) and the pruning thresholds`,
    xTitle: "weight magnitude |w|",
    yTitle: "weights",
    binSize: largest / (options.bins ?? 80),
    start: 0,
    size,
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
  // Labels right of their line, stepping down so neighbouring thresholds' labels never meet.
  const annotations = thresholds.map(({ percent, threshold }, i) => ({
    x: threshold,
    y: 1 - 0.1 * (i % 4),
    xref: "x" as const,
    yref: "paper" as const,
    text: `p = ${percent}%`,
    showarrow: false,
    xanchor: "left" as const,
    yanchor: "top" as const,
    xshift: 2,
    bgcolor: "rgba(255,255,255,0.85)",
    font: { color: percentColor(percent) },
  }));
  figure.layout = mergeDeep(figure.layout, { shapes, annotations, xaxis: { range: [0, largest * 1.02] } });
  return figure;
}
