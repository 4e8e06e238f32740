/**
 * The thesis's own split, reproduced (table 6.5): our regressors fitted on the thesis's data with its split
 * (scikit-learn's `random_state=7`), beside scikit-learn 1.2 on the same split. Reads the reference folder's
 * `regression/<mode>.json` (the split and scikit-learn's results) and `thesis-graphs/<mode>.json` (the data).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { predictAccuracy, type RegressorResult } from "./performance-prediction";
import type { StructureRow } from "./results-csv";

/** scikit-learn on the thesis's split: Bayesian ridge's R², the ensembles' mean and sd over random_state 0–19. */
export interface RegressionReference {
  /** 0-based rows of the thesis's test split. */
  readonly test_idx: readonly number[];
  readonly bayesian_ridge: { readonly r2: number };
  readonly random_forest: { readonly r2_mean: number; readonly r2_std: number };
  readonly ada_boost: { readonly r2_mean: number; readonly r2_std: number };
}

/** The thesis's data of one variant with scikit-learn's results on its split. */
export interface ThesisSplitData {
  readonly reference: RegressionReference;
  /** The thesis's CSV rows (its 200 graphs of the variant). */
  readonly rows: readonly StructureRow[];
}

/** One variant's reproduction: Bayesian ridge (deterministic) and the two ensembles over `seeds` seeds. */
export interface ThesisSplitReproduction {
  readonly mode: string;
  readonly ridge: RegressorResult;
  readonly trees: readonly RegressorResult[];
  readonly reference: RegressionReference;
  /**
   * Every regressor on the thesis's data over `splits` random 90/10 splits drawn from `splitSeed`: with the same
   * seed and 200 rows these are the very splits of our table 6.5, so the thesis's single split can be placed in
   * the spread its own data gives (a lucky split, or different data?).
   */
  readonly randomSplits: readonly RegressorResult[];
}

/** Read `regression/<mode>.json` and the CSV rows in `thesis-graphs/<mode>.json` below the reference folder. */
export function readThesisSplit(referenceDir: string, mode: string): ThesisSplitData {
  const read = (folder: string) =>
    JSON.parse(readFileSync(join(referenceDir, folder, `${mode.toLowerCase()}.json`), "utf8"));
  const rows = (read("thesis-graphs") as { thesis: StructureRow }[]).map((g) => g.thesis);
  return { reference: read("regression") as RegressionReference, rows };
}

/**
 * Fit our regressors on the thesis's rows and split: Bayesian ridge once, the ensembles over `seeds` (default 20);
 * then all three over `splits` random splits (default 20) drawn from `splitSeed` (default 0, table 6.5's).
 */
export function reproduceThesisSplit(
  mode: string,
  data: ThesisSplitData,
  options: { seeds?: number; splits?: number; splitSeed?: number } = {},
): ThesisSplitReproduction {
  const shared = { rows: data.rows, testRows: data.reference.test_idx };
  const ridge = predictAccuracy({ ...shared, regressors: ["bayesian_ridge"] }).perRegressor[0]!;
  const repeats = options.seeds ?? 20;
  const ensembles = ["random_forest", "ada_boost"] as const;
  const trees = predictAccuracy({ ...shared, regressors: ensembles, repeats, seed: 0 }).perRegressor;
  const randomSplits = predictAccuracy({
    rows: data.rows,
    repeats: options.splits ?? 20,
    seed: options.splitSeed ?? 0,
  }).perRegressor;
  return { mode, ridge, trees, reference: data.reference, randomSplits };
}
