/**
 * Figures of the data set (thesis figures 4.2–4.5 and the character counts): labels per split, string lengths of
 * the whole set and of each split, and how often each character occurs.
 */
import type { DatasetStats, SplitStats } from "../data/dataset-stats";
import { REBER_GRAMMAR } from "../data/reber-grammar";
import { barChart, integerTicks, smallMultiples } from "./charts";
import type { Figure } from "./figure";
import { LABEL_COLORS, PALETTE, presetSize, SPLIT_COLORS, type SizeOption } from "./theme";

/** Options of the data set's figures. */
export interface DatasetFigureOptions {
  /** A named size (the figure chooses its aspect ratio) or pixels; default "notebook". */
  readonly size?: SizeOption;
  readonly title?: string;
}

/** Figure 4.2: valid and invalid strings in the train and the test split, as grouped bars with their counts. */
export function labelsPerSplitFigure(
  stats: Pick<SplitStats, "train" | "test">,
  options: DatasetFigureOptions = {},
): Figure {
  return barChart(
    ["training split", "test split"],
    [
      { name: "valid", values: [stats.train.valid, stats.test.valid], color: LABEL_COLORS.valid },
      { name: "invalid", values: [stats.train.invalid, stats.test.invalid], color: LABEL_COLORS.invalid },
    ],
    {
      title: options.title ?? "Valid and invalid strings in the training and the test split",
      reference: "thesis figure 4.2",
      yTitle: "strings",
      showValues: true,
      size: presetSize(options.size, { column: 0.62, page: 0.3 }),
      // Room above the tallest bar for its value label.
      layout: { yaxis: { range: [0, Math.max(stats.train.valid, stats.train.invalid) * 1.15] } },
    },
  );
}

/** Figures 4.3–4.5: strings per length for the whole set, train and test, side by side (stacked in a column). */
export function lengthDistributionsFigure(stats: SplitStats, options: DatasetFigureOptions = {}): Figure {
  const size = options.size ?? "notebook";
  const lengths = [stats.whole, stats.train, stats.test].flatMap((s) => s.lengthHistogram.map((h) => h.length));
  const [shortest, longest] = [Math.min(...lengths), Math.max(...lengths)];
  const panel = (name: string, s: DatasetStats, color: string) =>
    barChart(
      s.lengthHistogram.map((h) => h.length),
      [{ name, values: s.lengthHistogram.map((h) => h.count), color }],
      {
        title: name,
        xTitle: "string length (characters)",
        yTitle: "strings",
        size,
        layout: { xaxis: { ...integerTicks(longest, { target: 6 }), range: [shortest - 1, longest + 1] } },
      },
    );
  return smallMultiples(
    [
      panel("whole set", stats.whole, SPLIT_COLORS.all),
      panel("training split", stats.train, SPLIT_COLORS.train),
      panel("test split", stats.test, SPLIT_COLORS.test),
    ],
    {
      columns: { notebook: 3, page: 3, column: 1 },
      aspect: { notebook: 0.75, page: 0.6, column: 0.36 },
      title: options.title ?? "String lengths of the whole set and of each split",
      reference: "thesis figures 4.3–4.5",
      size,
      layout: { showlegend: false },
    },
  );
}

/** Occurrences of each character, stacked: the Reber letters in one colour, every other letter in grey. */
export function characterCountsFigure(stats: DatasetStats, options: DatasetFigureOptions = {}): Figure {
  const reber = new Set(REBER_GRAMMAR.alphabet);
  const chars = stats.characterCounts;
  const countWhere = (isReber: boolean) => chars.map((c) => (reber.has(c.character) === isReber ? c.count : 0));
  return barChart(
    chars.map((c) => c.character),
    [
      { name: "Reber letters", values: countWhere(true), color: PALETTE.blue },
      { name: "other letters (relabelled family)", values: countWhere(false), color: PALETTE.grey },
    ],
    {
      title: options.title ?? "Occurrences of each character over the whole data set",
      xTitle: "character",
      yTitle: "occurrences",
      mode: "stack",
      size: presetSize(options.size, { column: 0.62, page: 0.3 }),
    },
  );
}
