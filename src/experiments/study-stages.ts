/**
 * The study's stages at a chosen scale, each run (or resumed, or simply read when already finished) into
 * `runs/<scale>/<stage>`: the one entry point `sparse-rnn reproduce` and the notebooks share, so a notebook
 * shows exactly what the reproduce command computed, and computes it itself when it has not been run.
 */
import { join } from "node:path";
import {
  methodStudySettings,
  runPruningStudy,
  type PruningStudyResult,
  type PruningStudySettings,
} from "./pruning-study";
import type { ProgressMode, RunSummary, Shard } from "./runner";
import type { StructureSweepSettings } from "./structure-sweep";
import { runStructureSweep } from "./structure-sweep";
import { runSpectrumSweep, type SpectrumSweepSettings } from "./spectrum-sweep";
import { studyRunDir, type StudyScale } from "./study-scale";
import { METHOD_STAGES, STAGE_FOLDERS, type MethodStage, type StudyStage } from "./study-stage-names";

/** Options shared by the stage runners. */
export interface StageOptions {
  readonly workers?: number;
  readonly quiet?: boolean;
  readonly progress?: ProgressMode;
  /** Folder holding the scale's stages (default `studyRunDir(scale)`). */
  readonly runDir?: string;
  readonly seed?: number;
  /** Run only these replicates of the pruning study, a comparison of methods or the spectrum sweep (a part of it). */
  readonly replicates?: readonly number[];
  /** Run only this shard of the structure or spectrum sweep (a part of it). */
  readonly shard?: Shard;
}

/** The pruning study's settings at a scale. */
export function pruningStudySettings(scale: StudyScale, seed = 0): PruningStudySettings {
  return {
    modes: scale.modes,
    hidden: scale.base.hidden,
    baseEpochs: scale.base.epochs,
    batchSize: scale.base.batchSize,
    percents: scale.pruning.percents,
    kinds: scale.pruning.kinds,
    retrainEpochs: scale.pruning.retrainEpochs,
    seeds: scale.pruning.seeds,
    seed,
    trainRows: scale.trainRows,
    testRows: scale.testRows,
  };
}

/**
 * A comparison of pruning methods at a scale: on the thesis's task, the pruning study's base models (same seeds, same
 * base models) with the scale's methods and levels; on the embedded Reber task, the same with narrower layers.
 */
export function methodComparisonSettings(
  scale: StudyScale,
  seed = 0,
  stage: MethodStage = "methods",
): PruningStudySettings {
  const { modes, methods, percents, kinds, retrainEpochs, seeds, embedded } = scale.methods;
  const study = { ...pruningStudySettings(scale, seed), modes, percents, kinds, retrainEpochs, seeds };
  const task = METHOD_STAGES[stage];
  return methodStudySettings(task === "reber" ? study : { ...study, hidden: embedded.hidden, task }, methods);
}

/** The structure sweep's settings at a scale. */
export function structureSweepSettings(scale: StudyScale, seed = 0): StructureSweepSettings {
  return {
    modes: scale.modes,
    generators: ["barabasi_albert", "watts_strogatz"],
    perGenerator: scale.structure.perGenerator,
    nodes: scale.structure.nodes,
    epochs: scale.structure.epochs,
    batchSize: scale.structure.batchSize,
    seed,
    trainRows: scale.trainRows,
    testRows: scale.testRows,
    saveWeights: true,
  };
}

/**
 * The graph-faithful structure sweep's settings at a scale: the structure stage's first graphs, gated variants only.
 */
export function faithfulSweepSettings(scale: StudyScale, seed = 0): StructureSweepSettings {
  return {
    ...structureSweepSettings(scale, seed),
    modes: scale.faithful.modes,
    perGenerator: scale.faithful.perGenerator,
    saveWeights: false,
    gateLayout: "faithful",
  };
}

/**
 * The small-world spectrum sweep's settings at a scale: relational networks of WS-flex graphs (and of the complete
 * graph, with as many seeds) on the embedded Reber task, the task that needs memory.
 */
export function spectrumSweepSettings(scale: StudyScale, seed = 0): SpectrumSweepSettings {
  const { modes, nodes, k, p, graphSeeds, seeds, epochs, batchSize } = scale.spectrum;
  return {
    modes,
    nodes,
    k,
    p,
    graphSeeds,
    replicates: seeds,
    completeReplicates: seeds,
    epochs,
    batchSize,
    seed,
    task: "embedded-reber",
    graphMapping: "relational",
    trainRows: scale.trainRows,
    testRows: scale.testRows,
    saveWeights: false,
  };
}

/**
 * The spectrum sweep's random baseline at a scale: connected G(n, m) graphs with the WS-flex graphs' edge count at
 * each of `randomK`, trained as the spectrum sweep trains (the complete graph is the spectrum sweep's own).
 */
export function spectrumRandomSettings(scale: StudyScale, seed = 0): SpectrumSweepSettings {
  const spectrum = spectrumSweepSettings(scale, seed);
  return { ...spectrum, generator: "gnm", k: scale.spectrum.randomK, p: [], completeReplicates: 0 };
}

/** Folder of one stage. */
export function stageDir(scale: StudyScale, stage: StudyStage, options: StageOptions = {}): string {
  return join(options.runDir ?? studyRunDir(scale), STAGE_FOLDERS[stage]);
}

/** Run (or resume) the pruning study at a scale, or the replicates `options.replicates` of it. */
export function runPruningStage(scale: StudyScale, options: StageOptions = {}): Promise<PruningStudyResult> {
  const { workers, quiet, progress, replicates } = options;
  // Always go through the runner: finished jobs are skipped, and a folder made with other settings is refused.
  return runPruningStudy(pruningStudySettings(scale, options.seed), {
    outDir: stageDir(scale, "pruning", options),
    workers,
    quiet,
    progress,
    replicates,
  });
}

/** Run (or resume) a comparison of pruning methods at a scale, or the replicates `options.replicates` of it. */
export function runMethodsStage(
  scale: StudyScale,
  options: StageOptions = {},
  stage: MethodStage = "methods",
): Promise<PruningStudyResult> {
  const { workers, quiet, progress, replicates } = options;
  return runPruningStudy(methodComparisonSettings(scale, options.seed, stage), {
    outDir: stageDir(scale, stage, options),
    workers,
    quiet,
    progress,
    replicates,
  });
}

/** The runner options of a sweep stage: its folder, the display, and the part (shard, replicates) asked for. */
function sweepRunOptions(scale: StudyScale, stage: StudyStage, options: StageOptions) {
  const { workers, quiet, progress, shard, replicates } = options;
  return { outDir: stageDir(scale, stage, options), workers, quiet, progress, shard, replicates };
}

/** Run (or resume) the structure sweep at a scale, or the shard `options.shard` of it. */
export function runStructureStage(scale: StudyScale, options: StageOptions = {}): Promise<RunSummary> {
  return runStructureSweep(structureSweepSettings(scale, options.seed), sweepRunOptions(scale, "structure", options));
}

/** Run (or resume) the spectrum sweep at a scale, or a part of it (`options.replicates`, `options.shard`). */
export function runSpectrumStage(scale: StudyScale, options: StageOptions = {}): Promise<RunSummary> {
  return runSpectrumSweep(spectrumSweepSettings(scale, options.seed), sweepRunOptions(scale, "spectrum", options));
}

/** Run (or resume) the spectrum sweep's random baseline at a scale, or a part of it. */
export function runSpectrumRandomStage(scale: StudyScale, options: StageOptions = {}): Promise<RunSummary> {
  return runSpectrumSweep(
    spectrumRandomSettings(scale, options.seed),
    sweepRunOptions(scale, "spectrum-random", options),
  );
}

/** Run (or resume) the graph-faithful structure sweep at a scale, or the shard `options.shard` of it. */
export function runFaithfulStage(scale: StudyScale, options: StageOptions = {}): Promise<RunSummary> {
  return runStructureSweep(faithfulSweepSettings(scale, options.seed), sweepRunOptions(scale, "faithful", options));
}

/**
 * Path of the pruning study's records (base and pruning runs), running or resuming the study when it is not finished.
 */
export async function ensurePruningStudy(scale: StudyScale, options: StageOptions = {}): Promise<string> {
  const result = await runPruningStage(scale, options);
  if (!result.recordsPath)
    throw new Error(`the pruning study in ${stageDir(scale, "pruning", options)} did not finish; re-run to resume`);
  return result.recordsPath;
}

/** Path of the structure sweep's results CSV, running or resuming the sweep when needed. */
export async function ensureStructureSweep(scale: StudyScale, options: StageOptions = {}): Promise<string> {
  const summary = await runStructureStage(scale, options);
  if (!summary.csvPath)
    throw new Error(`the structure sweep in ${stageDir(scale, "structure", options)} did not finish; re-run to resume`);
  return summary.csvPath;
}
