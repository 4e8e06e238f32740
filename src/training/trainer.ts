/**
 * The training loop: epochs over mini-batches (reshuffled every epoch from the seeded stream, or file order),
 * one clipped Adam step per batch, evaluation on the test rows after each epoch, and the thesis's per-epoch
 * record. Callbacks let experiments hook in (e.g. stop early, save checkpoints).
 *
 * Record fields as the thesis: train_loss is the sum of the epoch's per-batch mean losses (each measured before
 * that batch's update) and train_acc the fraction classified correctly on the way; test_loss/test_acc evaluate the
 * test rows after the epoch (batches in file order; NaN when `testEvaluation` is "last-epoch" and this is not the
 * last epoch); time is the epoch's seconds, training plus that evaluation.
 */
import { makeBatches, type Batch } from "../data/batching";
import type { LabelledString } from "../data/reber-dataset";
import { NonFiniteError } from "../engine/non-finite";
import type { RecurrentModel } from "../models/recurrent-model";
import type { SeededRandom } from "../random/seeded-random";
import type { EpochRecord } from "../pruning/pruning-records";
import { evaluateBatches } from "./evaluation";
import { createProgress } from "./progress";

/** Where a training step stands, for `onBatch`. */
export interface BatchInfo {
  readonly epoch: number;
  /** 0-based batch index within the epoch. */
  readonly batch: number;
  readonly batches: number;
  readonly loss: number;
  readonly gradNorm: number;
}

/** Hooks into the loop. Returning "stop" from `onEpoch` ends training after that epoch. */
export interface TrainingCallbacks {
  onBatch?(info: BatchInfo): void;
  onEpoch?(record: EpochRecord, model: RecurrentModel): void | "stop";
}

/** Settings of a training run (defaults: the thesis's base training). */
export interface TrainingOptions {
  /** Run name for the records' `mode` column (e.g. "gru"). */
  readonly runName: string;
  /** Value of the records' `prune` column (default 0). */
  readonly prune?: number;
  readonly epochs?: number;
  readonly batchSize?: number;
  readonly order?: "shuffled" | "file";
  /** Stream for the per-epoch shuffles (required for "shuffled"). */
  readonly rng?: SeededRandom;
  /** First epoch number (default 1; e.g. to resume). */
  readonly firstEpoch?: number;
  /** When to evaluate the test rows: after every epoch (default) or only after the last (other records get NaN). */
  readonly testEvaluation?: "every-epoch" | "last-epoch";
  /** Show a progress bar on stderr when it is a terminal (default true). */
  readonly progress?: boolean;
  readonly callbacks?: TrainingCallbacks;
}

/** Training stopped because a value became NaN or infinite. */
export class TrainingDivergedError extends Error {
  constructor(
    message: string,
    readonly epoch: number,
    readonly batch: number,
    readonly tensor: string,
  ) {
    super(message);
    this.name = "TrainingDivergedError";
  }
}

/** The record of an evaluation without training (epoch 0 of a pruning run). */
export function evaluationRecord(model: RecurrentModel, train: readonly LabelledString[], test: readonly LabelledString[], options: TrainingOptions): EpochRecord {
  const started = performance.now();
  const batchSize = options.batchSize ?? 32;
  const trainEval = evaluateBatches(model, makeBatches(train, { batchSize, order: "file" }));
  const testEval = evaluateBatches(model, makeBatches(test, { batchSize, order: "file" }));
  return {
    mode: options.runName,
    prune: options.prune ?? 0,
    epoch: 0,
    train_loss: trainEval.loss,
    train_acc: trainEval.accuracy,
    test_loss: testEval.loss,
    test_acc: testEval.accuracy,
    time: (performance.now() - started) / 1000,
  };
}

/** Train for the given epochs; returns one record per epoch. Throws TrainingDivergedError naming epoch, batch and tensor. */
export function trainModel(model: RecurrentModel, train: readonly LabelledString[], test: readonly LabelledString[], options: TrainingOptions): EpochRecord[] {
  const epochs = options.epochs ?? 50;
  const batchSize = options.batchSize ?? 32;
  const order = options.order ?? "shuffled";
  const first = options.firstEpoch ?? 1;
  if (!Number.isInteger(epochs) || epochs < 0) throw new Error(`epochs must be a non-negative integer, got ${epochs}`);
  if (order === "shuffled" && !options.rng) throw new Error('order "shuffled" needs an rng');
  if (train.length === 0) throw new Error("no training rows");
  const testBatches = makeBatches(test, { batchSize, order: "file" });
  const progress = createProgress(options.progress ?? true);
  const records: EpochRecord[] = [];
  try {
    for (let epoch = first; epoch < first + epochs; epoch++) {
      const started = performance.now();
      const batches: Batch[] = makeBatches(train, { batchSize, order, rng: options.rng });
      progress.start(batches.length, `epoch ${epoch}/${first + epochs - 1}`);
      let loss = 0;
      let correct = 0;
      batches.forEach((batch, index) => {
        let step;
        const optimizerStep = model.optimizerStep + 1;
        try {
          step = model.trainStep(batch);
        } catch (error) {
          if (!(error instanceof NonFiniteError)) throw error;
          throw new TrainingDivergedError(
            `training diverged at epoch ${epoch}, batch ${index + 1}/${batches.length} (optimizer step ${optimizerStep}): ${error.message}`,
            epoch,
            index,
            error.tensor,
          );
        }
        loss += step.loss;
        correct += step.correct;
        options.callbacks?.onBatch?.({ epoch, batch: index, batches: batches.length, loss: step.loss, gradNorm: step.gradNorm });
        progress.update(index + 1, `loss ${(loss / (index + 1)).toFixed(4)}`);
      });
      progress.stop();
      const testEval =
        options.testEvaluation === "last-epoch" && epoch < first + epochs - 1 ? { loss: NaN, accuracy: NaN } : evaluateBatches(model, testBatches);
      const record: EpochRecord = {
        mode: options.runName,
        prune: options.prune ?? 0,
        epoch,
        train_loss: loss,
        train_acc: correct / train.length,
        test_loss: testEval.loss,
        test_acc: testEval.accuracy,
        time: (performance.now() - started) / 1000,
      };
      records.push(record);
      if (options.callbacks?.onEpoch?.(record, model) === "stop") break;
    }
  } finally {
    progress.stop();
  }
  return records;
}
