/**
 * The answers to the thesis's research questions 1–3 on pruning: the numbers behind them from a records set
 * (one replicate or many), and one English paragraph per question with every number taken from those numbers.
 */
import { PRUNE_KINDS } from "./magnitude-pruning";
import { epochsToRegain, prunedPercents, retrainingCurve } from "./recovery-analysis";
import { accuracyAfterPruningBands, baseAccuracyBand, safePercentBands } from "./replicate-bands";
import { splitByReplicate, type ReplicatedRecord } from "./replicated-records";

/** Options of the research-question findings. */
export interface FindingsOptions {
  /** Drop (accuracy points as a fraction) still counted as "near-original" (default 0.02, the safe-pruning rule). */
  readonly safeTolerance?: number;
  /** Distance to the base accuracy that counts as regained (default 0.01). */
  readonly regainTolerance?: number;
}

/** The numbers behind the answers to research questions 1–3, from one records set. */
export interface PruningFindings {
  readonly modes: readonly string[];
  /** Largest p in the records. */
  readonly maxPercent: number;
  /** Mean (over replicates) accuracy right after pruning at the largest p: lowest and highest over modes and kinds. */
  readonly accuracyAtMax: { readonly min: number; readonly max: number };
  /** Largest safe p (replicate mean) over modes and kinds, with the cells at each end. */
  readonly safe: {
    readonly min: number;
    readonly max: number;
    readonly minCells: string[];
    readonly maxCells: string[];
  };
  /** Variant × kind cells whose largest safe p is at least 50% (half the weights gone), and all cells. */
  readonly halfSafeCells: number;
  readonly cellCount: number;
  /** Largest drop (base minus accuracy right after pruning, replicate mean) at the largest p below `maxPercent`. */
  readonly dropBelowMax: { readonly percent: number; readonly largest: number; readonly cell: string } | null;
  /** Runs below the largest p that lost more than `regainTolerance` right after pruning, by epochs needed to regain. */
  readonly regain: {
    readonly lost: number;
    readonly inOne: number;
    readonly inTwo: number;
    readonly later: number;
    readonly never: number;
  };
  /** Runs at the largest p that regained (per replicate), as "MODE kind" labels. */
  readonly recoveredAtMax: string[];
  readonly retrainEpochs: number;
}

/** Compute the findings for research questions 1–3 (works for one replicate or many). */
export function pruningFindings(
  records: readonly ReplicatedRecord[],
  modes: readonly string[],
  options: FindingsOptions = {},
): PruningFindings {
  const safeTolerance = options.safeTolerance ?? 0.02;
  const regainTolerance = options.regainTolerance ?? 0.01;
  const cells = modes.flatMap((mode) => PRUNE_KINDS.map((kind) => ({ mode, kind, label: `${mode} ${kind}` })));
  const percents = [...new Set(cells.flatMap((c) => prunedPercents(records, c.mode, c.kind)))].sort((a, b) => a - b);
  if (percents.length === 0)
    throw new Error("no pruning runs in the records (rows named <mode>_prune, <mode>_prune_i2h, <mode>_prune_h2h)");
  const maxPercent = percents[percents.length - 1]!;
  const atMax = cells
    .map((c) => accuracyAfterPruningBands(records, c.mode, c.kind).find((p) => p.percent === maxPercent)?.mean ?? NaN)
    .filter(Number.isFinite);
  const safeByCell = new Map(
    safePercentBands(records, modes, safeTolerance).flatMap((row) =>
      modes.map((mode) => [`${mode} ${row.kind}`, row.bands[mode]!.mean] as const),
    ),
  );
  const safeValues = [...safeByCell.values()];
  const safeMin = Math.min(...safeValues);
  const safeMax = Math.max(...safeValues);
  const belowMax = percents.length > 1 ? percents[percents.length - 2]! : null;
  let dropBelowMax: PruningFindings["dropBelowMax"] = null;
  if (belowMax !== null) {
    for (const c of cells) {
      const point = accuracyAfterPruningBands(records, c.mode, c.kind).find((p) => p.percent === belowMax);
      if (!point) continue;
      const drop = baseAccuracyBand(records, c.mode).mean - point.mean;
      if (!dropBelowMax || drop > dropBelowMax.largest)
        dropBelowMax = { percent: belowMax, largest: drop, cell: c.label };
    }
  }
  const regain = { lost: 0, inOne: 0, inTwo: 0, later: 0, never: 0 };
  const recoveredAtMax: string[] = [];
  let retrainEpochs = 0;
  for (const c of cells) {
    for (const percent of prunedPercents(records, c.mode, c.kind)) {
      for (const group of splitByReplicate(records)) {
        const curve = retrainingCurve(group, c.mode, c.kind, percent);
        if (curve.length === 0) continue;
        retrainEpochs = Math.max(retrainEpochs, curve.length - 1);
        const epochs = epochsToRegain(group, c.mode, c.kind, percent, regainTolerance);
        if (percent === maxPercent) {
          if (epochs !== null && !recoveredAtMax.includes(c.label)) recoveredAtMax.push(c.label);
          continue;
        }
        if (epochs === 0) continue;
        regain.lost++;
        if (epochs === null) regain.never++;
        else if (epochs === 1) regain.inOne++;
        else if (epochs === 2) regain.inTwo++;
        else regain.later++;
      }
    }
  }
  return {
    modes,
    maxPercent,
    accuracyAtMax: { min: Math.min(...atMax), max: Math.max(...atMax) },
    safe: {
      min: safeMin,
      max: safeMax,
      minCells: [...safeByCell].filter(([, v]) => v === safeMin).map(([k]) => k),
      maxCells: [...safeByCell].filter(([, v]) => v === safeMax).map(([k]) => k),
    },
    halfSafeCells: safeValues.filter((v) => v >= 50).length,
    cellCount: cells.length,
    dropBelowMax,
    regain,
    recoveredAtMax,
    retrainEpochs,
  };
}

const points = (fraction: number) => {
  const value = Number((fraction * 100).toFixed(1));
  return `${value} point${value === 1 ? "" : "s"}`;
};
const list = (items: readonly string[]) => (items.length === 0 ? "none" : items.join(", "));

/** One-paragraph answers to research questions 1–3, with every number taken from the findings. */
export function describeFindings(
  f: PruningFindings,
  options: FindingsOptions = {},
): { rq1: string; rq2: string; rq3: string } {
  const safeTolerance = options.safeTolerance ?? 0.02;
  const regainTolerance = options.regainTolerance ?? 0.01;
  const drop = f.dropBelowMax
    ? ` Losses grow towards the top: at ${f.dropBelowMax.percent}% the largest loss ` +
      `right after pruning is ${points(f.dropBelowMax.largest)} (${f.dropBelowMax.cell}).`
    : "";
  const rq1 =
    `In ${f.halfSafeCells} of the ${f.cellCount} variant × kind cells, pruning at least half of ` +
    `the chosen weights (p ≥ 50%) keeps accuracy right after pruning within ${points(safeTolerance)} ` +
    `of the base model.${drop} At ${f.maxPercent}% (only the largest weight of the pruned set survives) ` +
    `accuracy right after pruning lies between ${f.accuracyAtMax.min.toFixed(3)} and ` +
    `${f.accuracyAtMax.max.toFixed(3)} across variants and kinds (a constant guess scores about 0.5).`;
  const rq2 =
    `With "safe" meaning within ${points(safeTolerance)} of the base model for that p ` +
    `and every smaller one, the largest safe p ranges from ${f.safe.min.toFixed(0)}% ` +
    `(${list(f.safe.minCells)}) to ${f.safe.max.toFixed(0)}% (${list(f.safe.maxCells)}).`;
  const r = f.regain;
  const rq3 =
    r.lost === 0
      ? `No run below ${f.maxPercent}% lost more than ${points(regainTolerance)}, ` +
        `so there was nothing to regain. At ${f.maxPercent}%, runs that regained ` +
        `within ${f.retrainEpochs} re-training epochs: ${list(f.recoveredAtMax)}.`
      : `Of the ${r.lost} run${r.lost === 1 ? "" : "s"} below ${f.maxPercent}% that lost ` +
        `more than ${points(regainTolerance)}, ${r.inOne} regained it after one re-training epoch, ` +
        `${r.inTwo} after two, ${r.later} later and ${r.never} not within ${f.retrainEpochs} epochs. ` +
        `At ${f.maxPercent}%, runs that regained: ${list(f.recoveredAtMax)}.`;
  return { rq1, rq2, rq3 };
}
