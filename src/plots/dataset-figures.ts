/**
 * Figures of the data set (thesis figures 4.2–4.5 and the character counts): labels per split, string lengths of
 * the whole set and of each split, and how often each character occurs.
 */
import type { DatasetStats, SplitStats } from "../data/dataset-stats";
import { REBER_GRAMMAR } from "../data/reber-grammar";
import { barChart, smallMultiples } from "./charts";
import type { Figure } from "./figure";
import { LABEL_COLORS, PALETTE, SPLIT_COLORS } from "./theme";

/** Figure 4.2: valid and invalid strings in the train and the test split, as grouped bars with their counts. */
export function labelsPerSplitFigure(stats: Pick<SplitStats, "train" | "test">): Figure {
  return barChart(["train", "test"], [
    { name: "valid", values: [stats.train.valid, stats.test.valid], color: LABEL_COLORS.valid },
    { name: "invalid", values: [stats.train.invalid, stats.test.invalid], color: LABEL_COLORS.invalid },
  ], { title: "Figure 4.2 · Valid and invalid strings per split", yTitle: "strings", showValues: true });
}

/** Figures 4.3–4.5: strings per length for the whole set, train and test, side by side. */
export function lengthDistributionsFigure(stats: SplitStats): Figure {
  const panel = (name: string, s: DatasetStats, color: string) =>
    barChart(s.lengthHistogram.map((h) => h.length), [{ name, values: s.lengthHistogram.map((h) => h.count), color }], {
      title: name,
      xTitle: "length",
      yTitle: "strings",
    });
  return smallMultiples([
    panel("whole set", stats.whole, SPLIT_COLORS.all),
    panel("train", stats.train, SPLIT_COLORS.train),
    panel("test", stats.test, SPLIT_COLORS.test),
  ], { columns: 3, title: "Figures 4.3–4.5 · String lengths", layout: { height: 340, showlegend: false } });
}

/** Occurrences of each character, stacked: the Reber letters in one colour, every other letter in grey. */
export function characterCountsFigure(stats: DatasetStats, options: { title?: string } = {}): Figure {
  const reber = new Set(REBER_GRAMMAR.alphabet);
  const chars = stats.characterCounts;
  const countWhere = (isReber: boolean) => chars.map((c) => (reber.has(c.character) === isReber ? c.count : 0));
  return barChart(chars.map((c) => c.character), [
    { name: "Reber letters", values: countWhere(true), color: PALETTE.blue },
    { name: "other letters (relabelled family)", values: countWhere(false), color: PALETTE.grey },
  ], {
    title: options.title ?? "Character counts over the whole set",
    xTitle: "character",
    yTitle: "occurrences",
    mode: "stack",
  });
}
