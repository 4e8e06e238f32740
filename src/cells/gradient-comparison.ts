/**
 * Gradient comparison: backpropagation through time two ways (the fused engine's hand-written BPTT and tfjs
 * autograd on the reference model), both checked against central differences of the engine's loss.
 */
import type { Batch } from "../data/batching";
import { checkGradients, relativeError, type GradientCheckRow } from "../engine/finite-difference-check";
import type { Architecture } from "../models/architecture";
import type { TensorMap } from "../models/named-tensors";
import { RecurrentModel } from "../models/recurrent-model";
import { referenceLossAndGradients } from "./reference-model";

/** The two analytic gradients compared. */
export type GradientSource = "fused" | "autograd";

/** Options of `compareGradients`. */
export interface GradientComparisonOptions {
  readonly architecture: Architecture;
  readonly params: TensorMap;
  /** The strings and labels the loss is taken over (keep it small: two losses per parameter tensor). */
  readonly batch: Pick<Batch, "size" | "length" | "tokens" | "labels">;
  /** Half the step of the central differences (default 1e-2). */
  readonly epsilon?: number;
}

/** The worst disagreements of one comparison. */
export interface GradientComparisonSummary {
  readonly tensors: number;
  /** Largest relative error of the fused gradient against the finite difference. */
  readonly maxErrorFused: number;
  /** Largest relative error of the autograd gradient against the finite difference. */
  readonly maxErrorAutograd: number;
  /** Largest relative difference between the fused and the autograd gradient. */
  readonly maxFusedVsAutograd: number;
}

/** The fused and the autograd gradient of each parameter tensor at its largest entry, beside a finite difference. */
export function compareGradients(options: GradientComparisonOptions): GradientCheckRow<GradientSource>[] {
  const { architecture, params, batch } = options;
  const model = new RecurrentModel(architecture, params);
  const fused = model.lossAndGradients(batch).gradients;
  const autograd = referenceLossAndGradients(architecture, params, batch, batch.labels).gradients;
  const loss = (moved: TensorMap) => {
    model.importTensors(moved);
    return model.evaluate(batch).loss;
  };
  return checkGradients({ loss, params, gradients: { fused, autograd }, epsilon: options.epsilon });
}

/** The largest errors of a comparison's rows. */
export function summariseGradientComparison(
  rows: readonly GradientCheckRow<GradientSource>[],
): GradientComparisonSummary {
  const largest = (value: (row: GradientCheckRow<GradientSource>) => number) => Math.max(...rows.map(value));
  return {
    tensors: rows.length,
    maxErrorFused: largest((r) => r.error.fused),
    maxErrorAutograd: largest((r) => r.error.autograd),
    maxFusedVsAutograd: largest((r) => relativeError(r.analytic.fused, r.analytic.autograd)),
  };
}
