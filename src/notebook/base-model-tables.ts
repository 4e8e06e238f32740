/**
 * Tables of the base-model chapter (notebook 03): parameters per variant, final accuracy beside the thesis's,
 * accuracy per family of strings, seconds per epoch beside the thesis's Tesla K80, and hand-typed strings classified.
 */
import type { ReberFamily } from "../data/reber-dataset";
import { reberVerdict } from "../data/reber-grammar";
import { stackedArchitecture, type RecurrentMode } from "../models/architecture";
import { baseAccuracyBand, formatBand, type Band } from "../pruning/replicate-bands";
import { type ReplicatedRecord } from "../pruning/replicated-records";
import type { GroupAccuracy } from "../training/group-accuracy";
import type { StringVerdict } from "../training/string-classification";
import type { EpochTime } from "../training/epoch-time";
import { summariseBaseRun, THESIS_BASE_RESULTS, type BaseRunSummary } from "../training/thesis-base-results";
import { parameterCounts, type ParameterCounts } from "../models/model-tensors";
import { htmlTable } from "./html-table";

const FAMILY_ORDER: readonly ReberFamily[] = ["valid", "wrong-branch", "mislabelled", "relabelled"];

/** One variant's parameter counts. */
export interface ParameterCountRow extends ParameterCounts {
  readonly mode: RecurrentMode;
}

/** Parameter counts of the stacked base model of each variant (layers of `layerSizes`, default 3 × 50). */
export function parameterCountRows(
  modes: readonly RecurrentMode[],
  layerSizes?: readonly number[],
): ParameterCountRow[] {
  return modes.map((mode) => ({ mode, ...parameterCounts(stackedArchitecture(mode, layerSizes)) }));
}

/** The parameter counts as a table: each part, the prunable recurrent weights, and all parameters per variant. */
export function parameterCountTable(rows: readonly ParameterCountRow[], options: { caption?: string } = {}): string {
  return htmlTable(
    rows,
    [
      { header: "variant", value: (r) => r.mode },
      { header: "embedding", value: (r) => r.embedding },
      { header: "recurrent weights (prunable)", value: (r) => r.recurrentWeights },
      { header: "recurrent biases", value: (r) => r.recurrentBiases },
      { header: "output layer", value: (r) => r.output },
      { header: "all parameters", value: (r) => r.total },
      { header: "prunable share", value: (r) => r.recurrentWeights / r.total, digits: 3 },
    ],
    { caption: options.caption ?? "Parameters of the base model per variant" },
  );
}

/** One variant's base run: seed 0's summary, the final accuracy over all seeds, and the thesis's run. */
export interface BaseAccuracyRow {
  readonly mode: RecurrentMode;
  /** The seed-0 run (the curves' run). */
  readonly ours: BaseRunSummary;
  /** Final test accuracy over every seed in the records. */
  readonly seeds: Band;
  readonly thesis: BaseRunSummary;
}

/** Summaries of each variant's base runs from a study's records (every replicate; the curves use replicate 0). */
export function baseAccuracyRows(
  records: readonly ReplicatedRecord[],
  modes: readonly RecurrentMode[],
): BaseAccuracyRow[] {
  const seed0 = records.filter((r) => r.replicate === 0);
  return modes.map((mode) => ({
    mode,
    ours: summariseBaseRun(seed0, mode),
    seeds: baseAccuracyBand(records, mode),
    thesis: THESIS_BASE_RESULTS[mode],
  }));
}

/** Final (and epoch-1, and lowest) test accuracy of the base models, ours beside the thesis's. */
export function baseAccuracyTable(rows: readonly BaseAccuracyRow[], options: { scaleName: string }): string {
  const seeds = rows[0]?.seeds.n ?? 0;
  const allSeeds = seeds === 1 ? "final, the one seed" : `final over ${seeds} seeds: mean (min–max)`;
  return htmlTable(
    rows,
    [
      { header: "variant", value: (r) => r.mode },
      { header: "epochs (ours / thesis)", value: (r) => `${r.ours.epochs} / ${r.thesis.epochs}` },
      { header: "epoch-1 test acc (ours)", value: (r) => r.ours.firstTestAccuracy, digits: 4 },
      { header: "epoch-1 test acc (thesis)", value: (r) => r.thesis.firstTestAccuracy, digits: 4 },
      { header: "final test acc (ours, seed 0)", value: (r) => r.ours.finalTestAccuracy, digits: 4 },
      { header: allSeeds, value: (r) => formatBand(r.seeds, 4) },
      { header: "final test acc (thesis)", value: (r) => r.thesis.finalTestAccuracy, digits: 5 },
      { header: "min test acc (ours)", value: (r) => r.ours.minTestAccuracy, digits: 4 },
      { header: "min test acc (thesis)", value: (r) => r.thesis.minTestAccuracy, digits: 4 },
    ],
    { caption: `Base models: test accuracy, ours (${options.scaleName} scale) beside the thesis's` },
  );
}

/** One family of strings: its count in the evaluated rows and each variant's accuracy on it (NaN when absent). */
export interface FamilyAccuracyRow {
  readonly family: string;
  readonly rows: number;
  readonly accuracy: Readonly<Record<string, number>>;
}

/** Per-family accuracy of several models (`accuracyByGroup` per variant), a row per family in the data set's order. */
export function familyAccuracyRows(byMode: ReadonlyMap<string, readonly GroupAccuracy[]>): FamilyAccuracyRow[] {
  const groups = [...byMode.values()];
  const seen = new Set(groups.flat().map((g) => g.group));
  const extra = [...seen].filter((g) => !FAMILY_ORDER.includes(g as ReberFamily));
  const accuracyOf = (list: readonly GroupAccuracy[], family: string) =>
    list.find((g) => g.group === family)?.accuracy ?? NaN;
  return [...FAMILY_ORDER, ...extra].map((family) => ({
    family,
    rows: groups[0]?.find((g) => g.group === family)?.rows ?? 0,
    accuracy: Object.fromEntries([...byMode].map(([mode, list]) => [mode, accuracyOf(list, family)])),
  }));
}

/** The per-family accuracies as a table: a row per family, a column per variant. */
export function familyAccuracyTable(rows: readonly FamilyAccuracyRow[], options: { scaleName: string }): string {
  const modes = Object.keys(rows[0]?.accuracy ?? {});
  return htmlTable(
    rows,
    [
      { header: "family", value: (r) => r.family },
      { header: "test strings", value: (r) => r.rows },
      ...modes.map((mode) => ({ header: mode, value: (r: FamilyAccuracyRow) => r.accuracy[mode], digits: 3 })),
    ],
    { caption: `Test accuracy of each base model per family of strings (${options.scaleName} scale)` },
  );
}

/** The epoch times as a table. */
export function epochTimeTable(rows: readonly EpochTime[], options: { usedRows: number }): string {
  return htmlTable(
    rows,
    [
      { header: "variant", value: (r) => r.mode },
      {
        header: `our epoch (${options.usedRows.toLocaleString("en-US")} strings), s`,
        value: (r) => r.seconds,
        digits: 2,
      },
      { header: "ours, scaled to the full data, s", value: (r) => r.fullDataSeconds, digits: 1 },
      { header: "thesis K80 epoch, s", value: (r) => r.thesisSeconds, digits: 1 },
      { header: "speed-up over K80", value: (r) => `${r.speedUp.toFixed(1)}×` },
    ],
    { caption: "Mean seconds per epoch (training + test evaluation)" },
  );
}

/** Hand-typed strings classified by several models: the grammar's verdict, then P(valid) per variant. */
export function stringVerdictTable(byMode: ReadonlyMap<string, readonly StringVerdict[]>): string {
  const modes = [...byMode.keys()];
  const strings = byMode.get(modes[0]!)?.map((v) => v.string) ?? [];
  const cell = (mode: string, s: string) => {
    const v = byMode.get(mode)!.find((verdict) => verdict.string === s)!;
    return `${v.pValid.toFixed(3)} (${v.predictedValid ? "valid" : "invalid"})`;
  };
  return htmlTable(
    strings,
    [
      { header: "string", value: (s) => s },
      { header: "grammar", value: (s) => reberVerdict(s) },
      ...modes.map((mode) => ({ header: `${mode}: P(valid)`, value: (s: string) => cell(mode, s) })),
    ],
    { caption: "Hand-typed strings read by each seed-0 base model (each string alone, no padding)" },
  );
}
