/** What every regressor of the performance-prediction study offers. */

/** Rows × features, row-major. */
export type FeatureMatrix = readonly (readonly number[])[];

/** A fitted model: predicts targets and reports one importance per feature. */
export interface FittedRegressor {
  /** Predicted target per row. */
  predict(x: FeatureMatrix): number[];
  /** Per-feature importance (impurity decrease for trees, coefficients for linear models). */
  readonly importances: number[];
}

/** Check that a training set is a non-empty rectangular matrix with one target per row. */
export function checkTrainingSet(x: FeatureMatrix, y: readonly number[]): number {
  if (x.length === 0) throw new Error("cannot fit a regressor on zero rows");
  if (x.length !== y.length) throw new Error(`${x.length} feature rows but ${y.length} targets`);
  const width = x[0]!.length;
  if (width === 0) throw new Error("cannot fit a regressor on zero features");
  x.forEach((row, i) => {
    if (row.length !== width) throw new Error(`feature row ${i} has ${row.length} values, expected ${width}`);
  });
  return width;
}

/** Weighted mean of per-estimator importance vectors, optionally renormalised to sum 1 (as the forest does). */
export function averageImportances(
  vectors: readonly (readonly number[])[],
  width: number,
  weights?: readonly number[],
  renormalise = true,
): number[] {
  const sum = new Array<number>(width).fill(0);
  let totalWeight = 0;
  vectors.forEach((vector, t) => {
    const weight = weights ? weights[t]! : 1;
    totalWeight += weight;
    for (let f = 0; f < width; f++) sum[f]! += weight * vector[f]!;
  });
  if (totalWeight === 0) return sum;
  const mean = sum.map((v) => v / totalWeight);
  const total = mean.reduce((a, b) => a + b, 0);
  return renormalise && total > 0 ? mean.map((v) => v / total) : mean;
}
