/**
 * The thesis's base-model results (chapter 6.1, figures 6.1–6.4) as data, and the same summary computed from any
 * per-epoch records, so a notebook or test sets ours beside the thesis's with one function.
 *
 * The summary numbers below are taken from the thesis's own per-epoch CSVs (`prune-<mode>.csv`, rows with
 * prune = 0, 50 epochs on a Tesla K80). Two details differ from the thesis's prose (THESIS.md, chapter 6.1):
 * RNN_TANH drops to about 0.51 test accuracy in epochs 3–4 before settling at 0.93728 (the prose says "above 0.90
 * throughout"), and GRU's epoch-1 *test* accuracy is already 0.9992 (its epoch-1 *train* accuracy is 0.934; the
 * prose says both LSTM and GRU start "near 0.93").
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { RecurrentMode } from "../models/architecture";
import { RECURRENT_MODES } from "../models/architecture";
import type { EpochRecord } from "./epoch-records";
import { readEpochRecords } from "./epoch-records";

/** Summary of one variant's base training run. */
export interface BaseRunSummary {
  readonly mode: RecurrentMode;
  readonly epochs: number;
  /** Test accuracy after epoch 1. */
  readonly firstTestAccuracy: number;
  /** Train accuracy measured during epoch 1. */
  readonly firstTrainAccuracy: number;
  /** Test accuracy after the last epoch. */
  readonly finalTestAccuracy: number;
  /** Train accuracy during the last epoch. */
  readonly finalTrainAccuracy: number;
  /** Test loss (sum of per-batch mean losses) after the last epoch. */
  readonly finalTestLoss: number;
  /** Lowest and highest test accuracy over all epochs. */
  readonly minTestAccuracy: number;
  readonly maxTestAccuracy: number;
  /** Mean seconds per epoch (training plus test evaluation). */
  readonly meanEpochSeconds: number;
}

/** The thesis's base runs (K80, 50 epochs, batch 32), from its per-epoch records. */
export const THESIS_BASE_RESULTS: Readonly<Record<RecurrentMode, BaseRunSummary>> = Object.freeze({
  RNN_TANH: {
    mode: "RNN_TANH",
    epochs: 50,
    firstTestAccuracy: 0.91616,
    firstTrainAccuracy: 0.8538133333333333,
    finalTestAccuracy: 0.93728,
    finalTrainAccuracy: 0.94064,
    finalTestLoss: 35.20570362173021,
    minTestAccuracy: 0.50576,
    maxTestAccuracy: 0.93728,
    meanEpochSeconds: 31.5975,
  },
  RNN_RELU: {
    mode: "RNN_RELU",
    epochs: 50,
    firstTestAccuracy: 0.93712,
    firstTrainAccuracy: 0.8970133333333333,
    finalTestAccuracy: 1,
    finalTrainAccuracy: 1,
    finalTestLoss: 0,
    minTestAccuracy: 0.93712,
    maxTestAccuracy: 1,
    meanEpochSeconds: 30.9992,
  },
  LSTM: {
    mode: "LSTM",
    epochs: 50,
    firstTestAccuracy: 0.93024,
    firstTrainAccuracy: 0.8930666666666667,
    finalTestAccuracy: 1,
    finalTrainAccuracy: 1,
    finalTestLoss: 3.725290298461914e-7,
    minTestAccuracy: 0.93024,
    maxTestAccuracy: 1,
    meanEpochSeconds: 44.2215,
  },
  GRU: {
    mode: "GRU",
    epochs: 50,
    firstTestAccuracy: 0.9992,
    firstTrainAccuracy: 0.9338133333333334,
    finalTestAccuracy: 1,
    finalTrainAccuracy: 1,
    finalTestLoss: 5.811452865600586e-7,
    minTestAccuracy: 0.99776,
    maxTestAccuracy: 1,
    meanEpochSeconds: 46.9506,
  },
});

/** The K80 epoch-time range the thesis states in prose (seconds): RNN about 31, GRU about 47. */
export const THESIS_K80_EPOCH_SECONDS = Object.freeze({ min: 31, max: 47 });

/** The base run's rows (prune = 0) of one variant, in epoch order; `mode` column is the lowercase variant. */
export function baseRecords(records: readonly EpochRecord[], mode: RecurrentMode): EpochRecord[] {
  const name = mode.toLowerCase();
  return records.filter((r) => r.mode === name && r.prune === 0 && r.epoch >= 1).sort((a, b) => a.epoch - b.epoch);
}

/** Summarise one variant's base run; throws naming the variant when it has no rows or repeated epochs. */
export function summariseBaseRun(records: readonly EpochRecord[], mode: RecurrentMode): BaseRunSummary {
  const rows = baseRecords(records, mode);
  if (rows.length === 0)
    throw new Error(
      `no base-run rows (mode "${mode.toLowerCase()}", prune 0, epoch >= 1) among ${records.length} records`,
    );
  const repeated = rows.find((r, i) => i > 0 && rows[i - 1]!.epoch === r.epoch);
  if (repeated)
    throw new Error(
      `base run of ${mode} has epoch ${repeated.epoch} twice (several replicates? pass one replicate's rows)`,
    );
  const first = rows[0]!;
  const last = rows[rows.length - 1]!;
  const tests = rows.map((r) => r.test_acc);
  return {
    mode,
    epochs: last.epoch,
    firstTestAccuracy: first.test_acc,
    firstTrainAccuracy: first.train_acc,
    finalTestAccuracy: last.test_acc,
    finalTrainAccuracy: last.train_acc,
    finalTestLoss: last.test_loss,
    minTestAccuracy: Math.min(...tests),
    maxTestAccuracy: Math.max(...tests),
    meanEpochSeconds: rows.reduce((s, r) => s + r.time, 0) / rows.length,
  };
}

/**
 * The thesis's per-epoch base rows of every variant from `<referenceDir>/thesis-results/prune-<mode>.csv`, or null when
 * absent.
 */
export function readThesisBaseRecords(referenceDir: string): EpochRecord[] | null {
  const files = RECURRENT_MODES.map((mode) => join(referenceDir, "thesis-results", `prune-${mode.toLowerCase()}.csv`));
  if (!files.every((file) => existsSync(file))) return null;
  return RECURRENT_MODES.flatMap((mode, i) => baseRecords(readEpochRecords(files[i]!), mode));
}
