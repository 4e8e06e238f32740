/**
 * Gradual pruning (Zhu & Gupta 2017, "To prune, or not to prune"): during training the sparsity rises from s_i to
 * s_f along s_t = s_f + (s_i − s_f)(1 − (t − t0)/(nΔt))³, pruning every Δt steps from t0 to t0 + nΔt, so the
 * network adapts while it loses weights (Narang et al. 2017 ramp a threshold likewise for RNNs). Each pruning step
 * applies the thesis's criterion, global magnitude over the kind's weights, so only the schedule differs from it.
 */
import type { TensorMap } from "../models/named-tensors";
import type { RecurrentModel } from "../models/recurrent-model";
import type { TrainingCallbacks } from "../training/trainer";
import { pruneToSparsity, type PruneKind, type PruningResult } from "./magnitude-pruning";

/** Zhu–Gupta's schedule in optimizer steps: sparsities are fractions, t0 = beginStep, t0 + nΔt = endStep. */
export interface GradualSchedule {
  readonly initialSparsity: number;
  readonly finalSparsity: number;
  readonly beginStep: number;
  readonly endStep: number;
  /** Δt: steps between two pruning steps. */
  readonly frequency: number;
}

/** Throw unless the schedule is well formed (end − begin a positive multiple of the frequency). */
export function checkGradualSchedule(schedule: GradualSchedule): void {
  const { initialSparsity: si, finalSparsity: sf, beginStep, endStep, frequency } = schedule;
  if (!(si >= 0 && si <= sf && sf <= 1)) throw new Error(`gradual: need 0 ≤ initial ≤ final ≤ 1, got ${si} and ${sf}`);
  if (!Number.isInteger(beginStep) || !Number.isInteger(endStep) || beginStep < 0 || endStep <= beginStep)
    throw new Error(`gradual: need integer steps 0 ≤ begin < end, got ${beginStep} and ${endStep}`);
  if (!Number.isInteger(frequency) || frequency < 1 || (endStep - beginStep) % frequency !== 0)
    throw new Error(`gradual: the frequency ${frequency} must divide end − begin = ${endStep - beginStep}`);
}

/** Whether the schedule prunes after `step` optimizer steps (t0, t0 + Δt, …, t0 + nΔt). */
export function isPruningStep(step: number, schedule: GradualSchedule): boolean {
  return (
    step >= schedule.beginStep && step <= schedule.endStep && (step - schedule.beginStep) % schedule.frequency === 0
  );
}

/** The cubic formula's sparsity at step t (s_i before t0, s_f after t0 + nΔt). */
export function gradualSparsity(step: number, schedule: GradualSchedule): number {
  const { initialSparsity: si, finalSparsity: sf, beginStep, endStep } = schedule;
  const progress = Math.min(1, Math.max(0, (step - beginStep) / (endStep - beginStep)));
  return sf + (si - sf) * (1 - progress) ** 3;
}

/** The sparsity in force after `step` steps: the formula's value at the last pruning step so far. */
export function heldSparsity(step: number, schedule: GradualSchedule): number {
  if (step < schedule.beginStep) return 0;
  const last = Math.min(step, schedule.endStep);
  return gradualSparsity(last - ((last - schedule.beginStep) % schedule.frequency), schedule);
}

/** A schedule's pruning steps in order, for reports and tests. */
export function pruningSteps(schedule: GradualSchedule): number[] {
  const steps: number[] = [];
  for (let t = schedule.beginStep; t <= schedule.endStep; t += schedule.frequency) steps.push(t);
  return steps;
}

/** Each pruning step's outcome, as the callbacks record it. */
export interface GradualPruningStep {
  readonly step: number;
  readonly target: number;
  readonly result: PruningResult;
}

/**
 * Training callbacks that prune `model` on the schedule: before training (step 0 when t0 = 0) call `pruneNow(0)`,
 * then the callbacks prune after every scheduled step. Masks only shrink: a pruned weight never returns.
 */
export function gradualPruning(
  model: RecurrentModel,
  schedule: GradualSchedule,
  kind: PruneKind,
): {
  callbacks: Required<Pick<TrainingCallbacks, "onBatch">>;
  steps: GradualPruningStep[];
  pruneNow(step: number): void;
} {
  checkGradualSchedule(schedule);
  const steps: GradualPruningStep[] = [];
  let done = 0;
  const pruneNow = (step: number): void => {
    if (!isPruningStep(step, schedule)) return;
    const target = gradualSparsity(step, schedule);
    const result = pruneToSparsity(model.exportTensors() as TensorMap, target, kind);
    model.setMasks(result.params);
    steps.push({ step, target, result });
  };
  return {
    steps,
    pruneNow,
    callbacks: {
      onBatch: () => {
        done++;
        pruneNow(done);
      },
    },
  };
}

/**
 * The lab's default schedule for `epochs` epochs of `stepsPerEpoch` steps: prune four times per epoch from step 0
 * and reach the final sparsity at 60% of the steps, leaving the rest to recover at it (Zhu & Gupta end their ramp
 * well before training ends for the same reason).
 */
export function defaultGradualSteps(
  stepsPerEpoch: number,
  epochs: number,
): Pick<GradualSchedule, "beginStep" | "endStep" | "frequency"> {
  const frequency = Math.max(1, Math.floor(stepsPerEpoch / 4));
  const pruningSteps = Math.max(1, Math.floor((0.6 * stepsPerEpoch * epochs) / frequency));
  return { beginStep: 0, endStep: pruningSteps * frequency, frequency };
}
