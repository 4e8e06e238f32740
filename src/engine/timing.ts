/**
 * Timing of repeated calls: median and interquartile range after unmeasured warm-up calls (which compile kernels
 * and allocate memory), the way pytest-benchmark and torch.utils.benchmark report a measurement.
 */

/** Median and spread of repeated timings, in milliseconds. */
export interface Timing {
  readonly medianMs: number;
  /** Interquartile range. */
  readonly iqrMs: number;
  readonly repeats: number;
  /**
   * Median CPU time of this process (all its threads) per call, when measured: near the wall time on an idle machine
   * for one thread; well below it when other work took the cores, so the wall time says little.
   */
  readonly cpuMedianMs?: number;
}

/** Median and IQR of a list of durations. */
export function summariseTimings(durations: readonly number[]): Timing {
  const sorted = [...durations].sort((a, b) => a - b);
  const at = (q: number) => {
    const position = q * (sorted.length - 1);
    const low = Math.floor(position);
    return sorted[low]! + (sorted[Math.min(low + 1, sorted.length - 1)]! - sorted[low]!) * (position - low);
  };
  return { medianMs: at(0.5), iqrMs: at(0.75) - at(0.25), repeats: sorted.length };
}

/** Time `repeats` calls of `run` after `warmup` unmeasured ones (which compile kernels and allocate memory). */
export function timeCalls(run: () => void, options: { warmup: number; repeats: number }): Timing {
  if (!(Number.isInteger(options.repeats) && options.repeats >= 1)) {
    throw new Error(`repeats must be a positive integer, got ${options.repeats}`);
  }
  for (let i = 0; i < options.warmup; i++) run();
  const durations: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < options.repeats; i++) {
    const cpuStarted = process.cpuUsage();
    const started = performance.now();
    run();
    durations.push(performance.now() - started);
    const used = process.cpuUsage(cpuStarted);
    cpu.push((used.user + used.system) / 1000);
  }
  return { ...summariseTimings(durations), cpuMedianMs: summariseTimings(cpu).medianMs };
}

/** CPU time over wall time of timings that measured both (1 on an idle machine for one thread; NaN when unmeasured). */
export function cpuShare(timings: readonly Timing[]): number {
  const measured = timings.filter((t) => t.cpuMedianMs !== undefined);
  const wall = measured.reduce((sum, t) => sum + t.medianMs, 0);
  return measured.length === 0 ? NaN : measured.reduce((sum, t) => sum + t.cpuMedianMs!, 0) / wall;
}
