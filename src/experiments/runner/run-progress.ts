/**
 * Progress of a run on stderr: live bars (cli-progress) when stderr is a terminal, plain periodic lines
 * otherwise (CI and cluster logs), one self-rewriting line in a notebook ("inline"), nothing when quiet.
 * Shows done/total, failures, rate, ETA and each worker's current job. Given each job's estimated cost, the ETA
 * counts work rather than jobs (finished jobs' costs plus the running jobs' reported fractions of theirs): the runner
 * starts the costliest jobs first, so a rate in jobs per minute would first overstate, then understate what is left.
 */
import { MultiBar, Presets, type SingleBar } from "cli-progress";

/** What the runner tells the display. */
export interface RunProgress {
  /** `work`: the summed estimated cost of the jobs still to run, when the runner has estimates (any unit). */
  start(total: number, alreadyDone: number, work?: number): void;
  /** `cost`: the job's estimated cost, in the unit of `start`'s `work`. */
  jobStarted(slot: number, id: string, cost?: number): void;
  jobProgress(slot: number, fraction: number, message?: string): void;
  /** A job ended: finished (true), failed (false), or stopped by an interruption, which counts as neither. */
  jobFinished(slot: number, ok: boolean | "interrupted"): void;
  /** A one-off line (failure, interruption notice). */
  note(text: string): void;
  stop(): void;
}

/**
 * How progress is shown: "auto" picks bars on a TTY and lines elsewhere; "inline" rewrites one line with a carriage
 * return, which Jupyter shows as a single live status line under the cell.
 */
export type ProgressMode = "auto" | "bars" | "lines" | "inline" | "quiet";

interface SlotState {
  id: string;
  fraction: number;
  message?: string;
  cost?: number;
}

/** Human duration: 45s, 12m05s, 3h07m. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

/** Counting shared by both displays. */
class ProgressCounts {
  total = 0;
  done = 0;
  failed = 0;
  /** Estimated cost of this session's jobs, and of those finished or failed so far (undefined: no estimates). */
  work: number | undefined;
  private workDone = 0;
  private finishedThisRun = 0;
  private readonly started: number;
  readonly slots = new Map<number, SlotState>();

  constructor(private readonly now: () => number) {
    this.started = now();
  }

  /** A session starts: its job count, those already done, and their summed estimated cost when known. */
  begin(total: number, alreadyDone: number, work: number | undefined): void {
    this.total = total;
    this.done = alreadyDone;
    this.work = work;
  }

  finish(ok: boolean | "interrupted", cost = 0): void {
    if (ok === true) {
      this.done++;
      this.finishedThisRun++;
    } else if (ok === false) this.failed++;
    if (ok !== "interrupted") this.workDone += cost;
  }

  /** Jobs per minute in this session. */
  rate(): number {
    const minutes = (this.now() - this.started) / 60000;
    return minutes > 0 ? this.finishedThisRun / minutes : 0;
  }

  eta(): string {
    const seconds = (this.now() - this.started) / 1000;
    if (this.work !== undefined && this.work > 0) {
      let done = this.workDone;
      for (const slot of this.slots.values()) done += (slot.cost ?? 0) * slot.fraction;
      return done > 0 && seconds > 0 ? formatDuration(((this.work - done) / done) * seconds) : "?";
    }
    const rate = this.rate();
    const left = this.total - this.done - this.failed;
    return rate > 0 ? formatDuration((left / rate) * 60) : "?";
  }

  slotText(state: SlotState | undefined): string {
    if (!state) return "idle";
    const pct = state.fraction > 0 ? ` ${Math.round(state.fraction * 100)}%` : "";
    return `${state.id}${pct}${state.message ? ` ${state.message}` : ""}`;
  }

  summary(): string {
    return (
      `${this.done}/${this.total} jobs done` +
      (this.failed ? `, ${this.failed} failed` : "") +
      ` · ${this.rate().toFixed(2)} jobs/min · ETA ${this.eta()}`
    );
  }
}

/** What the periodic displays share: the counts, each worker's job and a timer that redraws. */
abstract class PeriodicProgress implements RunProgress {
  protected readonly counts: ProgressCounts;
  protected timer: NodeJS.Timeout | null = null;

  constructor(
    protected readonly label: string,
    protected readonly intervalMs: number,
    protected readonly stream: NodeJS.WritableStream,
    now: () => number,
  ) {
    this.counts = new ProgressCounts(now);
  }

  abstract start(total: number, alreadyDone: number, work?: number): void;
  abstract note(text: string): void;
  abstract stop(): void;
  jobStarted(slot: number, id: string, cost?: number): void {
    this.counts.slots.set(slot, { id, fraction: 0, cost });
  }
  jobProgress(slot: number, fraction: number, message?: string): void {
    const state = this.counts.slots.get(slot);
    if (state) Object.assign(state, { fraction, message });
  }
  jobFinished(slot: number, ok: boolean | "interrupted"): void {
    this.counts.finish(ok, this.counts.slots.get(slot)?.cost);
    this.counts.slots.delete(slot);
  }
  protected startTimer(redraw: () => void): void {
    this.timer = setInterval(redraw, this.intervalMs);
    this.timer.unref();
  }
  protected stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

/** Plain lines every `intervalMs` (and on failures), for logs. */
class LineProgress extends PeriodicProgress {
  start(total: number, alreadyDone: number, work?: number): void {
    this.counts.begin(total, alreadyDone, work);
    this.write(`${this.counts.total} jobs, ${alreadyDone} already done`);
    this.startTimer(() => this.line());
  }
  note(text: string): void {
    this.write(text);
  }
  stop(): void {
    this.stopTimer();
    this.line();
  }
  private line(): void {
    const running = [...this.counts.slots.entries()].map(([slot, s]) => `w${slot + 1}: ${this.counts.slotText(s)}`);
    this.write(this.counts.summary() + (running.length ? ` · ${running.join(" · ")}` : ""));
  }
  private write(text: string): void {
    this.stream.write(`[${this.label}] ${text}\n`);
  }
}

/** One status line rewritten in place ("\r"), refreshed every `intervalMs`: a notebook's live display. */
class InlineProgress extends PeriodicProgress {
  private width = 0;

  start(total: number, alreadyDone: number, work?: number): void {
    this.counts.begin(total, alreadyDone, work);
    this.render();
    this.startTimer(() => this.render());
  }
  override jobFinished(slot: number, ok: boolean | "interrupted"): void {
    super.jobFinished(slot, ok);
    this.render();
  }
  note(text: string): void {
    // A note gets its own line above the live one.
    this.stream.write(`\r${" ".repeat(this.width)}\r[${this.label}] ${text}\n`);
    this.width = 0;
    this.render();
  }
  stop(): void {
    this.stopTimer();
    this.render();
    this.stream.write("\n");
  }
  private render(): void {
    const running = [...this.counts.slots.values()].map((s) => `${s.id} ${Math.round(s.fraction * 100)}%`);
    const text = `[${this.label}] ${this.counts.summary()}${running.length ? ` · ${running.join(" · ")}` : ""}`;
    // Pad over a longer previous line, since a carriage return does not clear it.
    this.stream.write(`\r${text.padEnd(this.width)}`);
    this.width = text.length;
  }
}

/** Live bars: one for the run, one per worker. */
class BarProgress implements RunProgress {
  private readonly counts: ProgressCounts;
  private readonly multibar: MultiBar;
  private overall: SingleBar | null = null;
  private readonly workerBars = new Map<number, SingleBar>();
  private stopped = false;

  constructor(
    private readonly label: string,
    private readonly stream: NodeJS.WritableStream,
    now: () => number,
  ) {
    this.counts = new ProgressCounts(now);
    this.multibar = new MultiBar(
      {
        stream: stream as NodeJS.WriteStream,
        hideCursor: true,
        clearOnComplete: false,
        format: "{label} |{bar}| {text}",
        barsize: 24,
      },
      Presets.shades_classic,
    );
  }

  start(total: number, alreadyDone: number, work?: number): void {
    this.counts.begin(total, alreadyDone, work);
    this.overall = this.multibar.create(Math.max(total, 1), alreadyDone, {
      label: this.label,
      text: this.counts.summary(),
    });
  }
  jobStarted(slot: number, id: string, cost?: number): void {
    this.counts.slots.set(slot, { id, fraction: 0, cost });
    this.workerBar(slot).update(0, { text: this.counts.slotText(this.counts.slots.get(slot)) });
  }
  jobProgress(slot: number, fraction: number, message?: string): void {
    const state = this.counts.slots.get(slot);
    if (!state) return;
    Object.assign(state, { fraction, message });
    this.workerBar(slot).update(Math.round(fraction * 100), { text: this.counts.slotText(state) });
  }
  jobFinished(slot: number, ok: boolean | "interrupted"): void {
    this.counts.finish(ok, this.counts.slots.get(slot)?.cost);
    this.counts.slots.delete(slot);
    this.workerBar(slot).update(0, { text: "idle" });
    this.overall?.update(this.counts.done + this.counts.failed, { text: this.counts.summary() });
  }
  note(text: string): void {
    if (this.stopped) this.stream.write(`[${this.label}] ${text}\n`);
    else this.multibar.log(`[${this.label}] ${text}\n`);
  }
  stop(): void {
    this.stopped = true;
    this.overall?.update(this.counts.done + this.counts.failed, { text: this.counts.summary() });
    this.multibar.stop();
  }
  private workerBar(slot: number): SingleBar {
    let bar = this.workerBars.get(slot);
    if (!bar) {
      bar = this.multibar.create(100, 0, { label: `worker ${slot + 1}`.padEnd(this.label.length), text: "idle" });
      this.workerBars.set(slot, bar);
    }
    return bar;
  }
}

/** A display that shows nothing. */
const QUIET: RunProgress = {
  start: () => undefined,
  jobStarted: () => undefined,
  jobProgress: () => undefined,
  jobFinished: () => undefined,
  note: () => undefined,
  stop: () => undefined,
};

/** Options of `createRunProgress`. */
export interface RunProgressOptions {
  readonly mode?: ProgressMode;
  /** Name shown at the start of each line. */
  readonly label?: string;
  /** Period of plain lines (default 10 s) or of inline refreshes (default 1 s). */
  readonly intervalMs?: number;
  readonly stream?: NodeJS.WritableStream;
  /** The clock (milliseconds), for tests; default Date.now. */
  readonly now?: () => number;
}

/** The progress display for a run. */
export function createRunProgress(options: RunProgressOptions = {}): RunProgress {
  const stream = options.stream ?? process.stderr;
  const label = options.label ?? "experiment";
  const mode = options.mode ?? "auto";
  if (mode === "quiet") return QUIET;
  const tty = Boolean((stream as NodeJS.WriteStream).isTTY);
  const now = options.now ?? Date.now;
  if (mode === "bars" || (mode === "auto" && tty)) return new BarProgress(label, stream, now);
  if (mode === "inline") return new InlineProgress(label, options.intervalMs ?? 1_000, stream, now);
  return new LineProgress(label, options.intervalMs ?? 10_000, stream, now);
}
