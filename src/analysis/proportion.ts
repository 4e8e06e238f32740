/**
 * A share of successes among independent trials, with score intervals that stay inside [0, 1] and behave at 0 and n
 * successes (where the Wald interval p ± z·√(p(1−p)/n) collapses to a point): Wilson's interval for one share and
 * Newcombe's hybrid score interval for a difference of two (Newcombe 1998, "Interval estimation for the difference
 * between independent proportions", method 10).
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
  return `${percent(share.rate)}% [${percent(share.ci95[0])}, ${percent(share.ci95[1])}] (${share.successes} of ${share.n})`;
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
