/** Running one job through its handler: loading the handler, deriving the job's seed, checking its rows. */
import { SeededRandom } from "../../random/seeded-random";
import type { HandlerRef, Job, JobContext, JobHandler, ResultRow } from "./types";

/** The seed of a job's random stream: depends on the run seed and the job id only. */
export function jobSeed(runSeed: number, jobId: string): number {
  return new SeededRandom(runSeed).fork(`job:${jobId}`).seed;
}

/** Load the handler function a `HandlerRef` names (clear error when the module or export is wrong). */
export function loadHandler(ref: HandlerRef): JobHandler {
  let loaded: Record<string, unknown>;
  try {
    loaded = require(ref.module) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`cannot load job handler module "${ref.module}": ${(error as Error).message}`);
  }
  const handler = loaded[ref.export];
  if (typeof handler !== "function") {
    const exported = Object.keys(loaded).filter((k) => typeof loaded[k] === "function");
    throw new Error(
      `job handler module "${ref.module}" has no exported function ` +
        `"${ref.export}" (functions: ${exported.join(", ") || "none"})`,
    );
  }
  return handler as JobHandler;
}

/** Check that a handler returned an array of flat rows of strings, numbers, booleans or null. */
export function validateRows(rows: unknown, jobId: string): ResultRow[] {
  if (!Array.isArray(rows))
    throw new Error(`handler returned ${typeof rows} for job "${jobId}", expected an array of rows`);
  rows.forEach((row, i) => {
    if (!row || typeof row !== "object" || Array.isArray(row))
      throw new Error(`job "${jobId}": row ${i} is not an object`);
    for (const [key, value] of Object.entries(row)) {
      const t = value === null ? "null" : typeof value;
      if (t !== "string" && t !== "number" && t !== "boolean" && t !== "null") {
        throw new Error(
          `job "${jobId}": row ${i} column "${key}" is ${Array.isArray(value) ? "an array" : t}, ` +
            "expected a string, number, boolean or null",
        );
      }
    }
  });
  return rows as ResultRow[];
}

/** What the runner supplies for one attempt of a job. */
export interface JobAttempt {
  readonly runSeed: number;
  readonly attempt: number;
  readonly outDir: string;
  readonly signal: AbortSignal;
  readonly progress: (fraction: number, message?: string) => void;
}

/** Run one job through `handler` and return its checked rows. */
export async function executeJob(handler: JobHandler, job: Job, attempt: JobAttempt): Promise<ResultRow[]> {
  const seed = jobSeed(attempt.runSeed, job.id);
  const context: JobContext = {
    rng: new SeededRandom(seed),
    seed,
    signal: attempt.signal,
    attempt: attempt.attempt,
    outDir: attempt.outDir,
    progress: attempt.progress,
  };
  return validateRows(await handler(job, context), job.id);
}

/** A readable one-line-or-stack description of a thrown value. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}
