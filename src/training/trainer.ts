/**
 * The training loop: epochs over mini-batches (reshuffled every epoch from the seeded stream, or file order),
 * one clipped Adam step per batch, evaluation on the test rows after each epoch, and the thesis's per-epoch
 * record. Callbacks let experiments hook in (e.g. stop early, save checkpoints).
 *
 * Record fields as the thesis: train_loss is the sum of the epoch's per-batch mean losses (each measured before
 * that batch's update) and train_acc the fraction classified correctly on the way; test_loss/test_acc evaluate the
 * test rows after the epoch (batches in file order; NaN when `testEvaluation` is "last-epoch" and this is not the
 * last epoch); time is the epoch's seconds, training plus that evaluation.
 *
 * The loop is synchronous. `trainModelInterruptibly` runs the same loop but yields to the event loop between batches,
 * so a signal handler (Ctrl-C) can stop it at the next batch boundary.
 */
import { makeBatches, type Batch } from "../data/batching";
import type { LabelledString } from "../data/reber-dataset";
import { NonFiniteError } from "../engine/non-finite";
import type { RecurrentModel } from "../models/recurrent-model";
import type { SeededRandom } from "../random/seeded-random";
import type { EpochRecord } from "./epoch-records";
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
export function evaluationRecord(
  model: RecurrentModel,
  train: readonly LabelledString[],
  test: readonly LabelledString[],
  options: TrainingOptions,
): EpochRecord {
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

/** Where the loop stands after a batch: epoch, batches done in it and batches per epoch. */
export interface LoopPosition {
  readonly epoch: number;
  readonly batch: number;
  readonly batches: number;
}

/**
 * Train for the given epochs; returns one record per epoch. Throws TrainingDivergedError naming epoch, batch and
 * tensor.
 */
export function trainModel(
  model: RecurrentModel,
  train: readonly LabelledString[],
  test: readonly LabelledString[],
  options: TrainingOptions,
): EpochRecord[] {
  const records: EpochRecord[] = [];
  const loop = trainingLoop(model, train, test, options, records);
  while (!loop.next().done);
  return records;
}

/** What `trainModelInterruptibly` did. */
export interface InterruptibleTraining {
  /** One record per finished epoch. */
  readonly records: EpochRecord[];
  /** Where the signal stopped training (its epoch unfinished and dropped), or null when it ran to the end. */
  readonly stoppedAt: LoopPosition | null;
}

/** How often, at most, the interruptible loop lets the event loop run (a setImmediate turn costs microseconds). */
const YIELD_INTERVAL_MS = 50;

/**
 * `trainModel` that `signal` can stop (e.g. from a SIGINT handler): between batches it yields to the event loop (at
 * most every 50 ms) so the handler runs, and once the signal has fired it stops at the next batch boundary. The
 * unfinished epoch is dropped: records, `onEpoch` and so checkpoints only ever see whole epochs.
 */
export async function trainModelInterruptibly(
  model: RecurrentModel,
  train: readonly LabelledString[],
  test: readonly LabelledString[],
  options: TrainingOptions & { readonly signal: AbortSignal },
): Promise<InterruptibleTraining> {
  const records: EpochRecord[] = [];
  if (options.signal.aborted) return { records, stoppedAt: { epoch: options.firstEpoch ?? 1, batch: 0, batches: 0 } };
  const loop = trainingLoop(model, train, test, options, records);
  let yielded = performance.now();
  for (;;) {
    const step = loop.next();
    if (step.done) return { records, stoppedAt: null };
    if (performance.now() - yielded >= YIELD_INTERVAL_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      yielded = performance.now();
    }
    if (options.signal.aborted) {
      loop.return(undefined);
      return { records, stoppedAt: step.value };
    }
  }
}

/** The loop itself: trains, pushes each epoch's record to `records`, and yields after every batch. */
function* trainingLoop(
  model: RecurrentModel,
  train: readonly LabelledString[],
  test: readonly LabelledString[],
  options: TrainingOptions,
  records: EpochRecord[],
): Generator<LoopPosition, void> {
  const epochs = options.epochs ?? 50;
  const batchSize = options.batchSize ?? 32;
  const order = options.order ?? "shuffled";
  const first = options.firstEpoch ?? 1;
  if (!Number.isInteger(epochs) || epochs < 0) throw new Error(`epochs must be a non-negative integer, got ${epochs}`);
  if (order === "shuffled" && !options.rng) throw new Error('order "shuffled" needs an rng');
  if (train.length === 0) throw new Error("no training rows");
  const testBatches = makeBatches(test, { batchSize, order: "file" });
  const progress = createProgress(options.progress ?? true);
  try {
    for (let epoch = first; epoch < first + epochs; epoch++) {
      const started = performance.now();
      const batches: Batch[] = makeBatches(train, { batchSize, order, rng: options.rng });
      progress.start(batches.length, `epoch ${epoch}/${first + epochs - 1}`);
      let loss = 0;
      let correct = 0;
      for (const [index, batch] of batches.entries()) {
        let step;
        const optimizerStep = model.optimizerStep + 1;
        try {
          step = model.trainStep(batch);
        } catch (error) {
          if (!(error instanceof NonFiniteError)) throw error;
          throw new TrainingDivergedError(
            `training diverged at epoch ${epoch}, ` +
              `batch ${index + 1}/${batches.length} (optimizer step ${optimizerStep}): ${error.message}`,
            epoch,
            index,
            error.tensor,
          );
        }
        loss += step.loss;
        correct += step.correct;
        options.callbacks?.onBatch?.({
          epoch,
          batch: index,
          batches: batches.length,
          loss: step.loss,
          gradNorm: step.gradNorm,
        });
        progress.update(index + 1, `loss ${(loss / (index + 1)).toFixed(4)}`);
        yield { epoch, batch: index + 1, batches: batches.length };
      }
      progress.stop();
      const testEval =
        options.testEvaluation === "last-epoch" && epoch < first + epochs - 1
          ? { loss: NaN, accuracy: NaN }
          : evaluateBatches(model, testBatches);
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
}
