/**
 * Figures of the comparison of pruning methods (notebook 07): accuracy against the sparsity reached, a panel per
 * variant and a line per method with the range over seeds; the paired difference magnitude − random with 95%
 * intervals; what re-training costs; and the step time of pruned and shrunk models.
 */
import type { Data } from "plotly.js";
import { denseAccuracies, methodCurves, type MethodPoint, type PairedComparison } from "../pruning/method-comparison";
import type { MethodRecord } from "../pruning/method-records";
import type { MethodStepTiming } from "../pruning/pruned-step-speed";
import { bandOf } from "../pruning/replicate-bands";
import { chartFigure, smallMultiples } from "./charts";
import type { Figure } from "./figure";
import { accuracyRange, bandTraces } from "./pruning-figures";
import { PALETTE, type SizeOption } from "./theme";

/** One colour per method, the same in every figure of the comparison. */
export const METHOD_COLORS: Readonly<Record<string, string>> = Object.freeze({
  magnitude: PALETTE.blue,
  random: PALETTE.grey,
  layerwise: PALETTE.skyBlue,
  gradual: PALETTE.green,
  imp: PALETTE.purple,
  structured: PALETTE.orange,
});

/** Legend labels of the methods. */
export const METHOD_LABELS: Readonly<Record<string, string>> = Object.freeze({
  magnitude: "magnitude (thesis)",
  random: "random (control)",
  layerwise: "layer-wise magnitude",
  gradual: "gradual (Zhu–Gupta)",
  imp: "iterative + rewinding",
  structured: "structured (units)",
});

const colorOf = (method: string) => METHOD_COLORS[method] ?? PALETTE.black;
const labelOf = (method: string) => METHOD_LABELS[method] ?? method;

/** Options of the method figures. */
export interface MethodFigureOptions {
  readonly title?: string;
  readonly size?: SizeOption;
  readonly kind?: "both" | "i2h" | "h2h";
}

function grid(panels: Figure[], title: string, size: SizeOption): Figure {
  return smallMultiples(panels, {
    columns: { notebook: 2, column: 2, page: 4 },
    aspect: { notebook: 0.55, column: 0.8, page: 0.8 },
    title,
    size,
  });
}

function byMethod(points: readonly MethodPoint[]): Map<string, MethodPoint[]> {
  const groups = new Map<string, MethodPoint[]>();
  for (const point of points) groups.set(point.method, [...(groups.get(point.method) ?? []), point]);
  return groups;
}

/** Accuracy after re-training (or right after pruning) against the share of weights removed, per variant and method. */
export function methodAccuracyFigure(
  records: readonly MethodRecord[],
  modes: readonly string[],
  options: MethodFigureOptions & { readonly stage?: "final" | "pruned" } = {},
): Figure {
  const size = options.size ?? "notebook";
  const stage = options.stage ?? "final";
  const traces = modes.map((mode) => {
    const data: Data[] = [];
    for (const [method, points] of byMethod(methodCurves(records, mode, options.kind))) {
      const x = points.map((p) => 100 * p.sparsity.mean);
      data.push(
        ...bandTraces(
          x,
          points.map((p) => p[stage]),
          { name: labelOf(method), color: colorOf(method) },
        ),
      );
    }
    const dense = bandOf([...denseAccuracies(records, mode).values()]).mean;
    data.push({
      type: "scatter",
      mode: "lines",
      name: "dense model",
      x: [0, 100],
      y: [dense, dense],
      line: { color: PALETTE.black, width: 1, dash: "dash" },
      legendrank: 2000,
    } as Data);
    return data;
  });
  const yRange = accuracyRange(traces.flat());
  const panels = modes.map((mode, i) =>
    chartFigure(
      traces[i]!,
      {
        title: mode,
        xTitle: "weights removed (%)",
        // Short: at the page preset the panels are 200 px tall; the figure's title says which accuracy.
        yTitle: "test accuracy",
        size,
      },
      { yaxis: { range: yRange }, xaxis: { range: [0, 102], dtick: 20 } },
    ),
  );
  const title =
    options.title ??
    (stage === "final"
      ? "Test accuracy after re-training against the weights removed, per pruning method (range over seeds)"
      : "Test accuracy right after pruning, before re-training, per pruning method (range over seeds)");
  return grid(panels, title, size);
}

/** The paired difference first − second per level with its 95% t interval over seeds, a panel per variant. */
export function pairedDifferenceFigure(
  comparisons: readonly PairedComparison[],
  options: MethodFigureOptions = {},
): Figure {
  const size = options.size ?? "notebook";
  const panels = comparisons.map((comparison) => {
    // In accuracy points (×100): whole-number ticks, where shares would get SI ticks like "−400μ".
    const x = comparison.levels.map((level) => level.percent);
    const mean = comparison.levels.map((level) => 100 * level.summary.mean);
    const upper = comparison.levels.map((level) => 100 * (level.summary.ci95[1] - level.summary.mean));
    const lower = comparison.levels.map((level) => 100 * (level.summary.mean - level.summary.ci95[0]));
    const data: Data[] = [
      {
        type: "scatter",
        mode: "lines",
        name: "no difference",
        x: [0, 100],
        y: [0, 0],
        line: { color: PALETTE.black, width: 1, dash: "dash" },
        showlegend: false,
      } as Data,
      {
        type: "scatter",
        mode: "markers",
        name: `${comparison.first} − ${comparison.second}`,
        x,
        y: mean,
        marker: { color: colorOf(comparison.first), size: 6 },
        error_y: { type: "data", symmetric: false, array: upper, arrayminus: lower, thickness: 1.2, width: 3 },
      } as Data,
    ];
    return chartFigure(
      data,
      { title: comparison.mode, xTitle: "pruning level p (%)", yTitle: "difference (points)", size },
      { yaxis: { tickformat: ".1~f" } },
    );
  });
  const first = comparisons[0];
  const title =
    options.title ??
    (first
      ? `${first.first} − ${first.second} in test accuracy ` +
        `${first.stage === "final" ? "after re-training" : "right after pruning"}, mean and 95% interval over seeds`
      : "paired differences");
  return grid(panels, title, size);
}

/** Re-training seconds spent to reach each level (imp: all its rounds so far), per variant and method. */
export function methodCostFigure(
  records: readonly MethodRecord[],
  modes: readonly string[],
  options: MethodFigureOptions = {},
): Figure {
  const size = options.size ?? "notebook";
  const panels = modes.map((mode) => {
    const data: Data[] = [];
    for (const [method, points] of byMethod(methodCurves(records, mode, options.kind))) {
      const x = points.map((p) => 100 * p.sparsity.mean);
      data.push(
        ...bandTraces(
          x,
          points.map((p) => p.cost),
          { name: labelOf(method), color: colorOf(method) },
        ),
      );
    }
    return chartFigure(
      data,
      { title: mode, xTitle: "weights removed (%)", yTitle: "training seconds", size },
      { yaxis: { type: "log" }, xaxis: { range: [0, 102], dtick: 20 } },
    );
  });
  return grid(
    panels,
    options.title ?? "Training time spent to reach each pruned model (one core; range over seeds)",
    size,
  );
}

/** Step time of the dense model, the masked model and the shrunk model against the level, a panel per variant. */
export function methodStepTimeFigure(
  timings: ReadonlyMap<string, readonly MethodStepTiming[]>,
  options: MethodFigureOptions = {},
): Figure {
  const size = options.size ?? "notebook";
  const panels = [...timings].map(([mode, rows]) => {
    const x = rows.map((r) => r.percent);
    const line = (name: string, y: number[], color: string, dash: "solid" | "dash" = "solid"): Data =>
      ({
        type: "scatter",
        mode: "lines+markers",
        name,
        x,
        y,
        line: { color, dash, width: 1.8 },
        marker: { size: 5, color },
      }) as Data;
    const data = [
      line(
        "dense model",
        rows.map((r) => r.denseMs),
        PALETTE.black,
        "dash",
      ),
      line(
        "masked (sparse kernels)",
        rows.map((r) => r.maskedMs),
        colorOf("magnitude"),
      ),
      line(
        "structured (smaller dense shapes)",
        rows.map((r) => r.structuredMs),
        colorOf("structured"),
      ),
    ];
    return chartFigure(
      data,
      { title: mode, xTitle: "pruning level p (%)", yTitle: "ms per training step", size },
      { xaxis: { range: [0, 102], dtick: 20 } },
    );
  });
  return grid(panels, options.title ?? "Training step time of pruned models (batch 32 × 33, one core)", size);
}
