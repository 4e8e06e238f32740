/**
 * The thesis's families of invalid strings (chapter 4). All start from a walk through the diagram, so they look like
 * Reber strings, start with B and end with E, and differ only by "slightly altered generation":
 *  - wrong branch: the walk emits the letter of the way it did NOT take at the first fork (T where P belongs, or P
 *    where T belongs) and carries on along the way it did take; Reber letters only. This is the family of all five
 *    invalid examples the thesis prints.
 *  - mislabelled: the walk runs through the diagram, but its inner edges carry other Reber letters — a random
 *    labelling of the ten edges between B and E, drawn per string — so the letters no longer say which way the walk
 *    went (e.g. BTSSSSXPTTVXPTTVSE). The thesis's own data shows this kind to be most of its Reber-letter invalid
 *    strings, first-fork swaps only about a quarter of them; most such strings hold a bigram the diagram forbids.
 *  - relabelled: the walk's letters T, P, S, X, V are renamed by a random one-to-one map into A–Z (drawn per string;
 *    B and E keep their names).
 * Every candidate is checked by the validator and redrawn if it happens to be valid.
 */
import type { SeededRandom } from "../random/seeded-random";
import {
  ANY_LENGTH,
  CoinFlips,
  isValidReber,
  REBER_GRAMMAR,
  walkReberInRange,
  type LengthRange,
} from "./reber-grammar";

/** How an invalid string was made. */
export type InvalidFamily = "wrong-branch" | "mislabelled" | "relabelled";

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

/** The diagram's inner edges (all but B and E), as "<state><letter>" keys. */
const INNER_EDGES: readonly string[] = REBER_GRAMMAR.transitions
  .filter((t) => t.symbol !== "B" && t.symbol !== "E")
  .map((t) => `${t.from}${t.symbol}`);
const NEXT_STATE = new Map(REBER_GRAMMAR.transitions.map((t) => [`${t.from}${t.symbol}`, t.to]));

/**
 * A random labelling of the diagram's ten inner edges, each edge an independent uniform draw from the Reber letters.
 */
export function randomEdgeLabelling(rng: SeededRandom): Map<string, string> {
  return new Map(INNER_EDGES.map((edge) => [edge, RELABELLED_LETTERS[rng.int(0, RELABELLED_LETTERS.length - 1)]!]));
}

/** The string a valid walk `walk` spells when the diagram's inner edges carry `labels` (from `randomEdgeLabelling`). */
export function spellWithLabels(walk: string, labels: ReadonlyMap<string, string>): string {
  let state: number = REBER_GRAMMAR.start;
  let out = "";
  for (const c of walk) {
    const edge = `${state}${c}`;
    out += labels.get(edge) ?? c;
    const next = NEXT_STATE.get(edge);
    if (next === undefined)
      throw new Error(`spellWithLabels: "${walk}" is not a walk of the diagram (no edge ${c} from state ${state})`);
    state = next;
  }
  return out;
}

/**
 * An invalid string of the mislabelled family: a walk spelled with a random labelling of the diagram's edges.
 * With `usedWalks`, walks already in the set are skipped (and the one used is added), so that a data set's
 * mislabelled strings come from distinct walks and share the valid strings' length distribution, as the thesis's do.
 */
export function generateMislabelledReber(
  rng: SeededRandom,
  options: { lengths?: LengthRange; coins?: CoinFlips; usedWalks?: Set<string> } = {},
): string {
  const coins = options.coins ?? new CoinFlips(rng);
  const used = options.usedWalks;
  const freshWalk = (): string => {
    for (let attempt = 0; attempt < MAX_REDRAWS * 100; attempt++) {
      const walk = walkReberInRange(coins, options.lengths ?? ANY_LENGTH).string;
      if (!used) return walk;
      if (used.has(walk)) continue;
      used.add(walk);
      return walk;
    }
    throw new Error(
      `mislabelled family: ${MAX_REDRAWS * 100} walks in a row were already used; the length range is too narrow`,
    );
  };
  return firstInvalid("mislabelled family", () => spellWithLabels(freshWalk(), randomEdgeLabelling(rng)));
}

/** An invalid string of the given family. */
export function generateInvalidReber(
  rng: SeededRandom,
  family: InvalidFamily,
  lengths: LengthRange = ANY_LENGTH,
): string {
  if (family === "wrong-branch") return generateWrongBranchReber(rng, { lengths, site: "first" });
  if (family === "mislabelled") return generateMislabelledReber(rng, { lengths });
  return generateRelabelledReber(rng, { lengths });
}
