/**
 * The pruning study (thesis 5.2 / 6.2): train a base model per variant (and replicate), then for every kind and
 * percentage prune it, evaluate it (epoch 0) and re-train it with the masks fixed and a fresh optimizer.
 * Runs on the experiment runner: both cores, resumable, each finished run stored atomically.
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { datasetFingerprint, loadSplit } from "../data/dataset-files";
import type { LabelledString } from "../data/reber-dataset";
import { stackedArchitecture, type RecurrentMode } from "../models/architecture";
import { RecurrentModel } from "../models/recurrent-model";
import { pruneByMagnitude, type PruneKind } from "../pruning/magnitude-pruning";
import { EPOCH_RECORD_COLUMNS, type EpochRecord } from "../training/epoch-records";
import { pruneRunName } from "../pruning/run-names";
import { readReplicatedRecords, type ReplicatedRecord } from "../pruning/replicated-records";
import { evaluationRecord, trainModel } from "../training/trainer";
import { encodeModelFile, readModelFile } from "../weights/model-file";
import { currentProvenance } from "./provenance";
import { removeStaleTempFiles, writeFileAtomic } from "../files/atomic-file";
import { runExperiment } from "./runner";
import type { JobContext, ProgressMode, ResultRow, RunSummary, Shard } from "./runner";

/** Settings of one pruning study. */
export interface PruningStudySettings {
  readonly modes: readonly RecurrentMode[];
  readonly hidden: readonly number[];
  readonly baseEpochs: number;
  readonly batchSize: number;
  readonly percents: readonly number[];
  readonly kinds: readonly PruneKind[];
  readonly retrainEpochs: number;
  /** Independently trained base models per variant (the thesis ran one). */
  readonly seeds: number;
  readonly seed: number;
  /** Dataset folder (train.csv, test.csv); default the shipped data/. */
  readonly dataDir?: string;
  readonly trainRows?: number;
  readonly testRows?: number;
}

/** Training of one base model. */
export interface BaseJob {
  readonly id: string;
  readonly stage: "base";
  readonly mode: RecurrentMode;
  readonly replicate: number;
  readonly settings: PruningStudySettings;
  /** The trained model's file, relative to the study folder. */
  readonly modelPath: string;
}

/** One pruning-and-re-training run. */
export interface PruneJob {
  readonly id: string;
  readonly stage: "prune";
  readonly mode: RecurrentMode;
  readonly replicate: number;
  readonly kind: PruneKind;
  readonly percent: number;
  readonly settings: PruningStudySettings;
  /** The base model's file, relative to the study folder. */
  readonly baseModelPath: string;
  /** Where the re-trained pruned model is written, relative to the study folder. */
  readonly modelPath: string;
}

/** Columns of the study's records: the thesis's, plus the replicate (base-model index). */
export const PRUNING_COLUMNS = [...EPOCH_RECORD_COLUMNS, "replicate"] as const;

function baseModelPath(mode: RecurrentMode, replicate: number): string {
  return join("models", `base-${mode.toLowerCase()}-r${replicate}.safetensors`);
}

/** The base-training jobs of a study, in the thesis's order. */
export function baseJobs(settings: PruningStudySettings): BaseJob[] {
  return settings.modes.flatMap((mode) =>
    Array.from({ length: settings.seeds }, (_, replicate) => ({
      id: `base/${mode.toLowerCase()}/r${replicate}`,
      stage: "base" as const,
      mode,
      replicate,
      settings,
      modelPath: baseModelPath(mode, replicate),
    })),
  );
}

/** The pruning jobs of a study: per variant and replicate, every kind and percentage. */
export function pruneJobs(settings: PruningStudySettings): PruneJob[] {
  return settings.modes.flatMap((mode) =>
    Array.from({ length: settings.seeds }, (_, replicate) =>
      settings.kinds.flatMap((kind) =>
        settings.percents.map((percent) => ({
          id: `prune/${mode.toLowerCase()}/${kind}/p${percent}/r${replicate}`,
          stage: "prune" as const,
          mode,
          replicate,
          kind,
          percent,
          settings,
          baseModelPath: baseModelPath(mode, replicate),
          modelPath: join("models", `${mode.toLowerCase()}-${kind}-p${percent}-r${replicate}.safetensors`),
        })),
      ),
    ).flat(),
  );
}

function studyData(settings: PruningStudySettings): { train: LabelledString[]; test: LabelledString[] } {
  const { train, test } = loadSplit(settings.dataDir);
  return {
    train: train.slice(0, settings.trainRows ?? train.length),
    test: test.slice(0, settings.testRows ?? test.length),
  };
}

function withReplicate(records: readonly EpochRecord[], replicate: number): ResultRow[] {
  return records.map((record) => ({ ...record, replicate }));
}

/** Job handler (runs in a worker process): trains a base model, or prunes and re-trains one. */
export async function runPruningJob(job: BaseJob | PruneJob, context: JobContext): Promise<ResultRow[]> {
  const { train, test } = studyData(job.settings);
  const architecture = stackedArchitecture(job.mode, job.settings.hidden);
  // Each stage is its own experiment folder inside the study folder, where the models live.
  const studyPath = (relative: string) => join(context.outDir, "..", relative);
  const progressEvery = (epochs: number) => ({
    onEpoch: (record: EpochRecord) => {
      context.progress(record.epoch / epochs, `epoch ${record.epoch}/${epochs} acc ${record.test_acc.toFixed(3)}`);
      if (context.signal.aborted) return "stop" as const;
      return undefined;
    },
  });
  if (job.stage === "base") {
    const model = RecurrentModel.initialised(architecture, context.rng.fork("initialisation"));
    const records = trainModel(model, train, test, {
      runName: job.mode.toLowerCase(),
      epochs: job.settings.baseEpochs,
      batchSize: job.settings.batchSize,
      rng: context.rng.fork("shuffling"),
      progress: false,
      callbacks: progressEvery(job.settings.baseEpochs),
    });
    if (context.signal.aborted) throw new Error("aborted");
    mkdirSync(studyPath("models"), { recursive: true });
    // The runner's atomic write (as below): its temp files name their process, so a resume can remove a killed one's.
    const metadata = { "sparse_rnn.records": JSON.stringify(records) };
    const file = encodeModelFile(architecture, model.exportTensors(), metadata);
    writeFileAtomic(studyPath(job.modelPath), file);
    return withReplicate(records, job.replicate);
  }
  const basePath = studyPath(job.baseModelPath);
  if (!existsSync(basePath)) throw new Error(`base model ${basePath} is missing: the base stage must finish first`);
  const base = readModelFile(basePath, architecture);
  const pruned = pruneByMagnitude(base.tensors, job.percent, job.kind);
  // A fresh model (and so a fresh optimizer), as the thesis re-created its optimizer for every run.
  const model = new RecurrentModel(architecture, pruned.params);
  const options = {
    runName: pruneRunName(job.mode, job.kind),
    prune: job.percent,
    epochs: job.settings.retrainEpochs,
    batchSize: job.settings.batchSize,
    rng: context.rng.fork("shuffling"),
    progress: false,
    callbacks: progressEvery(job.settings.retrainEpochs),
  };
  const records = [evaluationRecord(model, train, test, options), ...trainModel(model, train, test, options)];
  if (context.signal.aborted) throw new Error("aborted");
  const file = encodeModelFile(architecture, model.exportTensors(), {
    "sparse_rnn.pruning": JSON.stringify({
      percent: job.percent,
      kind: job.kind,
      threshold: pruned.threshold,
      base: basePath,
    }),
    "sparse_rnn.records": JSON.stringify(records),
  });
  writeFileAtomic(studyPath(job.modelPath), file);
  return withReplicate(records, job.replicate);
}

/** Outcome of a study run: both stages' summaries and, when complete, the combined records CSV. */
export interface PruningStudyResult {
  readonly base: RunSummary;
  readonly prune: RunSummary | null;
  readonly recordsPath: string | null;
}

/** Options of a study run besides its settings. */
export interface PruningStudyRunOptions {
  readonly outDir: string;
  readonly workers?: number;
  readonly quiet?: boolean;
  readonly signal?: AbortSignal;
  /**
   * Run only these replicates (base models and their pruning runs) of the `seeds` the study has: a study run in
   * parts, one seed at a time. Each part fills the same folder; the records appear once every replicate is done.
   */
  readonly replicates?: readonly number[];
  /** Run one shard of each stage (a Slurm array task); the base stage must be complete before any prune shard starts. */
  readonly shard?: Shard;
  /** The stages to run (default both): a cluster runs the base stage's array, then the prune stage's after it. */
  readonly stages?: readonly ("base" | "prune")[];
  /** Run only the jobs whose last attempt failed or was interrupted (the runner's `onlyFailed`). */
  readonly onlyFailed?: boolean;
  /** Progress display (default: the runner's "auto"). */
  readonly progress?: ProgressMode;
}

/** Check a replicate selection against the study's seed count. */
function checkReplicates(replicates: readonly number[] | undefined, seeds: number): void {
  for (const replicate of replicates ?? []) {
    if (!Number.isInteger(replicate) || replicate < 0 || replicate >= seeds) {
      throw new Error(
        `replicates: ${replicate} is not a replicate of this study (expected 0..${seeds - 1} for --seeds ${seeds})`,
      );
    }
  }
}

/** Relative cost of an epoch per variant (seconds per epoch in `sparse-rnn bench` here; only the order matters). */
const EPOCH_COST: Record<RecurrentMode, number> = { LSTM: 6.3, GRU: 4.7, RNN_TANH: 1.7, RNN_RELU: 1.5 };

/** Estimated cost of a job, so that the runner starts the longest first and no long job runs alone at the end. */
function jobCost(job: BaseJob | PruneJob): number {
  return EPOCH_COST[job.mode] * (job.stage === "base" ? job.settings.baseEpochs : job.settings.retrainEpochs);
}

/** Run (or resume) the whole study: base models first, then every pruning run; writes `<outDir>/pruning-records.csv`. */
export async function runPruningStudy(
  settings: PruningStudySettings,
  options: PruningStudyRunOptions,
): Promise<PruningStudyResult> {
  const handler = { module: __filename, export: "runPruningJob" };
  checkReplicates(options.replicates, settings.seeds);
  const chosen = options.replicates;
  const selection = chosen
    ? {
        select: (job: BaseJob | PruneJob) => chosen.includes(job.replicate),
        selectionLabel: `replicates ${chosen.join(",")}`,
      }
    : {};
  const common = {
    workers: options.workers,
    quiet: options.quiet,
    progress: options.progress,
    signal: options.signal,
    seed: settings.seed,
    handler,
    columns: PRUNING_COLUMNS,
    cost: jobCost,
    provenance: { ...currentProvenance() },
    shard: options.shard,
    onlyFailed: options.onlyFailed,
    ...selection,
  };
  const stages = options.stages ?? ["base", "prune"];
  // The data's fingerprint too: a folder computed on another data set is refused rather than resumed.
  const manifest = { ...JSON.parse(JSON.stringify(settings)), dataset: datasetFingerprint(settings.dataDir) };
  // The study folder around the two experiment folders holds models/ and the records: clean what a kill left there.
  if (existsSync(options.outDir)) removeStaleTempFiles(options.outDir);
  // Without the base stage, its folder is only checked (no job selected): its summary says whether it is complete.
  const baseSelection = stages.includes("base") ? {} : { select: () => false };
  const baseDir = join(options.outDir, "base");
  const baseRun = { ...common, ...baseSelection, outDir: baseDir, manifest, label: "base models" };
  const base = await runExperiment({ ...baseRun, jobs: baseJobs(settings) });
  if (!stages.includes("prune")) return { base, prune: null, recordsPath: null };
  // A part (some replicates) goes on to its pruning runs once its own base models are there.
  // (A shard's or a prune-only run's own base jobs say nothing about the others': those need the whole base stage.)
  const ownBaseDone = chosen !== undefined && !options.shard && stages.includes("base") && base.remaining === 0;
  const baseReady = base.csvPath !== null || (ownBaseDone && base.failed.length === 0 && !base.interrupted);
  if (!baseReady) return { base, prune: null, recordsPath: null };
  const prune = await runExperiment({
    ...common,
    outDir: join(options.outDir, "prune"),
    manifest,
    jobs: pruneJobs(settings),
    label: "pruning runs",
  });
  if (!prune.csvPath || !base.csvPath) return { base, prune, recordsPath: null };
  const recordsPath = join(options.outDir, "pruning-records.csv");
  const baseCsv = readFileSync(base.csvPath, "utf8").trimEnd().split("\n");
  const pruneCsv = readFileSync(prune.csvPath, "utf8").trimEnd().split("\n");
  writeFileAtomic(recordsPath, [...baseCsv, ...pruneCsv.slice(1)].join("\n") + "\n");
  return { base, prune, recordsPath };
}

/** Read a study's combined records (the thesis's columns plus `replicate`). */
export function readPruningStudyRecords(outDir: string): ReplicatedRecord[] {
  return readReplicatedRecords(join(outDir, "pruning-records.csv"));
}
