/**
 * The embedded Reber grammar (Hochreiter & Schmidhuber 1997): B, then T or P, then a whole Reber string with its own
 * B…E, then the same T or P again, then E (e.g. BTBTXSETE, BPBPVVEPE). A string's class depends on the first choice
 * being carried across the inner string, which a network can only do with memory; lengths are the inner string's + 4.
 */
import type { SeededRandom } from "../random/seeded-random";
import { ANY_LENGTH, checkReber, CoinFlips, generateValidReber, isValidReber, type LengthRange } from "./reber-grammar";

/** The two symbols that open the embedded string and must close it again. */
export const EMBEDDED_OUTER_SYMBOLS: readonly ["T", "P"] = Object.freeze(["T", "P"]) as readonly ["T", "P"];

/** One of the outer symbols. */
export type OuterSymbol = (typeof EMBEDDED_OUTER_SYMBOLS)[number];

/** The letters an embedded string adds around its inner string (B, T or P, then T or P, E). */
export const EMBEDDED_FRAME_LENGTH = 4;

/** The embedded string `B outer inner closing E`; `closing` defaults to `outer` (a valid string when `inner` is). */
export function embedReber(inner: string, outer: OuterSymbol, closing: OuterSymbol = outer): string {
  return `B${outer}${inner}${closing}E`;
}

/** The other outer symbol (T for P, P for T). */
export function otherOuterSymbol(symbol: OuterSymbol): OuterSymbol {
  return symbol === "T" ? "P" : "T";
}

/** A fair choice of the outer symbol. */
export function drawOuterSymbol(coins: CoinFlips): OuterSymbol {
  return EMBEDDED_OUTER_SYMBOLS[coins.flip()]!;
}

/**
 * A random valid embedded Reber string: a fair outer symbol around a valid Reber string whose length (B and E
 * included) lies in `innerLengths`; the embedded string is 4 letters longer.
 */
export function generateValidEmbeddedReber(
  rng: SeededRandom | CoinFlips,
  innerLengths: LengthRange = ANY_LENGTH,
): string {
  const coins = rng instanceof CoinFlips ? rng : new CoinFlips(rng);
  const outer = drawOuterSymbol(coins);
  return embedReber(generateValidReber(coins, innerLengths), outer);
}

/**
 * Why a string is not an embedded Reber string, read from its layout outer frame first:
 *  - "outer-symbol": the frame is broken: the first letter is not B, the second or the second-to-last not T or P,
 *    or the last not E (an outer symbol is wrong or missing, or the string is shorter than the frame);
 *  - "inner-string": the frame holds, but the letters between the outer T/P are not a Reber string;
 *  - "closing-mismatch": frame and inner string are right, but the closing T/P differs from the opening one: the
 *    long-range defect, told from a valid string only by remembering the second letter to the end.
 */
export type EmbeddedReberDefect = "outer-symbol" | "inner-string" | "closing-mismatch";

/** The validator's finding: the defect, where it is and what the grammar allowed there. */
export interface EmbeddedReberCheck {
  readonly valid: boolean;
  /** null when the string is valid. */
  readonly defect: EmbeddedReberDefect | null;
  /** Index of the offending letter (= length when the string stops too soon; = length when valid). */
  readonly position: number;
  /** Letters the grammar allows at `position` (empty when valid). */
  readonly expected: readonly string[];
}

const OUTER_CHOICES: readonly string[] = [...EMBEDDED_OUTER_SYMBOLS].sort();

/** Check `s` against the embedded grammar and, when it fails, say why (see `EmbeddedReberDefect`). */
export function checkEmbeddedReber(s: string): EmbeddedReberCheck {
  const n = s.length;
  const outer = (position: number, expected: readonly string[]): EmbeddedReberCheck => ({
    valid: false,
    defect: "outer-symbol",
    position,
    expected,
  });
  if (s[0] !== "B") return outer(0, ["B"]);
  if (!OUTER_CHOICES.includes(s[1] ?? "")) return outer(1, OUTER_CHOICES);
  if (n < EMBEDDED_FRAME_LENGTH) {
    // Too short to hold the closing T/P and E: report where the inner string, just begun, stops or goes wrong.
    const begun = checkReber(s.slice(2));
    return outer(2 + begun.position, begun.expected);
  }
  if (s[n - 1] !== "E") return outer(n - 1, ["E"]);
  if (!OUTER_CHOICES.includes(s[n - 2]!)) return outer(n - 2, OUTER_CHOICES);
  const inner = checkReber(s.slice(2, n - 2));
  if (!inner.valid)
    return { valid: false, defect: "inner-string", position: 2 + inner.position, expected: inner.expected };
  if (s[n - 2] !== s[1]) return { valid: false, defect: "closing-mismatch", position: n - 2, expected: [s[1]!] };
  return { valid: true, defect: null, position: n, expected: [] };
}

/** True when `s` is B, T or P, a Reber string, the same T or P, E. */
export function isEmbeddedReber(s: string): boolean {
  const n = s.length;
  const outer = s[1];
  return (
    n >= EMBEDDED_FRAME_LENGTH &&
    s[0] === "B" &&
    s[n - 1] === "E" &&
    (outer === "T" || outer === "P") &&
    s[n - 2] === outer &&
    isValidReber(s.slice(2, n - 2))
  );
}

/** The validator's verdict in words: "valid", or the defect, where it is and what the grammar allowed there. */
export function embeddedReberVerdict(s: string): string {
  const check = checkEmbeddedReber(s);
  if (check.valid) return "valid";
  const found = check.position < s.length ? `"${s[check.position]}"` : "the end of the string";
  const at = `position ${check.position + 1}`;
  const allowed = check.expected.length === 0 ? "nothing more" : check.expected.join(" or ");
  return `${check.defect} at ${at}: found ${found}, the grammar allows ${allowed}`;
}
