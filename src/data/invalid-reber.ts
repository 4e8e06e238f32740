/**
 * The thesis's two families of invalid strings (chapter 4). Both start from a walk through the
 * diagram, so they look like Reber strings, start with B and end with E, and differ only by
 * "slightly altered generation":
 *  - wrong branch: the walk emits the letter of the way it did NOT take at a fork (T where P
 *    belongs, …) and carries on along the way it did take; Reber letters only.
 *  - relabelled: the walk's letters T, P, S, X, V are renamed by a random one-to-one map into A–Z
 *    (drawn per string; B and E keep their names).
 * Every candidate is checked by the validator and redrawn if it happens to be valid.
 */
import type { SeededRandom } from "../random/seeded-random";
import { ANY_LENGTH, CoinFlips, isValidReber, walkReberInRange, type LengthRange } from "./reber-grammar";

/** How an invalid string was made. */
export type InvalidFamily = "wrong-branch" | "relabelled";

/**
 * Which fork the wrong-branch family corrupts. "first": the fork right after B (T↔P), as in all five
 * of the thesis's invalid examples; "any": a fork chosen uniformly along the walk.
 */
export type WrongBranchSite = "first" | "any";

/** The letters a relabelling renames (B and E stay, so the string still starts with B and ends with E). */
const RELABELLED_LETTERS = ["P", "S", "T", "V", "X"] as const;
const LATIN_CAPITALS: readonly string[] = Array.from({ length: 26 }, (_, i) => String.fromCharCode(65 + i));

/** Give up after this many valid candidates in a row (cannot happen with the real grammar; guards misuse). */
const MAX_REDRAWS = 10_000;

/** Draw candidates until one is invalid. */
function firstInvalid(what: string, candidate: () => string): string {
  for (let attempt = 0; attempt < MAX_REDRAWS; attempt++) {
    const s = candidate();
    if (!isValidReber(s)) return s;
  }
  throw new Error(`${what}: ${MAX_REDRAWS} candidates in a row were valid Reber strings`);
}

/** Coerce the caller's stream to a coin source (a `CoinFlips` is reused so millions of draws stay cheap). */
function coinsOf(rng: SeededRandom | CoinFlips): CoinFlips {
  return rng instanceof CoinFlips ? rng : new CoinFlips(rng);
}

/** An invalid string of the wrong-branch family: one fork emits the other way's letter. */
export function generateWrongBranchReber(
  rng: SeededRandom | CoinFlips,
  options: { lengths?: LengthRange; site?: WrongBranchSite; pick?: SeededRandom } = {},
): string {
  const coins = coinsOf(rng);
  const site = options.site ?? "first";
  if (site === "any" && !options.pick) throw new Error('generateWrongBranchReber: site "any" needs a `pick` stream');
  return firstInvalid("wrong-branch family", () => {
    const walk = walkReberInRange(coins, options.lengths ?? ANY_LENGTH);
    const k = site === "first" ? 0 : options.pick!.int(0, walk.branchPositions.length - 1);
    const at = walk.branchPositions[k]!;
    return walk.string.slice(0, at) + walk.alternatives[k]! + walk.string.slice(at + 1);
  });
}

/** A random one-to-one renaming of T, P, S, X, V into A–Z. */
export function randomRelabelling(rng: SeededRandom): Map<string, string> {
  // A partial Fisher–Yates shuffle: the first five slots are a uniform draw without replacement.
  const targets = [...LATIN_CAPITALS];
  return new Map(
    RELABELLED_LETTERS.map((letter, i) => {
      const j = rng.int(i, targets.length - 1);
      [targets[i], targets[j]] = [targets[j]!, targets[i]!];
      return [letter, targets[i]!];
    }),
  );
}

/** An invalid string of the relabelled family: a walk whose letters are renamed by a random map. */
export function generateRelabelledReber(
  rng: SeededRandom,
  options: { lengths?: LengthRange; coins?: CoinFlips } = {},
): string {
  const coins = options.coins ?? new CoinFlips(rng);
  return firstInvalid("relabelled family", () => {
    const walk = walkReberInRange(coins, options.lengths ?? ANY_LENGTH).string;
    const map = randomRelabelling(rng);
    let s = "";
    for (const c of walk) s += map.get(c) ?? c;
    return s;
  });
}

/** An invalid string of the given family. */
export function generateInvalidReber(rng: SeededRandom, family: InvalidFamily, lengths: LengthRange = ANY_LENGTH): string {
  return family === "wrong-branch"
    ? generateWrongBranchReber(rng, { lengths, site: "first" })
    : generateRelabelledReber(rng, { lengths });
}
