/**
 * Random forest regression with scikit-learn RandomForestRegressor's defaults: 100 trees, each on a bootstrap
 * sample (n draws with replacement, given to the tree as per-row counts), all features considered at every split
 * (max_features = 1.0), fully grown CART trees; prediction is the trees' mean, importances the mean of the trees'
 * normalised impurity decreases (trees that are a single leaf left out), normalised again.
 *
 * Why our own CART rather than ml-random-forest: that library samples a subset of features per tree (not per split,
 * and never "all features" with bootstrap counts as weights), splits on ml-cart's Gini/regression rules and has no
 * impurity-based importances, so it cannot show sklearn's behaviour.
 */
import type { SeededRandom } from "../../random/seeded-random";
import { DecisionTree, SortedColumns, type TreeOptions } from "./decision-tree";
import { averageImportances, checkTrainingSet, type FeatureMatrix, type FittedRegressor } from "./regressor";

/** Forest size and tree limits (sklearn's defaults: 100 trees, unlimited depth). */
export interface RandomForestOptions extends TreeOptions {
  trees?: number;
}

/** A fitted random forest. */
export class RandomForest implements FittedRegressor {
  private constructor(
    readonly trees: DecisionTree[],
    readonly importances: number[],
  ) {}

  /** Fit with bootstrap samples and tree tie-breaking drawn from `random` (one named sub-stream per tree). */
  static fit(
    x: FeatureMatrix,
    y: readonly number[],
    random: SeededRandom,
    options: RandomForestOptions = {},
  ): RandomForest {
    const width = checkTrainingSet(x, y);
    const count = options.trees ?? 100;
    const n = x.length;
    const trees: DecisionTree[] = [];
    const sorted = new SortedColumns(x);
    for (let t = 0; t < count; t++) {
      const stream = random.fork(`tree ${t}`);
      const counts = new Array<number>(n).fill(0);
      for (let draw = 0; draw < n; draw++) counts[stream.int(0, n - 1)]!++;
      trees.push(DecisionTree.fitSorted(sorted, y, stream, { ...options, weights: counts }));
    }
    const grown = trees.filter((tree) => tree.nodeCount > 1).map((tree) => tree.importances);
    return new RandomForest(trees, averageImportances(grown, width));
  }

  predict(x: FeatureMatrix): number[] {
    return x.map((row) => this.trees.reduce((acc, tree) => acc + tree.predictRow(row), 0) / this.trees.length);
  }
}
