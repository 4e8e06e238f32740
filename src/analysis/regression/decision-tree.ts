/**
 * A CART regression tree with scikit-learn DecisionTreeRegressor's behaviour: squared-error criterion on weighted
 * samples, best split over all features (visited in a random order, so only ties depend on the seed), thresholds
 * half-way between neighbouring distinct values (x <= threshold goes left), min_samples_split / min_samples_leaf
 * counted in distinct samples, optional max_depth, and importances as normalised weighted impurity decrease.
 *
 * Like sklearn, features are compared as float32 (sklearn casts X to float32), thresholds kept as float64.
 *
 * Speed: each feature's sample order is sorted once at the root and partitioned stably at every split (presorting),
 * so a node costs O(samples × features) and a 180 × 23 tree takes well under a millisecond. An ensemble sorts its
 * matrix once (`SortedColumns`) and hands it to every tree, which keeps the rows of non-zero weight in that order.
 *
 * Layout: nodes live in flat arrays; `feature[i] < 0` marks a leaf whose prediction is `value[i]`.
 */
import type { SeededRandom } from "../../random/seeded-random";
import { checkTrainingSet, type FeatureMatrix, type FittedRegressor } from "./regressor";

/** Tree growth limits (sklearn's defaults: unlimited depth, 2, 1). */
export interface TreeOptions {
  maxDepth?: number;
  minSamplesSplit?: number;
  minSamplesLeaf?: number;
}

/** sklearn's FEATURE_THRESHOLD: values closer than this count as equal. */
const FEATURE_THRESHOLD = 1e-7;
/** sklearn's EPSILON (DBL_EPSILON): nodes at or below this impurity stay leaves. */
const EPSILON = Number.EPSILON;

/** A fitted regression tree. */
export class DecisionTree implements FittedRegressor {
  readonly feature: number[] = [];
  readonly threshold: number[] = [];
  readonly left: number[] = [];
  readonly right: number[] = [];
  readonly value: number[] = [];
  readonly importances: number[];

  private constructor(width: number) {
    this.importances = new Array<number>(width).fill(0);
  }

  /** Number of nodes (1 for a single leaf). */
  get nodeCount(): number {
    return this.value.length;
  }

  /**
   * Fit on rows × features with per-row weights (bootstrap counts or boosting weights; rows of weight 0 are left out).
   * `random` only orders the features at each node, which decides ties between equally good splits.
   */
  static fit(
    x: FeatureMatrix,
    y: readonly number[],
    random: SeededRandom,
    options: TreeOptions = {},
    weights?: readonly number[],
  ): DecisionTree {
    checkTrainingSet(x, y);
    return DecisionTree.fitSorted(new SortedColumns(x), y, random, { ...options, weights });
  }

  /** As `fit`, on a matrix already sorted by `SortedColumns` (an ensemble sorts once for all its trees). */
  static fitSorted(
    sorted: SortedColumns,
    y: readonly number[],
    random: SeededRandom,
    options: TreeOptions & { weights?: readonly number[] } = {},
  ): DecisionTree {
    if (y.length !== sorted.rows) throw new Error(`decision tree: ${sorted.rows} rows but ${y.length} targets`);
    const weights = options.weights ?? new Array<number>(sorted.rows).fill(1);
    const builder = new TreeBuilder(sorted, y, weights, random, options);
    const tree = new DecisionTree(sorted.width);
    builder.build(tree);
    return tree;
  }

  /** Predict one row. */
  predictRow(row: readonly number[]): number {
    let node = 0;
    while (this.feature[node]! >= 0) {
      node = Math.fround(row[this.feature[node]!]!) <= this.threshold[node]! ? this.left[node]! : this.right[node]!;
    }
    return this.value[node]!;
  }

  predict(x: FeatureMatrix): number[] {
    return x.map((row) => this.predictRow(row));
  }

  /** @internal Append a node and return its id. */
  addNode(value: number): number {
    this.feature.push(-1);
    this.threshold.push(NaN);
    this.left.push(-1);
    this.right.push(-1);
    this.value.push(value);
    return this.value.length - 1;
  }
}

/** A training matrix prepared once for many trees: its float32 columns and each column's rows in ascending order. */
export class SortedColumns {
  /** Each feature's values as float32 (sklearn casts X to float32), widened to float64. */
  readonly columns: Float64Array[];
  /** Per feature, every row index sorted by that feature's value, ties by row index. */
  readonly order: Int32Array[];
  readonly rows: number;
  readonly width: number;

  constructor(x: FeatureMatrix) {
    this.width = checkTrainingSet(x, new Array<number>(x.length)); // only the matrix is checked here
    this.rows = x.length;
    this.columns = Array.from({ length: this.width }, (_, f) => Float64Array.from(x, (row) => Math.fround(row[f]!)));
    const rows = Int32Array.from({ length: this.rows }, (_, i) => i);
    this.order = this.columns.map((column) => rows.slice().sort((a, b) => column[a]! - column[b]! || a - b));
  }
}

/** Best split found at a node. */
interface Split {
  feature: number;
  threshold: number;
  position: number;
}

/** Weighted count, mean and impurity (weighted variance) of a node's samples. */
interface NodeStats {
  weight: number;
  mean: number;
  impurity: number;
}

/** Grows one tree depth-first over presorted per-feature sample orders. */
class TreeBuilder {
  private readonly columns: readonly Float64Array[];
  private readonly y: Float64Array;
  private readonly w: Float64Array;
  /** w·y per row, the term every split scan adds up. */
  private readonly wy: Float64Array;
  /** order[f] holds the sample ids sorted by feature f; a node owns the same [start, end) range in every order. */
  private readonly order: Int32Array[];
  private readonly goesLeft: Uint8Array;
  private readonly buffer: Int32Array;
  private readonly maxDepth: number;
  private readonly minSamplesSplit: number;
  private readonly minSamplesLeaf: number;
  private readonly width: number;
  /** The features in visiting order, reshuffled at every node. */
  private readonly features: number[];
  private rootWeight = 0;

  constructor(
    sorted: SortedColumns,
    y: readonly number[],
    weights: readonly number[],
    private readonly random: SeededRandom,
    options: TreeOptions,
  ) {
    this.maxDepth = options.maxDepth ?? Infinity;
    this.minSamplesSplit = options.minSamplesSplit ?? 2;
    this.minSamplesLeaf = options.minSamplesLeaf ?? 1;
    const n = sorted.rows;
    this.width = sorted.width;
    this.columns = sorted.columns;
    this.features = new Array<number>(this.width);
    this.y = Float64Array.from(y);
    this.w = Float64Array.from(weights);
    this.wy = this.w.map((wi, i) => wi * this.y[i]!);
    if (this.w.length !== n) throw new Error(`decision tree: ${this.w.length} sample weights for ${n} rows`);
    let used = 0;
    for (let i = 0; i < n; i++) {
      if (this.w[i]! < 0 || !Number.isFinite(this.w[i]!)) throw new Error(`sample weight ${i} is ${this.w[i]}`);
      if (this.w[i]! > 0) used++;
    }
    if (used === 0) throw new Error("all sample weights are zero");
    // The rows in use, in each column's sorted order: the same as sorting them alone (ties go by row index either way).
    this.order = sorted.order.map((all) => {
      const kept = new Int32Array(used);
      let k = 0;
      for (let p = 0; p < n; p++) if (this.w[all[p]!]! > 0) kept[k++] = all[p]!;
      return kept;
    });
    this.goesLeft = new Uint8Array(n);
    this.buffer = new Int32Array(used);
  }

  build(tree: DecisionTree): void {
    const n = this.order[0]!.length;
    const root = this.stats(0, n);
    this.rootWeight = root.weight;
    this.grow(tree, 0, n, 0, root);
    const total = tree.importances.reduce((a, b) => a + b, 0);
    for (let f = 0; f < this.width; f++) {
      tree.importances[f] = total > 0 ? tree.importances[f]! / total : 0;
    }
  }

  /** Weighted count, mean and impurity (weighted variance) of a node's samples. */
  private stats(start: number, end: number): NodeStats {
    const ids = this.order[0]!;
    const { w, y, wy } = this;
    let weight = 0;
    let sum = 0;
    let sumSq = 0;
    for (let p = start; p < end; p++) {
      const i = ids[p]!;
      weight += w[i]!;
      sum += wy[i]!;
      sumSq += wy[i]! * y[i]!;
    }
    const mean = sum / weight;
    return { weight, mean, impurity: sumSq / weight - mean * mean };
  }

  /** Grow the subtree of samples [start, end), whose `stats` the caller has computed already. */
  private grow(tree: DecisionTree, start: number, end: number, depth: number, node: NodeStats): number {
    const id = tree.addNode(node.mean);
    const count = end - start;
    const isLeaf =
      depth >= this.maxDepth ||
      count < this.minSamplesSplit ||
      count < 2 * this.minSamplesLeaf ||
      node.impurity <= EPSILON;
    if (isLeaf) return id;
    const split = this.bestSplit(start, end);
    if (!split) return id;
    const middle = start + split.position;
    this.partition(start, end, split);
    const left = this.stats(start, middle);
    const right = this.stats(middle, end);
    const decrease = node.weight * node.impurity - left.weight * left.impurity - right.weight * right.impurity;
    if (decrease / this.rootWeight + EPSILON < 0) return id;
    tree.importances[split.feature]! += decrease;
    tree.feature[id] = split.feature;
    tree.threshold[id] = split.threshold;
    tree.left[id] = this.grow(tree, start, middle, depth + 1, left);
    tree.right[id] = this.grow(tree, middle, end, depth + 1, right);
    return id;
  }

  /** The split maximising sklearn's proxy sumL²/wL + sumR²/wR over all features (random visiting order breaks ties). */
  private bestSplit(start: number, end: number): Split | null {
    const features = this.features;
    for (let f = 0; f < this.width; f++) features[f] = f;
    this.random.shuffleInPlace(features); // as random.permutation(width), without a new array per node
    const count = end - start;
    let bestProxy = -Infinity;
    let bestFeature = -1;
    let bestPosition = 0;
    const { w, wy, minSamplesLeaf } = this;
    let totalSum = 0;
    let totalWeight = 0;
    const ids0 = this.order[0]!;
    for (let p = start; p < end; p++) {
      totalWeight += w[ids0[p]!]!;
      totalSum += wy[ids0[p]!]!;
    }
    for (const f of features) {
      const ids = this.order[f]!;
      const column = this.columns[f]!;
      if (column[ids[end - 1]!]! <= column[ids[start]!]! + FEATURE_THRESHOLD) continue; // constant here
      let leftSum = 0;
      let leftWeight = 0;
      for (let p = 1; p < count; p++) {
        const previous = ids[start + p - 1]!;
        leftWeight += w[previous]!;
        leftSum += wy[previous]!;
        const current = ids[start + p]!;
        if (column[current]! <= column[previous]! + FEATURE_THRESHOLD) continue;
        if (p < minSamplesLeaf || count - p < minSamplesLeaf) continue;
        const rightWeight = totalWeight - leftWeight;
        const rightSum = totalSum - leftSum;
        const proxy = (leftSum * leftSum) / leftWeight + (rightSum * rightSum) / rightWeight;
        if (proxy > bestProxy) {
          bestProxy = proxy;
          bestFeature = f;
          bestPosition = p;
        }
      }
    }
    if (bestFeature < 0) return null;
    // The threshold lies half-way between the last value going left and the first going right.
    const ids = this.order[bestFeature]!;
    const column = this.columns[bestFeature]!;
    const below = column[ids[start + bestPosition - 1]!]!;
    const above = column[ids[start + bestPosition]!]!;
    let threshold = below / 2 + above / 2;
    if (threshold === above || !Number.isFinite(threshold)) threshold = below;
    return { feature: bestFeature, threshold, position: bestPosition };
  }

  /** Stable partition of every feature's order so that the split's left samples come first. */
  private partition(start: number, end: number, split: Split): void {
    const chosen = this.order[split.feature]!;
    for (let p = start; p < end; p++) this.goesLeft[chosen[p]!] = p - start < split.position ? 1 : 0;
    for (let f = 0; f < this.width; f++) {
      if (f === split.feature) continue;
      const ids = this.order[f]!;
      let l = start;
      let r = 0;
      for (let p = start; p < end; p++) {
        const i = ids[p]!;
        if (this.goesLeft[i]) ids[l++] = i;
        else this.buffer[r++] = i;
      }
      ids.set(this.buffer.subarray(0, r), l);
    }
  }
}
