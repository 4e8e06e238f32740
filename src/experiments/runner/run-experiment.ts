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
import { JobClaims, readClaims, removeFinishedClaims } from "./job-claims";
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
  /**
   * Run only the jobs whose last attempt failed (a file in failures/) or was interrupted (a stale claim in running/),
   * within the shard and selection: `--only-failed`. Jobs never started are left to the runs they belong to.
   */
  readonly onlyFailed?: boolean;
  /** Period of a running job's heartbeat in its claim file (default 30 s). */
  readonly heartbeatMs?: number;
  /** Age of a heartbeat after which another host's claim counts as interrupted and is taken over (default 5 min). */
  readonly staleAfterMs?: number;
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
  /**
   * Treat SIGTERM (what `scancel`, a job's time limit or `kill` send) as an interruption that aborts running jobs,
   * marking them interrupted, instead of dying mid-write (default: as `handleSigint`).
   */
  readonly handleSigterm?: boolean;
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
  /** Jobs already finished before this run (or finished meanwhile by another run of the same shard). */
  readonly skipped: number;
  readonly failed: JobFailure[];
  /** Jobs of this shard still to do (interrupted, failed, not reached, or running elsewhere). */
  readonly remaining: number;
  /** Jobs skipped because another live run (same shard, another process or host) was running them. */
  readonly claimedElsewhere: number;
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
  removeFinishedClaims(folder.dir, finished);
  const select = options.select;
  const retry = options.onlyFailed ? failedOrInterrupted(folder, options.staleAfterMs) : null;
  const mine = jobs
    .map((job, index) => ({ job, index }))
    .filter(({ job, index }) => inShard(index, shard) && (select === undefined || select(job)))
    .filter(({ job }) => retry === null || retry.has(job.id) || finished.has(job.id));
  const queue: QueuedJob<J>[] = mine
    .filter(({ job }) => !finished.has(job.id))
    .map(({ job, index }) => ({ job, index, attempt: 1 }));
  const cost = options.cost;
  const costs = new Map(cost ? queue.map((item) => [item, cost(item.job)]) : []);
  if (cost) queue.sort((a, b) => costs.get(b)! - costs.get(a)! || a.index - b.index);
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
  const claims = new JobClaims(folder.dir, formatShard(shard), options.heartbeatMs, options.staleAfterMs);
  let claimedElsewhere = 0;
  let finishedElsewhere = 0;
  let completed = 0;
  let stopping = false;
  let interrupted = false;
  let aborting = false;
  let fatal: Error | null = null;
  const workers = new Map<number, JobWorker>();
  const selection = [options.selectionLabel, options.onlyFailed ? "only failed" : undefined].filter(Boolean).join(", ");
  const session = new RunSession(folder.dir, {
    shard: formatShard(shard),
    selection: selection || null,
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
    display.note(
      abort ? "interrupted: aborting running jobs" : "interrupted: finishing running jobs (Ctrl-C again to abort them)",
    );
    if (abort) abortRunning();
  };
  const onSigint = (): void => interrupt();
  // SIGTERM (scancel, a time limit, preemption): stop the running jobs at once. A job computing synchronously in its
  // worker cannot even see an abort request, and Slurm follows with SIGKILL after KillWait seconds; so the workers are
  // killed now and their jobs recorded as interrupted, while this process still can.
  const onSigterm = (): void => {
    display.note("SIGTERM: stopping running jobs");
    interrupted = true;
    stopping = true;
    aborting = true;
    for (const worker of workers.values()) worker.kill();
  };
  const handleSigterm = options.handleSigterm ?? options.handleSigint !== false;
  if (options.handleSigint !== false) process.on("SIGINT", onSigint);
  if (handleSigterm) process.on("SIGTERM", onSigterm);
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
      claims.release(item.job.id);
      completed++;
      session.update({ completed, failed: failed.length });
      display.jobFinished(slot, true);
      options.onResult?.(item.job, outcome.rows);
      return;
    }
    display.jobFinished(slot, aborting ? "interrupted" : false);
    // A job stopped by an interruption is not a failure: it simply runs again on resume.
    if (aborting) {
      claims.markInterrupted(item.job.id);
      return;
    }
    claims.release(item.job.id);
    if (item.attempt <= retries && !stopping) {
      display.note(`job "${item.job.id}" failed (attempt ${item.attempt}), retrying: ${firstLine(outcome.error)}`);
      queue.push({ ...item, attempt: item.attempt + 1 });
      return;
    }
    const failure: JobFailure = {
      id: item.job.id,
      index: item.index,
      error: outcome.error,
      attempt: item.attempt,
      failedAt: new Date().toISOString(),
    };
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
          worker = inline
            ? new InlineWorker(options.handler, resolve(options.outDir))
            : new ProcessWorker(options.handler, resolve(options.outDir));
          jobsOnWorker = 0;
          workers.set(slot, worker);
          await worker.start();
          if (stopping) {
            queue.unshift(item);
            break;
          }
        }
        // Another run (same shard elsewhere) finished or holds this job: leave it to that run.
        if (folder.hasResult(item.job.id)) {
          finishedElsewhere++;
          continue;
        }
        if (!claims.claim(item.job.id, item.index)) {
          claimedElsewhere++;
          continue;
        }
        jobsOnWorker++;
        display.jobStarted(slot, item.job.id, costs.get(item));
        const startedAt = Date.now();
        const outcome = await worker.run(item.job, seed, item.attempt, (fraction, message) =>
          display.jobProgress(slot, fraction, message),
        );
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

  display.start(mine.length, skipped, cost ? [...costs.values()].reduce((a, b) => a + b, 0) : undefined);
  try {
    await Promise.all(Array.from({ length: slotCount }, (_, slot) => runSlot(slot)));
  } finally {
    display.stop();
    claims.close();
    session.end({ completed, failed: failed.length, interrupted });
    if (options.handleSigint !== false) process.off("SIGINT", onSigint);
    if (handleSigterm) process.off("SIGTERM", onSigterm);
    options.signal?.removeEventListener("abort", interrupt);
  }
  if (fatal) throw fatal;

  const done = skipped + finishedElsewhere;
  const remaining = mine.length - done - completed;
  let csvPath: string | null = null;
  if (folder.finishedIds().size === jobs.length) {
    csvPath = join(outDir, "results.csv");
    writeCsvAtomic(csvPath, collectResults(outDir).rows, options.columns);
  }
  if (interrupted) {
    display.note(
      `stopped: ${done + completed}/${mine.length} jobs done and kept in ${outDir}; ` +
        "run the same command again to resume",
    );
  }
  if (claimedElsewhere > 0) display.note(`${claimedElsewhere} jobs were left to another run that is running them`);
  const summary: RunSummary = {
    total: mine.length,
    completed,
    skipped: done,
    failed,
    remaining,
    claimedElsewhere,
    interrupted,
    csvPath,
  };
  if (failed.length > 0 && (options.failures ?? "throw") === "throw") throw new RunFailedError(summary, outDir);
  return summary;
}

/** Ids of the jobs whose last attempt failed or was interrupted (and that have no result). */
function failedOrInterrupted(folder: ExperimentFolder, staleAfterMs?: number): Set<string> {
  const ids = new Set(folder.failures().map((failure) => failure.id));
  for (const claim of readClaims(folder.dir, staleAfterMs)) if (claim.state === "interrupted") ids.add(claim.id);
  return ids;
}

function firstLine(text: string): string {
  return text.split("\n")[0]!;
}

/** Thrown at the end of a run in which jobs failed (all other results are stored). */
export class RunFailedError extends Error {
  constructor(
    readonly summary: RunSummary,
    outDir: string,
  ) {
    const lines = summary.failed.slice(0, 10).map((f) => `  ${f.id}: ${firstLine(f.error)}`);
    const more = summary.failed.length > 10 ? `\n  … and ${summary.failed.length - 10} more` : "";
    super(
      `${summary.failed.length} of ${summary.total} jobs failed ` +
        `(${summary.skipped + summary.completed} done, kept in ${outDir}):\n` +
        `${lines.join("\n")}${more}\nerrors are stored in ${join(outDir, "failures")}; ` +
        "run the same command again to retry the failed jobs " +
        `(with --only-failed: only those)`,
    );
    this.name = "RunFailedError";
  }
}
