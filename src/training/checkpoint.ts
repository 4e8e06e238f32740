/**
 * A training run's folder: the options that define the run, and a checkpoint after every epoch from which an
 * interrupted run resumes bit for bit.
 *
 *   <dir>/run.json                        the run's options (written when it starts; resuming with others is refused)
 *   <dir>/checkpoints/epoch-000031/       epochs.csv, model.safetensors and optimizer.safetensors of epoch 31
 *   <dir>/epochs.csv, model.safetensors   copies of the newest checkpoint's, for reading (resuming never uses them)
 *   <dir>/summary.json                    written by `train` when the run ends
 *
 * The checkpoint is atomic as a unit: its three files are written into a temporary folder, which one rename turns into
 * `checkpoints/epoch-<N>`, and the previous epoch's folder is removed only after that. A SIGKILL at any moment
 * therefore leaves whole checkpoints; should the newest not read back (e.g. after a power loss), `readCheckpoint`
 * falls back to the previous one. One run writes to a folder at a time.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { removeStaleTempFiles, writeFileAtomic } from "../files/atomic-file";
import type { Architecture } from "../models/architecture";
import type { OptimizerState, RecurrentModel } from "../models/recurrent-model";
import type { TensorMap } from "../models/named-tensors";
import { formatEpochRecords, readEpochRecords, type EpochRecord } from "./epoch-records";
import { readModelFile, writeModelFile } from "../weights/model-file";
import { readSafetensorsContent, writeSafetensors } from "../weights/safetensors";

/** File names inside a run folder and inside each checkpoint folder. */
export const CHECKPOINT_FILES = Object.freeze({
  records: "epochs.csv",
  model: "model.safetensors",
  optimizer: "optimizer.safetensors",
  options: "run.json",
  summary: "summary.json",
  checkpoints: "checkpoints",
});

const EPOCH_KEY = "sparse_rnn.epoch";
const STEP_KEY = "sparse_rnn.adam_step";
const RUN_FORMAT = "sparse-rnn-train/1";
/** Finished checkpoint folders: epoch-000031. Temporary ones: .epoch-000031.tmp-<pid>. */
const EPOCH_FOLDER = /^epoch-(\d+)$/;
const TEMP_FOLDER = /^\.epoch-\d+\.tmp-\d+$/;

/**
 * The options that define a run, keyed by their command-line flag ("--lr": 0.001): a resumed run must give the same
 * ones. Leave out what may change on resume (the epoch count, which may grow).
 */
export type RunOptions = Readonly<Record<string, string | number | null>>;

/** What a run folder holds after some epochs. */
export interface Checkpoint {
  /** Last finished epoch. */
  readonly epoch: number;
  readonly records: EpochRecord[];
  readonly tensors: TensorMap;
  readonly optimizer: OptimizerState;
  /** Newer checkpoint folders that could not be read and were passed over, with the reason (normally none). */
  readonly skipped: string[];
}

/** The names of the run files `dir` already holds (empty when it holds no run). */
export function runFilesIn(dir: string): string[] {
  const { records, model, options, summary, checkpoints } = CHECKPOINT_FILES;
  return [options, checkpoints, records, model, summary].filter((name) => existsSync(join(dir, name)));
}

/** Start a run in `dir`: record its options (the folder must not hold a run already; see `runFilesIn`). */
export function startRun(dir: string, options: RunOptions): void {
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(join(dir, CHECKPOINT_FILES.options), JSON.stringify({ format: RUN_FORMAT, options }, null, 2) + "\n");
}

/**
 * Check that resuming the run in `dir` gives the options it was started with; throws naming every differing flag.
 * Also removes what a killed run left behind (temporary checkpoint folders and files).
 */
export function checkRunOptions(dir: string, options: RunOptions): void {
  const path = join(dir, CHECKPOINT_FILES.options);
  if (!existsSync(path)) {
    throw new Error(
      `${dir} holds no ${CHECKPOINT_FILES.options} (a run of an older version, or not a training run): ` +
        "its options cannot be checked, so it cannot be resumed; start the run in a new --out",
    );
  }
  const file = JSON.parse(readFileSync(path, "utf8")) as { format?: string; options?: RunOptions };
  const stored = file.options;
  if (file.format !== RUN_FORMAT || !stored) throw new Error(`${path}: not a run file of format "${RUN_FORMAT}"`);
  const shown = (value: RunOptions[string] | undefined): string => JSON.stringify(value ?? null);
  const differences = [...new Set([...Object.keys(stored), ...Object.keys(options)])]
    .sort()
    .filter((flag) => stored[flag] !== options[flag])
    .map((flag) => `${flag} ${shown(stored[flag])} in ${path}, ${shown(options[flag])} now`);
  if (differences.length > 0) {
    throw new Error(
      `refusing to resume the run in ${dir} with other options: ${differences.join("; ")}. ` +
        "Resume with the run's options, or start a new run in another --out",
    );
  }
  removeLeftovers(dir);
}

/** Remove the temporary folders and files of a killed writer. */
function removeLeftovers(dir: string): void {
  const root = join(dir, CHECKPOINT_FILES.checkpoints);
  const matching = (folder: string, pattern: RegExp): string[] =>
    existsSync(folder)
      ? readdirSync(folder)
          .filter((name) => pattern.test(name))
          .map((name) => join(folder, name))
      : [];
  for (const path of matching(root, TEMP_FOLDER)) rmSync(path, { recursive: true, force: true });
  // Temp files of killed atomic writes (.name.tmp-<host>-<pid>-…), in the run folder and its checkpoints.
  removeStaleTempFiles(dir);
}

/** A finished checkpoint folder. */
interface EpochFolder {
  readonly epoch: number;
  readonly path: string;
}

/** Finished checkpoint folders in `root`, oldest first. */
function epochFolders(root: string): EpochFolder[] {
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .map((name) => ({ match: EPOCH_FOLDER.exec(name), path: join(root, name) }))
    .filter(({ match }) => match !== null)
    .map(({ match, path }) => ({ epoch: Number(match![1]), path }))
    .sort((a, b) => a.epoch - b.epoch);
}

/**
 * Checkpoint the model, Adam's state and the records after their last epoch, as one unit (see the module comment);
 * then refresh the readable copies in `dir`.
 */
export function writeCheckpoint(
  dir: string,
  arch: Architecture,
  model: RecurrentModel,
  records: readonly EpochRecord[],
): void {
  const epoch = records.length === 0 ? 0 : records[records.length - 1]!.epoch;
  const root = join(dir, CHECKPOINT_FILES.checkpoints);
  const name = `epoch-${String(epoch).padStart(6, "0")}`;
  const staging = join(root, `.${name}.tmp-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const state = model.optimizerState();
  const tensors = model.exportTensors();
  const csv = formatEpochRecords(records);
  const stamp = { [EPOCH_KEY]: String(epoch) };
  const optimizerStamp = { ...stamp, [STEP_KEY]: String(state.step) };
  writeSafetensors(join(staging, CHECKPOINT_FILES.optimizer), state.moments, optimizerStamp);
  writeModelFile(join(staging, CHECKPOINT_FILES.model), arch, tensors, stamp);
  writeFileAtomic(join(staging, CHECKPOINT_FILES.records), csv);
  const target = join(root, name);
  // Only a rerun of the same epoch (e.g. 0 epochs twice) finds its folder taken.
  rmSync(target, { recursive: true, force: true });
  renameSync(staging, target);
  for (const older of epochFolders(root)
    .filter((folder) => folder.epoch < epoch)
    .slice(0, -1)) {
    rmSync(older.path, { recursive: true, force: true });
  }
  writeModelFile(join(dir, CHECKPOINT_FILES.model), arch, tensors, stamp);
  writeFileAtomic(join(dir, CHECKPOINT_FILES.records), csv);
}

/** The checkpoint in one epoch folder; throws naming the file when its three files disagree. */
function readCheckpointFolder(folder: EpochFolder, arch: Architecture): Omit<Checkpoint, "skipped"> {
  const recordsPath = join(folder.path, CHECKPOINT_FILES.records);
  const modelPath = join(folder.path, CHECKPOINT_FILES.model);
  const optimizerPath = join(folder.path, CHECKPOINT_FILES.optimizer);
  const records = readEpochRecords(recordsPath);
  const epoch = records.length === 0 ? 0 : records[records.length - 1]!.epoch;
  if (epoch !== folder.epoch) {
    throw new Error(`${recordsPath} ends at epoch ${epoch}, but its folder is epoch ${folder.epoch}'s`);
  }
  const model = readModelFile(modelPath, arch);
  const optimizer = readSafetensorsContent(optimizerPath);
  const stamps = [
    [modelPath, model.metadata[EPOCH_KEY]],
    [optimizerPath, optimizer.metadata[EPOCH_KEY]],
  ] as const;
  for (const [path, stored] of stamps) {
    if (stored === String(epoch)) continue;
    const what = `${path} belongs to epoch ${stored ?? "(unknown)"}, but ${recordsPath} ends at epoch ${epoch}`;
    throw new Error(`${what}: the checkpoint is inconsistent`);
  }
  const step = Number(optimizer.metadata[STEP_KEY]);
  return { epoch, records, tensors: model.tensors, optimizer: { step, moments: optimizer.tensors } };
}

/**
 * The newest readable checkpoint in `dir`, or undefined when it has none. A newer folder that does not read back is
 * passed over (named in `skipped`); when none reads, throws naming each one and why.
 */
export function readCheckpoint(dir: string, arch: Architecture): Checkpoint | undefined {
  const folders = epochFolders(join(dir, CHECKPOINT_FILES.checkpoints)).reverse();
  const skipped: string[] = [];
  for (const folder of folders) {
    try {
      return { ...readCheckpointFolder(folder, arch), skipped };
    } catch (error) {
      skipped.push(`${folder.path}: ${(error as Error).message}`);
    }
  }
  if (skipped.length > 0) throw new Error(`no readable checkpoint in ${dir}: ${skipped.join("; ")}`);
  return undefined;
}
