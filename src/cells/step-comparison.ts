/**
 * Step comparison: one full training step (forward, backward, clip to norm 5, Adam) from the same parameters on the
 * tfjs reference path and on the fused engine: how far apart the updated parameters are, and how long each step takes.
 */
import type { Batch } from "../data/batching";
import { timeCalls, type Timing } from "../engine/timing";
import type { Architecture } from "../models/architecture";
import type { TensorMap } from "../models/named-tensors";
import { RecurrentModel } from "../models/recurrent-model";
import { referenceTrainingStep } from "./reference-training";

/** Options of `compareTrainingStep`. */
export interface StepComparisonOptions {
  readonly architecture: Architecture;
  /** The parameters both steps start from. */
  readonly params: TensorMap;
  readonly batch: Pick<Batch, "size" | "length" | "tokens" | "labels">;
  /** Timed steps of the reference (default 3; it is slow). */
  readonly referenceRepeats?: number;
  /** Timed steps of the fused engine (default 20). */
  readonly fusedRepeats?: number;
}

/** The two steps' losses, the largest parameter difference after them, and their timings (after one warm-up each). */
export interface StepComparison {
  readonly referenceLoss: number;
  readonly fusedLoss: number;
  /** max |θ_reference − θ_fused| over every parameter after the one step. */
  readonly maxParameterDifference: number;
  readonly reference: Timing;
  readonly fused: Timing;
}

/** One training step on both paths from `params`, compared, then each path timed on the same batch. */
export function compareTrainingStep(options: StepComparisonOptions): StepComparison {
  const { architecture, params, batch } = options;
  const reference = referenceTrainingStep(architecture, params, batch, batch.labels);
  const model = new RecurrentModel(architecture, params);
  const fusedLoss = model.trainStep(batch).loss;
  const updated = model.exportTensors();
  let maxParameterDifference = 0;
  for (const [name, tensor] of reference.params) {
    if (tensor.dtype !== "float32") continue;
    const other = updated.get(name)!.data;
    tensor.data.forEach((value, i) => {
      maxParameterDifference = Math.max(maxParameterDifference, Math.abs(value - other[i]!));
    });
  }
  // The reference restarts from `params` every time; the engine keeps training, which costs the same per step.
  const referenceTiming = timeCalls(() => referenceTrainingStep(architecture, params, batch, batch.labels), {
    warmup: 1,
    repeats: options.referenceRepeats ?? 3,
  });
  const fusedTiming = timeCalls(() => model.trainStep(batch), { warmup: 1, repeats: options.fusedRepeats ?? 20 });
  return {
    referenceLoss: reference.loss,
    fusedLoss,
    maxParameterDifference,
    reference: referenceTiming,
    fused: fusedTiming,
  };
}
