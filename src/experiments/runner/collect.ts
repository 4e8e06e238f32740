/**
 * Reading results back: `collectResults` gathers the rows of one or more experiment folders (shards run
 * into separate folders, or one shared folder) in job order, checks that they hold the same experiment and
 * that every job is present; `mergeExperimentFolders` writes them as one CSV, identical to a single-machine run;
 * `experimentStatus` says which jobs are done, running, failed, interrupted or not started, overall and per shard.
 */
import { existsSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { canonicalJson, ExperimentFolder, manifestDifferences, type JobFailure } from "./experiment-folder";
import { writeCsvAtomic } from "./csv-table";
import { readClaims, type ClaimState } from "./job-claims";
import { readSessions, type SessionRecord } from "./run-session";
import { inShard, parseShard } from "./shard";
import type { Job, ResultRow } from "./types";

/** Rows gathered from experiment folders. */
export interface CollectedResults {
  /** All rows, in job order then row order. */
  readonly rows: ResultRow[];
  /** The experiment's full job list. */
  readonly jobs: readonly Job[];
  /** Ids of jobs without a result (empty unless `allowMissing`). */
  readonly missing: string[];
}

/** Options of `collectResults`. */
export interface CollectOptions {
  /** Return what is there instead of failing when jobs are missing. */
  readonly allowMissing?: boolean;
}

function openAll(dirs: string | readonly string[]): ExperimentFolder[] {
  const list = typeof dirs === "string" ? [dirs] : [...dirs];
  if (list.length === 0) throw new Error("no experiment folder given");
  const folders = list.map((dir) => ExperimentFolder.open(dir));
  for (const folder of folders.slice(1)) {
    const differences = manifestDifferences(folders[0]!.manifest, folder.manifest);
    if (differences.length > 0) {
      throw new Error(
        `${folder.dir} holds a different experiment than ${folders[0]!.dir}: ${differences.slice(0, 5).join("; ")}`,
      );
    }
  }
  return folders;
}

function describeMissing(missing: readonly string[], total: number): string {
  const shown = missing
    .slice(0, 20)
    .map((id) => `"${id}"`)
    .join(", ");
  return (
    `${missing.length} of ${total} jobs have no result: ` +
    `${shown}${missing.length > 20 ? `, … (${missing.length - 20} more)` : ""}`
  );
}

/** Rows of all jobs in job order from one or more folders of the same experiment. */
export function collectResults(dirs: string | readonly string[], options: CollectOptions = {}): CollectedResults {
  const folders = openAll(dirs);
  const finished = folders.map((folder) => folder.finishedIds());
  const jobs = folders[0]!.jobs;
  const rows: ResultRow[] = [];
  const missing: string[] = [];
  for (const job of jobs) {
    let found: { rows: ResultRow[]; dir: string } | null = null;
    folders.forEach((folder, f) => {
      if (!finished[f]!.has(job.id)) return;
      const result = folder.readResult(job);
      if (!result) return;
      if (!found) found = { rows: result.rows, dir: folder.dir };
      else if (canonicalJson(found.rows) !== canonicalJson(result.rows)) {
        throw new Error(`job "${job.id}" has different results in ${found.dir} and ${folder.dir}; delete one of them`);
      }
    });
    if (found) rows.push(...(found as { rows: ResultRow[] }).rows);
    else missing.push(job.id);
  }
  if (missing.length > 0 && !options.allowMissing) {
    throw new Error(
      `incomplete experiment in ${folders.map((f) => f.dir).join(", ")}: ${describeMissing(missing, jobs.length)}`,
    );
  }
  return { rows, jobs, missing };
}

/** Merge the folders of a sharded run into one CSV (atomic); fails listing missing job ids. */
export function mergeExperimentFolders(
  dirs: readonly string[],
  csvPath: string,
  columns?: readonly string[],
): CollectedResults {
  const folder = dirname(resolve(csvPath));
  const cannot = `cannot write the merged CSV to ${csvPath}`;
  if (existsSync(csvPath) && statSync(csvPath).isDirectory()) {
    throw new Error(`${cannot}: it is a folder (give a file path, e.g. ${join(csvPath, "results.csv")})`);
  }
  if (!existsSync(folder)) throw new Error(`${cannot}: the folder ${folder} does not exist`);
  const collected = collectResults(dirs);
  writeCsvAtomic(csvPath, collected.rows, columns);
  return collected;
}

/** Where one shard of an experiment stands (counts of its jobs; each job in exactly one of the five states). */
export interface ShardStatus {
  /** The shard's index i of "i/n". */
  readonly index: number;
  readonly total: number;
  readonly done: number;
  /** Claimed by a live run (same host: its process exists; other hosts: a recent heartbeat). */
  readonly running: number;
  /** Last attempt failed (failures/). */
  readonly failed: number;
  /** Started but stopped unfinished: Ctrl-C, scancel, SIGKILL, a lost host (a stale claim in running/). */
  readonly interrupted: number;
  /** Never started. */
  readonly notStarted: number;
  /** "complete", "running" (some job running), or "incomplete" (work left and nothing running: rerun it). */
  readonly state: "complete" | "running" | "incomplete";
  /** The latest run of exactly this shard (host, pid, Slurm ids, start, end), or null when none is recorded. */
  readonly lastRun: SessionRecord | null;
}

/** Where an experiment stands. */
export interface ExperimentStatus {
  readonly total: number;
  readonly finished: number;
  /** Jobs without a result, in job order. */
  readonly missing: string[];
  /** Recorded failures of unfinished jobs. */
  readonly failures: JobFailure[];
  /** Live claims of unfinished jobs: what runs now, where (host, pid, Slurm ids), since when. */
  readonly running: ClaimState[];
  /** Stale claims of unfinished jobs that have no failure record: interrupted work. */
  readonly interrupted: ClaimState[];
  /** The shard count the per-shard view uses (given, or that of the latest run's `--shard`, else 1). */
  readonly shardCount: number;
  readonly shards: ShardStatus[];
}

/** Options of `experimentStatus`. */
export interface StatusOptions {
  /** Shards to break the status down into (default: the shard count of the latest recorded run, else 1). */
  readonly shards?: number;
  /** Heartbeat age after which another host's claim counts as interrupted (default 5 min). */
  readonly staleAfterMs?: number;
}

/** The shard count of the most recent run recorded in the folders (1 when none ran sharded). */
function recordedShardCount(sessions: readonly SessionRecord[]): number {
  const latest = sessions.at(-1);
  return latest ? parseShard(latest.shard).count : 1;
}

/** Progress of an experiment across one or more folders, overall and per shard (no result files are parsed). */
export function experimentStatus(dirs: string | readonly string[], options: StatusOptions = {}): ExperimentStatus {
  const folders = openAll(dirs);
  const finished = new Set(folders.flatMap((folder) => [...folder.finishedIds()]));
  const jobs = folders[0]!.jobs;
  const failures = folders.flatMap((folder) => folder.failures()).filter((f) => !finished.has(f.id));
  const claims = folders
    .flatMap((folder) => readClaims(folder.dir, options.staleAfterMs))
    .filter((c) => !finished.has(c.id));
  const running = claims.filter((c) => c.state === "running");
  const runningIds = new Set(running.map((c) => c.id));
  const failedIds = new Set(failures.map((f) => f.id).filter((id) => !runningIds.has(id)));
  const interrupted = claims.filter((c) => c.state === "interrupted" && !runningIds.has(c.id) && !failedIds.has(c.id));
  const interruptedIds = new Set(interrupted.map((c) => c.id));
  const sessions = folders
    .flatMap((folder) => readSessions(folder.dir))
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  const shardCount = options.shards ?? recordedShardCount(sessions);
  if (!Number.isInteger(shardCount) || shardCount < 1)
    throw new Error(`shards must be a positive integer, got ${shardCount}`);
  const shards = Array.from({ length: shardCount }, (_, index): ShardStatus => {
    const ids = jobs.filter((_job, j) => inShard(j, { index, count: shardCount })).map((job) => job.id);
    const count = (set: Set<string>): number => ids.filter((id) => set.has(id)).length;
    const done = count(finished);
    const runningCount = count(runningIds);
    const failed = count(failedIds);
    const interruptedCount = count(interruptedIds);
    const notStarted = ids.length - done - runningCount - failed - interruptedCount;
    const state = done === ids.length ? "complete" : runningCount > 0 ? "running" : "incomplete";
    return {
      index,
      total: ids.length,
      done,
      running: runningCount,
      failed,
      interrupted: interruptedCount,
      notStarted,
      state,
      lastRun: sessions.filter((session) => session.shard === `${index}/${shardCount}`).at(-1) ?? null,
    };
  });
  return {
    total: jobs.length,
    finished: finished.size,
    missing: jobs.filter((job) => !finished.has(job.id)).map((job) => job.id),
    failures,
    running,
    interrupted,
    shardCount,
    shards,
  };
}

/** Shard indices with work left and nothing running: what a failed-only resubmission of an array must include. */
export function incompleteShards(status: ExperimentStatus): number[] {
  return status.shards.filter((shard) => shard.state === "incomplete").map((shard) => shard.index);
}
