/**
 * Where a notebook's numbers come from. At full scale a notebook reads the shipped results (`results/full`) and
 * never trains unasked: when they are missing it stops with what is missing, the command that computes it and
 * how long that took here. Computing inside the notebook happens only on request (`compute: true`, or
 * SPARSE_RNN_COMPUTE=1), and then with one live progress line. Quick mode (CI) computes its small runs in place.
 * `stageFrame` hands a stage's records to the reader as an arquero table, to query as one would a pandas data frame.
 */
import { existsSync } from "node:fs";
import { isAbsolute, join, relative } from "node:path";
import { packageRoot } from "../data/dataset-files";
import {
  shippedResultsDir,
  STAGE_TABLES,
  stageStatus,
  type StageStatus,
  type StudyStage,
} from "../experiments/shipped-results";
import {
  runFaithfulStage,
  runMethodsStage,
  runPruningStage,
  runSpectrumRandomStage,
  runSpectrumStage,
  runStructureStage,
} from "../experiments/study-stages";
import { STAGE_FOLDERS, STAGE_NAMES } from "../experiments/study-stage-names";
import { MEASURED_FULL_SCALE, studyRunDir, studyScale, type StudyScale } from "../experiments/study-scale";
import { formatDuration } from "../experiments/runner";
import type { ColumnTable } from "arquero";
import { csvFrame } from "./data-frames";

/** The environment variable that lets notebooks compute missing full-scale results themselves. */
export const COMPUTE_VARIABLE = "SPARSE_RNN_COMPUTE";

/** A stage a notebook opened. */
export interface OpenedStage {
  readonly stage: StudyStage;
  /** The CSV the notebook reads (pruning records, or sweep results). */
  readonly table: string;
  /**
   * The stage's folder (`<results>/pruning`, `<results>/pruning-methods` or `<results>/structure`), where models and
   * graphs are.
   */
  readonly folder: string;
  readonly source: "shipped" | "computed";
  readonly status: StageStatus;
  /** What the stage still lacks and how to compute it, or null when complete. */
  readonly note: string | null;
}

/** Options of `openStudyStage`. */
export interface OpenStageOptions {
  /** Compute (or resume) the stage in runs/<scale> with a progress line, instead of reading shipped results. */
  readonly compute?: boolean;
  readonly scale?: StudyScale;
  /** The shipped results folder (default `shippedResultsDir()`). */
  readonly resultsDir?: string;
  readonly workers?: number;
  readonly env?: NodeJS.ProcessEnv;
}

/** Thrown when a notebook needs full-scale results that are not there: the message says how to get them. */
export class MissingResultsError extends Error {
  constructor(
    readonly stage: StudyStage,
    readonly resultsDir: string,
  ) {
    super(missingMessage(stage, resultsDir));
    this.name = "MissingResultsError";
    // A notebook shows the stack under the message: this error's message is all a reader needs.
    this.stack = `${this.name}: ${this.message}`;
  }
}

function command(stage: StudyStage, part = ""): string {
  return `npx sparse-rnn reproduce --full --stages ${stage}${part}`;
}

function quoted(stage: StudyStage, part: string): string {
  return `\`${command(stage, part)}\``;
}

function missingMessage(stage: StudyStage, resultsDir: string): string {
  const measured = MEASURED_FULL_SCALE[stage];
  return [
    `The full-scale ${STAGE_NAMES[stage]} is not in ${resultsDir}; nothing was computed.`,
    `Compute it from the project folder (measured on the 2-core lab machine: ${measured.summary}):`,
    `    ${command(stage)}`,
    `then \`npx sparse-rnn results ship\` adds it to the shipped results (or set SPARSE_RNN_RESULTS=runs/full).`,
    `To compute it here instead, open the stage with { compute: true } or start Jupyter with ${COMPUTE_VARIABLE}=1.`,
  ].join("\n");
}

/**
 * The replicates (from job ids ending in /r<k>) or sweep shards that have unfinished jobs (the spectrum sweep's: both).
 */
function missingParts(status: StageStatus): string {
  // The random baseline is one part: its command resumes it.
  if (status.stage === "spectrum-random") return `the rest of its one part: ${quoted(status.stage, "")}`;
  if (status.stage === "spectrum") {
    const parts = [
      ...new Set(
        status.missing.map(
          (id, i) => `--replicates ${/\/r(\d+)$/.exec(id)?.[1]} --shard ${status.missingIndices[i]! % 2}/2`,
        ),
      ),
    ].sort();
    return `${parts.length} part(s): ${parts.map((part) => quoted("spectrum", ` ${part}`)).join(", ")}`;
  }
  if (status.stage !== "structure" && status.stage !== "faithful") {
    const replicates = [
      ...new Set(status.missing.map((id) => /\/r(\d+)$/.exec(id)?.[1]).filter((r): r is string => r !== undefined)),
    ].sort();
    const commands = replicates.map((r) => quoted(status.stage, ` --replicates ${r}`));
    return replicates.length ? `replicate(s) ${replicates.join(", ")}: ${commands.join(", ")}` : "";
  }
  const shards = [...new Set(status.missingIndices.map((index) => index % 2))].sort();
  const commands = shards.map((i) => quoted(status.stage, ` --shard ${i}/2`));
  return `shard(s) ${shards.map((i) => `${i}/2`).join(", ")}: ${commands.join(", ")}`;
}

/** A sentence for an incomplete stage: what is there, what is missing and the commands that add it. */
export function incompleteNote(status: StageStatus): string | null {
  if (status.complete) return null;
  const measured = MEASURED_FULL_SCALE[status.stage];
  return (
    `The shipped ${STAGE_NAMES[status.stage]} is incomplete: ${status.finished} of ${status.jobs} runs. ` +
    `The numbers below use what is there. Missing: ${missingParts(status)} ` +
    `(each part measured at ${measured.perPart} here), then \`npx sparse-rnn results ship\`.`
  );
}

/** Whether SPARSE_RNN_COMPUTE asks notebooks to compute missing results. */
export function computeRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  return ["1", "true", "yes", "on"].includes((env[COMPUTE_VARIABLE] ?? "").trim().toLowerCase());
}

/**
 * Open a stage of the study for a notebook: the shipped results at full scale (throws `MissingResultsError` when
 * absent), or a run computed here in quick mode or on request.
 */
export async function openStudyStage(stage: StudyStage, options: OpenStageOptions = {}): Promise<OpenedStage> {
  const scale = options.scale ?? studyScale();
  const compute = options.compute ?? computeRequested(options.env);
  if (scale.name === "quick" || compute) {
    const runDir = studyRunDir(scale);
    const table = join(runDir, STAGE_TABLES[stage]);
    // One live line while it computes; nothing when it is already there.
    const display = { workers: options.workers, runDir, progress: "inline" as const, quiet: existsSync(table) };
    const finished =
      stage === "pruning"
        ? (await runPruningStage(scale, display)).recordsPath
        : stage === "methods" || stage === "methods-embedded"
          ? (await runMethodsStage(scale, display, stage)).recordsPath
          : stage === "spectrum"
            ? (await runSpectrumStage(scale, display)).csvPath
            : stage === "spectrum-random"
              ? (await runSpectrumRandomStage(scale, display)).csvPath
              : stage === "faithful"
                ? (await runFaithfulStage(scale, display)).csvPath
                : (await runStructureStage(scale, display)).csvPath;
    if (!finished)
      throw new Error(
        `the ${STAGE_NAMES[stage]} in ${runDir} stopped before it finished; run the cell again to resume`,
      );
    const status = stageStatus(runDir, stage);
    return { stage, table, folder: join(runDir, STAGE_FOLDERS[stage]), source: "computed", status, note: null };
  }
  const resultsDir = options.resultsDir ?? shippedResultsDir(options.env);
  const status = stageStatus(resultsDir, stage);
  const table = join(resultsDir, STAGE_TABLES[stage]);
  if (status.finished === 0 || !existsSync(table)) throw new MissingResultsError(stage, resultsDir);
  return {
    stage,
    table,
    folder: join(resultsDir, STAGE_FOLDERS[stage]),
    source: "shipped",
    status,
    note: incompleteNote(status),
  };
}

/** One line on where a stage's numbers come from, e.g. for a notebook's first output. */
export function describeSource(opened: OpenedStage): string {
  const { status } = opened;
  const time =
    status.parts.length > 0
      ? `, computed in ${formatDuration(status.wallSeconds)} over ${status.parts.length} part(s)`
      : "";
  const runs = `${status.finished}/${status.jobs} runs${time}`;
  // Inside the project, the path a reader can find in the repository (results/full/…), not this machine's.
  const inProject = relative(packageRoot(), opened.folder);
  const where = inProject.startsWith("..") || isAbsolute(inProject) ? opened.folder : inProject;
  return `${STAGE_NAMES[opened.stage]}: ${opened.source} results from ${where} (${runs})`;
}

/**
 * A stage's records as an arquero table (one row per epoch of the pruning study, one per network of the sweep), to
 * query in a notebook, e.g. the sweep's mean accuracy by variant and generator:
 *
 *     const sweep = stageFrame(await openStudyStage("structure"));
 *     showFrame(sweep.groupby("mode").pivot("graph", { mean_acc: op.mean("test_acc") }));
 *
 * (`op` from "arquero", `showFrame` from this folder.)
 */
export function stageFrame(opened: OpenedStage): ColumnTable {
  return csvFrame(opened.table);
}
