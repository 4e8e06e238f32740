/**
 * Entry point of a worker process: loads the handler once, then runs the jobs the runner sends, one at a time.
 * A worker is a child process (not a thread) so a wasm heap that only grows, a native crash or a process-global
 * setting (tfjs backend) stays inside it; its startup (~0.17 s with tfjs) is negligible beside jobs of seconds.
 */
import { describeError, executeJob, loadHandler } from "./job-execution";
import type { FromWorker, ToWorker } from "./worker-protocol";
import type { JobHandler } from "./types";

function send(message: FromWorker): void {
  process.send?.(message);
}

/** Serve the runner over IPC until it disconnects. */
export function serveWorker(): void {
  if (!process.send) throw new Error("worker-main must be started by the experiment runner (no IPC channel)");
  // Ctrl-C reaches the whole process group; the runner decides what happens to running jobs.
  process.on("SIGINT", () => undefined);
  // So does scancel's SIGTERM under Slurm (sent to every process of the job): the runner aborts, then kills, its jobs.
  process.on("SIGTERM", () => undefined);
  // The runner is gone (finished, crashed or SIGKILLed): stop at once so no orphan keeps computing.
  process.on("disconnect", () => process.exit(0));
  let handler: JobHandler | null = null;
  let controller: AbortController | null = null;
  process.on("message", (message: ToWorker) => {
    if (message.type === "load") {
      try {
        handler = loadHandler(message.handler);
        send({ type: "ready" });
      } catch (error) {
        send({ type: "load-error", error: (error as Error).message });
      }
    } else if (message.type === "abort") {
      controller?.abort(new Error("job aborted by the runner"));
    } else if (message.type === "run" && handler) {
      controller = new AbortController();
      const progress = (fraction: number, text?: string): void => {
        // A job that computes synchronously never lets the "disconnect" event run; its progress reports are
        // where an orphaned worker (runner killed) notices and stops instead of computing on for minutes.
        if (!process.connected) process.exit(0);
        send({ type: "progress", fraction, message: text });
      };
      executeJob(handler, message.job, {
        runSeed: message.runSeed,
        attempt: message.attempt,
        outDir: message.outDir,
        signal: controller.signal,
        progress,
      }).then(
        (rows) => send({ type: "done", rows }),
        (error: unknown) => send({ type: "failed", error: describeError(error) }),
      );
    }
  });
}

if (require.main === module) serveWorker();
