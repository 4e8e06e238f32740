/** Summary statistics of a set of labelled strings (the thesis's chapter 4 figures). */
import type { LabelledString } from "./reber-dataset";

/** Counts, length distribution and character counts of a data set. */
export interface DatasetStats {
  readonly rows: number;
  readonly valid: number;
  readonly invalid: number;
  readonly length: {
    readonly min: number;
    readonly max: number;
    readonly mean: number;
    /** The most frequent length (the shortest one on ties) and how many strings have it. */
    readonly mode: number;
    readonly modeCount: number;
  };
  /** Number of strings per length, for every length from min to max (zeros included), ascending. */
  readonly lengthHistogram: readonly { readonly length: number; readonly count: number }[];
  /** Occurrences of each character over all strings, sorted by character. */
  readonly characterCounts: readonly { readonly character: string; readonly count: number }[];
}

/** Statistics of a whole data set and of its two splits. */
export interface SplitStats {
  readonly whole: DatasetStats;
  readonly train: DatasetStats;
  readonly test: DatasetStats;
}

/** Compute counts by label, length min/max/mode, the length histogram and character counts. */
export function datasetStats(rows: readonly Pick<LabelledString, "string" | "valid">[]): DatasetStats {
  if (rows.length === 0) throw new Error("no rows to summarise");
  let valid = 0;
  let totalLength = 0;
  const byLength = new Map<number, number>();
  const byCharacter = new Map<string, number>();
  for (const row of rows) {
    if (row.valid) valid++;
    totalLength += row.string.length;
    byLength.set(row.string.length, (byLength.get(row.string.length) ?? 0) + 1);
    for (const c of row.string) byCharacter.set(c, (byCharacter.get(c) ?? 0) + 1);
  }
  const lengths = [...byLength.keys()];
  const min = Math.min(...lengths);
  const max = Math.max(...lengths);
  const lengthHistogram = Array.from({ length: max - min + 1 }, (_, i) => ({
    length: min + i,
    count: byLength.get(min + i) ?? 0,
  }));
  const modeEntry = lengthHistogram.reduce((best, entry) => (entry.count > best.count ? entry : best));
  return {
    rows: rows.length,
    valid,
    invalid: rows.length - valid,
    length: { min, max, mean: totalLength / rows.length, mode: modeEntry.length, modeCount: modeEntry.count },
    lengthHistogram,
    characterCounts: [...byCharacter.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([character, count]) => ({ character, count })),
  };
}
