/**
 * Tables of the recurrent-cells chapter (notebook 02): a step by hand, the three implementations side by side, the
 * gradient checks, a masked weight's gradients, the training step's agreement and speed, and a string's state trace.
 */
import type { ForwardComparison } from "../cells/forward-comparison";
import type { GradientComparisonSummary, GradientSource } from "../cells/gradient-comparison";
import type { HandForward, HandStep } from "../cells/hand-step";
import type { StepComparison } from "../cells/step-comparison";
import type { GradientCheckRow } from "../engine/finite-difference-check";
import type { RecurrentMode } from "../models/architecture";
import type { MaskEffect } from "../pruning/mask-effect";
import { htmlTable } from "./html-table";

/** A result for one cell variant. */
type PerMode<T> = T & { readonly mode: RecurrentMode };

/** A vector with six decimals: "[0.797298, -0.674338]". */
export function formatVector(values: readonly number[]): string {
  return `[${values.map((x) => x.toFixed(6)).join(", ")}]`;
}

/** One step by hand: the input, each gate and the new state, one row each. */
export function handStepTable(input: readonly number[], step: HandStep, options: { caption?: string } = {}): string {
  const rows = [
    { quantity: "x (input)", values: input },
    ...Object.entries(step.gates).map(([gate, values]) => ({ quantity: `${gate} (gate)`, values })),
    ...(step.gates.i ? [{ quantity: "c (new cell state)", values: step.c }] : []),
    { quantity: "h (new hidden state)", values: step.h },
  ];
  return htmlTable(
    rows,
    [
      { header: "quantity", value: (r) => r.quantity },
      { header: "per unit", value: (r) => formatVector(r.values) },
    ],
    { caption: options.caption ?? "One step by hand" },
  );
}

/** The logits of one string by hand, by the reference cell and by the fused engine, per cell, with the largest gap. */
export function forwardComparisonTable(
  rows: readonly PerMode<ForwardComparison>[],
  options: { text: string; units: number },
): string {
  const caption = `Hidden state after reading "${options.text}" (${options.units} units, seeded weights)`;
  return htmlTable(
    rows,
    [
      { header: "cell", value: (r) => r.mode },
      { header: `h_${options.text.length} by hand`, value: (r) => formatVector(r.hand) },
      { header: "reference cell (tfjs)", value: (r) => formatVector(r.reference) },
      { header: "fused engine (WASM)", value: (r) => formatVector(r.fused) },
      { header: "max |difference|", value: (r) => r.gap.toExponential(1) },
    ],
    { caption: `${caption}: three implementations` },
  );
}

/** One cell's gradient check: each tensor's entry, both analytic gradients, the finite difference, the errors. */
export function gradientCheckTable(
  rows: readonly GradientCheckRow<GradientSource>[],
  options: { mode: RecurrentMode; epsilon: number },
): string {
  return htmlTable(
    rows,
    [
      { header: `${options.mode} parameter`, value: (r) => `${r.name}[${r.index}]` },
      { header: "fused BPTT", value: (r) => r.analytic.fused, digits: 6 },
      { header: "tfjs autograd", value: (r) => r.analytic.autograd, digits: 6 },
      { header: "finite difference", value: (r) => r.finiteDifference, digits: 6 },
      { header: "rel. error (fused)", value: (r) => r.error.fused.toExponential(1) },
      { header: "rel. error (autograd)", value: (r) => r.error.autograd.toExponential(1) },
    ],
    { caption: `Gradient check, ${options.mode} (largest-gradient entry of each tensor, ε = ${options.epsilon})` },
  );
}

/** The worst errors of every cell's gradient check, one row per cell. */
export function gradientSummaryTable(checks: readonly PerMode<{ summary: GradientComparisonSummary }>[]): string {
  const exponent = (value: number) => value.toExponential(1);
  return htmlTable(
    checks,
    [
      { header: "cell", value: (c) => c.mode },
      { header: "tensors checked", value: (c) => c.summary.tensors },
      { header: "max rel. error, fused vs finite difference", value: (c) => exponent(c.summary.maxErrorFused) },
      { header: "max rel. error, autograd vs finite difference", value: (c) => exponent(c.summary.maxErrorAutograd) },
      { header: "max rel. difference, fused vs autograd", value: (c) => exponent(c.summary.maxFusedVsAutograd) },
    ],
    { caption: "Gradient check for every cell" },
  );
}

/** A masked weight's first `entries` entries (default 9): the mask, and a gradient that is 0 exactly where it is 0. */
export function maskGradientTable(
  effect: Pick<MaskEffect, "mask" | "gradient">,
  options: { weight: string; entries?: number },
): string {
  const entries = [...Array(Math.min(options.entries ?? 9, effect.mask.length)).keys()];
  return htmlTable(
    entries,
    [
      { header: `entry of ${options.weight}`, value: (i) => i },
      { header: "mask", value: (i) => effect.mask[i] },
      { header: "gradient", value: (i) => (effect.gradient[i] === 0 ? "0 (exactly)" : effect.gradient[i]!.toFixed(6)) },
    ],
    { caption: "Gradients of a masked weight matrix: zero exactly where the mask is 0" },
  );
}

/** One training step per cell on both paths: losses, the largest parameter difference, step times, speed-up. */
export function trainingStepTable(
  rows: readonly PerMode<StepComparison>[],
  options: { referenceBackend: string; strings: number },
): string {
  return htmlTable(
    rows,
    [
      { header: "cell", value: (r) => r.mode },
      { header: "loss (reference)", value: (r) => r.referenceLoss, digits: 6 },
      { header: "loss (fused)", value: (r) => r.fusedLoss, digits: 6 },
      { header: "max |Δ parameter| after the step", value: (r) => r.maxParameterDifference.toExponential(1) },
      {
        header: `reference step, ms (tfjs ${options.referenceBackend})`,
        value: (r) => r.reference.medianMs,
        digits: 0,
      },
      { header: "fused step, ms", value: (r) => r.fused.medianMs, digits: 1 },
      { header: "speed-up", value: (r) => `${(r.reference.medianMs / r.fused.medianMs).toFixed(0)}×` },
    ],
    { caption: `One training step of the base model on ${options.strings} strings: same result, different speed` },
  );
}

/** A string read by each cell: the hidden state after every letter, the logits and the softmax's P(valid). */
export function stateTraceTable(traces: readonly PerMode<HandForward>[], options: { text: string }): string {
  const pValid = (logits: readonly number[]) => 1 / (1 + Math.exp(logits[0]! - logits[1]!));
  const stateColumns = [...options.text].map((letter, k) => ({
    header: `h after "${letter}" (step ${k + 1})`,
    value: (t: HandForward) => formatVector(t.steps[k]!.h),
  }));
  return htmlTable(
    traces,
    [
      { header: "cell", value: (t) => t.mode },
      ...stateColumns,
      { header: "logits", value: (t) => formatVector(t.logits) },
      { header: "P(valid)", value: (t) => pValid(t.logits), digits: 3 },
    ],
    { caption: `The cells reading "${options.text}", step by step (by hand)` },
  );
}
