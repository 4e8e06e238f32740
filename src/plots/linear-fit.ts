/** Least-squares line through points, with Pearson's r (for scatter plots with a fit line). */

/** y = slope·x + intercept, and the correlation of x and y. */
export interface LinearFit {
  readonly slope: number;
  readonly intercept: number;
  /** Pearson's correlation coefficient (NaN when x or y is constant). */
  readonly r: number;
  readonly n: number;
}

/** Ordinary least squares of y on x (throws on mismatched lengths, fewer than two points or constant x). */
export function linearFit(x: readonly number[], y: readonly number[]): LinearFit {
  if (x.length !== y.length) throw new Error(`linear fit: x has ${x.length} values but y has ${y.length}`);
  const n = x.length;
  if (n < 2) throw new Error(`linear fit: needs at least 2 points, got ${n}`);
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  // Centred sums: numerically stable for values far from 0.
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  if (sxx === 0) throw new Error("linear fit: all x values are equal");
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx, r: syy === 0 ? Number.NaN : sxy / Math.sqrt(sxx * syy), n };
}
