/**
 * Accuracy per group of rows, e.g. per family of strings: which kinds of invalid strings a trained model misses.
 * (The thesis's RNN_TANH ends at 0.937 because it misses the first-fork swaps, about 6% of the data.)
 */
import { makeBatches } from "../data/batching";
import type { LabelledString } from "../data/reber-dataset";
import type { RecurrentModel } from "../models/recurrent-model";
import { evaluateBatches } from "./evaluation";

/** Rows and correct predictions of one group. */
export interface GroupAccuracy {
  readonly group: string;
  readonly rows: number;
  readonly correct: number;
  readonly accuracy: number;
}

/** Evaluate `rows` (in file order, batches of `batchSize` as in training) and count correct predictions per group. */
export function accuracyByGroup(
  model: RecurrentModel,
  rows: readonly LabelledString[],
  groupOf: (row: LabelledString, index: number) => string,
  batchSize = 32,
): GroupAccuracy[] {
  const { logits } = evaluateBatches(model, makeBatches(rows, { batchSize, order: "file" }), true);
  const classes = model.architecture.outputSize;
  const tally = new Map<string, { rows: number; correct: number }>();
  rows.forEach((row, i) => {
    let best = 0;
    for (let c = 1; c < classes; c++) if (logits![i * classes + c]! > logits![i * classes + best]!) best = c;
    const group = groupOf(row, i);
    const entry = tally.get(group) ?? { rows: 0, correct: 0 };
    entry.rows++;
    if (best === (row.valid ? 1 : 0)) entry.correct++;
    tally.set(group, entry);
  });
  return [...tally].map(([group, { rows: n, correct }]) => ({ group, rows: n, correct, accuracy: correct / n }));
}
