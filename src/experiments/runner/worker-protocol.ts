/** Messages between the runner and its worker processes (structured-clone IPC, so NaN survives). */
import type { HandlerRef, Job, ResultRow } from "./types";

/** Runner → worker. */
export type ToWorker =
  | { readonly type: "load"; readonly handler: HandlerRef }
  | {
      readonly type: "run";
      readonly job: Job;
      readonly runSeed: number;
      readonly attempt: number;
      readonly outDir: string;
    }
  | { readonly type: "abort" };

/** Worker → runner. */
export type FromWorker =
  | { readonly type: "ready" }
  | { readonly type: "load-error"; readonly error: string }
  | { readonly type: "progress"; readonly fraction: number; readonly message?: string }
  | { readonly type: "done"; readonly rows: ResultRow[] }
  | { readonly type: "failed"; readonly error: string };
