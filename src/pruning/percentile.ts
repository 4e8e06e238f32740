/** numpy's default percentile ("linear" method), the rule the thesis used to set its pruning thresholds. */

/**
 * The p-th percentile of the values with linear interpolation between order statistics,
 * exactly as `numpy.percentile(values, p)` (method="linear"): rank = p/100·(n−1), then
 * numpy's lerp, which interpolates from the nearer end so p = 100 returns the maximum exactly.
 */
export function percentile(values: ArrayLike<number>, p: number): number {
  if (!(p >= 0 && p <= 100)) throw new Error(`percentile must be within [0, 100], got ${p}`);
  const n = values.length;
  if (n === 0) throw new Error("percentile of an empty set of values");
  const sorted = Float64Array.from(values).sort();
  const rank = (p / 100) * (n - 1);
  const below = Math.floor(rank);
  const above = Math.min(below + 1, n - 1);
  const fraction = rank - below;
  const low = sorted[below]!;
  const high = sorted[above]!;
  const difference = high - low;
  // numpy._lerp: a + (b−a)·t, but b − (b−a)·(1−t) when t ≥ 0.5 (keeps the result monotone and exact at the ends).
  return fraction >= 0.5 ? high - difference * (1 - fraction) : low + difference * fraction;
}
