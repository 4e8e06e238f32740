/**
 * The embedded Reber data set: the thesis's sizes and split (25,000 distinct strings, 12,500 valid and 12,500
 * invalid, 18,750 train / 6,250 test with the thesis's label counts per split) over the embedded grammar, a task a
 * network cannot solve without memory.
 *
 * Half the invalid strings (6,250) are the long-range closing-mismatch family, whose only defect is that the closing
 * T/P differs from the opening one. A network that does not carry the opening symbol across the inner string cannot
 * tell those from the valid strings, so at best it calls them all valid and scores 75% (the thesis's LSTM and GRU
 * reach 100% on the Reber task). The other
 * half are local defects: 1,250 outer-symbol strings (an outer symbol deleted or replaced) and 5,000 strings with an
 * invalid inner Reber string in the thesis's proportions 1,500 : 4,000 : 7,000 (600 wrong-branch, 1,600 mislabelled,
 * 2,800 relabelled).
 *
 * Sampling follows `reber-dataset.ts`: inner strings are walks redrawn until their length (B and E included) lies in
 * the thesis's 11–53, so the embedded strings have 15–57 letters (14–56 after an outer deletion), and a string
 * already in the set is drawn again. The opening symbol is a fair coin in every family, and the valid and the
 * closing-mismatch strings are drawn alike (12,500 distinct each; a random half of the latter is kept), so neither
 * the opening symbol, the closing one nor the length tells the two apart: only whether the closing symbol repeats
 * the opening one.
 */
import { SeededRandom } from "../random/seeded-random";
import { generateValidEmbeddedReber } from "./embedded-reber-grammar";
import {
  generateClosingMismatchReber,
  generateInnerDefectReber,
  generateOuterSymbolReber,
  INNER_FAMILY,
  type EmbeddedInvalidFamily,
} from "./invalid-embedded-reber";
import { checkSupply, collectDistinct, DEFAULT_DATASET_SEED, splitRows, type LabelledString } from "./reber-dataset";
import { CoinFlips, THESIS_LENGTH_RANGE, type LengthRange } from "./reber-grammar";

/** How each string of the embedded data set was made. */
export type EmbeddedReberFamily = "valid" | EmbeddedInvalidFamily;

/** Strings per family, in the order `all` lists them (valid first). */
export const EMBEDDED_DATASET_COUNTS: Readonly<Record<EmbeddedReberFamily, number>> = Object.freeze({
  valid: 12_500,
  "closing-mismatch": 6_250,
  "outer-symbol": 1_250,
  "inner-wrong-branch": 600,
  "inner-mislabelled": 1_600,
  "inner-relabelled": 2_800,
});

/** The families in the order `all` lists them. */
export const EMBEDDED_FAMILIES = Object.freeze(Object.keys(EMBEDDED_DATASET_COUNTS) as EmbeddedReberFamily[]);

/** Options of `buildEmbeddedReberDataset`. */
export interface EmbeddedReberDatasetOptions {
  /** One seed reproduces the data set exactly (default 2021, as for the Reber data set). */
  seed?: number;
  /** Allowed lengths of the inner Reber strings, B and E included (default the thesis's 11–53). */
  innerLengths?: LengthRange;
  /** "thesis": the thesis's label counts per split (default); "random": a plain random split. */
  split?: "thesis" | "random";
}

/** The data set: every string (grouped by family in `EMBEDDED_FAMILIES` order), each one's family, and the split. */
export interface EmbeddedReberDataset {
  readonly all: LabelledString[];
  /** How each string of `all` was made (same order). */
  readonly families: EmbeddedReberFamily[];
  readonly train: LabelledString[];
  readonly test: LabelledString[];
}

/** Build the embedded Reber data set; deterministic for a given seed. */
export function buildEmbeddedReberDataset(options: EmbeddedReberDatasetOptions = {}): EmbeddedReberDataset {
  const root = new SeededRandom(options.seed ?? DEFAULT_DATASET_SEED).fork("embedded-reber");
  const innerLengths = options.innerLengths ?? THESIS_LENGTH_RANGE;
  // Two outer symbols per inner string: the valid family needs half as many distinct valid inner strings.
  checkSupply(innerLengths, Math.ceil(EMBEDDED_DATASET_COUNTS.valid / 2));
  const seen = new Set<string>();
  const usedWalks = new Set<string>();

  const draw = (family: EmbeddedReberFamily): (() => string) => {
    const rng = root.fork(family);
    const coins = new CoinFlips(root.fork(`${family}-walks`));
    if (family === "valid") return () => generateValidEmbeddedReber(coins, innerLengths);
    if (family === "closing-mismatch") return () => generateClosingMismatchReber(coins, innerLengths);
    if (family === "outer-symbol") return () => generateOuterSymbolReber(rng, { innerLengths, coins });
    const inner = INNER_FAMILY[family]!;
    return () => generateInnerDefectReber(rng, inner, { innerLengths, coins, usedWalks });
  };

  const all: LabelledString[] = [];
  const families: EmbeddedReberFamily[] = [];
  for (const family of EMBEDDED_FAMILIES) {
    let strings: string[] = [];
    if (family === "closing-mismatch") {
      // Drawn as many as the valid strings and halved at random: de-duplication then pushes both past the short
      // lengths alike (drawn directly, these would be 1.7 letters shorter on average and length would give them away).
      const pool: string[] = [];
      collectDistinct(new Set(), pool, EMBEDDED_DATASET_COUNTS.valid, `${family} strings`, draw(family));
      strings = root.fork(`${family}-half`).shuffleInPlace(pool).slice(0, EMBEDDED_DATASET_COUNTS[family]);
      for (const string of strings) seen.add(string);
    } else {
      collectDistinct(seen, strings, EMBEDDED_DATASET_COUNTS[family], `${family} strings`, draw(family));
    }
    for (const string of strings) {
      all.push({ string, valid: family === "valid" });
      families.push(family);
    }
  }
  const { train, test } = splitRows(all, options.split ?? "thesis", root.fork("split"));
  return { all, families, train, test };
}
