/**
 * A training run's checkpoint in its output directory, rewritten atomically after every epoch: the per-epoch
 * records (epochs.csv), the model (model.safetensors) and Adam's state (optimizer.safetensors). Each file
 * carries the epoch it belongs to, so resuming can check they agree and continue the run bit for bit.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../data/labelled-csv";
import type { Architecture } from "../models/architecture";
import type { OptimizerState, RecurrentModel } from "../models/recurrent-model";
import type { TensorMap } from "../models/named-tensors";
import { formatEpochRecords, readEpochRecords, type EpochRecord } from "../pruning/pruning-records";
import { readModelFile, writeModelFile } from "../weights/model-file";
import { readSafetensorsContent, writeSafetensors } from "../weights/safetensors";

/** File names inside a run directory. */
export const CHECKPOINT_FILES = Object.freeze({ records: "epochs.csv", model: "model.safetensors", optimizer: "optimizer.safetensors" });

const EPOCH_KEY = "sparse_rnn.epoch";
const STEP_KEY = "sparse_rnn.adam_step";

/** What a run directory holds after some epochs. */
export interface Checkpoint {
  /** Last finished epoch. */
  readonly epoch: number;
  readonly records: EpochRecord[];
  readonly tensors: TensorMap;
  readonly optimizer: OptimizerState;
}

/** Write the model, the optimizer state and the records (each atomically; records last, so they never run ahead). */
export function writeCheckpoint(dir: string, arch: Architecture, model: RecurrentModel, records: readonly EpochRecord[]): void {
  const epoch = String(records.length === 0 ? 0 : records[records.length - 1]!.epoch);
  const state = model.optimizerState();
  writeSafetensors(join(dir, CHECKPOINT_FILES.optimizer), state.moments, { [EPOCH_KEY]: epoch, [STEP_KEY]: String(state.step) });
  writeModelFile(join(dir, CHECKPOINT_FILES.model), arch, model.exportTensors(), { [EPOCH_KEY]: epoch });
  writeFileAtomic(join(dir, CHECKPOINT_FILES.records), formatEpochRecords(records));
}

/** The checkpoint in `dir`, or undefined when it has none; throws naming the file when the three disagree. */
export function readCheckpoint(dir: string, arch: Architecture): Checkpoint | undefined {
  const paths = Object.values(CHECKPOINT_FILES).map((name) => join(dir, name));
  if (!paths.every((path) => existsSync(path))) return undefined;
  const [recordsPath, modelPath, optimizerPath] = paths as [string, string, string];
  const records = readEpochRecords(recordsPath);
  const epoch = records.length === 0 ? 0 : records[records.length - 1]!.epoch;
  const model = readModelFile(modelPath, arch);
  const optimizer = readSafetensorsContent(optimizerPath);
  for (const [path, stored] of [[modelPath, model.metadata[EPOCH_KEY]], [optimizerPath, optimizer.metadata[EPOCH_KEY]]] as const) {
    if (stored !== String(epoch)) throw new Error(`${path} belongs to epoch ${stored ?? "(unknown)"}, but ${recordsPath} ends at epoch ${epoch}: the checkpoint is inconsistent`);
  }
  const step = Number(optimizer.metadata[STEP_KEY]);
  return { epoch, records, tensors: model.tensors, optimizer: { step, moments: optimizer.tensors } };
}
