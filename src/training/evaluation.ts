/** Evaluation of a model over a set of batches: accuracy, summed per-batch mean loss, optional per-row logits. */
import { makeBatches, type Batch } from "../data/batching";
import type { LabelledString } from "../data/reber-dataset";
import type { RecurrentModel } from "../models/recurrent-model";

/** Result of `evaluateBatches`. */
export interface Evaluation {
  /** Sum over batches of each batch's mean cross-entropy (the thesis's loss figure). */
  readonly loss: number;
  /** Fraction of rows classified correctly. */
  readonly accuracy: number;
  readonly rows: number;
  readonly correct: number;
  /** With `keepLogits`: logits [rows][classes] in data order (indexed by each batch's `rows`). */
  readonly logits?: Float32Array;
}

/** Evaluate without training. `keepLogits` collects each row's logits at its index in the source rows. */
export function evaluateBatches(model: RecurrentModel, batches: readonly Batch[], keepLogits = false): Evaluation {
  const classes = model.architecture.outputSize;
  const total = batches.reduce((n, b) => n + b.size, 0);
  const maxRow = keepLogits ? batches.reduce((n, b) => Math.max(n, ...b.rows), -1) : -1;
  const logits = keepLogits ? new Float32Array((maxRow + 1) * classes) : undefined;
  let loss = 0;
  let correct = 0;
  for (const batch of batches) {
    const result = model.evaluate(batch);
    loss += result.loss;
    correct += result.correct;
    if (logits)
      batch.rows.forEach((row, b) => logits.set(result.logits.subarray(b * classes, (b + 1) * classes), row * classes));
  }
  return { loss, accuracy: total === 0 ? NaN : correct / total, rows: total, correct, logits };
}

/** Evaluate labelled rows in file order, in batches of `batchSize` (default 32, as in training). */
export function evaluateRows(
  model: RecurrentModel,
  rows: readonly LabelledString[],
  options: { batchSize?: number } = {},
): Evaluation {
  return evaluateBatches(model, makeBatches(rows, { batchSize: options.batchSize ?? 32, order: "file" }));
}
