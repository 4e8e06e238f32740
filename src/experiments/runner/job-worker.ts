/**
 * The workers a run dispatches jobs to: a `ProcessWorker` runs jobs in a forked child process (isolation of
 * memory and crashes, killable mid-computation); an `InlineWorker` runs them in this process (debugging,
 * notebooks, tiny runs). Both report the same outcomes.
 */
import { fork, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { describeError, executeJob, loadHandler } from "./job-execution";
import type { FromWorker, ToWorker } from "./worker-protocol";
import type { HandlerRef, Job, JobHandler, ResultRow } from "./types";

/** How one attempt of a job ended. */
export type JobOutcome =
  | { readonly ok: true; readonly rows: ResultRow[] }
  | { readonly ok: false; readonly error: string; readonly workerLost: boolean };

/** Progress callback of a running job. */
export type ProgressListener = (fraction: number, message?: string) => void;

/** Something that runs jobs one at a time. */
export interface JobWorker {
  /** Load the handler; rejects with a clear message when it cannot be loaded. */
  start(): Promise<void>;
  run(job: Job, runSeed: number, attempt: number, onProgress: ProgressListener): Promise<JobOutcome>;
  /** Ask the running job to stop (its signal aborts). */
  abort(): void;
  /** Stop the running job now (kills a process worker). */
  kill(): void;
  /** Whether the worker can take another job. */
  readonly alive: boolean;
  close(): void;
}

/** A worker in a child process (compiled `worker-main.js` beside this file). */
export class ProcessWorker implements JobWorker {
  private child: ChildProcess | null = null;
  private exited = false;
  private exitText = "";
  private onMessage: ((message: FromWorker) => void) | null = null;
  private onExit: (() => void) | null = null;

  constructor(
    private readonly handler: HandlerRef,
    private readonly outDir: string,
  ) {}

  get alive(): boolean {
    return !this.exited;
  }

  start(): Promise<void> {
    const child = fork(join(__dirname, "worker-main.js"), [], {
      serialization: "advanced",
      // Handler output goes to stderr: stdout may carry the command's --json result.
      stdio: ["ignore", 2, 2, "ipc"],
    });
    this.child = child;
    child.on("message", (message: FromWorker) => this.onMessage?.(message));
    child.on("exit", (code, signal) => {
      this.exited = true;
      this.exitText = signal ? `signal ${signal}` : `code ${code}`;
      this.onExit?.();
    });
    child.on("error", () => undefined); // surfaced through "exit"
    return new Promise((resolve, reject) => {
      this.onExit = () => reject(new Error(`worker process exited (${this.exitText}) while loading the job handler`));
      this.onMessage = (message) => {
        if (message.type === "ready") resolve();
        else if (message.type === "load-error") reject(new Error(message.error));
      };
      this.send({ type: "load", handler: this.handler });
    });
  }

  run(job: Job, runSeed: number, attempt: number, onProgress: ProgressListener): Promise<JobOutcome> {
    return new Promise((resolve) => {
      this.onExit = () =>
        resolve({
          ok: false,
          workerLost: true,
          error: `worker process exited (${this.exitText}) while running job "${job.id}"`,
        });
      this.onMessage = (message) => {
        if (message.type === "progress") onProgress(message.fraction, message.message);
        else if (message.type === "done") resolve({ ok: true, rows: message.rows });
        else if (message.type === "failed") resolve({ ok: false, workerLost: false, error: message.error });
      };
      if (!this.send({ type: "run", job, runSeed, attempt, outDir: this.outDir })) this.onExit();
    });
  }

  abort(): void {
    this.send({ type: "abort" });
  }

  kill(): void {
    if (!this.exited) this.child?.kill("SIGKILL");
  }

  close(): void {
    this.onExit = null;
    if (!this.exited && this.child?.connected) this.child.disconnect(); // the worker exits on disconnect
  }

  private send(message: ToWorker): boolean {
    if (this.exited || !this.child?.connected) return false;
    this.child.send(message);
    return true;
  }
}

/** A worker running jobs in this process. */
export class InlineWorker implements JobWorker {
  private handler: JobHandler | null = null;
  private controller: AbortController | null = null;
  readonly alive = true;

  constructor(
    private readonly ref: HandlerRef,
    private readonly outDir: string,
  ) {}

  async start(): Promise<void> {
    this.handler = loadHandler(this.ref);
  }

  async run(job: Job, runSeed: number, attempt: number, onProgress: ProgressListener): Promise<JobOutcome> {
    this.controller = new AbortController();
    try {
      const rows = await executeJob(this.handler!, job, {
        runSeed,
        attempt,
        outDir: this.outDir,
        signal: this.controller.signal,
        progress: onProgress,
      });
      // Same copy semantics as IPC: later mutation by the handler cannot change stored rows.
      return { ok: true, rows: structuredClone(rows) };
    } catch (error) {
      return { ok: false, workerLost: false, error: describeError(error) };
    }
  }

  abort(): void {
    this.controller?.abort(new Error("job aborted by the runner"));
  }

  kill(): void {
    this.abort(); // cannot preempt code on our own thread
  }

  close(): void {}
}
