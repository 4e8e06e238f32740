/**
 * The thesis's Reber data set (chapter 4): 25,000 distinct strings, 12,500 valid and 12,500 invalid
 * (5,500 with Reber letters only — 1,500 wrong-branch and 4,000 mislabelled — and 7,000 relabelled), split
 * 18,750 train / 6,250 test.
 *
 * The split of the thesis's 5,500 Reber-letter invalid strings follows its published data: in a sample of its test
 * set only about a quarter of them (5–6% of all strings) are first-fork swaps like its five printed examples, the
 * rest are walks whose letters do not match the edges taken. The first-fork swaps can only be told from valid
 * strings by remembering the first letter to the end; the thesis's RNN_TANH never learns them and plateaus at 0.937,
 * about their share. With all 5,500 as first-fork swaps (this project's first data set) RNN_TANH stalls near 0.78.
 *
 * Sampling, and why: every string comes from a walk of the diagram whose whole walk is redrawn until
 * its length lies in 11–53 (the thesis's range; a plain walk is shorter than 11 four times out of
 * five), and a string already in the set is drawn again. Only 24 valid strings have 11 letters, 36
 * have 12, …, 1,683 have 22, so de-duplication fills the short lengths up to their supply and pushes
 * the valid strings' mode to 22–23; the wrong-branch family (one per valid skeleton) behaves alike,
 * while the relabelled family (26·25·24·23·22 maps per walk) never saturates and keeps the walk's
 * decaying shape from 11. Together this gives the thesis's histogram: lengths 11 to about 53 and a
 * mode of 22 holding about 1,900–2,100 strings (thesis: 2,112).
 * The split keeps the thesis's label counts exactly (train 9,339 valid / 9,411 invalid, test
 * 3,161 / 3,089), choosing which strings go where at random; `split: "random"` draws a plain random
 * 18,750 / 6,250 split instead.
 */
import { SeededRandom } from "../random/seeded-random";
import { CoinFlips, countValidReber, generateValidReber, THESIS_LENGTH_RANGE, type LengthRange } from "./reber-grammar";
import {
  generateMislabelledReber,
  generateRelabelledReber,
  generateWrongBranchReber,
  type InvalidFamily,
} from "./invalid-reber";

/** One row of the data set: a string and whether the grammar accepts it. */
export interface LabelledString {
  string: string;
  valid: boolean;
}

/** The seed that produced the shipped data/ files. */
export const DEFAULT_DATASET_SEED = 2021;

/** The thesis's counts. */
export const THESIS_DATASET_COUNTS = Object.freeze({
  valid: 12_500,
  /** The thesis's 5,500 invalid strings with Reber letters only: first-fork swaps and mislabelled walks. */
  reberLetters: 5_500,
  wrongBranch: 1_500,
  mislabelled: 4_000,
  relabelled: 7_000,
  train: Object.freeze({ valid: 9_339, invalid: 9_411 }),
  test: Object.freeze({ valid: 3_161, invalid: 3_089 }),
});

/** The thesis's string lengths (figures 4.3–4.5): the range of each set, and the whole set's most frequent length. */
export const THESIS_LENGTHS = Object.freeze({
  whole: Object.freeze({ min: 11, max: 53, mode: 22, modeCount: 2_112 }),
  train: Object.freeze({ min: 11, max: 49 }),
  test: Object.freeze({ min: 11, max: 53 }),
});

/** How each string of the data set was made. */
export type ReberFamily = "valid" | InvalidFamily;

/** Options of `buildReberDataset`. */
export interface ReberDatasetOptions {
  /** One seed reproduces the data set exactly (default 2021). */
  seed?: number;
  /** Allowed string lengths (default the thesis's 11–53). */
  lengths?: LengthRange;
  /** "thesis": the thesis's exact label counts per split (default); "random": a plain random split. */
  split?: "thesis" | "random";
}

/** The data set: every string (valid ones first, then wrong-branch, mislabelled, relabelled) and the split. */
export interface ReberDataset {
  readonly all: LabelledString[];
  /** How each string of `all` was made (same order). */
  readonly families: ReberFamily[];
  readonly train: LabelledString[];
  readonly test: LabelledString[];
}

/** Give up when this many draws in a row were duplicates (a backstop; the supply is checked first). */
const MAX_DUPLICATE_RUN = 200_000;

/** Fail early when the length range holds fewer distinct valid Reber strings than a family needs. */
export function checkSupply(lengths: LengthRange, needed: number): void {
  let supply = 0;
  for (let n = Math.max(lengths.min, 0); n <= Math.min(lengths.max, 500) && supply < needed; n++)
    supply += countValidReber(n);
  if (supply < needed) {
    throw new Error(
      `only ${supply} distinct valid Reber strings have lengths ` +
        `${lengths.min}–${lengths.max}; the data set needs ${needed}`,
    );
  }
}

/** Add `count` new distinct strings from `draw` to `seen` and `out`. */
export function collectDistinct(
  seen: Set<string>,
  out: string[],
  count: number,
  what: string,
  draw: () => string,
): void {
  let run = 0;
  for (let added = 0; added < count;) {
    const s = draw();
    if (seen.has(s)) {
      if (++run >= MAX_DUPLICATE_RUN) {
        throw new Error(
          `${what}: ${MAX_DUPLICATE_RUN} duplicates in a row after ` +
            `${added} of ${count} strings; the length range is too narrow`,
        );
      }
      continue;
    }
    run = 0;
    seen.add(s);
    out.push(s);
    added++;
  }
}

/** Build the Reber data set; deterministic for a given seed. */
export function buildReberDataset(options: ReberDatasetOptions = {}): ReberDataset {
  const seed = options.seed ?? DEFAULT_DATASET_SEED;
  const lengths = options.lengths ?? THESIS_LENGTH_RANGE;
  const root = new SeededRandom(seed);
  const counts = THESIS_DATASET_COUNTS;
  // Wrong-branch and mislabelled strings are one per distinct walk, so they draw on the valid strings' supply.
  checkSupply(lengths, Math.max(counts.valid, counts.wrongBranch, counts.mislabelled));
  const seen = new Set<string>();

  const valid: string[] = [];
  const validCoins = new CoinFlips(root.fork("valid"));
  collectDistinct(seen, valid, counts.valid, "valid strings", () => generateValidReber(validCoins, lengths));

  const wrongBranch: string[] = [];
  const wrongCoins = new CoinFlips(root.fork("wrong-branch"));
  collectDistinct(seen, wrongBranch, counts.wrongBranch, "wrong-branch strings", () =>
    generateWrongBranchReber(wrongCoins, { lengths, site: "first" }),
  );

  const mislabelled: string[] = [];
  const mislabelRng = root.fork("mislabelled");
  const mislabelCoins = new CoinFlips(root.fork("mislabelled-walks"));
  const usedWalks = new Set<string>();
  collectDistinct(seen, mislabelled, counts.mislabelled, "mislabelled strings", () =>
    generateMislabelledReber(mislabelRng, { lengths, coins: mislabelCoins, usedWalks }),
  );

  const relabelled: string[] = [];
  const relabelRng = root.fork("relabelled");
  const relabelCoins = new CoinFlips(root.fork("relabelled-walks"));
  collectDistinct(seen, relabelled, counts.relabelled, "relabelled strings", () =>
    generateRelabelledReber(relabelRng, { lengths, coins: relabelCoins }),
  );

  const all: LabelledString[] = [
    ...valid.map((string) => ({ string, valid: true })),
    ...[...wrongBranch, ...mislabelled, ...relabelled].map((string) => ({ string, valid: false })),
  ];
  const families: ReberFamily[] = [
    ...valid.map(() => "valid" as const),
    ...wrongBranch.map(() => "wrong-branch" as const),
    ...mislabelled.map(() => "mislabelled" as const),
    ...relabelled.map(() => "relabelled" as const),
  ];
  const { train, test } = splitRows(all, options.split ?? "thesis", root.fork("split"));
  return { all, families, train, test };
}

/**
 * Split 12,500 valid and 12,500 invalid rows into train and test (18,750 / 6,250), each in random order: "thesis" keeps
 * the thesis's label counts per split, "random" draws a plain random split.
 */
export function splitRows(
  all: readonly LabelledString[],
  kind: "thesis" | "random",
  rng: SeededRandom,
): { train: LabelledString[]; test: LabelledString[] } {
  const { train: trainCounts, test: testCounts } = THESIS_DATASET_COUNTS;
  const trainSize = trainCounts.valid + trainCounts.invalid;
  if (kind === "random") {
    const order = rng.permutation(all.length).map((i) => all[i]!);
    return { train: order.slice(0, trainSize), test: order.slice(trainSize) };
  }
  const validRows = rng.shuffleInPlace(all.filter((r) => r.valid));
  const invalidRows = rng.shuffleInPlace(all.filter((r) => !r.valid));
  if (
    validRows.length !== trainCounts.valid + testCounts.valid ||
    invalidRows.length !== trainCounts.invalid + testCounts.invalid
  ) {
    throw new Error("the thesis split needs exactly 12,500 valid and 12,500 invalid strings");
  }
  const train = rng.shuffleInPlace([
    ...validRows.slice(0, trainCounts.valid),
    ...invalidRows.slice(0, trainCounts.invalid),
  ]);
  const test = rng.shuffleInPlace([...validRows.slice(trainCounts.valid), ...invalidRows.slice(trainCounts.invalid)]);
  return { train, test };
}

/** The family of each string of a data set (to label rows read back from its CSV files). */
export function familyOfStrings<F extends string = ReberFamily>(dataset: {
  readonly all: readonly LabelledString[];
  readonly families: readonly F[];
}): Map<string, F> {
  return new Map(dataset.all.map((row, i) => [row.string, dataset.families[i]!]));
}
