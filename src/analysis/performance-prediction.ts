/**
 * Predicting a structured network's test accuracy from its graph (thesis 6.4, appendix B): min-max scale the
 * features on all rows (as the thesis did), split, fit Bayesian ridge, random forest and AdaBoost, score R² on the
 * test rows; optionally over many splits or seeds, since one split of 20 graphs says little.
 */
import { SeededRandom } from "../random/seeded-random";
import { columnMatrix, type StructureRow } from "./results-csv";
import { minMaxScale } from "./min-max-scaler";
import { pearson, r2Score, summarize, type Summary } from "./statistics";
import { resolveFeatures, type FeatureSelection } from "./structure-features";
import { randomSplit, splitWithTestRows, testCount, type TrainTestSplit } from "./train-test-split";
import { BayesianRidge } from "./regression/bayesian-ridge";
import { RandomForest } from "./regression/random-forest";
import { AdaBoost } from "./regression/ada-boost";
import type { FeatureMatrix, FittedRegressor } from "./regression/regressor";

/** The three regressors of the thesis. */
export type RegressorName = "bayesian_ridge" | "random_forest" | "ada_boost";

/** All regressors, in the thesis's table order. */
export const REGRESSORS: readonly RegressorName[] = ["bayesian_ridge", "random_forest", "ada_boost"];

/** Fit one regressor by name (sklearn defaults); `random` feeds the tree ensembles. */
export function fitRegressor(
  name: RegressorName,
  x: FeatureMatrix,
  y: readonly number[],
  random: SeededRandom,
): FittedRegressor {
  switch (name) {
    case "bayesian_ridge":
      return BayesianRidge.fit(x, y);
    case "random_forest":
      return RandomForest.fit(x, y, random);
    case "ada_boost":
      return AdaBoost.fit(x, y, random);
  }
}

/** Inputs of {@link predictAccuracy}. */
export interface PredictionOptions {
  rows: readonly StructureRow[];
  /** Subset name (all, without_node_edge, only_node_edge, only_var) or column names; default all 23. */
  features?: FeatureSelection;
  /** Target column; default test_acc. */
  target?: string;
  /** Seed of the splits and of the ensembles; default 0. */
  seed?: number;
  /** Explicit 0-based test rows (e.g. the thesis's split); then repeats vary only the ensembles' seeds. */
  testRows?: readonly number[];
  /** Test fraction (or count when >= 1); default 0.1. */
  testSize?: number;
  /** Number of splits (or ensemble seeds with testRows); default 1. */
  repeats?: number;
  regressors?: readonly RegressorName[];
  /** Names the data in error messages (e.g. the CSV path). */
  source?: string;
  /** Called after each finished split (for progress displays). */
  onRepeat?: (done: number, total: number) => void;
}

/** One regressor's outcome on one split. */
export interface SplitOutcome {
  r2: number;
  testRows: number[];
  predictions: number[];
  importances: number[];
}

/** One regressor's result: R² (mean over repeats), importances (mean), the first split's predictions, and a summary. */
export interface RegressorResult {
  name: RegressorName;
  r2: number;
  importances: { feature: string; value: number }[];
  predictions: number[];
  testRows: number[];
  r2BySplit: number[];
  summary: Summary;
}

/** Everything {@link predictAccuracy} found. */
export interface PredictionReport {
  features: string[];
  target: string;
  rowCount: number;
  trainCount: number;
  testCount: number;
  repeats: number;
  /** True when all repeats used the same (given) test rows and only the ensembles' seeds varied. */
  fixedSplit: boolean;
  perRegressor: RegressorResult[];
  /** Pearson correlation of each feature with the target over all rows. */
  correlations: { feature: string; pearson: number }[];
}

/** The scaled feature matrix and target of a set of results rows. */
export function prepareData(
  rows: readonly StructureRow[],
  features: FeatureSelection = "all",
  target = "test_acc",
  source = "results",
): { features: string[]; raw: number[][]; scaled: number[][]; target: number[] } {
  const names = resolveFeatures(features);
  const raw = columnMatrix(rows, names, source);
  const y = columnMatrix(rows, [target], source).map((r) => r[0]!);
  return { features: names, raw, scaled: minMaxScale(raw), target: y };
}

/** Fit every requested regressor on one split and score it. */
function evaluateSplit(
  x: FeatureMatrix,
  y: readonly number[],
  split: TrainTestSplit,
  regressors: readonly RegressorName[],
  random: SeededRandom,
): SplitOutcome[] {
  const trainX = split.train.map((r) => x[r]!);
  const trainY = split.train.map((r) => y[r]!);
  const testX = split.test.map((r) => x[r]!);
  const testY = split.test.map((r) => y[r]!);
  return regressors.map((name) => {
    const model = fitRegressor(name, trainX, trainY, random.fork(name));
    const predictions = model.predict(testX);
    return {
      r2: r2Score(testY, predictions),
      testRows: [...split.test],
      predictions,
      importances: [...model.importances],
    };
  });
}

/** Predict test accuracy from graph features with the thesis's three regressors; see {@link PredictionOptions}. */
export function predictAccuracy(options: PredictionOptions): PredictionReport {
  const source = options.source ?? "results";
  const data = prepareData(options.rows, options.features, options.target, source);
  const regressors = options.regressors ?? REGRESSORS;
  const repeats = options.repeats ?? 1;
  if (!Number.isInteger(repeats) || repeats < 1) throw new Error(`repeats must be a positive integer, got ${repeats}`);
  const root = new SeededRandom(options.seed ?? 0);
  const n = data.raw.length;
  const outcomes: SplitOutcome[][] = regressors.map(() => []);
  let split: TrainTestSplit | null = null;
  for (let r = 0; r < repeats; r++) {
    split = options.testRows
      ? splitWithTestRows(n, options.testRows)
      : randomSplit(n, options.testSize ?? 0.1, root.fork(`split ${r}`));
    evaluateSplit(data.scaled, data.target, split, regressors, root.fork(`models ${r}`)).forEach((o, i) =>
      outcomes[i]!.push(o),
    );
    options.onRepeat?.(r + 1, repeats);
  }
  const perRegressor = regressors.map((name, i): RegressorResult => {
    const runs = outcomes[i]!;
    const r2BySplit = runs.map((o) => o.r2);
    const summary = summarize(r2BySplit);
    const importances = data.features.map((feature, f) => ({
      feature,
      value: runs.reduce((acc, o) => acc + o.importances[f]!, 0) / runs.length,
    }));
    return {
      name,
      r2: summary.mean,
      importances,
      predictions: runs[0]!.predictions,
      testRows: runs[0]!.testRows,
      r2BySplit,
      summary,
    };
  });
  const correlations = data.features.map((feature, f) => ({
    feature,
    pearson: pearson(
      data.raw.map((row) => row[f]!),
      data.target,
    ),
  }));
  return {
    features: data.features,
    target: options.target ?? "test_acc",
    rowCount: n,
    trainCount: split!.train.length,
    testCount: split!.test.length,
    repeats,
    fixedSplit: options.testRows !== undefined,
    perRegressor,
    correlations,
  };
}

/** Options of {@link predictBySubset}: those of {@link predictAccuracy} without `features`, plus the subsets. */
export interface SubsetPredictionOptions extends Omit<PredictionOptions, "features"> {
  /** Feature subsets (appendix B: all, without_node_edge, only_node_edge, only_var) or column lists. */
  subsets: readonly FeatureSelection[];
  /** Reports already computed on the same rows, seed and repeats (e.g. table 6.5's for "all"): reused, not refitted. */
  known?: Readonly<Record<string, PredictionReport>>;
}

/** One report per feature subset over the same splits (the same seed draws the same splits for every subset). */
export function predictBySubset(options: SubsetPredictionOptions): Map<string, PredictionReport> {
  const { subsets, known, ...shared } = options;
  return new Map(
    subsets.map((subset) => {
      const name = typeof subset === "string" ? subset : subset.join(",");
      return [name, known?.[name] ?? predictAccuracy({ ...shared, features: subset })];
    }),
  );
}

/** R² against the number of training graphs at one size. */
export interface LearningCurvePoint {
  trainSize: number;
  perRegressor: { name: RegressorName; r2BySplit: number[]; summary: Summary }[];
}

/** Options of {@link learningCurve} beyond rows, sizes, repeats and seed. */
export interface LearningCurveOptions {
  features?: FeatureSelection;
  target?: string;
  testSize?: number;
  regressors?: readonly RegressorName[];
  source?: string;
}

/** Options of {@link learningCurveSizes}. */
export interface LearningCurveSizeOptions {
  /** Shares of the training pool to train on (default 0.15, 0.3, 0.5, 0.75, 1). */
  fractions?: readonly number[];
  /** Test fraction (or count) held out first, as in the split (default 0.1). */
  testSize?: number;
  /** Smallest training size (default 5). */
  min?: number;
}

/** Training sizes for a learning curve over `rowCount` graphs: shares of the rows left after the test split. */
export function learningCurveSizes(rowCount: number, options: LearningCurveSizeOptions = {}): number[] {
  const pool = rowCount - testCount(rowCount, options.testSize ?? 0.1);
  const fractions = options.fractions ?? [0.15, 0.3, 0.5, 0.75, 1];
  return [...new Set(fractions.map((f) => Math.min(pool, Math.max(options.min ?? 5, Math.round(f * pool)))))];
}

/**
 * R² of each regressor against the number of training graphs: per repeat, hold out a random test set (10% by default),
 * then train on the first `size` rows of a random order of the rest, for every size.
 */
export function learningCurve(
  rows: readonly StructureRow[],
  sizes: readonly number[],
  repeats: number,
  seed: number,
  options: LearningCurveOptions = {},
): LearningCurvePoint[] {
  const data = prepareData(rows, options.features, options.target, options.source ?? "results");
  const regressors = options.regressors ?? REGRESSORS;
  const root = new SeededRandom(seed);
  const n = data.raw.length;
  const r2 = sizes.map(() => regressors.map((): number[] => []));
  for (let r = 0; r < repeats; r++) {
    const split = randomSplit(n, options.testSize ?? 0.1, root.fork(`split ${r}`));
    const pool = root.fork(`order ${r}`).shuffleInPlace([...split.train]);
    sizes.forEach((size, s) => {
      if (!Number.isInteger(size) || size < 2 || size > pool.length) {
        throw new Error(
          `training size ${size} must be an integer between 2 and ${pool.length} (rows left after the test split)`,
        );
      }
      const outcomes = evaluateSplit(
        data.scaled,
        data.target,
        { train: pool.slice(0, size), test: split.test },
        regressors,
        root.fork(`models ${r} ${size}`),
      );
      outcomes.forEach((o, i) => r2[s]![i]!.push(o.r2));
    });
  }
  return sizes.map((trainSize, s) => ({
    trainSize,
    perRegressor: regressors.map((name, i) => ({ name, r2BySplit: r2[s]![i]!, summary: summarize(r2[s]![i]!) })),
  }));
}
