/**
 * The pruning study (thesis 5.2 / 6.2): train a base model per variant (and replicate), then for every kind and
 * percentage prune it, evaluate it (epoch 0) and re-train it with the masks fixed and a fresh optimizer.
 * Runs on the experiment runner: both cores, resumable, each finished run stored atomically.
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { datasetFingerprint, loadSplit, shippedTaskDir, type ShippedTask } from "../data/dataset-files";
import type { LabelledString } from "../data/reber-dataset";
import { stackedArchitecture, type RecurrentMode } from "../models/architecture";
import { RecurrentModel } from "../models/recurrent-model";
import type { Architecture } from "../models/architecture";
import type { TensorMap } from "../models/named-tensors";
import { checkGradualSchedule, defaultGradualSteps, type GradualSchedule } from "../pruning/gradual-pruning";
import { pruneByMagnitude, type PruneKind } from "../pruning/magnitude-pruning";
import { isOneShotMethod, type PruningMethod } from "../pruning/pruning-method";
import { leavesEveryLayerAUnit } from "../pruning/structured-pruning";
import {
  gradualRun,
  iterativeRun,
  oneShotRun,
  structuredRun,
  type MethodRun,
  type MethodRunContext,
} from "./pruning-method-runs";
import { EPOCH_RECORD_COLUMNS, type EpochRecord } from "../training/epoch-records";
import { pruneRunName } from "../pruning/run-names";
import { readReplicatedRecords, type ReplicatedRecord } from "../pruning/replicated-records";
import { DENSE } from "../pruning/method-records";
import { trainModel } from "../training/trainer";
import { encodeModelFile, readModelFile } from "../weights/model-file";
import { currentProvenance } from "./provenance";
import { removeStaleTempFiles, writeFileAtomic } from "../files/atomic-file";
import { ExperimentFolder, runExperiment } from "./runner";
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
  /** Dataset folder (train.csv, test.csv); default the shipped data set of `task`. */
  readonly dataDir?: string;
  /** A shipped task's data (absent: the thesis's Reber task); named, not a path, so folders compare across machines. */
  readonly task?: ShippedTask;
  readonly trainRows?: number;
  readonly testRows?: number;
  /**
   * The pruning methods to compare (src/pruning/pruning-method.ts). Absent: the thesis's study, magnitude only, with
   * the thesis's record columns; present: the records gain `method`, `round` and `sparsity`.
   */
  readonly methods?: readonly PruningMethod[];
  /**
   * `gradual`'s Zhu–Gupta schedule in re-training steps: prune every `frequency` steps from `beginStep` to `endStep`.
   */
  readonly gradual?: { readonly beginStep: number; readonly endStep: number; readonly frequency: number };
  /** `imp`'s rewind point: the base model's weights after this many epochs of its training (0: its initialisation). */
  readonly rewindEpoch?: number;
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

/** One pruning-and-re-training run (for `imp`, all its rounds up to `percent`). */
export interface PruneJob {
  readonly id: string;
  readonly stage: "prune";
  readonly mode: RecurrentMode;
  readonly replicate: number;
  /** Absent in the thesis's study (magnitude), so its jobs, and the digest of its folders, stay as they were. */
  readonly method?: PruningMethod;
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

/** Columns of a study comparing methods: the study's, plus the method, the imp round and the sparsity reached. */
export const PRUNING_METHOD_COLUMNS = [...PRUNING_COLUMNS, "method", "round", "sparsity"] as const;

/** The default imp rewind point: epoch 1 of 50 (late rewinding, which Yu et al. 2020 needed for LSTMs). */
export const DEFAULT_REWIND_EPOCH = 1;

function baseModelPath(mode: RecurrentMode, replicate: number): string {
  return join("models", `base-${mode.toLowerCase()}-r${replicate}.safetensors`);
}

/** The base model's weights after `epoch` epochs of its training (imp's rewind point), relative to the study folder. */
export function rewindPointPath(mode: RecurrentMode, replicate: number, epoch: number): string {
  return join("models", `base-${mode.toLowerCase()}-r${replicate}-epoch${epoch}.safetensors`);
}

/** Choices of a methods study beyond the methods themselves; absent ones take the lab's defaults. */
export interface MethodStudyOptions {
  readonly gradual?: Partial<NonNullable<PruningStudySettings["gradual"]>>;
  readonly rewindEpoch?: number;
}

/**
 * A study comparing `methods` on top of the pruning study's settings: gradual's schedule defaults to
 * `defaultGradualSteps` for the re-training's steps (from the data's size), imp's rewind point to epoch 1.
 * The CLI and the reproduce stage both build their settings here, so the same options give the same study folder.
 */
export function methodStudySettings(
  study: PruningStudySettings,
  methods: readonly PruningMethod[],
  options: MethodStudyOptions = {},
): PruningStudySettings {
  const unique = [...new Set(methods)];
  if (unique.length === 0) throw new Error("a methods study needs at least one method");
  const rows = Math.min(loadSplit(studyDataDir(study)).train.length, study.trainRows ?? Infinity);
  const defaults = defaultGradualSteps(Math.ceil(rows / study.batchSize), Math.max(1, study.retrainEpochs));
  const gradual = { ...defaults, ...options.gradual };
  if (unique.includes("gradual")) checkGradualSchedule({ initialSparsity: 0, finalSparsity: 1, ...gradual });
  const rewindEpoch = options.rewindEpoch ?? DEFAULT_REWIND_EPOCH;
  if (!Number.isInteger(rewindEpoch) || rewindEpoch < 0 || rewindEpoch > study.baseEpochs)
    throw new Error(
      `imp's rewind epoch must be an integer in 0..${study.baseEpochs} (the base training), got ${rewindEpoch}`,
    );
  return { ...study, methods: unique, gradual, rewindEpoch };
}

function methodsOf(settings: PruningStudySettings): readonly PruningMethod[] {
  return settings.methods ?? ["magnitude"];
}

function rewindEpochOf(settings: PruningStudySettings): number | null {
  return methodsOf(settings).includes("imp") ? (settings.rewindEpoch ?? DEFAULT_REWIND_EPOCH) : null;
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

/**
 * The levels a method runs at: every percentage; `imp` once (its rounds walk all of them); `structured` only for kind
 * "both" (a unit takes both its kinds of weights) and below the level that would leave a layer without units.
 */
function methodLevels(settings: PruningStudySettings, method: PruningMethod, kind: PruneKind): number[] {
  if (method === "imp") return [Math.max(...settings.percents)];
  if (method !== "structured") return [...settings.percents];
  if (kind !== "both") return [];
  return settings.percents.filter((p) => leavesEveryLayerAUnit(settings.hidden, p));
}

/** The pruning jobs of a study: per variant and replicate, every kind, method and percentage. */
export function pruneJobs(settings: PruningStudySettings): PruneJob[] {
  return settings.modes.flatMap((mode) =>
    Array.from({ length: settings.seeds }, (_, replicate) =>
      settings.kinds.flatMap((kind) =>
        methodsOf(settings).flatMap((method) =>
          methodLevels(settings, method, kind).map((percent) => {
            const m = mode.toLowerCase();
            // The thesis's method keeps the thesis study's job ids, so its runs repeat that study's bit for bit.
            const run = method === "magnitude" ? `${kind}` : `${method}/${kind}`;
            const level = method === "imp" ? "" : `/p${percent}`;
            const file = method === "magnitude" ? `${m}-${kind}-p${percent}` : `${m}-${method}-${kind}-p${percent}`;
            return {
              id: `prune/${m}/${run}${level}/r${replicate}`,
              stage: "prune" as const,
              mode,
              replicate,
              ...(settings.methods ? { method } : {}),
              kind,
              percent,
              settings,
              baseModelPath: baseModelPath(mode, replicate),
              modelPath: join("models", `${file}-r${replicate}.safetensors`),
            };
          }),
        ),
      ),
    ).flat(),
  );
}

/** The data set folder a study reads: `dataDir`, else its task's shipped data. */
export function studyDataDir(settings: Pick<PruningStudySettings, "dataDir" | "task">): string {
  return settings.dataDir ?? shippedTaskDir(settings.task ?? "reber");
}

function studyData(settings: PruningStudySettings): { train: LabelledString[]; test: LabelledString[] } {
  const { train, test } = loadSplit(studyDataDir(settings));
  return {
    train: train.slice(0, settings.trainRows ?? train.length),
    test: test.slice(0, settings.testRows ?? test.length),
  };
}

function withReplicate(records: readonly EpochRecord[], replicate: number): ResultRow[] {
  return records.map((record) => ({ ...record, replicate }));
}

/** A methods study's base-model rows: the study's columns with method "dense", round 0 and sparsity 0. */
function baseRows(records: readonly EpochRecord[], job: BaseJob): ResultRow[] {
  const rows = withReplicate(records, job.replicate);
  return job.settings.methods ? rows.map((row) => ({ ...row, method: DENSE, round: 0, sparsity: 0 })) : rows;
}

/** `gradual`'s schedule at a level: the settings' steps, from sparsity 0 to the level. */
function gradualSchedule(settings: PruningStudySettings, percent: number): GradualSchedule {
  if (!settings.gradual) throw new Error("the study's settings have no gradual schedule (settings.gradual)");
  return { initialSparsity: 0, finalSparsity: percent / 100, ...settings.gradual };
}

/** Job handler (runs in a worker process): trains a base model, or prunes and re-trains one. */
export async function runPruningJob(job: BaseJob | PruneJob, context: JobContext): Promise<ResultRow[]> {
  const { train, test } = studyData(job.settings);
  const architecture = stackedArchitecture(job.mode, job.settings.hidden);
  // Each stage is its own experiment folder inside the study folder, where the models live.
  const studyPath = (relative: string) => join(context.outDir, "..", relative);
  const progressEvery = (epochs: number, label = "") => ({
    onEpoch: (record: EpochRecord) => {
      const message = `${label}epoch ${record.epoch}/${epochs} acc ${record.test_acc.toFixed(3)}`;
      context.progress(record.epoch / epochs, message);
      if (context.signal.aborted) return "stop" as const;
      return undefined;
    },
  });
  if (job.stage === "base") {
    mkdirSync(studyPath("models"), { recursive: true });
    if (job.settings.methods) {
      const taken = takeThesisBase(job, architecture, train, test, studyPath, context);
      if (taken) return taken;
    }
    const model = RecurrentModel.initialised(architecture, context.rng.fork("initialisation"));
    // imp rewinds to the weights after `rewindEpoch` epochs: the base run stores them on its way.
    const rewindEpoch = rewindEpochOf(job.settings);
    const saveRewindPoint = (trained: RecurrentModel) =>
      writeFileAtomic(
        studyPath(rewindPointPath(job.mode, job.replicate, rewindEpoch!)),
        encodeModelFile(architecture, trained.exportTensors(), { "sparse_rnn.rewind_epoch": String(rewindEpoch) }),
      );
    if (rewindEpoch === 0) saveRewindPoint(model);
    const progress = progressEvery(job.settings.baseEpochs);
    const records = trainModel(model, train, test, {
      runName: job.mode.toLowerCase(),
      epochs: job.settings.baseEpochs,
      batchSize: job.settings.batchSize,
      rng: context.rng.fork("shuffling"),
      progress: false,
      callbacks: {
        onEpoch: (record, trained) => {
          if (record.epoch === rewindEpoch) saveRewindPoint(trained);
          return progress.onEpoch(record);
        },
      },
    });
    if (context.signal.aborted) throw new Error("aborted");
    // The runner's atomic write (as below): its temp files name their process, so a resume can remove a killed one's.
    const metadata = { "sparse_rnn.records": JSON.stringify(records) };
    const file = encodeModelFile(architecture, model.exportTensors(), metadata);
    writeFileAtomic(studyPath(job.modelPath), file);
    return baseRows(records, job);
  }
  const basePath = studyPath(job.baseModelPath);
  if (!existsSync(basePath)) throw new Error(`base model ${basePath} is missing: the base stage must finish first`);
  const base = readModelFile(basePath, architecture);
  if (job.settings.methods && job.method === "magnitude") {
    // The thesis's method is the pruning study's run: the same job id, seed and base model give the same numbers, so
    // a finished run of the study beside this one (as `reproduce` lays them out) is taken, not computed again.
    const rows = thesisStudyRows(job, studyPath("."));
    if (rows) {
      const pruned = pruneByMagnitude(base.tensors, job.percent, job.kind);
      const sparsity = 1 - pruned.kept / pruned.total;
      return rows.map((row) => ({ ...row, method: "magnitude", round: 0, sparsity }));
    }
  }
  // A fresh model (and so a fresh optimizer) per run, as the thesis re-created its optimizer for every run.
  const methodContext = {
    train,
    test,
    training: {
      runName: pruneRunName(job.mode, job.kind),
      prune: job.percent,
      epochs: job.settings.retrainEpochs,
      batchSize: job.settings.batchSize,
      rng: context.rng.fork("shuffling"),
      progress: false,
    },
    rng: context.rng,
    onEpoch: progressEvery(job.settings.retrainEpochs).onEpoch,
  };
  const run = methodRun(job, architecture, base.tensors, methodContext, studyPath, context);
  if (context.signal.aborted) throw new Error("aborted");
  const file = encodeModelFile(run.architecture, run.model.exportTensors(), {
    "sparse_rnn.pruning": JSON.stringify({ ...run.details, percent: job.percent, kind: job.kind, base: basePath }),
    "sparse_rnn.records": JSON.stringify(run.records),
  });
  writeFileAtomic(studyPath(job.modelPath), file);
  const rows = withReplicate(run.records, job.replicate);
  if (job.settings.methods) return rows;
  // The thesis's study keeps the thesis's columns.
  return rows.map(({ method: _method, round: _round, sparsity: _sparsity, ...row }) => row);
}

/** The settings a pruning run's numbers depend on, besides its job id (which holds variant, kind, level, replicate). */
const RUN_DEFINING_SETTINGS = ["hidden", "baseEpochs", "batchSize", "retrainEpochs", "seed", "trainRows", "testRows"];

/** The settings a base model depends on, besides its job id (which holds variant and replicate). */
const BASE_DEFINING_SETTINGS = ["hidden", "baseEpochs", "batchSize", "seed", "trainRows", "testRows"];

/**
 * The same job's finished result in a stage of the pruning study beside a methods study (`<dir>/../pruning/<stage>`),
 * or null when there is none, or that study was made with other settings (`defining`) or data.
 */
function thesisStudyResult(
  job: BaseJob | PruneJob,
  methodsStudyDir: string,
  defining: readonly string[],
): ResultRow[] | null {
  const stageDir = join(methodsStudyDir, "..", "pruning", job.stage);
  if (!existsSync(join(stageDir, "manifest.json"))) return null;
  const folder = ExperimentFolder.open(stageDir);
  const theirs = folder.manifest.parameters as Record<string, unknown>;
  const ours = job.settings as unknown as Record<string, unknown>;
  const same = (key: string) => JSON.stringify(theirs[key]) === JSON.stringify(ours[key]);
  if (!defining.every(same)) return null;
  if (theirs.dataset !== datasetFingerprint(studyDataDir(job.settings))) return null;
  const source = folder.jobs.find((candidate) => candidate.id === job.id);
  return source ? (folder.readResult(source)?.rows ?? null) : null;
}

/**
 * A methods study's base model taken from the pruning study beside it (the same job id, seed and data give the same
 * model), or null when there is none. imp's rewind point is the one thing that study did not keep: it is re-made by
 * training the first `rewindEpoch` epochs again (a fiftieth of the base training at epoch 1), and those epochs'
 * records must equal the taken ones, so a different engine or backend falls back to training the base model here.
 */
function takeThesisBase(
  job: BaseJob,
  architecture: Architecture,
  train: readonly LabelledString[],
  test: readonly LabelledString[],
  studyPath: (relative: string) => string,
  context: JobContext,
): ResultRow[] | null {
  const rows = thesisStudyResult(job, studyPath("."), BASE_DEFINING_SETTINGS);
  const modelFile = join(studyPath("."), "..", "pruning", job.modelPath);
  if (!rows || !existsSync(modelFile)) return null;
  const rewindEpoch = rewindEpochOf(job.settings);
  if (rewindEpoch !== null) {
    const model = RecurrentModel.initialised(architecture, context.rng.fork("initialisation"));
    const records = trainModel(model, train, test, {
      runName: job.mode.toLowerCase(),
      epochs: rewindEpoch,
      batchSize: job.settings.batchSize,
      rng: context.rng.fork("shuffling"),
      progress: false,
    });
    const numbers = (row: Pick<EpochRecord, "train_loss" | "train_acc" | "test_loss" | "test_acc">) =>
      JSON.stringify([row.train_loss, row.train_acc, row.test_loss, row.test_acc]);
    const repeated = records.every((record, i) => numbers(record) === numbers(rows[i] as unknown as EpochRecord));
    if (!repeated) return null;
    writeFileAtomic(
      studyPath(rewindPointPath(job.mode, job.replicate, rewindEpoch)),
      encodeModelFile(architecture, model.exportTensors(), { "sparse_rnn.rewind_epoch": String(rewindEpoch) }),
    );
  }
  writeFileAtomic(studyPath(job.modelPath), readFileSync(modelFile));
  return rows.map((row) => ({ ...row, method: DENSE, round: 0, sparsity: 0 }));
}

/**
 * The records of the same magnitude run in the pruning study beside a methods study (`<dir>/../pruning`), or null
 * when there is none, it is unfinished, or that study was made with other settings or data.
 */
export function thesisStudyRows(job: PruneJob, methodsStudyDir: string): ResultRow[] | null {
  return thesisStudyResult(job, methodsStudyDir, RUN_DEFINING_SETTINGS);
}

/** Run the job's method on the base model (in the worker). */
function methodRun(
  job: PruneJob,
  architecture: Architecture,
  base: TensorMap,
  context: MethodRunContext,
  studyPath: (relative: string) => string,
  jobContext: JobContext,
): MethodRun {
  const { kind, percent, settings } = job;
  const method = job.method ?? "magnitude";
  if (isOneShotMethod(method)) return oneShotRun(method, architecture, base, percent, kind, context);
  if (method === "gradual") return gradualRun(architecture, base, gradualSchedule(settings, percent), kind, context);
  if (method === "structured") return structuredRun(architecture, base, percent, context);
  const rewindPath = studyPath(rewindPointPath(job.mode, job.replicate, rewindEpochOf(settings)!));
  if (!existsSync(rewindPath))
    throw new Error(
      `imp's rewind point ${rewindPath} is missing: the base stage stores it when the study includes imp`,
    );
  const rewindPoint = readModelFile(rewindPath, architecture).tensors;
  // Progress over all rounds: round r's epoch e is (r − 1 + e/E) of R rounds.
  const rounds = new Set(settings.percents).size;
  let round = 1;
  const onEpoch = (record: EpochRecord) => {
    const done = (round - 1 + record.epoch / settings.retrainEpochs) / rounds;
    jobContext.progress(done, `round ${round}/${rounds} epoch ${record.epoch} acc ${record.test_acc.toFixed(3)}`);
    return jobContext.signal.aborted ? ("stop" as const) : undefined;
  };
  const onRound = (r: number) => (round = r);
  return iterativeRun(architecture, base, rewindPoint, settings.percents, kind, { ...context, onEpoch }, onRound);
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
  /**
   * Run one shard of each stage (a Slurm array task); the base stage must be complete before any prune shard starts.
   */
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
  const epochs = job.stage === "base" ? job.settings.baseEpochs : job.settings.retrainEpochs;
  if (job.stage === "base") return EPOCH_COST[job.mode] * epochs;
  // imp re-trains once per round; a structurally pruned model is smaller, its products shrink about quadratically.
  if (job.method === "imp") return EPOCH_COST[job.mode] * epochs * new Set(job.settings.percents).size;
  if (job.method === "structured") return EPOCH_COST[job.mode] * epochs * Math.max(0.1, (1 - job.percent / 100) ** 2);
  return EPOCH_COST[job.mode] * epochs;
}

/**
 * Run (or resume) the whole study: base models first, then every pruning run; writes `<outDir>/pruning-records.csv`.
 */
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
    columns: settings.methods ? PRUNING_METHOD_COLUMNS : PRUNING_COLUMNS,
    cost: jobCost,
    provenance: { ...currentProvenance() },
    shard: options.shard,
    onlyFailed: options.onlyFailed,
    ...selection,
  };
  const stages = options.stages ?? ["base", "prune"];
  // The data's fingerprint too: a folder computed on another data set is refused rather than resumed.
  const manifest = { ...JSON.parse(JSON.stringify(settings)), dataset: datasetFingerprint(studyDataDir(settings)) };
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
