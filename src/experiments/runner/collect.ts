/**
 * Reading results back: `collectResults` gathers the rows of one or more experiment folders (shards run
 * into separate folders, or one shared folder) in job order, checks that they hold the same experiment and
 * that every job is present; `mergeExperimentFolders` writes them as one CSV, identical to a single-machine run.
 */
import { existsSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { canonicalJson, ExperimentFolder, manifestDifferences, type JobFailure } from "./experiment-folder";
import { writeCsvAtomic } from "./csv-table";
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
      throw new Error(`${folder.dir} holds a different experiment than ${folders[0]!.dir}: ${differences.slice(0, 5).join("; ")}`);
    }
  }
  return folders;
}

function describeMissing(missing: readonly string[], total: number): string {
  const shown = missing.slice(0, 20).map((id) => `"${id}"`).join(", ");
  return `${missing.length} of ${total} jobs have no result: ${shown}${missing.length > 20 ? `, … (${missing.length - 20} more)` : ""}`;
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
    throw new Error(`incomplete experiment in ${folders.map((f) => f.dir).join(", ")}: ${describeMissing(missing, jobs.length)}`);
  }
  return { rows, jobs, missing };
}

/** Merge the folders of a sharded run into one CSV (atomic); fails listing missing job ids. */
export function mergeExperimentFolders(dirs: readonly string[], csvPath: string, columns?: readonly string[]): CollectedResults {
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

/** Where an experiment stands. */
export interface ExperimentStatus {
  readonly total: number;
  readonly finished: number;
  /** Jobs without a result, in job order. */
  readonly missing: string[];
  /** Recorded failures of unfinished jobs. */
  readonly failures: JobFailure[];
}

/** Progress of an experiment across one or more folders (no result files are parsed). */
export function experimentStatus(dirs: string | readonly string[]): ExperimentStatus {
  const folders = openAll(dirs);
  const finished = new Set(folders.flatMap((folder) => [...folder.finishedIds()]));
  const jobs = folders[0]!.jobs;
  const failures = folders.flatMap((folder) => folder.failures()).filter((f) => !finished.has(f.id));
  return {
    total: jobs.length,
    finished: finished.size,
    missing: jobs.filter((job) => !finished.has(job.id)).map((job) => job.id),
    failures,
  };
}
