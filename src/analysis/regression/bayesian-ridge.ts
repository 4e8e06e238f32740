/**
 * Bayesian ridge regression exactly as scikit-learn 1.2's BayesianRidge (defaults): centre X and y, SVD of the
 * centred X, then MacKay's evidence updates of alpha (noise precision) and lambda (weight precision) until the
 * coefficients move less than tol (L1), at most 300 iterations; the final coef is recomputed with the last
 * alpha/lambda.
 */
import { Matrix, SingularValueDecomposition } from "ml-matrix";
import { checkTrainingSet, type FeatureMatrix, type FittedRegressor } from "./regressor";

/** sklearn's hyper-parameters (all defaults of BayesianRidge in 1.2). */
export interface BayesianRidgeOptions {
  maxIter?: number;
  tol?: number;
  alpha1?: number;
  alpha2?: number;
  lambda1?: number;
  lambda2?: number;
  alphaInit?: number;
  lambdaInit?: number;
}

/** A fitted Bayesian ridge model; `importances` are its coefficients. */
export class BayesianRidge implements FittedRegressor {
  private constructor(
    readonly coef: number[],
    readonly intercept: number,
    readonly alpha: number,
    readonly lambda: number,
    readonly iterations: number,
  ) {}

  get importances(): number[] {
    return this.coef;
  }

  /** Fit on rows × features and targets with sklearn's algorithm. */
  static fit(x: FeatureMatrix, y: readonly number[], options: BayesianRidgeOptions = {}): BayesianRidge {
    const width = checkTrainingSet(x, y);
    const maxIter = options.maxIter ?? 300;
    const tol = options.tol ?? 1e-3;
    const alpha1 = options.alpha1 ?? 1e-6;
    const alpha2 = options.alpha2 ?? 1e-6;
    const lambda1 = options.lambda1 ?? 1e-6;
    const lambda2 = options.lambda2 ?? 1e-6;
    const n = x.length;

    // fit_intercept: centre features and target (sklearn's _preprocess_data without scaling).
    const xOffset = new Array<number>(width).fill(0);
    for (const row of x) for (let j = 0; j < width; j++) xOffset[j]! += row[j]!;
    for (let j = 0; j < width; j++) xOffset[j]! /= n;
    const yOffset = y.reduce((a, b) => a + b, 0) / n;
    const xc = new Matrix(x.map((row) => row.map((v, j) => v - xOffset[j]!)));
    const yc = y.map((v) => v - yOffset);

    const variance = yc.reduce((a, v) => a + v * v, 0) / n;
    let alpha = options.alphaInit ?? 1 / (variance + Number.EPSILON);
    let lambda = options.lambdaInit ?? 1;

    const svd = new SingularValueDecomposition(xc, { autoTranspose: true });
    const k = Math.min(n, width);
    const eigen = svd.diagonal.slice(0, k).map((s) => s * s);
    const v = svd.rightSingularVectors; // width × k (columns are Vh's rows)
    const u = svd.leftSingularVectors; // n × k
    const xtY = new Array<number>(width).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < width; j++) xtY[j]! += xc.get(i, j) * yc[i]!;

    /** Posterior mean and residual sum of squares for given alpha, lambda (sklearn's _update_coef_). */
    const updateCoef = (a: number, l: number): { coef: number[]; rmse: number } => {
      const coef = new Array<number>(width).fill(0);
      if (n > width) {
        // coef = V diag(1 / (eig + l/a)) Vh X^T y
        for (let c = 0; c < k; c++) {
          let projection = 0;
          for (let j = 0; j < width; j++) projection += v.get(j, c) * xtY[j]!;
          projection /= eigen[c]! + l / a;
          for (let j = 0; j < width; j++) coef[j]! += v.get(j, c) * projection;
        }
      } else {
        // coef = X^T U diag(1 / (eig + l/a)) U^T y
        const weights = new Array<number>(n).fill(0);
        for (let c = 0; c < k; c++) {
          let projection = 0;
          for (let i = 0; i < n; i++) projection += u.get(i, c) * yc[i]!;
          projection /= eigen[c]! + l / a;
          for (let i = 0; i < n; i++) weights[i]! += u.get(i, c) * projection;
        }
        for (let i = 0; i < n; i++) for (let j = 0; j < width; j++) coef[j]! += xc.get(i, j) * weights[i]!;
      }
      let rmse = 0;
      for (let i = 0; i < n; i++) {
        let fitted = 0;
        for (let j = 0; j < width; j++) fitted += xc.get(i, j) * coef[j]!;
        rmse += (yc[i]! - fitted) ** 2;
      }
      return { coef, rmse };
    };

    let previous: number[] | null = null;
    let iterations = 0;
    for (let iter = 0; iter < maxIter; iter++) {
      iterations = iter + 1;
      const { coef, rmse } = updateCoef(alpha, lambda);
      let gamma = 0;
      for (const e of eigen) gamma += (alpha * e) / (lambda + alpha * e);
      const coefSq = coef.reduce((acc, c) => acc + c * c, 0);
      lambda = (gamma + 2 * lambda1) / (coefSq + 2 * lambda2);
      alpha = (n - gamma + 2 * alpha1) / (rmse + 2 * alpha2);
      if (previous !== null) {
        let change = 0;
        for (let j = 0; j < width; j++) change += Math.abs(previous[j]! - coef[j]!);
        if (change < tol) break;
      }
      previous = coef;
    }
    const { coef } = updateCoef(alpha, lambda);
    const intercept = yOffset - coef.reduce((acc, c, j) => acc + c * xOffset[j]!, 0);
    return new BayesianRidge(coef, intercept, alpha, lambda, iterations);
  }

  predict(x: FeatureMatrix): number[] {
    return x.map((row) => row.reduce((acc, value, j) => acc + value * this.coef[j]!, this.intercept));
  }
}
