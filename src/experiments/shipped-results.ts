/**
 * Shipped results: the lab's own full-scale run, tracked in git (`results/full/`) so the notebooks open on it.
 * The folder mirrors `runs/full/` without per-run weights: each experiment folder's manifest, job list, one record
 * per finished job and session records (measured wall time, commit, kernel build), plus the tables the notebooks
 * read, the 200 graphs, the seed-0 base models and a manifest. Because finished jobs are records, a study computed
 * in parts (a seed, a shard) on several machines is shipped part by part: `shipStudy` adds a part's records and
 * refuses a record that differs from one already shipped, since the same seed must give the same numbers.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { datasetFingerprint, packageRoot, shippedTaskDir } from "../data/dataset-files";
import { writeFileAtomic } from "../files/atomic-file";
import { PRUNING_COLUMNS, PRUNING_METHOD_COLUMNS } from "./pruning-study";
import { STAGE_FOLDERS, STAGE_TASKS, STUDY_STAGES, type StudyStage } from "./study-stage-names";
import { SPECTRUM_COLUMNS } from "./spectrum-sweep";
import { STRUCTURE_COLUMNS, type StructureJob } from "./structure-sweep";
import {
  canonicalJson,
  collectResults,
  ExperimentFolder,
  readSessions,
  sessionWallMs,
  writeCsvAtomic,
  type ExperimentManifest,
  type Job,
  type SessionRecord,
} from "./runner";
import { manifestDifferences } from "./runner/experiment-folder";

export type { StudyStage } from "./study-stage-names";

/** The experiment folders of each stage, relative to a results (or runs) folder. */
export const STAGE_EXPERIMENTS: Readonly<Record<StudyStage, readonly string[]>> = {
  pruning: ["pruning/base", "pruning/prune"],
  methods: [`${STAGE_FOLDERS.methods}/base`, `${STAGE_FOLDERS.methods}/prune`],
  "methods-embedded": [`${STAGE_FOLDERS["methods-embedded"]}/base`, `${STAGE_FOLDERS["methods-embedded"]}/prune`],
  structure: ["structure"],
  spectrum: [STAGE_FOLDERS.spectrum],
  "spectrum-random": [STAGE_FOLDERS["spectrum-random"]],
  faithful: [STAGE_FOLDERS.faithful],
};

/** The tables the notebooks read, relative to a results (or runs) folder: the same paths as in `runs/<scale>/`. */
export const STAGE_TABLES: Readonly<Record<StudyStage, string>> = {
  pruning: "pruning/pruning-records.csv",
  methods: `${STAGE_FOLDERS.methods}/pruning-records.csv`,
  "methods-embedded": `${STAGE_FOLDERS["methods-embedded"]}/pruning-records.csv`,
  structure: "structure/results.csv",
  spectrum: `${STAGE_FOLDERS.spectrum}/results.csv`,
  "spectrum-random": `${STAGE_FOLDERS["spectrum-random"]}/results.csv`,
  faithful: `${STAGE_FOLDERS.faithful}/results.csv`,
};

/** The stages whose experiments are a base stage and a prune stage, with their record columns. */
const TWO_STAGE_STUDIES: readonly { stage: StudyStage; columns: readonly string[] }[] = [
  { stage: "pruning", columns: PRUNING_COLUMNS },
  { stage: "methods", columns: PRUNING_METHOD_COLUMNS },
  { stage: "methods-embedded", columns: PRUNING_METHOD_COLUMNS },
];

/** The graphs of the structure sweep, relative to a results folder. */
export const SWEEP_GRAPHS_FILE = "structure/graphs.json";

const ALL_EXPERIMENTS = Object.values(STAGE_EXPERIMENTS).flat();

const MANIFEST_FORMAT = "sparse-rnn-shipped-results/1";

/** The shipped full-scale results: $SPARSE_RNN_RESULTS, else `<project>/results/full`. */
export function shippedResultsDir(env: NodeJS.ProcessEnv = process.env, projectRoot = packageRoot()): string {
  return resolve(env.SPARSE_RNN_RESULTS ?? join(projectRoot, "results", "full"));
}

/** One part of a stage, as its session records tell it. */
export interface StagePart {
  /** The experiment folder (relative) the session ran in. */
  readonly experiment: string;
  /** "replicates 1", "shard 0/2", or "all". */
  readonly part: string;
  readonly host: string;
  readonly commit: string | null;
  readonly kernelBuild: string | null;
  readonly startedAt: string;
  readonly endedAt: string;
  readonly wallSeconds: number;
  readonly jobsCompleted: number;
}

/** Where one stage of a results folder stands. */
export interface StageStatus {
  readonly stage: StudyStage;
  /** Whether any of the stage's experiment folders exists. */
  readonly present: boolean;
  readonly jobs: number;
  readonly finished: number;
  /** Ids of unfinished jobs, in job order. */
  readonly missing: readonly string[];
  /** Their positions in their experiment's job list (what `--shard i/n` slices). */
  readonly missingIndices: readonly number[];
  readonly complete: boolean;
  readonly parts: readonly StagePart[];
  /** Sum of the parts' wall times. */
  readonly wallSeconds: number;
  /** The data fingerprint every experiment folder of the stage was computed on (null when absent). */
  readonly dataset: string | null;
}

function sessionPart(experiment: string, session: SessionRecord): StagePart {
  const provenance = (session.provenance ?? {}) as { commit?: string | null; kernelBuild?: string };
  // A part may be a selection (replicates), a shard, or both (a spectrum part: one seed's half).
  const shard = session.shard === "0/1" ? null : `shard ${session.shard}`;
  const part = [session.selection, shard].filter(Boolean).join(", ") || "all";
  return {
    experiment,
    part,
    host: session.host,
    commit: provenance.commit ?? null,
    kernelBuild: provenance.kernelBuild ?? null,
    startedAt: session.startedAt,
    endedAt: session.endedAt ?? session.lastActivityAt,
    wallSeconds: Math.round(sessionWallMs(session) / 1000),
    jobsCompleted: session.completed,
  };
}

function datasetOf(manifest: ExperimentManifest): string | null {
  const parameters = manifest.parameters as { dataset?: unknown } | null;
  return typeof parameters?.dataset === "string" ? parameters.dataset : null;
}

/** Where a stage of a results (or runs) folder stands: finished jobs, missing ones, parts and their wall time. */
export function stageStatus(dir: string, stage: StudyStage): StageStatus {
  const folders = STAGE_EXPERIMENTS[stage].filter((relative) => existsSync(join(dir, relative, "manifest.json")));
  if (folders.length === 0)
    return {
      stage,
      present: false,
      jobs: 0,
      finished: 0,
      missing: [],
      missingIndices: [],
      complete: false,
      parts: [],
      wallSeconds: 0,
      dataset: null,
    };
  let jobs = 0;
  let finishedCount = 0;
  const missing: string[] = [];
  const missingIndices: number[] = [];
  const datasets = new Set<string | null>();
  const parts: StagePart[] = [];
  for (const relative of STAGE_EXPERIMENTS[stage]) {
    if (!folders.includes(relative)) {
      missing.push(`${relative}/*`);
      continue;
    }
    const folder = ExperimentFolder.open(join(dir, relative));
    const finished = folder.finishedIds();
    jobs += folder.jobs.length;
    finishedCount += finished.size;
    folder.jobs.forEach((job, index) => {
      if (finished.has(job.id)) return;
      missing.push(job.id);
      missingIndices.push(index);
    });
    datasets.add(datasetOf(folder.manifest));
    parts.push(...readSessions(folder.dir).map((session) => sessionPart(relative, session)));
  }
  if (datasets.size > 1)
    throw new Error(
      `${dir}: the ${stage} stage's experiment folders were computed on different data (${[...datasets].join(", ")})`,
    );
  parts.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  const wallSeconds = parts.reduce((sum, part) => sum + part.wallSeconds, 0);
  const complete = missing.length === 0;
  return {
    stage,
    present: true,
    jobs,
    finished: finishedCount,
    missing,
    missingIndices,
    complete,
    parts,
    wallSeconds,
    dataset: [...datasets][0] ?? null,
  };
}

/** What `shipStudy` added. */
export interface ShipReport {
  /** Per experiment folder: records added and records already shipped (identical). */
  readonly experiments: { readonly experiment: string; readonly added: number; readonly alreadyShipped: number }[];
  readonly models: string[];
}

/** Options of `copyRecords`. */
interface CopyOptions {
  /** Also copy the session records (shipping does; unpacking into a run folder does not). */
  readonly sessions: boolean;
  /** Copy only the jobs this accepts (default all finished jobs). */
  readonly accept?: (job: Job) => boolean;
}

/** Copy one experiment folder's finished records into another folder of the same experiment (identical ones only). */
function copyRecords(from: string, to: string, options: CopyOptions): { added: number; alreadyShipped: number } {
  const source = ExperimentFolder.open(from);
  let target: ExperimentFolder;
  if (existsSync(join(to, "manifest.json"))) {
    target = ExperimentFolder.open(to);
    const differences = manifestDifferences(target.manifest, source.manifest);
    if (differences.length > 0)
      throw new Error(`${from} holds a different experiment than ${to}: ${differences.slice(0, 5).join("; ")}`);
  } else {
    target = ExperimentFolder.create(to, source.manifest, source.jobs);
  }
  const present = target.finishedIds();
  let added = 0;
  let alreadyShipped = 0;
  for (const job of source.jobs) {
    if (options.accept && !options.accept(job)) continue;
    const result = source.readResult(job);
    if (!result) continue;
    if (present.has(job.id)) {
      const existing = target.readResult(job)!;
      if (!sameNumbers(existing.rows, result.rows)) {
        throw new Error(
          `job "${job.id}": ${from} and ${to} hold different numbers for the same seed; find out why before shipping`,
        );
      }
      alreadyShipped++;
      continue;
    }
    target.writeResult(job, result);
    added++;
  }
  const sessions = join(from, "sessions");
  if (options.sessions && existsSync(sessions)) {
    mkdirSync(join(to, "sessions"), { recursive: true });
    for (const name of readdirSync(sessions).filter((n) => n.endsWith(".json") && !n.startsWith("."))) {
      writeFileAtomic(join(to, "sessions", name), readFileSync(join(sessions, name)));
    }
  }
  return { added, alreadyShipped };
}

/** Whether two records of a job hold the same rows but for the wall-clock column (which differs between runs). */
function sameNumbers(a: readonly Record<string, unknown>[], b: readonly Record<string, unknown>[]): boolean {
  const withoutTime = (rows: readonly Record<string, unknown>[]) => rows.map(({ time: _time, ...rest }) => rest);
  return canonicalJson(withoutTime(a)) === canonicalJson(withoutTime(b));
}

/** How one experiment's records in a run folder agree, job by job, with the shipped ones. */
export interface RecordAgreement {
  readonly experiment: string;
  /** Why the jobs were not compared (another experiment's settings), or null when they were. */
  readonly notComparable: string | null;
  /** Jobs finished on both sides whose rows are the same but for the wall-clock column. */
  readonly identical: number;
  /** Ids of the jobs finished on both sides with other numbers. */
  readonly different: readonly string[];
  /** Jobs finished only in the run, and only in the shipped results. */
  readonly onlyInRun: number;
  readonly onlyShipped: number;
  /** The kernel builds that computed each side (from their session records), to explain rounding differences. */
  readonly kernelBuilds: { readonly run: readonly string[]; readonly shipped: readonly string[] };
}

/** Distinct kernel builds named by the sessions of an experiment folder. */
function kernelBuildsOf(dir: string): string[] {
  const builds = readSessions(dir).map((session) => sessionPart("", session).kernelBuild);
  return [...new Set(builds.filter((build): build is string => build !== null))];
}

/**
 * Compare every experiment a run folder and the shipped results both hold, job by job: the direct check that a
 * part recomputed on another machine (a seed, a shard) gives the shipped numbers, whether or not its stage is complete.
 */
export function compareRecords(runDir: string, resultsDir: string): RecordAgreement[] {
  const agreements: RecordAgreement[] = [];
  for (const relative of ALL_EXPERIMENTS) {
    const [runPath, shippedPath] = [join(runDir, relative), join(resultsDir, relative)];
    if (!existsSync(join(runPath, "manifest.json")) || !existsSync(join(shippedPath, "manifest.json"))) continue;
    const run = ExperimentFolder.open(runPath);
    const shipped = ExperimentFolder.open(shippedPath);
    const ran = run.finishedIds();
    if (ran.size === 0) continue;
    const held = shipped.finishedIds();
    const settings = manifestDifferences(shipped.manifest, run.manifest);
    const counts = {
      onlyInRun: [...ran].filter((id) => !held.has(id)).length,
      onlyShipped: [...held].filter((id) => !ran.has(id)).length,
      kernelBuilds: { run: kernelBuildsOf(runPath), shipped: kernelBuildsOf(shippedPath) },
    };
    if (settings.length > 0) {
      const notComparable = `settings differ (the shipped folder's first): ${settings.slice(0, 3).join("; ")}`;
      agreements.push({ experiment: relative, notComparable, identical: 0, different: [], ...counts });
      continue;
    }
    let identical = 0;
    const different: string[] = [];
    for (const job of run.jobs) {
      if (!ran.has(job.id) || !held.has(job.id)) continue;
      const [mine, theirs] = [run.readResult(job)!, shipped.readResult(job)!];
      if (sameNumbers(mine.rows, theirs.rows)) identical++;
      else different.push(job.id);
    }
    agreements.push({ experiment: relative, notComparable: null, identical, different, ...counts });
  }
  return agreements;
}

/**
 * Add the finished records of a study run (`runs/full`) to the shipped results, with the seed-0 base models;
 * then rewrite the tables, the graphs and the manifest from everything shipped.
 */
export function shipStudy(runDir: string, resultsDir: string = shippedResultsDir()): ShipReport {
  const experiments: ShipReport["experiments"] = [];
  for (const relative of ALL_EXPERIMENTS) {
    // An experiment that has not finished a job yet (a part still running) has nothing to ship.
    if (!existsSync(join(runDir, relative, "manifest.json"))) continue;
    if (ExperimentFolder.open(join(runDir, relative)).finishedIds().size === 0) continue;
    const copied = copyRecords(join(runDir, relative), join(resultsDir, relative), { sessions: true });
    experiments.push({ experiment: relative, ...copied });
  }
  if (experiments.length === 0)
    throw new Error(`${runDir} holds no finished job of the study (looked in ${ALL_EXPERIMENTS.join(", ")})`);
  const models: string[] = [];
  const modelDir = join(runDir, "pruning", "models");
  if (existsSync(modelDir)) {
    mkdirSync(join(resultsDir, "pruning", "models"), { recursive: true });
    // Only the first replicate's base models: enough to look at weights and prune again; the rest are records.
    for (const name of readdirSync(modelDir).filter((n) => /^base-[a-z_]+-r0\.safetensors$/.test(n))) {
      copyFileSync(join(modelDir, name), join(resultsDir, "pruning", "models", name));
      models.push(join("pruning", "models", name));
    }
  }
  writeStudyTables(resultsDir);
  return { experiments, models };
}

/**
 * Seed a run folder with the shipped records, so that a part computed on a new machine (`--replicates`, `--shard`)
 * skips what is already shipped. A shipped base model's record is unpacked only when its weights are shipped too
 * (seed 0) or all its pruning runs are, since a pruning run needs the base model's weights.
 */
export function unpackShipped(resultsDir: string, runDir: string): ShipReport {
  const baseUsable = (folder: string) => {
    const prune = join(resultsDir, folder, "prune");
    const prunedDone = existsSync(join(prune, "manifest.json")) ? ExperimentFolder.open(prune) : null;
    const finishedPrune = prunedDone?.finishedIds() ?? new Set<string>();
    return (job: Job): boolean => {
      const base = job as unknown as { mode: string; replicate: number; modelPath: string };
      if (existsSync(join(resultsDir, folder, base.modelPath))) return true;
      const runs = (prunedDone?.jobs ?? []) as unknown as { id: string; mode: string; replicate: number }[];
      const own = runs.filter((run) => run.mode === base.mode && run.replicate === base.replicate);
      return own.length > 0 && own.every((run) => finishedPrune.has(run.id));
    };
  };
  const acceptBase = new Map(
    TWO_STAGE_STUDIES.map(({ stage }) => [`${STAGE_FOLDERS[stage]}/base`, baseUsable(STAGE_FOLDERS[stage])]),
  );
  const experiments: ShipReport["experiments"] = [];
  for (const relative of ALL_EXPERIMENTS) {
    if (!existsSync(join(resultsDir, relative, "manifest.json"))) continue;
    const accept = acceptBase.get(relative);
    const copied = copyRecords(join(resultsDir, relative), join(runDir, relative), { sessions: false, accept });
    experiments.push({ experiment: relative, ...copied });
  }
  const models: string[] = [];
  const shippedModels = join(resultsDir, "pruning", "models");
  if (existsSync(shippedModels)) {
    mkdirSync(join(runDir, "pruning", "models"), { recursive: true });
    for (const name of readdirSync(shippedModels).filter((n) => n.endsWith(".safetensors"))) {
      if (existsSync(join(runDir, "pruning", "models", name))) continue;
      copyFileSync(join(shippedModels, name), join(runDir, "pruning", "models", name));
      models.push(join("pruning", "models", name));
    }
  }
  return { experiments, models };
}

/** Rewrite the tables the notebooks read (records so far, in job order) and the sweep's graphs. */
export function writeStudyTables(resultsDir: string): void {
  for (const { stage, columns } of TWO_STAGE_STUDIES) {
    if (!STAGE_EXPERIMENTS[stage].every((relative) => existsSync(join(resultsDir, relative, "manifest.json"))))
      continue;
    const rows = STAGE_EXPERIMENTS[stage].flatMap(
      (relative) => collectResults(join(resultsDir, relative), { allowMissing: true }).rows,
    );
    writeCsvAtomic(join(resultsDir, STAGE_TABLES[stage]), rows, columns);
  }
  const sweep = join(resultsDir, STAGE_EXPERIMENTS.structure[0]!);
  if (existsSync(join(sweep, "manifest.json"))) {
    const collected = collectResults(sweep, { allowMissing: true });
    writeCsvAtomic(join(resultsDir, STAGE_TABLES.structure), collected.rows, STRUCTURE_COLUMNS);
    writeFileAtomic(
      join(resultsDir, SWEEP_GRAPHS_FILE),
      JSON.stringify(sweepGraphs(collected.jobs as unknown as StructureJob[])) + "\n",
    );
  }
  for (const [stage, columns] of [
    ["spectrum", SPECTRUM_COLUMNS],
    ["spectrum-random", SPECTRUM_COLUMNS],
    ["faithful", STRUCTURE_COLUMNS],
  ] as const) {
    const folder = join(resultsDir, STAGE_EXPERIMENTS[stage][0]!);
    if (existsSync(join(folder, "manifest.json")))
      writeCsvAtomic(
        join(resultsDir, STAGE_TABLES[stage]),
        collectResults(folder, { allowMissing: true }).rows,
        columns,
      );
  }
}

/** The distinct graphs of a sweep's jobs (each serves every variant), as an edge-list graph file. */
export function sweepGraphs(jobs: readonly StructureJob[]): Record<string, unknown>[] {
  const seen = new Map<string, Record<string, unknown>>();
  for (const job of jobs) {
    const key = `${job.generator}/${job.graphNr}`;
    if (seen.has(key)) continue;
    const { generator: _generator, ...spec } = job.spec as unknown as Record<string, unknown>;
    seen.set(key, { graph: job.generator, graph_nr: job.graphNr, ...spec, num_nodes: job.numNodes, edges: job.edges });
  }
  return [...seen.values()];
}

/** The shipped results' manifest. */
export interface ShippedManifest {
  readonly format: string;
  readonly scale: "full";
  /** Fingerprint of the data set the results were computed on (that of `data/` when they match). */
  readonly dataset: string | null;
  readonly stages: Record<StudyStage, Omit<StageStatus, "missing"> & { readonly missingJobs: number }>;
  /** Distinct commits and kernel builds of the parts. */
  readonly commits: string[];
  readonly kernelBuilds: string[];
  readonly updatedAt: string;
}

/** Write `<resultsDir>/manifest.json` from the stages' status. */
export function writeShippedManifest(resultsDir: string, now: Date = new Date()): ShippedManifest {
  const stages = Object.fromEntries(
    STUDY_STAGES.map((stage) => {
      const { missing, missingIndices: _indices, ...status } = stageStatus(resultsDir, stage);
      return [stage, { ...status, missingJobs: missing.length }];
    }),
  ) as ShippedManifest["stages"];
  const parts = Object.values(stages).flatMap((stage) => stage.parts);
  const manifest: ShippedManifest = {
    format: MANIFEST_FORMAT,
    scale: "full",
    dataset: stages.pruning.dataset ?? stages.structure.dataset,
    stages,
    commits: [...new Set(parts.map((part) => part.commit).filter((c): c is string => c !== null))],
    kernelBuilds: [...new Set(parts.map((part) => part.kernelBuild).filter((k): k is string => k !== null))],
    updatedAt: now.toISOString(),
  };
  writeFileAtomic(join(resultsDir, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
  return manifest;
}

/** A problem found by `verifyShippedResults`. */
export interface ShippedProblem {
  readonly file: string;
  readonly problem: string;
}

/**
 * Rows one finished job records: an epoch per base-model epoch, epoch 0 plus each re-training epoch (per round for
 * imp), one per graph.
 */
function expectedRowsPerJob(relative: string, manifest: ExperimentManifest, job: Job): number {
  const parameters = manifest.parameters as { baseEpochs?: number; retrainEpochs?: number; percents?: number[] };
  if (relative.endsWith("/base")) return parameters.baseEpochs ?? NaN;
  if (!relative.endsWith("/prune")) return 1;
  const rounds = (job as { method?: string }).method === "imp" ? new Set(parameters.percents ?? []).size : 1;
  return rounds * ((parameters.retrainEpochs ?? NaN) + 1);
}

/** Check a results folder against itself: data fingerprint, row counts per job, tables equal to the records. */
export function verifyShippedResults(resultsDir: string, dataDir?: string): ShippedProblem[] {
  const problems: ShippedProblem[] = [];
  for (const stage of STUDY_STAGES) {
    // A comparison of methods on another task was computed on that task's shipped data.
    const task = STAGE_TASKS[stage];
    const fingerprint = task === "reber" ? datasetFingerprint(dataDir) : datasetFingerprint(shippedTaskDir(task));
    const status = stageStatus(resultsDir, stage);
    // The thesis's two stages must be there; the comparisons of methods are checked once shipped.
    if (!status.present && stage !== "pruning" && stage !== "structure") continue;
    if (!status.present) {
      problems.push({ file: join(resultsDir, STAGE_EXPERIMENTS[stage][0]!), problem: `the ${stage} stage is absent` });
      continue;
    }
    if (status.dataset !== fingerprint) {
      problems.push({
        file: join(resultsDir, STAGE_EXPERIMENTS[stage][0]!, "manifest.json"),
        problem: `computed on data ${status.dataset}, but data/ is ${fingerprint}`,
      });
    }
    let rows = 0;
    for (const relative of STAGE_EXPERIMENTS[stage].filter((r) => existsSync(join(resultsDir, r, "manifest.json")))) {
      const folder = ExperimentFolder.open(join(resultsDir, relative));
      for (const job of folder.jobs) {
        const expected = expectedRowsPerJob(relative, folder.manifest, job);
        const result = folder.readResult(job);
        if (!result) continue;
        rows += result.rows.length;
        if (result.rows.length !== expected)
          problems.push({
            file: join(folder.dir, "results"),
            problem: `job "${job.id}" holds ${result.rows.length} rows, expected ${expected}`,
          });
      }
    }
    const table = join(resultsDir, STAGE_TABLES[stage]);
    const tableLines = existsSync(table) ? readFileSync(table, "utf8").trimEnd().split("\n").length - 1 : -1;
    if (tableLines !== rows)
      problems.push({ file: table, problem: `holds ${tableLines} rows, but the shipped records hold ${rows}` });
  }
  return problems;
}
