/**
 * Scores and summary statistics: R² (sklearn r2_score), Pearson correlation, mean/sd and t-based confidence intervals.
 * The Student-t distribution is our own (about 70 lines) and checked against a table of scipy's values
 * (test/analysis/fixtures/student-t.json); environment.md says why it is not @stdlib's.
 */

/**
 * Coefficient of determination as sklearn's r2_score (1 for a perfect fit of a constant target, else 0 when it is
 * constant).
 */
export function r2Score(truth: readonly number[], predicted: readonly number[]): number {
  if (truth.length !== predicted.length)
    throw new Error(`r2: ${truth.length} targets but ${predicted.length} predictions`);
  if (truth.length < 2) return NaN;
  const mean = truth.reduce((a, b) => a + b, 0) / truth.length;
  let residual = 0;
  let total = 0;
  for (let i = 0; i < truth.length; i++) {
    residual += (truth[i]! - predicted[i]!) ** 2;
    total += (truth[i]! - mean) ** 2;
  }
  if (total === 0) return residual === 0 ? 1 : 0;
  return 1 - residual / total;
}

/** Pearson's correlation coefficient (NaN when either series is constant). */
export function pearson(x: readonly number[], y: readonly number[]): number {
  if (x.length !== y.length) throw new Error(`pearson: series of lengths ${x.length} and ${y.length}`);
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return NaN;
  return sxy / Math.sqrt(sxx * syy);
}

/** The 97.5% quantile of the standard normal (two-sided 95% intervals). */
export const NORMAL_975 = 1.959963984540054;

/** The value at quantile q (0..1) of sorted values, linear interpolation as numpy's default. */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const position = q * (sorted.length - 1);
  const lo = Math.floor(position);
  const hi = Math.ceil(position);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (position - lo);
}

/** Mean, sample standard deviation and the two-sided 95% t confidence interval of the mean. */
export interface Summary {
  n: number;
  mean: number;
  sd: number;
  ci95: [number, number];
}

/** Summarise repeated measurements (sd and interval are NaN for a single value). */
export function summarize(values: readonly number[]): Summary {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { n, mean, sd: NaN, ci95: [NaN, NaN] };
  const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1));
  const half = (studentTQuantile(0.975, n - 1) * sd) / Math.sqrt(n);
  return { n, mean, sd, ci95: [mean - half, mean + half] };
}

/** Coefficients of ln Γ's Lanczos series (Numerical Recipes, 3rd ed., `gammln`: γ = 671/128, 14 terms). */
const LANCZOS = [
  57.1562356658629235, -59.5979603554754912, 14.1360979747417471, -0.491913816097620199, 0.339946499848118887e-4,
  0.465236289270485756e-4, -0.983744753048795646e-4, 0.158088703224912494e-3, -0.210264441724104883e-3,
  0.217439618115212643e-3, -0.16431810653676389e-3, 0.844182239838527433e-4, -0.261908384015814087e-4,
  0.368991826595316234e-5,
];

/** ln Γ(x) for x > 0 (Lanczos, as Numerical Recipes' `gammln`; within 1e-15 of scipy's gammaln). */
function logGamma(x: number): number {
  let y = x;
  const t = x + 671 / 128;
  let series = 0.999999999999997092;
  for (const c of LANCZOS) series += c / ++y;
  return (x + 0.5) * Math.log(t) - t + Math.log((2.5066282746310005 * series) / x);
}

/** Continued fraction of the regularised incomplete beta function (modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return h;
}

/** Regularised incomplete beta I_x(a, b), given x and y = 1 − x (both exact: neither is 1 − the other rounded). */
function incompleteBeta(x: number, y: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (y <= 0) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(y));
  return x < (a + 1) / (a + b + 2)
    ? (front * betaContinuedFraction(a, b, x)) / a
    : 1 - (front * betaContinuedFraction(b, a, y)) / b;
}

/**
 * Cumulative distribution of Student's t with `df` degrees of freedom: the tail is I_x(df/2, 1/2) with
 * x = df/(df + t²), and 1 − x = t²/(df + t²) is computed as such, so t near 0 loses no digits.
 */
export function studentTCdf(t: number, df: number): number {
  const z = t * t;
  const tail = 0.5 * incompleteBeta(df / (df + z), z / (df + z), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/**
 * Quantile of Student's t: bisection on the lower tail (the upper one by symmetry, 1 − p being exact for p ≥ 0.5),
 * after doubling the bracket until it holds p, so far tails work too. Within 1e-10 relative of scipy's `t.ppf`
 * (test/analysis/student-t-reference.test.ts).
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) throw new Error(`t quantile needs 0 < p < 1 and df > 0, got p=${p}, df=${df}`);
  if (p > 0.5) return -studentTQuantile(1 - p, df);
  if (p === 0.5) return 0;
  let lo = -1;
  let hi = 0;
  while (studentTCdf(lo, df) > p) {
    hi = lo;
    lo *= 2;
  }
  for (let i = 0; i < 200 && hi - lo > 1e-15 * -lo; i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
