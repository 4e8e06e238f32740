/**
 * Summaries of a pruning study across replicates (independently trained base models): every per-replicate
 * measure of recovery-analysis, reduced to a mean with its min–max band, plus the per-layer sparsity of a
 * pruned model. With one replicate (the thesis's setting) the band collapses onto the mean.
 */
import { readFileSync } from "node:fs";
import type { TensorMap } from "../models/named-tensors";
import { maskSparsity, PRUNE_KINDS, type PruneKind } from "./magnitude-pruning";
import { parseEpochRecords, type EpochRecord } from "./pruning-records";
import { accuracyAfterPruning, baseAccuracy, epochsToRegain, largestSafePercent, prunedPercents, retrainingCurve } from "./recovery-analysis";

/** An epoch record with the base model it descends from (0 for records without a `replicate` column). */
export interface ReplicatedRecord extends EpochRecord {
  readonly replicate: number;
}

/** Mean and min–max of one measure over replicates. */
export interface Band {
  readonly mean: number;
  readonly min: number;
  readonly max: number;
  /** Number of replicates the band summarises. */
  readonly n: number;
}

/** Parse per-epoch records with an optional `replicate` column (the thesis's CSV has none: replicate 0). */
export function parseReplicatedRecords(text: string, file = "<records>"): ReplicatedRecord[] {
  const records = parseEpochRecords(text, file);
  const lines = text.split(/\r?\n/);
  const column = (lines[0] ?? "").split(",").map((name) => name.trim()).indexOf("replicate");
  if (column < 0) return records.map((record) => ({ ...record, replicate: 0 }));
  const replicates: number[] = [];
  lines.forEach((line, at) => {
    if (at === 0 || line.trim() === "") return;
    const cell = (line.split(",")[column] ?? "").trim();
    const value = Number(cell);
    if (cell === "" || !Number.isInteger(value) || value < 0) throw new Error(`${file}:${at + 1}: column "replicate" holds "${cell}", expected a non-negative integer`);
    replicates.push(value);
  });
  return records.map((record, i) => ({ ...record, replicate: replicates[i]! }));
}

/** Read a records CSV (a study's pruning-records.csv or the thesis's prune-<mode>.csv). */
export function readReplicatedRecords(path: string): ReplicatedRecord[] {
  return parseReplicatedRecords(readFileSync(path, "utf8"), path);
}

/** The replicate indices present, ascending. */
export function replicatesOf(records: readonly ReplicatedRecord[]): number[] {
  return [...new Set(records.map((r) => r.replicate))].sort((a, b) => a - b);
}

/** The records grouped by replicate, in ascending replicate order. */
export function splitByReplicate(records: readonly ReplicatedRecord[]): ReplicatedRecord[][] {
  return replicatesOf(records).map((replicate) => records.filter((r) => r.replicate === replicate));
}

/** Mean and min–max of some values; throws on an empty list. */
export function bandOf(values: readonly number[]): Band {
  if (values.length === 0) throw new Error("band of no values: the records hold no replicate for this measure");
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  return { mean, min: Math.min(...values), max: Math.max(...values), n: values.length };
}

/** Base-model accuracy (final base epoch) over replicates. */
export function baseAccuracyBand(records: readonly ReplicatedRecord[], mode: string): Band {
  return bandOf(splitByReplicate(records).map((group) => baseAccuracy(group, mode)));
}

/** A percentage with a band: one point of an accuracy-against-p curve. */
export interface PercentBand extends Band {
  readonly percent: number;
}

/** Accuracy right after pruning (epoch 0) against p, over replicates; p must be present in every replicate. */
export function accuracyAfterPruningBands(records: readonly ReplicatedRecord[], mode: string, kind: PruneKind): PercentBand[] {
  const groups = splitByReplicate(records);
  const perReplicate = groups.map((group) => new Map(accuracyAfterPruning(group, mode, kind).map((p) => [p.percent, p.accuracy])));
  return prunedPercents(records, mode, kind).map((percent) => {
    const values = perReplicate.flatMap((byPercent) => (byPercent.has(percent) ? [byPercent.get(percent)!] : []));
    return { percent, ...bandOf(values) };
  });
}

/** Test accuracy per re-training epoch (index 0 = right after pruning) of one run, over replicates. */
export function retrainingCurveBands(records: readonly ReplicatedRecord[], mode: string, kind: PruneKind, percent: number): Band[] {
  const curves = splitByReplicate(records)
    .map((group) => retrainingCurve(group, mode, kind, percent))
    .filter((curve) => curve.length > 0);
  if (curves.length === 0) return [];
  // Replicates cut short (an interrupted run) limit the band to the epochs all of them reached.
  const epochs = Math.min(...curves.map((curve) => curve.length));
  return Array.from({ length: epochs }, (_, epoch) => bandOf(curves.map((curve) => curve[epoch]!)));
}

/** Largest safe p (accuracy within `tolerance` of the base for it and every smaller p) per kind and mode, over replicates. */
export function safePercentBands(records: readonly ReplicatedRecord[], modes: readonly string[], tolerance = 0.02): { kind: PruneKind; bands: Record<string, Band> }[] {
  const groups = splitByReplicate(records);
  return PRUNE_KINDS.map((kind) => ({
    kind,
    bands: Object.fromEntries(modes.map((mode) => [mode, bandOf(groups.map((group) => largestSafePercent(group, mode, kind, tolerance)))])),
  }));
}

/** Re-training epochs to regain the base accuracy, one entry per replicate (null = not regained within the run). */
export function epochsToRegainByReplicate(records: readonly ReplicatedRecord[], mode: string, kind: PruneKind, percent: number, tolerance = 0.01): (number | null)[] {
  return splitByReplicate(records).map((group) => epochsToRegain(group, mode, kind, percent, tolerance));
}

/** Short text of per-replicate regain epochs: "3", "never", or "2–4 (1 never)" across replicates. */
export function formatRegainEpochs(values: readonly (number | null)[]): string {
  const regained = values.filter((v): v is number => v !== null);
  const never = values.length - regained.length;
  if (regained.length === 0) return values.length === 0 ? "–" : "never";
  const low = Math.min(...regained);
  const high = Math.max(...regained);
  const range = low === high ? String(low) : `${low}–${high}`;
  return never > 0 ? `${range} (${never} never)` : range;
}

/** Short text of a band: "0.912" or "0.912 (0.90–0.93)" when replicates differ. */
export function formatBand(band: Band, digits = 3): string {
  const mean = band.mean.toFixed(digits);
  return band.min === band.max ? mean : `${mean} (${band.min.toFixed(digits)}–${band.max.toFixed(digits)})`;
}

/** Kept weights of one recurrent layer of a pruned model, per weight kind. */
export interface LayerSparsity {
  /** Tensor prefix, e.g. `recurrent.recurrent_layers.0`. */
  readonly layer: string;
  readonly i2h: { readonly kept: number; readonly total: number };
  readonly h2h: { readonly kept: number; readonly total: number };
}

/** Kept/total weights per recurrent layer (from the masks; a layer without masks counts as dense). */
export function layerSparsity(params: TensorMap): LayerSparsity[] {
  const layers = new Map<string, { i2h: { kept: number; total: number }; h2h: { kept: number; total: number } }>();
  const weight = /^(recurrent\.(?:recurrent_layers|skip_layers)\.\d+)\.weight_(ih|hh)$/;
  for (const [name, tensor] of params) {
    const match = weight.exec(name);
    if (!match) continue;
    const entry = layers.get(match[1]!) ?? { i2h: { kept: 0, total: 0 }, h2h: { kept: 0, total: 0 } };
    // Dense until a mask says otherwise.
    entry[match[2] === "ih" ? "i2h" : "h2h"] = { kept: tensor.data.length, total: tensor.data.length };
    layers.set(match[1]!, entry);
  }
  for (const mask of maskSparsity(params)) {
    const match = weight.exec(mask.weight);
    const entry = match && layers.get(match[1]!);
    if (entry) entry[match[2] === "ih" ? "i2h" : "h2h"] = { kept: mask.kept, total: mask.total };
  }
  return [...layers.entries()].map(([layer, counts]) => ({ layer, ...counts }));
}

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
  readonly safe: { readonly min: number; readonly max: number; readonly minCells: string[]; readonly maxCells: string[] };
  /** Variant × kind cells whose largest safe p is at least 50% (half the weights gone), and all cells. */
  readonly halfSafeCells: number;
  readonly cellCount: number;
  /** Largest drop (base minus accuracy right after pruning, replicate mean) at the largest p below `maxPercent`. */
  readonly dropBelowMax: { readonly percent: number; readonly largest: number; readonly cell: string } | null;
  /** Runs below the largest p that lost more than `regainTolerance` right after pruning, by epochs needed to regain. */
  readonly regain: { readonly lost: number; readonly inOne: number; readonly inTwo: number; readonly later: number; readonly never: number };
  /** Runs at the largest p that regained (per replicate), as "MODE kind" labels. */
  readonly recoveredAtMax: string[];
  readonly retrainEpochs: number;
}

/** Compute the findings for research questions 1–3 (works for one replicate or many). */
export function pruningFindings(records: readonly ReplicatedRecord[], modes: readonly string[], options: FindingsOptions = {}): PruningFindings {
  const safeTolerance = options.safeTolerance ?? 0.02;
  const regainTolerance = options.regainTolerance ?? 0.01;
  const cells = modes.flatMap((mode) => PRUNE_KINDS.map((kind) => ({ mode, kind, label: `${mode} ${kind}` })));
  const percents = [...new Set(cells.flatMap((c) => prunedPercents(records, c.mode, c.kind)))].sort((a, b) => a - b);
  if (percents.length === 0) throw new Error("no pruning runs in the records (rows named <mode>_prune, <mode>_prune_i2h, <mode>_prune_h2h)");
  const maxPercent = percents[percents.length - 1]!;
  const atMax = cells.map((c) => accuracyAfterPruningBands(records, c.mode, c.kind).find((p) => p.percent === maxPercent)?.mean ?? NaN).filter(Number.isFinite);
  const safeByCell = new Map(safePercentBands(records, modes, safeTolerance).flatMap((row) => modes.map((mode) => [`${mode} ${row.kind}`, row.bands[mode]!.mean] as const)));
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
      if (!dropBelowMax || drop > dropBelowMax.largest) dropBelowMax = { percent: belowMax, largest: drop, cell: c.label };
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
export function describeFindings(f: PruningFindings, options: FindingsOptions = {}): { rq1: string; rq2: string; rq3: string } {
  const safeTolerance = options.safeTolerance ?? 0.02;
  const regainTolerance = options.regainTolerance ?? 0.01;
  const drop = f.dropBelowMax
    ? ` Losses grow towards the top: at ${f.dropBelowMax.percent}% the largest loss right after pruning is ${points(f.dropBelowMax.largest)} (${f.dropBelowMax.cell}).`
    : "";
  const rq1 =
    `In ${f.halfSafeCells} of the ${f.cellCount} variant × kind cells, pruning at least half of the chosen weights (p ≥ 50%) keeps ` +
    `accuracy right after pruning within ${points(safeTolerance)} of the base model.${drop} At ${f.maxPercent}% (only the largest weight of the pruned set survives) ` +
    `accuracy right after pruning lies between ${f.accuracyAtMax.min.toFixed(3)} and ${f.accuracyAtMax.max.toFixed(3)} across variants and kinds ` +
    `(a constant guess scores about 0.5).`;
  const rq2 =
    `With "safe" meaning within ${points(safeTolerance)} of the base model for that p and every smaller one, the largest safe p ranges from ` +
    `${f.safe.min.toFixed(0)}% (${list(f.safe.minCells)}) to ${f.safe.max.toFixed(0)}% (${list(f.safe.maxCells)}).`;
  const r = f.regain;
  const rq3 =
    r.lost === 0
      ? `No run below ${f.maxPercent}% lost more than ${points(regainTolerance)}, so there was nothing to regain. At ${f.maxPercent}%, ` +
        `runs that regained within ${f.retrainEpochs} re-training epochs: ${list(f.recoveredAtMax)}.`
      : `Of the ${r.lost} run${r.lost === 1 ? "" : "s"} below ${f.maxPercent}% that lost more than ${points(regainTolerance)}, ${r.inOne} regained it after one ` +
        `re-training epoch, ${r.inTwo} after two, ${r.later} later and ${r.never} not within ${f.retrainEpochs} epochs. At ${f.maxPercent}%, ` +
        `runs that regained: ${list(f.recoveredAtMax)}.`;
  return { rq1, rq2, rq3 };
}
