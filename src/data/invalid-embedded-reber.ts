/**
 * Families of invalid embedded Reber strings. One needs memory, the others are local defects like the thesis's:
 *  - closing-mismatch (the long-range family): a valid Reber string between B T … P E or B P … T E. The only defect
 *    is that the closing T/P differs from the opening one, so only a network that carried the opening symbol across
 *    the inner string can reject it;
 *  - outer-symbol: a valid embedded string with one outer symbol (the first B, the opening T/P, the closing T/P or
 *    the last E) deleted or replaced by another Reber letter; an opening or closing T/P is never replaced by the other
 *    one, since that is the closing-mismatch family;
 *  - inner-wrong-branch, inner-mislabelled, inner-relabelled: the same T/P around an invalid Reber string of the
 *    thesis's families (`invalid-reber.ts`).
 * Each family's strings fail `checkEmbeddedReber` with the defect `EMBEDDED_FAMILY_DEFECT` names.
 */
import type { SeededRandom } from "../random/seeded-random";
import {
  drawOuterSymbol,
  embedReber,
  EMBEDDED_OUTER_SYMBOLS,
  otherOuterSymbol,
  generateValidEmbeddedReber,
  type EmbeddedReberDefect,
} from "./embedded-reber-grammar";
import {
  generateMislabelledReber,
  generateRelabelledReber,
  generateWrongBranchReber,
  type InvalidFamily,
} from "./invalid-reber";
import { ANY_LENGTH, CoinFlips, generateValidReber, REBER_GRAMMAR, type LengthRange } from "./reber-grammar";

/** How an invalid embedded string was made. */
export type EmbeddedInvalidFamily =
  "closing-mismatch" | "outer-symbol" | "inner-wrong-branch" | "inner-mislabelled" | "inner-relabelled";

/** The defect the validator finds in each family's strings. */
export const EMBEDDED_FAMILY_DEFECT: Readonly<Record<EmbeddedInvalidFamily, EmbeddedReberDefect>> = Object.freeze({
  "closing-mismatch": "closing-mismatch",
  "outer-symbol": "outer-symbol",
  "inner-wrong-branch": "inner-string",
  "inner-mislabelled": "inner-string",
  "inner-relabelled": "inner-string",
});

/** The thesis family each inner-* family puts between the outer symbols. */
export const INNER_FAMILY: Readonly<Partial<Record<EmbeddedInvalidFamily, InvalidFamily>>> = Object.freeze({
  "inner-wrong-branch": "wrong-branch",
  "inner-mislabelled": "mislabelled",
  "inner-relabelled": "relabelled",
});

/** Options shared by the generators. */
export interface EmbeddedInvalidOptions {
  /** Allowed lengths of the inner Reber string, B and E included (default: any). */
  innerLengths?: LengthRange;
  /** Coin source for the walks and the outer symbol (default: one drawn from `rng`; pass one to reuse it). */
  coins?: CoinFlips;
}

/** A string of the closing-mismatch family: a valid inner string, closed by the other T/P than it was opened with. */
export function generateClosingMismatchReber(
  rng: SeededRandom | CoinFlips,
  innerLengths: LengthRange = ANY_LENGTH,
): string {
  const coins = rng instanceof CoinFlips ? rng : new CoinFlips(rng);
  const outer = drawOuterSymbol(coins);
  return embedReber(generateValidReber(coins, innerLengths), outer, otherOuterSymbol(outer));
}

/** What `breakOuterSymbol` did: the index of the outer symbol it touched and the letter put there (null: deleted). */
export interface OuterSymbolEdit {
  readonly position: number;
  readonly replacement: string | null;
}

/** Letters that may replace the outer symbol at `position` of an `n`-letter valid string (never T/P for T/P). */
function replacementsAt(valid: string, position: number): string[] {
  const outerSymbol = position === 1 || position === valid.length - 2;
  const forbidden: readonly string[] = outerSymbol ? EMBEDDED_OUTER_SYMBOLS : [valid[position]!];
  return REBER_GRAMMAR.alphabet.filter((letter) => !forbidden.includes(letter));
}

/** Delete or replace (even odds) one of the four outer symbols of the valid embedded string `valid`. */
export function breakOuterSymbol(valid: string, rng: SeededRandom): { string: string; edit: OuterSymbolEdit } {
  const n = valid.length;
  const position = rng.choice([0, 1, n - 2, n - 1]);
  const replacement = rng.int(0, 1) === 0 ? null : rng.choice(replacementsAt(valid, position));
  return {
    string: valid.slice(0, position) + (replacement ?? "") + valid.slice(position + 1),
    edit: { position, replacement },
  };
}

/** A string of the outer-symbol family: a valid embedded string with one outer symbol deleted or replaced. */
export function generateOuterSymbolReber(rng: SeededRandom, options: EmbeddedInvalidOptions = {}): string {
  const valid = generateValidEmbeddedReber(options.coins ?? new CoinFlips(rng), options.innerLengths);
  return breakOuterSymbol(valid, rng).string;
}

/**
 * A string of an inner-* family: the same T/P around an invalid Reber string of the thesis family `family`.
 * `usedWalks` is passed to the mislabelled family (distinct walks, see `generateMislabelledReber`).
 */
export function generateInnerDefectReber(
  rng: SeededRandom,
  family: InvalidFamily,
  options: EmbeddedInvalidOptions & { usedWalks?: Set<string> } = {},
): string {
  const coins = options.coins ?? new CoinFlips(rng);
  const lengths = options.innerLengths ?? ANY_LENGTH;
  const outer = drawOuterSymbol(coins);
  let inner: string;
  if (family === "wrong-branch") inner = generateWrongBranchReber(coins, { lengths, site: "first" });
  else if (family === "mislabelled")
    inner = generateMislabelledReber(rng, { lengths, coins, usedWalks: options.usedWalks });
  else inner = generateRelabelledReber(rng, { lengths, coins });
  return embedReber(inner, outer);
}

/** An invalid embedded string of the given family. */
export function generateInvalidEmbeddedReber(
  rng: SeededRandom,
  family: EmbeddedInvalidFamily,
  options: EmbeddedInvalidOptions & { usedWalks?: Set<string> } = {},
): string {
  if (family === "closing-mismatch") return generateClosingMismatchReber(options.coins ?? rng, options.innerLengths);
  if (family === "outer-symbol") return generateOuterSymbolReber(rng, options);
  return generateInnerDefectReber(rng, INNER_FAMILY[family]!, options);
}
