/**
 * Tables of the pruning chapter (notebook 04): thresholds per kind and p, the base models, the largest safe p and the
 * epochs to regain beside the thesis's, one pruned model's sparsity per layer, the pruned-step timing, and the answers.
 */
import type { TensorMap } from "../models/named-tensors";
import { pruneByMagnitude, PRUNE_KINDS, type PruneKind, type PruningResult } from "../pruning/magnitude-pruning";
import type { PrunedStepTiming } from "../pruning/pruned-step-speed";
import type { Band } from "../pruning/replicate-bands";
import type { PruningFindings } from "../pruning/pruning-findings";
import type { ReplicatedRecord } from "../pruning/replicated-records";
import { baseAccuracyBand, epochsToRegainByReplicate, formatBand } from "../pruning/replicate-bands";
import { describeFindings } from "../pruning/pruning-findings";
import { formatRegainEpochs, safePercentBands } from "../pruning/replicate-bands";
import { layerSparsity } from "../pruning/mask-sparsity";
import { epochsToRegain, THESIS_SAFE_PRUNING } from "../pruning/recovery-analysis";
import { escapeHtml } from "../plots/html";
import { KIND_LABELS } from "../plots/pruning-figures";
import { htmlTable } from "./html-table";

/** Kept of total as "1,234 / 5,000 (24.7%)". */
export function keptShare(counts: { readonly kept: number; readonly total: number }): string {
  const n = (x: number) => x.toLocaleString("en-US");
  return `${n(counts.kept)} / ${n(counts.total)} (${((100 * counts.kept) / counts.total).toFixed(1)}%)`;
}

/** One model pruned at one kind and p: the threshold and the surviving weights. */
export interface ThresholdRow {
  readonly kind: PruneKind;
  readonly percent: number;
  readonly threshold: number;
  readonly kept: number;
  readonly total: number;
}

/** Prune `params` at every kind (default all three) and p, keeping only the threshold and the counts. */
export function thresholdRows(
  params: TensorMap,
  options: { percents: readonly number[]; kinds?: readonly PruneKind[] },
): ThresholdRow[] {
  return (options.kinds ?? PRUNE_KINDS).flatMap((kind) =>
    options.percents.map((percent) => {
      const { threshold, kept, total } = pruneByMagnitude(params, percent, kind);
      return { kind, percent, threshold, kept, total };
    }),
  );
}

/** The thresholds as a table. */
export function thresholdTable(rows: readonly ThresholdRow[], options: { caption: string }): string {
  return htmlTable(
    rows,
    [
      { header: "kind", value: (r) => KIND_LABELS[r.kind] },
      { header: "p", value: (r) => `${r.percent}%` },
      { header: "threshold |w|", value: (r) => r.threshold, digits: 4 },
      { header: "kept", value: (r) => r.kept },
      { header: "of", value: (r) => r.total },
      { header: "kept share", value: (r) => r.kept / r.total, digits: 3 },
    ],
    { caption: options.caption },
  );
}

/** One variant's base accuracy over our seeds and, when given, the thesis's. */
export interface BaseBandRow {
  readonly mode: string;
  readonly ours: Band;
  readonly thesis?: number;
}

/** Base-model accuracy per variant over replicates, beside the thesis's records' (when given). */
export function baseBandRows(
  records: readonly ReplicatedRecord[],
  modes: readonly string[],
  options: { thesis?: readonly ReplicatedRecord[] } = {},
): BaseBandRow[] {
  const { thesis } = options;
  return modes.map((mode) => ({
    mode,
    ours: baseAccuracyBand(records, mode),
    thesis: thesis ? baseAccuracyBand(thesis, mode).mean : undefined,
  }));
}

/** The base accuracies as a table. */
export function baseBandTable(rows: readonly BaseBandRow[], options: { baseEpochs: number }): string {
  return htmlTable(
    rows,
    [
      { header: "variant", value: (r) => r.mode },
      { header: "base accuracy (ours)", value: (r) => formatBand(r.ours) },
      { header: "base accuracy (thesis)", value: (r) => r.thesis, digits: 4 },
    ],
    { caption: `Final test accuracy of the base models (${options.baseEpochs} epochs ours, 50 the thesis's)` },
  );
}

/** One variant × kind cell of the safe-pruning table. */
export interface SafePruningCell {
  readonly kind: PruneKind;
  readonly mode: string;
  /** Our largest safe p over replicates. */
  readonly ours: Band;
  /** The thesis's stated value (chapter 6.2). */
  readonly stated: number;
  /** Whether the stated value lies within our replicates' min–max. */
  readonly statedInRange: boolean;
  /** The same rule applied to the thesis's records, when given. */
  readonly thesisRule?: number;
}

/** The largest safe p per kind and variant, ours beside the thesis's stated value and its records under our rule. */
export function safePruningCells(
  records: readonly ReplicatedRecord[],
  modes: readonly string[],
  options: { thesis?: readonly ReplicatedRecord[]; tolerance?: number } = {},
): SafePruningCell[] {
  const ours = safePercentBands(records, modes, options.tolerance);
  const rule = options.thesis ? safePercentBands(options.thesis, modes, options.tolerance) : undefined;
  return ours.flatMap((row) =>
    modes.map((mode) => {
      const band = row.bands[mode]!;
      const stated = THESIS_SAFE_PRUNING[row.kind][mode]!;
      const thesisRule = rule?.find((t) => t.kind === row.kind)!.bands[mode]!.mean;
      const statedInRange = band.min <= stated && stated <= band.max;
      return { kind: row.kind, mode, ours: band, stated, statedInRange, thesisRule };
    }),
  );
}

/** A tolerance (fraction of 1) in accuracy points, at most one decimal: 0.02 → "2". */
const points = (tolerance: number) => String(Number((100 * tolerance).toFixed(1)));

/** The safe-pruning cells as a table; `tolerance` (default 0.02) names the rule the cells were computed with. */
export function safePruningTable(
  cells: readonly SafePruningCell[],
  options: { percents: readonly number[]; tolerance?: number },
): string {
  const pct = (v: number) => `${v.toFixed(0)}%`;
  const band = (b: Band) => (b.min === b.max ? pct(b.mean) : `${pct(b.mean)} (${pct(b.min)}–${pct(b.max)})`);
  const rule = `thesis records, ${points(options.tolerance ?? 0.02)}-point rule`;
  return htmlTable(
    cells,
    [
      { header: "kind", value: (c) => KIND_LABELS[c.kind] },
      { header: "variant", value: (c) => c.mode },
      { header: "ours", value: (c) => band(c.ours) },
      { header: "thesis (stated)", value: (c) => pct(c.stated) },
      { header: "thesis inside our seed range", value: (c) => (c.statedInRange ? "yes" : "no") },
      { header: rule, value: (c) => (c.thesisRule === undefined ? "–" : pct(c.thesisRule)) },
    ],
    { caption: `Largest safe p per kind and variant (our percentages: ${options.percents.join(", ")})` },
  );
}

/** Epochs to regain the base accuracy of one variant and kind, per p: ours over replicates and the thesis's. */
export interface RegainRow {
  readonly mode: string;
  readonly kind: PruneKind;
  /** Per p: our epochs per replicate (null = never) and the thesis's (undefined without its records). */
  readonly cells: readonly RegainCell[];
}

/** One p of a regain row. */
export interface RegainCell {
  readonly percent: number;
  readonly ours: readonly (number | null)[];
  readonly thesis?: number | null;
}

/** Re-training epochs to come back within `tolerance` (default 1 point) of the base, per variant, kind and p. */
export function regainRows(
  records: readonly ReplicatedRecord[],
  modes: readonly string[],
  options: { percents: readonly number[]; thesis?: readonly ReplicatedRecord[]; tolerance?: number },
): RegainRow[] {
  const { thesis, tolerance } = options;
  return modes.flatMap((mode) =>
    PRUNE_KINDS.map((kind) => ({
      mode,
      kind,
      cells: options.percents.map((percent) => ({
        percent,
        ours: epochsToRegainByReplicate(records, mode, kind, percent, tolerance),
        thesis: thesis ? epochsToRegain(thesis, mode, kind, percent, tolerance) : undefined,
      })),
    })),
  );
}

/** The regain epochs as a table, "ours / thesis" per p; `tolerance` (default 0.01) names the rule used. */
export function regainTable(
  rows: readonly RegainRow[],
  options: { retrainEpochs: number; tolerance?: number },
): string {
  const percents = rows[0]?.cells.map((c) => c.percent) ?? [];
  const thesisText = (c: RegainCell) => (c.thesis === undefined ? "–" : formatRegainEpochs([c.thesis]));
  const text = (c: RegainCell) => `${formatRegainEpochs(c.ours)} / ${thesisText(c)}`;
  return htmlTable(
    rows,
    [
      { header: "variant", value: (r) => r.mode },
      { header: "kind", value: (r) => KIND_LABELS[r.kind] },
      ...percents.map((p, i) => ({ header: `${p}% ours / thesis`, value: (r: RegainRow) => text(r.cells[i]!) })),
    ],
    {
      caption:
        `Re-training epochs to come back within ${points(options.tolerance ?? 0.01)} point(s) of the base model ` +
        `(ours: ${options.retrainEpochs} epochs at most; the thesis: 10)`,
    },
  );
}

/** Kept weights per recurrent layer of one pruned model (`pruneByMagnitude`'s result), i2h and h2h apart. */
export function layerSparsityTable(pruned: PruningResult, options: { model: string }): string {
  const caption =
    `${options.model} pruned at ${pruned.percent}% (${KIND_LABELS[pruned.kind]}), ` +
    `threshold |w| ≥ ${pruned.threshold.toFixed(4)}: ${keptShare(pruned)} kept overall`;
  return htmlTable(
    layerSparsity(pruned.params),
    [
      { header: "layer", value: (l) => l.layer },
      { header: "i2h kept", value: (l) => keptShare(l.i2h) },
      { header: "h2h kept", value: (l) => keptShare(l.h2h) },
    ],
    { caption },
  );
}

/** The pruned-step timings as a table (milliseconds, and the default's speed-up over dense). */
export function prunedStepTable(timings: readonly PrunedStepTiming[], options: { caption: string }): string {
  return htmlTable(
    timings,
    [
      { header: "pruned %", value: (t) => t.percent },
      { header: "dense kernels, ms", value: (t) => t.denseMs, digits: 2 },
      { header: "sparse kernels, ms", value: (t) => t.sparseMs, digits: 2 },
      { header: "engine default, ms", value: (t) => t.defaultMs, digits: 2 },
      { header: "default vs dense", value: (t) => `${(t.denseMs / t.defaultMs).toFixed(2)}×` },
    ],
    { caption: options.caption },
  );
}

/** The answers to research questions 1–3 as HTML under a heading. */
export function findingsHtml(label: string, findings: PruningFindings): string {
  const text = describeFindings(findings);
  const answers = (["rq1", "rq2", "rq3"] as const).map((rq, i) => `<p><b>RQ${i + 1}.</b> ${escapeHtml(text[rq])}</p>`);
  return `<h4>${escapeHtml(label)}</h4>${answers.join("")}`;
}
