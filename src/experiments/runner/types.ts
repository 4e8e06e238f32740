/** The runner's vocabulary: jobs, result rows, handler references and the context a handler receives. */
import type { SeededRandom } from "../../random/seeded-random";

/** A JSON value (what a job description may contain). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** One unit of work: a plain JSON description (checked at run time) with a stable, unique `id`. */
export interface Job {
  readonly id: string;
}

/** One cell of a result row (non-finite numbers are kept: NaN losses are results too). */
export type CellValue = string | number | boolean | null;

/** One result row: column name → value. */
export type ResultRow = Readonly<Record<string, CellValue>>;

/** Where the handler lives, so a worker process can load it: a module path and an exported function name. */
export interface HandlerRef {
  /** Absolute path (or resolvable specifier) of a CommonJS module. */
  readonly module: string;
  /** Name of the exported `JobHandler`. */
  readonly export: string;
}

/** What a handler gets besides its job. */
export interface JobContext {
  /** A random stream derived from the run's seed and the job id only (same on every worker, shard, resume). */
  readonly rng: SeededRandom;
  /** The integer seed of `rng`, for code that builds its own `SeededRandom`. */
  readonly seed: number;
  /** Aborted when the run is interrupted in abort mode; long loops should check it. */
  readonly signal: AbortSignal;
  /** The experiment folder, for handlers that store artefacts (e.g. model weights) beside the results. */
  readonly outDir: string;
  /** 1 on the first try, 2 on the first retry… */
  readonly attempt: number;
  /** Report this job's own progress (fraction in [0, 1]) and an optional short status text. */
  progress(fraction: number, message?: string): void;
}

/** A job handler: computes the result rows of one job. */
export type JobHandler<J extends Job = Job> = (job: J, context: JobContext) => Promise<ResultRow[]>;
