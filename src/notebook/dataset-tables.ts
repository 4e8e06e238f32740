/**
 * Tables of the data set chapter (notebook 01): valid strings per length, the validator's verdicts, and our label
 * counts and string lengths beside the thesis's.
 */
import type { SplitStats } from "../data/dataset-stats";
import { THESIS_DATASET_COUNTS, THESIS_LENGTHS, type ReberDataset, type ReberFamily } from "../data/reber-dataset";
import { countValidReber, reberVerdict, THESIS_REBER_EXAMPLES } from "../data/reber-grammar";
import { htmlTable } from "./html-table";

const FAMILIES: readonly ReberFamily[] = ["valid", "wrong-branch", "mislabelled", "relabelled"];

/** How many distinct valid Reber strings exist at each of `lengths`. */
export function validCountsTable(lengths: readonly number[]): string {
  return htmlTable(
    lengths,
    [
      { header: "length", value: (n) => n },
      { header: "distinct valid strings", value: (n) => countValidReber(n) },
    ],
    { caption: "How many valid Reber strings exist per length" },
  );
}

/** The thesis's five valid and five invalid examples, each with the validator's verdict. */
export function thesisExamplesTable(): string {
  const rows = (["valid", "invalid"] as const).flatMap((thesis) =>
    THESIS_REBER_EXAMPLES[thesis].map((s) => ({ s, thesis })),
  );
  return htmlTable(
    rows,
    [
      { header: "string", value: (r) => r.s },
      { header: "thesis", value: (r) => r.thesis },
      { header: "our validator", value: (r) => reberVerdict(r.s) },
    ],
    { caption: "The thesis's examples" },
  );
}

/** The first `perFamily` strings (default 4) of each family of a data set, with label and verdict. */
export function familyExamplesTable(
  dataset: Pick<ReberDataset, "all" | "families">,
  options: { perFamily?: number; caption?: string } = {},
): string {
  const rows = FAMILIES.flatMap((family) => {
    const members = dataset.all.filter((_, i) => dataset.families[i] === family);
    return members.slice(0, options.perFamily ?? 4).map((row) => ({ family, row }));
  });
  return htmlTable(
    rows,
    [
      { header: "family", value: (e) => e.family },
      { header: "string", value: (e) => e.row.string },
      { header: "label", value: (e) => (e.row.valid ? "valid" : "invalid") },
      { header: "validator", value: (e) => reberVerdict(e.row.string) },
    ],
    { caption: options.caption ?? "Examples of each family" },
  );
}

/** Table 4.2: valid and invalid strings per split, ours beside the thesis's. */
export function splitCountsTable(stats: SplitStats): string {
  const thesis = THESIS_DATASET_COUNTS;
  const rows = [
    { split: "train", ours: stats.train, thesis: thesis.train },
    { split: "test", ours: stats.test, thesis: thesis.test },
    {
      split: "total",
      ours: stats.whole,
      thesis: { valid: thesis.valid, invalid: thesis.reberLetters + thesis.relabelled },
    },
  ];
  return htmlTable(
    rows,
    [
      { header: "split", value: (r) => r.split },
      { header: "valid (ours)", value: (r) => r.ours.valid },
      { header: "valid (thesis)", value: (r) => r.thesis.valid },
      { header: "invalid (ours)", value: (r) => r.ours.invalid },
      { header: "invalid (thesis)", value: (r) => r.thesis.invalid },
      { header: "total (ours)", value: (r) => r.ours.rows },
    ],
    { caption: "Table 4.2: labels per split, ours beside the thesis's" },
  );
}

/** Shortest, longest, mean and most frequent length of each set, beside the thesis's. */
export function lengthSummaryTable(stats: SplitStats): string {
  const count = (n: number) => n.toLocaleString("en-US");
  const thesis = THESIS_LENGTHS;
  const thesisText = {
    whole: `${thesis.whole.min}–${thesis.whole.max}, mode ${thesis.whole.mode} (${count(thesis.whole.modeCount)})`,
    train: `${thesis.train.min}–${thesis.train.max}`,
    test: `${thesis.test.min}–${thesis.test.max}`,
  };
  return htmlTable(
    (["whole", "train", "test"] as const).map((set) => ({ set, s: stats[set].length })),
    [
      { header: "set", value: (r) => r.set },
      { header: "min", value: (r) => r.s.min },
      { header: "max", value: (r) => r.s.max },
      { header: "mean", value: (r) => r.s.mean, digits: 2 },
      { header: "mode", value: (r) => `${r.s.mode} (${count(r.s.modeCount)})` },
      { header: "thesis", value: (r) => thesisText[r.set] },
    ],
    { caption: "Lengths: ours beside the thesis's" },
  );
}
