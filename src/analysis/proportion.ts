/**
 * A share of successes among independent trials, with score intervals that stay inside [0, 1] and behave at 0 and n
 * successes (where the Wald interval p ± z·√(p(1−p)/n) collapses to a point): Wilson's interval for one share and
 * Newcombe's hybrid score interval for a difference of two (Newcombe 1998, "Interval estimation for the difference
 * between independent proportions", method 10); and the Mantel–Haenszel difference over strata, with Sato's (1989)
 * variance, which holds for many small strata as well as for a few large ones.
 */
import { NORMAL_975 } from "./statistics";

/** A share of successes with its Wilson 95% interval. */
export interface Proportion {
  successes: number;
  n: number;
  /** successes / n (NaN for n = 0). */
  rate: number;
  ci95: [number, number];
}

/** Wilson's 95% score interval of a share of `successes` in `n` trials ([NaN, NaN] for n = 0). */
export function wilsonInterval(successes: number, n: number): [number, number] {
  if (!(Number.isInteger(successes) && Number.isInteger(n) && successes >= 0 && successes <= n))
    throw new Error(`proportion: need integers 0 ≤ successes ≤ n, got ${successes} of ${n}`);
  if (n === 0) return [NaN, NaN];
  const p = successes / n;
  const z2 = NORMAL_975 * NORMAL_975;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (NORMAL_975 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  // The interval holds 0 at 0 successes and 1 at n exactly; rounding must not move the ends past them.
  return [successes === 0 ? 0 : centre - half, successes === n ? 1 : centre + half];
}

/** The share of successes among `n` trials with its Wilson interval. */
export function proportion(successes: number, n: number): Proportion {
  return { successes, n, rate: n === 0 ? NaN : successes / n, ci95: wilsonInterval(successes, n) };
}

/** The share of `values` for which `test` holds. */
export function proportionOf<T>(values: readonly T[], test: (value: T) => boolean): Proportion {
  return proportion(values.filter(test).length, values.length);
}

const percent = (share: number) => (share * 100).toFixed(0);

/** "83% [44, 97] (5 of 6)": the share in percent, its Wilson interval and the counts ("–" without trials). */
export function formatProportion(share: Proportion): string {
  if (share.n === 0) return "–";
  return (
    `${percent(share.rate)}% [${percent(share.ci95[0])}, ` +
    `${percent(share.ci95[1])}] (${share.successes} of ${share.n})`
  );
}

/** A difference of two shares, a − b, with Newcombe's hybrid score 95% interval. */
export interface ProportionDifference {
  difference: number;
  ci95: [number, number];
}

/** a − b with Newcombe's interval, built from the two Wilson intervals (NaN when either share has no trials). */
export function proportionDifference(a: Proportion, b: Proportion): ProportionDifference {
  const difference = a.rate - b.rate;
  if (a.n === 0 || b.n === 0) return { difference, ci95: [NaN, NaN] };
  const [l1, u1] = a.ci95;
  const [l2, u2] = b.ci95;
  return {
    difference,
    ci95: [difference - Math.hypot(a.rate - l1, u2 - b.rate), difference + Math.hypot(u1 - a.rate, b.rate - l2)],
  };
}

/** One stratum of a stratified comparison: the two shares compared within it. */
export interface ProportionStratum {
  a: Proportion;
  b: Proportion;
}

/** A − b pooled over strata, with its 95% interval and the strata that entered it (both shares with trials). */
export interface StratifiedDifference extends ProportionDifference {
  strata: number;
}

/**
 * The Mantel–Haenszel difference a − b over strata: Σ (x_a n_b − x_b n_a)/N ÷ Σ n_a n_b / N, each stratum weighted by
 * n_a n_b / N, with Sato's variance (as Rothman, Greenland & Lash, "Modern Epidemiology", 3rd ed., give it) and a
 * normal 95% interval cut to [−1, 1]. One stratum gives the plain difference with the Wald variance. Strata without
 * trials on either side are left out; none left gives NaN.
 */
export function stratifiedDifference(strata: readonly ProportionStratum[]): StratifiedDifference {
  const used = strata.filter(({ a, b }) => a.n > 0 && b.n > 0);
  let numerator = 0;
  let weights = 0;
  let sumP = 0;
  let sumQ = 0;
  for (const { a, b } of used) {
    const [x1, n1, x0, n0] = [a.successes, a.n, b.successes, b.n];
    const total = n1 + n0;
    numerator += (x1 * n0 - x0 * n1) / total;
    weights += (n1 * n0) / total;
    sumP += (n1 * n1 * x0 - n0 * n0 * x1 + (n1 * n0 * (n0 - n1)) / 2) / (total * total);
    sumQ += (x1 * (n0 - x0) + x0 * (n1 - x1)) / (2 * total);
  }
  if (used.length === 0) return { difference: NaN, ci95: [NaN, NaN], strata: 0 };
  const difference = numerator / weights;
  const half = NORMAL_975 * Math.sqrt(Math.max(0, difference * sumP + sumQ) / (weights * weights));
  // A difference of shares lies in [−1, 1]; the normal interval need not.
  return {
    difference,
    ci95: [Math.max(-1, difference - half), Math.min(1, difference + half)],
    strata: used.length,
  };
}
