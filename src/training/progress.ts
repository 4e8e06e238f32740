/** Progress of long work on stderr (counts, rate, ETA) with cli-progress; silent when stderr is not a terminal. */
import { SingleBar } from "cli-progress";

/** A progress display that can be a no-op. */
export interface Progress {
  start(total: number, label: string): void;
  update(done: number, detail?: string): void;
  stop(): void;
}

/** A bar on stderr when `enabled` and stderr is a TTY; otherwise a no-op. */
export function createProgress(enabled = true): Progress {
  if (!enabled || !process.stderr.isTTY) return { start() {}, update() {}, stop() {} };
  const bar = new SingleBar({
    stream: process.stderr,
    format: "{label} [{bar}] {value}/{total} batches | {rate}/s | ETA {eta_formatted} {detail}",
    hideCursor: true,
    clearOnComplete: true,
  });
  let started = 0;
  let active = false;
  return {
    start(total, label) {
      if (active) bar.stop();
      started = performance.now();
      bar.start(total, 0, { label, rate: "0", detail: "" });
      active = true;
    },
    update(done, detail = "") {
      const seconds = (performance.now() - started) / 1000;
      bar.update(done, { rate: seconds > 0 ? (done / seconds).toFixed(1) : "0", detail });
    },
    stop() {
      if (active) bar.stop();
      active = false;
    },
  };
}
