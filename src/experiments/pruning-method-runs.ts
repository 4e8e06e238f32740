/**
 * One pruning method's run on a trained base model, as a job of the pruning study runs it: prune (once, on a
 * schedule, or in rounds), re-train with the masks fixed, and return per-epoch records with the method, the round
 * and the sparsity actually reached. The thesis's method (one-shot magnitude) is `oneShotRun` with "magnitude".
 */
import type { LabelledString } from "../data/reber-dataset";
import type { Architecture } from "../models/architecture";
import type { TensorMap } from "../models/named-tensors";
import { RecurrentModel } from "../models/recurrent-model";
import { gradualPruning, type GradualSchedule } from "../pruning/gradual-pruning";
import { iterativeRoundSparsities, rewindParameters } from "../pruning/iterative-pruning";
import { pruneToSparsity, type PruneKind } from "../pruning/magnitude-pruning";
import { prunedShare } from "../pruning/mask-sparsity";
import { pruneOnce, type OneShotMethod, type PruningMethod } from "../pruning/pruning-method";
import { pruneUnits } from "../pruning/structured-pruning";
import type { SeededRandom } from "../random/seeded-random";
import type { EpochRecord } from "../training/epoch-records";
import { evaluationRecord, trainModel, type TrainingCallbacks, type TrainingOptions } from "../training/trainer";

/** An epoch record of a method's run: which method, which round (imp; 0 otherwise) and the pruned share of weights. */
export interface MethodEpochRecord extends EpochRecord {
  readonly method: PruningMethod;
  readonly round: number;
  /** Fraction of the kind's recurrent weights removed when the record was taken (0–1). */
  readonly sparsity: number;
}

/** What every method's run needs: the data, the training settings, and a stream for its random choices. */
export interface MethodRunContext {
  readonly train: readonly LabelledString[];
  readonly test: readonly LabelledString[];
  /** Run name, `prune` level, epochs, batch size and the shuffling stream of the re-training (callbacks are added). */
  readonly training: TrainingOptions;
  readonly rng: SeededRandom;
  /** Per-epoch hook (progress, cancellation). */
  readonly onEpoch?: TrainingCallbacks["onEpoch"];
}

/** The final model of a run and its records. */
export interface MethodRun {
  readonly architecture: Architecture;
  readonly model: RecurrentModel;
  readonly records: MethodEpochRecord[];
  /** What the run did, for the saved model's metadata. */
  readonly details: Record<string, unknown>;
}

function tagged(
  records: readonly EpochRecord[],
  method: PruningMethod,
  round: number,
  sparsity: (r: EpochRecord) => number,
): MethodEpochRecord[] {
  return records.map((record) => ({ ...record, method, round, sparsity: sparsity(record) }));
}

/** Evaluate (epoch 0), then re-train with the masks fixed and a fresh optimizer, as the thesis does after pruning. */
function evaluateAndRetrain(
  model: RecurrentModel,
  context: MethodRunContext,
  extra: TrainingCallbacks = {},
): EpochRecord[] {
  const options = { ...context.training, callbacks: { ...extra, onEpoch: context.onEpoch } };
  return [
    evaluationRecord(model, context.train, context.test, options),
    ...trainModel(model, context.train, context.test, options),
  ];
}

/** Magnitude (the thesis), random or layer-wise: prune the base model once at `percent`, then re-train. */
export function oneShotRun(
  method: OneShotMethod,
  architecture: Architecture,
  base: TensorMap,
  percent: number,
  kind: PruneKind,
  context: MethodRunContext,
): MethodRun {
  const pruned = pruneOnce(method, base, percent, kind, context.rng.fork("masks"));
  const model = new RecurrentModel(architecture, pruned.params);
  const sparsity = 1 - pruned.kept / pruned.total;
  const records = tagged(evaluateAndRetrain(model, context), method, 0, () => sparsity);
  return { architecture, model, records, details: { method, percent, kind, threshold: pruned.threshold, sparsity } };
}

/**
 * Zhu–Gupta gradual pruning from the trained base model to `percent` while re-training on `schedule` (sparsity 0 → p).
 */
export function gradualRun(
  architecture: Architecture,
  base: TensorMap,
  schedule: GradualSchedule,
  kind: PruneKind,
  context: MethodRunContext,
): MethodRun {
  const model = new RecurrentModel(architecture, base);
  const pruning = gradualPruning(model, schedule, kind);
  const share = () => prunedShare(model.exportTensors(), kind);
  const before = share();
  pruning.pruneNow(0);
  const sparsities: number[] = [];
  const onEpoch: TrainingCallbacks["onEpoch"] = (record, trained) => {
    sparsities.push(share());
    return context.onEpoch?.(record, trained);
  };
  const options = { ...context.training, callbacks: { onBatch: pruning.callbacks.onBatch, onEpoch } };
  const records = [
    evaluationRecord(model, context.train, context.test, options),
    ...trainModel(model, context.train, context.test, options),
  ];
  const methodRecords = records.map((record, i) => ({
    ...record,
    method: "gradual" as const,
    round: 0,
    sparsity: i === 0 ? before : sparsities[i - 1]!,
  }));
  const details = { method: "gradual", kind, schedule, pruningSteps: pruning.steps.length, final: share() };
  return { architecture, model, records: methodRecords, details };
}

/**
 * Iterative magnitude pruning: for each level of `percents` (ascending) prune the previous round's trained model to
 * that sparsity, rewind the survivors to `rewindPoint` (the base model at epoch k) and re-train; one record set per
 * round.
 */
export function iterativeRun(
  architecture: Architecture,
  base: TensorMap,
  rewindPoint: TensorMap,
  percents: readonly number[],
  kind: PruneKind,
  context: MethodRunContext,
  onRound?: (round: number, rounds: number) => void,
): MethodRun {
  const rounds = iterativeRoundSparsities(percents);
  let current = base;
  let model: RecurrentModel | null = null;
  let stopped = false;
  // A "stop" from the caller's hook (cancellation) ends the round and the rounds after it.
  const onEpoch: TrainingCallbacks["onEpoch"] = (record, trained) => {
    const answer = context.onEpoch?.(record, trained);
    if (answer === "stop") stopped = true;
    return answer;
  };
  const records: MethodEpochRecord[] = [];
  for (const [r, sparsity] of rounds.entries()) {
    if (stopped) break;
    onRound?.(r + 1, rounds.length);
    const pruned = pruneToSparsity(current, sparsity, kind);
    model = new RecurrentModel(architecture, rewindParameters(pruned.params, rewindPoint));
    const training = { ...context.training, prune: 100 * sparsity, rng: context.rng.fork(`shuffling:round${r + 1}`) };
    const reached = 1 - pruned.kept / pruned.total;
    records.push(...tagged(evaluateAndRetrain(model, { ...context, training, onEpoch }), "imp", r + 1, () => reached));
    current = model.exportTensors();
  }
  return {
    architecture,
    model: model!,
    records,
    details: { method: "imp", kind, rounds: rounds.length, levels: percents },
  };
}

/** Structured pruning: remove the share `percent` of every layer's units, then re-train the smaller dense model. */
export function structuredRun(
  architecture: Architecture,
  base: TensorMap,
  percent: number,
  context: MethodRunContext,
): MethodRun {
  const pruned = pruneUnits(architecture, base, percent);
  const model = new RecurrentModel(pruned.architecture, pruned.params);
  const sparsity = 1 - pruned.weightsAfter / pruned.weightsBefore;
  const records = tagged(evaluateAndRetrain(model, context), "structured", 0, () => sparsity);
  const details = { method: "structured", percent, layerSizes: pruned.architecture.layerSizes, sparsity };
  return { architecture: pruned.architecture, model, records, details };
}
