/**
 * Tables of the accuracy-prediction chapter (notebook 06): the features before and after scaling, R² per variant and
 * regressor beside table 6.5, the feature subsets of appendix B, the learning curve, the thesis's split reproduced,
 * and the generated answer to research question 5.
 */
import type { LearningCurvePoint, PredictionReport } from "../analysis/performance-prediction";
import type { RegressorName, RegressorResult } from "../analysis/performance-prediction";
import type { Summary } from "../analysis/statistics";
import type { ThesisSplitReproduction } from "../analysis/thesis-split";
import { thesisSubsetR2 } from "../analysis/thesis-structure-values";
import { escapeHtml } from "../plots/html";
import { REGRESSOR_LABELS, type R2Cell } from "../plots/prediction-figures";
import { htmlTable } from "./html-table";

/** Thesis values by variant and regressor (table 6.5's layout). */
type ThesisR2 = Readonly<Record<string, Readonly<Partial<Record<RegressorName, number>>> | undefined>>;

/** "0.512 ± 0.083" (the sd reads "n/a" for a single split). */
export function meanAndSd(summary: Summary): string {
  return `${summary.mean.toFixed(3)} ± ${Number.isFinite(summary.sd) ? summary.sd.toFixed(3) : "n/a"}`;
}

/** One feature column before and after scaling. */
export interface ScalingRow {
  readonly feature: string;
  readonly rawMin: number;
  readonly rawMax: number;
  readonly scaledMin: number;
  readonly scaledMax: number;
}

/** `prepareData`'s feature names with their raw and min-max scaled matrices (rows × features). */
export interface ScalingData {
  readonly features: readonly string[];
  readonly raw: readonly (readonly number[])[];
  readonly scaled: readonly (readonly number[])[];
}

/** The range of every `every`-th feature (default every third) before and after scaling. */
export function scalingRows(data: ScalingData, options: { every?: number } = {}): ScalingRow[] {
  const every = options.every ?? 3;
  const range = (matrix: ScalingData["raw"], f: number) => {
    const column = matrix.map((row) => row[f]!);
    return [Math.min(...column), Math.max(...column)] as const;
  };
  return data.features.flatMap((feature, f) => {
    if (f % every !== 0) return [];
    const [rawMin, rawMax] = range(data.raw, f);
    const [scaledMin, scaledMax] = range(data.scaled, f);
    return [{ feature, rawMin, rawMax, scaledMin, scaledMax }];
  });
}

/** The scaling rows as a table. */
export function scalingTable(rows: readonly ScalingRow[], options: { caption: string }): string {
  return htmlTable(
    rows,
    [
      { header: "feature", value: (r) => r.feature },
      { header: "raw min", value: (r) => r.rawMin, digits: 3 },
      { header: "raw max", value: (r) => r.rawMax, digits: 3 },
      { header: "scaled min", value: (r) => r.scaledMin, digits: 3 },
      { header: "scaled max", value: (r) => r.scaledMax, digits: 3 },
    ],
    { caption: options.caption },
  );
}

/** One variant and regressor of table 6.5: our R² over splits (as the comparison figure takes it) and the thesis's. */
export interface R2Row extends R2Cell {
  readonly r2BySplit: readonly number[];
}

/** Table 6.5's cells from one prediction report per variant, with the thesis's single-split R² where it has one. */
export function r2Rows(reports: ReadonlyMap<string, PredictionReport>, thesis: ThesisR2): R2Row[] {
  return [...reports].flatMap(([variant, report]) =>
    report.perRegressor.map((r) => ({
      variant,
      regressor: r.name,
      summary: r.summary,
      r2BySplit: r.r2BySplit,
      thesis: thesis[variant]?.[r.name],
    })),
  );
}

/** Table 6.5 as HTML: mean ± sd, the interval of the mean, the range over splits, the thesis's value. */
export function r2Table(
  rows: readonly R2Row[],
  options: { repeats: number; testCount: number; caption?: string },
): string {
  const interval = (s: Summary) => `[${s.ci95[0].toFixed(3)}, ${s.ci95[1].toFixed(3)}]`;
  const range = (r2: readonly number[]) => `${Math.min(...r2).toFixed(2)} … ${Math.max(...r2).toFixed(2)}`;
  return htmlTable(
    rows,
    [
      { header: "variant", value: (c) => c.variant },
      { header: "regressor", value: (c) => REGRESSOR_LABELS[c.regressor] },
      { header: `R² mean ± sd (ours, ${options.repeats} splits)`, value: (c) => meanAndSd(c.summary) },
      { header: "95% CI of the mean", value: (c) => interval(c.summary) },
      { header: "min … max over splits", value: (c) => range(c.r2BySplit) },
      { header: "R² (thesis, 1 split)", value: (c) => c.thesis, digits: 3 },
    ],
    { caption: options.caption ?? `Table 6.5 · R² on held-out graphs (${options.testCount} test graphs per split)` },
  );
}

/** The random forest's result in a report (throws when it was not fitted). */
export function randomForestOf(report: PredictionReport): RegressorResult {
  const found = report.perRegressor.find((r) => r.name === "random_forest");
  const names = report.perRegressor.map((r) => r.name).join(", ");
  if (!found) throw new Error(`the report has no random forest (regressors: ${names})`);
  return found;
}

/** One variant and feature subset of appendix B: the random forest's R² and its most important feature. */
export interface SubsetRow {
  readonly mode: string;
  readonly subset: string;
  readonly featureCount: number;
  readonly summary: Summary;
  readonly thesis?: number;
  readonly top: { readonly feature: string; readonly value: number };
}

/** Appendix B's rows from `predictBySubset`'s reports per variant, with the thesis's R² where it has one. */
export function subsetRows(reports: ReadonlyMap<string, ReadonlyMap<string, PredictionReport>>): SubsetRow[] {
  return [...reports].flatMap(([mode, bySubset]) =>
    [...bySubset].map(([subset, report]) => {
      const rf = randomForestOf(report);
      const top = [...rf.importances].sort((a, b) => b.value - a.value)[0]!;
      const thesis = thesisSubsetR2(mode, subset);
      return { mode, subset, featureCount: report.features.length, summary: rf.summary, thesis, top };
    }),
  );
}

/** Appendix B as HTML. */
export function subsetTable(rows: readonly SubsetRow[]): string {
  return htmlTable(
    rows,
    [
      { header: "variant", value: (r) => r.mode },
      { header: "features", value: (r) => `${r.subset} (${r.featureCount})` },
      { header: "R² mean ± sd (ours)", value: (r) => meanAndSd(r.summary) },
      { header: "R² (thesis)", value: (r) => r.thesis, digits: 2 },
      { header: "top feature (importance)", value: (r) => `${r.top.feature} (${r.top.value.toFixed(2)})` },
    ],
    { caption: "Random forest R² with each feature subset (appendix B); importances are means over the splits" },
  );
}

/** The learning curve as a table: mean R² per training size and regressor. */
export function learningCurveTable(
  curve: readonly LearningCurvePoint[],
  options: { mode: string; repeats: number },
): string {
  const names = curve[0]?.perRegressor.map((r) => r.name) ?? [];
  const mean = (i: number) => (p: LearningCurvePoint) => p.perRegressor[i]!.summary.mean;
  const column = (name: RegressorName, i: number) => ({
    header: `${REGRESSOR_LABELS[name]} R²`,
    value: mean(i),
    digits: 3,
  });
  return htmlTable(curve, [{ header: "training graphs", value: (p) => p.trainSize }, ...names.map(column)], {
    caption: `Learning curve (${options.mode}, mean over ${options.repeats} splits)`,
  });
}

/** One regressor on the thesis's split: ours, scikit-learn's and the thesis's R², as text. */
export interface ThesisSplitRow {
  readonly mode: string;
  readonly regressor: string;
  readonly ours: string;
  readonly sklearn: string;
  readonly thesis: string;
  /** Mean ± sd over random 90/10 splits of the thesis's data (the splits of our table 6.5). */
  readonly randomSplits: string;
}

/** Rows of the thesis-split table: Bayesian ridge to seven decimals, the ensembles as mean ± sd over seeds. */
export function thesisSplitRows(reproductions: readonly ThesisSplitReproduction[], thesis: ThesisR2): ThesisSplitRow[] {
  const thesisText = (mode: string, name: RegressorName) => thesis[mode]?.[name]?.toFixed(5) ?? "–";
  const overSplits = (r: ThesisSplitReproduction, name: RegressorName) => {
    const result = r.randomSplits.find((x) => x.name === name);
    return result ? `${meanAndSd(result.summary)} (${result.r2BySplit.length} splits)` : "–";
  };
  return reproductions.flatMap((r) => [
    {
      mode: r.mode,
      regressor: REGRESSOR_LABELS.bayesian_ridge,
      ours: r.ridge.r2.toFixed(7),
      sklearn: r.reference.bayesian_ridge.r2.toFixed(7),
      thesis: thesisText(r.mode, "bayesian_ridge"),
      randomSplits: overSplits(r, "bayesian_ridge"),
    },
    ...r.trees.map((t) => {
      const ref = r.reference[t.name as "random_forest" | "ada_boost"];
      return {
        mode: r.mode,
        regressor: `${REGRESSOR_LABELS[t.name]} (${t.r2BySplit.length} seeds)`,
        ours: meanAndSd(t.summary),
        sklearn: `${ref.r2_mean.toFixed(3)} ± ${ref.r2_std.toFixed(3)}`,
        thesis: thesisText(r.mode, t.name),
        randomSplits: overSplits(r, t.name),
      };
    }),
  ]);
}

/** The thesis-split rows as a table. */
export function thesisSplitTable(rows: readonly ThesisSplitRow[]): string {
  return htmlTable(
    rows,
    [
      { header: "variant", value: (x) => x.mode },
      { header: "regressor", value: (x) => x.regressor },
      { header: "R² ours", value: (x) => x.ours },
      { header: "R² scikit-learn", value: (x) => x.sklearn },
      { header: "R² thesis (table 6.5)", value: (x) => x.thesis },
      { header: "R² thesis's data, random splits", value: (x) => x.randomSplits },
    ],
    {
      caption:
        "The thesis's data and split (20 test graphs): our regressors against scikit-learn and the thesis; " +
        "last column: the thesis's data over the random splits of our table 6.5",
    },
  );
}

/** The answer to research question 5: each variant's best regressor beside the thesis's, and the largest spread. */
export function predictionAnswerHtml(
  reports: ReadonlyMap<string, PredictionReport>,
  options: { thesis: ThesisR2; note?: string },
): string {
  const lines = [...reports].map(([mode, report]) => {
    const best = [...report.perRegressor].sort((a, b) => b.summary.mean - a.summary.mean)[0]!;
    const thesisValues = Object.values(options.thesis[mode] ?? {}).filter((v): v is number => v !== undefined);
    const thesisBest = thesisValues.length > 0 ? Math.max(...thesisValues).toFixed(2) : "–";
    const r2 = `${best.summary.mean.toFixed(2)} ± ${best.summary.sd.toFixed(2)}`;
    return (
      `${mode}: best ${REGRESSOR_LABELS[best.name]}, R² ${r2} over ${report.repeats} splits ` +
      `(thesis's best: ${thesisBest})`
    );
  });
  const sds = [...reports.values()].flatMap((r) => r.perRegressor.map((x) => x.summary.sd)).filter(Number.isFinite);
  const testCount = [...reports.values()][0]?.testCount ?? 0;
  const spread = sds.length > 0 ? Math.max(...sds).toFixed(2) : "n/a";
  const note = options.note ? ` <i>${escapeHtml(options.note)}</i>` : "";
  return (
    `<ul>${lines.map((l) => `<li>${escapeHtml(l)}</li>`).join("")}</ul>` +
    `<p>The largest standard deviation of R² over splits is ${spread}: ` +
    `a single split of ${testCount} test graphs can move R² by that much.${note}</p>`
  );
}
