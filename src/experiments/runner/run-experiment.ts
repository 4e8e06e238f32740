/**
 * `runExperiment`: runs a job list on N worker processes into an experiment folder, resumably.
 * Finished jobs are skipped, each finished job is stored atomically the moment it ends, failures are
 * recorded (and retried on the next run), Ctrl-C stops cleanly, and `--shard i/n` runs one slice of the list.
 */
import { availableParallelism, hostname } from "node:os";
import { join, resolve } from "node:path";
import { ExperimentFolder, makeManifest, validateJobs, type JobFailure } from "./experiment-folder";
import { collectResults } from "./collect";
import { writeCsvAtomic } from "./csv-table";
import { InlineWorker, ProcessWorker, type JobOutcome, type JobWorker } from "./job-worker";
import { createRunProgress, type ProgressMode, type RunProgress } from "./run-progress";
import { RunSession } from "./run-session";
import { formatShard, inShard, WHOLE, type Shard } from "./shard";
import type { HandlerRef, Job, JsonValue, ResultRow } from "./types";

/** What to do with running jobs on interruption (Ctrl-C or `signal`). */
export type InterruptMode = "finish" | "abort";

/** Options of `runExperiment`. */
export interface RunExperimentOptions<J extends Job = Job> {
  /** The experiment folder (created, or resumed when it holds the same manifest). */
  readonly outDir: string;
  /** The experiment's parameters: resuming into a folder made with other parameters is refused. */
  readonly manifest: JsonValue;
  /** The full job list in result order (the same on every shard). */
  readonly jobs: readonly J[];
  readonly handler: HandlerRef;
  /** Seed from which each job's stream is derived with its id (default 0). */
  readonly seed?: number;
  /** Parallel workers (default `os.availableParallelism()`). */
  readonly workers?: number;
  /** "process" (default): forked workers; "inline": sequentially in this process. */
  readonly isolation?: "process" | "inline";
  /** The slice of the job list to run (default all). */
  readonly shard?: Shard;
  /**
   * Run only the jobs this accepts, within the shard (e.g. one replicate of a study run in parts). The manifest and
   * job list stay those of the whole experiment, so the parts fill one folder and merge like shards.
   */
  readonly select?: (job: J) => boolean;
  /** Name of the selection, recorded in the run's session file (e.g. "replicates 1"). */
  readonly selectionLabel?: string;
  /** What made the results (commit, kernel build…), recorded in the run's session file. */
  readonly provenance?: JsonValue;
  /** Replace a worker process after this many jobs (bounds memory that leaks or only grows, e.g. wasm heaps). */
  readonly recycleAfter?: number;
  /** Extra attempts within this run for a failed job (default 0; failures are retried by the next run anyway). */
  readonly retries?: number;
  /** Stop dispatching and abort running jobs at the first failure (default false: run everything else). */
  readonly failFast?: boolean;
  /** At the end, "throw" (default) rejects with a summary when jobs failed; "report" returns them. */
  readonly failures?: "throw" | "report";
  /** On interruption: let running jobs finish (default; a second Ctrl-C aborts) or abort them. */
  readonly onInterrupt?: InterruptMode;
  /** How long an aborted job may take to stop before its worker is killed (default 2000 ms). */
  readonly abortGraceMs?: number;
  /** Install a SIGINT handler for the run's duration (default true). */
  readonly handleSigint?: boolean;
  /** Interrupts the run like Ctrl-C. */
  readonly signal?: AbortSignal;
  /**
   * Estimated cost of a job (any unit): jobs start in descending cost, so the longest do not end up alone at the
   * end of the run (default: list order). Results keep the list order regardless.
   */
  readonly cost?: (job: J) => number;
  /** Called in this process with each finished job's rows (completion order). */
  readonly onResult?: (job: J, rows: readonly ResultRow[]) => void;
  /** Columns of results.csv, in order (default: first-seen order). */
  readonly columns?: readonly string[];
  /** Progress display (default "auto"); `quiet: true` is "quiet". */
  readonly progress?: ProgressMode;
  readonly quiet?: boolean;
  /** Name on progress lines. */
  readonly label?: string;
  /** Period of plain progress lines (default 10 s). */
  readonly progressIntervalMs?: number;
}

/** What a run did. */
export interface RunSummary {
  /** Jobs of this shard. */
  readonly total: number;
  /** Jobs finished by this run. */
  readonly completed: number;
  /** Jobs already finished before this run. */
  readonly skipped: number;
  readonly failed: JobFailure[];
  /** Jobs of this shard still to do (interrupted, failed or not reached). */
  readonly remaining: number;
  readonly interrupted: boolean;
  /** results.csv when every job of the experiment (all shards) is finished, else null. */
  readonly csvPath: string | null;
}

interface QueuedJob<J> {
  readonly job: J;
  readonly index: number;
  readonly attempt: number;
}

/** Run (or resume) an experiment; see `RunExperimentOptions`. */
export async function runExperiment<J extends Job>(options: RunExperimentOptions<J>): Promise<RunSummary> {
  const { jobs, outDir } = options;
  const shard = options.shard ?? WHOLE;
  const seed = options.seed ?? 0;
  const retries = options.retries ?? 0;
  const recycleAfter = options.recycleAfter ?? Infinity;
  if (options.workers !== undefined && !(Number.isInteger(options.workers) && options.workers >= 1)) {
    throw new Error(`workers must be a positive integer, got ${options.workers}`);
  }
  validateJobs(jobs);
  const folder = ExperimentFolder.create(outDir, makeManifest(options.manifest, seed, jobs), jobs);

  const finished = folder.finishedIds();
  const select = options.select;
  const mine = jobs
    .map((job, index) => ({ job, index }))
    .filter(({ job, index }) => inShard(index, shard) && (select === undefined || select(job)));
  const queue: QueuedJob<J>[] = mine.filter(({ job }) => !finished.has(job.id)).map(({ job, index }) => ({ job, index, attempt: 1 }));
  const cost = options.cost;
  if (cost) {
    const costs = new Map(queue.map((item) => [item, cost(item.job)]));
    queue.sort((a, b) => costs.get(b)! - costs.get(a)! || a.index - b.index);
  }
  const skipped = mine.length - queue.length;
  const inline = options.isolation === "inline";
  const slotCount = Math.min(inline ? 1 : (options.workers ?? availableParallelism()), queue.length);

  const label = options.label ?? (shard.count > 1 ? `shard ${formatShard(shard)}` : "experiment");
  const display: RunProgress = createRunProgress({
    mode: options.quiet ? "quiet" : options.progress,
    label,
    intervalMs: options.progressIntervalMs,
  });
  const failed: JobFailure[] = [];
  let completed = 0;
  let stopping = false;
  let interrupted = false;
  let aborting = false;
  let fatal: Error | null = null;
  const workers = new Map<number, JobWorker>();
  const session = new RunSession(folder.dir, {
    shard: formatShard(shard),
    selection: options.selectionLabel ?? null,
    provenance: options.provenance ?? null,
    workers: slotCount,
    jobs: mine.length,
    alreadyDone: mine.length - queue.length,
  });

  const abortRunning = (): void => {
    if (aborting) return;
    aborting = true;
    for (const worker of workers.values()) worker.abort();
    const timer = setTimeout(() => {
      for (const worker of workers.values()) worker.kill();
    }, options.abortGraceMs ?? 2000);
    timer.unref();
  };
  const interrupt = (): void => {
    if (interrupted && !aborting) {
      display.note("second interrupt: aborting running jobs");
      abortRunning();
      return;
    }
    if (interrupted) return;
    interrupted = true;
    stopping = true;
    const abort = options.onInterrupt === "abort";
    display.note(abort ? "interrupted: aborting running jobs" : "interrupted: finishing running jobs (Ctrl-C again to abort them)");
    if (abort) abortRunning();
  };
  const onSigint = (): void => interrupt();
  if (options.handleSigint !== false) process.on("SIGINT", onSigint);
  options.signal?.addEventListener("abort", interrupt, { once: true });
  if (options.signal?.aborted) interrupt();

  const settle = (slot: number, item: QueuedJob<J>, outcome: JobOutcome, startedAt: number): void => {
    if (outcome.ok) {
      folder.writeResult(item.job, {
        id: item.job.id,
        index: item.index,
        rows: outcome.rows,
        attempt: item.attempt,
        durationMs: Date.now() - startedAt,
        host: hostname(),
        finishedAt: new Date().toISOString(),
      });
      completed++;
      session.update({ completed, failed: failed.length });
      display.jobFinished(slot, true);
      options.onResult?.(item.job, outcome.rows);
      return;
    }
    display.jobFinished(slot, false);
    // A job stopped by an interruption is not a failure: it simply runs again on resume.
    if (aborting) return;
    if (item.attempt <= retries && !stopping) {
      display.note(`job "${item.job.id}" failed (attempt ${item.attempt}), retrying: ${firstLine(outcome.error)}`);
      queue.push({ ...item, attempt: item.attempt + 1 });
      return;
    }
    const failure: JobFailure = { id: item.job.id, index: item.index, error: outcome.error, attempt: item.attempt, failedAt: new Date().toISOString() };
    folder.writeFailure(failure);
    failed.push(failure);
    display.note(`job "${item.job.id}" failed: ${firstLine(outcome.error)}`);
    if (options.failFast) {
      stopping = true;
      abortRunning();
    }
  };

  const runSlot = async (slot: number): Promise<void> => {
    let worker: JobWorker | null = null;
    let jobsOnWorker = 0;
    try {
      while (!stopping) {
        const item = queue.shift();
        if (!item) break;
        if (worker && (!worker.alive || jobsOnWorker >= recycleAfter)) {
          worker.close();
          worker = null;
        }
        if (!worker) {
          worker = inline ? new InlineWorker(options.handler, resolve(options.outDir)) : new ProcessWorker(options.handler, resolve(options.outDir));
          jobsOnWorker = 0;
          workers.set(slot, worker);
          await worker.start();
          if (stopping) {
            queue.unshift(item);
            break;
          }
        }
        jobsOnWorker++;
        display.jobStarted(slot, item.job.id);
        const startedAt = Date.now();
        const outcome = await worker.run(item.job, seed, item.attempt, (fraction, message) => display.jobProgress(slot, fraction, message));
        settle(slot, item, outcome, startedAt);
      }
    } catch (error) {
      // The handler cannot be loaded or results cannot be stored: stop everything.
      fatal ??= error as Error;
      stopping = true;
    } finally {
      worker?.close();
      workers.delete(slot);
    }
  };

  display.start(mine.length, skipped);
  try {
    await Promise.all(Array.from({ length: slotCount }, (_, slot) => runSlot(slot)));
  } finally {
    display.stop();
    session.end({ completed, failed: failed.length, interrupted });
    if (options.handleSigint !== false) process.off("SIGINT", onSigint);
    options.signal?.removeEventListener("abort", interrupt);
  }
  if (fatal) throw fatal;

  const remaining = mine.length - skipped - completed;
  let csvPath: string | null = null;
  if (folder.finishedIds().size === jobs.length) {
    csvPath = join(outDir, "results.csv");
    writeCsvAtomic(csvPath, collectResults(outDir).rows, options.columns);
  }
  if (interrupted) {
    display.note(
      `stopped: ${skipped + completed}/${mine.length} jobs done and kept in ${outDir}; run the same command again to resume`,
    );
  }
  const summary: RunSummary = { total: mine.length, completed, skipped, failed, remaining, interrupted, csvPath };
  if (failed.length > 0 && (options.failures ?? "throw") === "throw") throw new RunFailedError(summary, outDir);
  return summary;
}

function firstLine(text: string): string {
  return text.split("\n")[0]!;
}

/** Thrown at the end of a run in which jobs failed (all other results are stored). */
export class RunFailedError extends Error {
  constructor(readonly summary: RunSummary, outDir: string) {
    const lines = summary.failed.slice(0, 10).map((f) => `  ${f.id}: ${firstLine(f.error)}`);
    const more = summary.failed.length > 10 ? `\n  … and ${summary.failed.length - 10} more` : "";
    super(
      `${summary.failed.length} of ${summary.total} jobs failed (${summary.skipped + summary.completed} done, kept in ${outDir}):\n` +
        `${lines.join("\n")}${more}\nerrors are stored in ${join(outDir, "failures")}; run the same command again to retry the failed jobs`,
    );
    this.name = "RunFailedError";
  }
}
