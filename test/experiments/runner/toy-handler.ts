/** A toy job handler for the runner's tests: deterministic rows from the job's seeded stream, after a short sleep. */
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Job, JobContext, ResultRow } from "../../../src/experiments/runner";

/** A toy job: `size` rows; optional failure modes for tests. */
export interface ToyJob extends Job {
  readonly size: number;
  readonly sleepMs?: number;
  /** Throw an error. */
  readonly fail?: boolean;
  /** Kill the worker process. */
  readonly crash?: boolean;
  /** Throw unless this file exists (then the next attempt succeeds): a transient failure. */
  readonly failUnless?: string;
  /** Return a row with an array cell (invalid). */
  readonly badRow?: boolean;
  /** Write the worker's pid into this folder (to check that workers exit with the runner). */
  readonly pidDir?: string;
}

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    });
  });

/** The handler under test. */
export async function toyJob(job: ToyJob, context: JobContext): Promise<ResultRow[]> {
  if (job.pidDir) writeFileSync(join(job.pidDir, String(process.pid)), "");
  if (job.crash) process.exit(7);
  if (job.badRow) return [{ values: [1, 2] } as unknown as ResultRow];
  if (job.fail) throw new Error(`toy failure in ${job.id}`);
  if (job.failUnless && !existsSync(job.failUnless)) {
    writeFileSync(job.failUnless, "");
    throw new Error(`transient toy failure in ${job.id}`);
  }
  const rows: ResultRow[] = [];
  for (let k = 0; k < job.size; k++) {
    await sleep((job.sleepMs ?? 20) / job.size, context.signal);
    context.progress((k + 1) / job.size, `row ${k + 1}`);
    rows.push({
      job: job.id,
      k,
      value: context.rng.random(),
      draw: context.rng.int(0, 9),
      odd: k % 2 === 1,
      note: k === 0 ? 'a "quoted", text' : null,
    });
  }
  if (job.size > 2) rows.push({ job: job.id, k: -1, value: Number.NaN, draw: null, odd: false, note: "nan" });
  return rows;
}

/** The toy experiment's job list. */
export function toyJobs(count: number, extra: Partial<ToyJob> = {}): ToyJob[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `toy/${String(i).padStart(3, "0")}`,
    size: 1 + (i % 4),
    ...extra,
  }));
}

/** The handler reference for the runner. */
export const TOY_HANDLER = { module: __filename, export: "toyJob" };
