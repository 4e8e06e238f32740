/**
 * AdaBoost.R2 (Drucker 1997) as scikit-learn 1.2's AdaBoostRegressor with its defaults: 50 rounds of
 * DecisionTreeRegressor(max_depth=3), each fitted on a weighted bootstrap sample of the training rows, linear loss,
 * learning rate 1. A round whose weighted loss is 0 ends boosting (weight 1); a round with loss >= 0.5 is discarded
 * (unless it is the only one) and ends boosting. Prediction is the weighted median of the trees; importances are the
 * estimator-weighted mean of the trees' importances.
 */
import type { SeededRandom } from "../../random/seeded-random";
import { DecisionTree, SortedColumns } from "./decision-tree";
import { averageImportances, checkTrainingSet, type FeatureMatrix, type FittedRegressor } from "./regressor";

/** Boosting parameters (sklearn's defaults: 50 estimators, learning rate 1, base trees of depth 3). */
export interface AdaBoostOptions {
  estimators?: number;
  learningRate?: number;
  maxDepth?: number;
}

/** Index of the first cumulative weight strictly above u (numpy's searchsorted side='right' on the CDF). */
function searchRight(cdf: Float64Array, u: number): number {
  let lo = 0;
  let hi = cdf.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cdf[mid]! <= u) lo = mid + 1;
    else hi = mid;
  }
  return Math.min(lo, cdf.length - 1);
}

/** A fitted AdaBoost.R2 ensemble. */
export class AdaBoost implements FittedRegressor {
  private constructor(
    readonly trees: DecisionTree[],
    readonly weights: number[],
    readonly errors: number[],
    readonly importances: number[],
  ) {}

  /** Fit with weighted bootstrap sampling and tree tie-breaking drawn from `random`. */
  static fit(x: FeatureMatrix, y: readonly number[], random: SeededRandom, options: AdaBoostOptions = {}): AdaBoost {
    const width = checkTrainingSet(x, y);
    const rounds = options.estimators ?? 50;
    const learningRate = options.learningRate ?? 1;
    const maxDepth = options.maxDepth ?? 3;
    const n = x.length;
    let sampleWeight = new Float64Array(n).fill(1 / n);
    const trees: DecisionTree[] = [];
    const weights: number[] = [];
    const errors: number[] = [];
    const cdf = new Float64Array(n);
    const sorted = new SortedColumns(x);
    for (let round = 0; round < rounds; round++) {
      // sklearn clips tiny weights to machine epsilon so every row stays drawable.
      for (let i = 0; i < n; i++) sampleWeight[i] = Math.max(sampleWeight[i]!, Number.EPSILON);
      const stream = random.fork(`round ${round}`);
      let running = 0;
      for (let i = 0; i < n; i++) cdf[i] = running += sampleWeight[i]!;
      const counts = new Array<number>(n).fill(0);
      for (let draw = 0; draw < n; draw++) counts[searchRight(cdf, stream.random() * running)]!++;
      const tree = DecisionTree.fitSorted(sorted, y, stream, { maxDepth, weights: counts });
      trees.push(tree);

      const errorVector = x.map((row, i) => Math.abs(tree.predictRow(row) - y[i]!));
      const maxError = Math.max(...errorVector);
      if (maxError !== 0) for (let i = 0; i < n; i++) errorVector[i]! /= maxError;
      const loss = errorVector.reduce((acc, e, i) => acc + sampleWeight[i]! * e, 0);
      if (loss <= 0) {
        weights.push(1);
        errors.push(0);
        break; // a perfect fit ends boosting
      }
      if (loss >= 0.5) {
        if (trees.length > 1) trees.pop();
        else {
          weights.push(0);
          errors.push(loss);
        }
        break;
      }
      const beta = loss / (1 - loss);
      weights.push(learningRate * Math.log(1 / beta));
      errors.push(loss);
      if (round === rounds - 1) break;
      const next = Float64Array.from(
        sampleWeight,
        (wi, i) => wi * Math.pow(beta, (1 - errorVector[i]!) * learningRate),
      );
      const total = next.reduce((a, b) => a + b, 0);
      if (!Number.isFinite(total) || total <= 0) break;
      sampleWeight = next.map((wi) => wi / total);
    }
    const importances = averageImportances(
      trees.map((t) => t.importances),
      width,
      weights,
      false,
    );
    return new AdaBoost(trees, weights, errors, importances);
  }

  /** Weighted median of the trees' predictions (sklearn's _get_median_predict). */
  predict(x: FeatureMatrix): number[] {
    return x.map((row) => {
      const predictions = this.trees.map((tree) => tree.predictRow(row));
      const order = predictions.map((_, t) => t).sort((a, b) => predictions[a]! - predictions[b]! || a - b);
      const cumulative: number[] = [];
      let running = 0;
      for (const t of order) cumulative.push((running += this.weights[t]!));
      const half = 0.5 * running;
      const median = cumulative.findIndex((c) => c >= half);
      return predictions[order[median]!]!;
    });
  }
}
