/** CLI: `sparse-rnn dataset generate | stats | validate` (the Reber data of thesis chapter 4, or the embedded task). */
import { InvalidArgumentError, type Command } from "commander";
import { buildReberDataset, DEFAULT_DATASET_SEED, type LabelledString } from "../data/reber-dataset";
import { buildEmbeddedReberDataset } from "../data/embedded-reber-dataset";
import { embeddedReberVerdict, isEmbeddedReber } from "../data/embedded-reber-grammar";
import { writeDatasetFiles } from "../data/dataset-files";
import { readStringCsv } from "../data/labelled-csv";
import { datasetStats, type DatasetStats } from "../data/dataset-stats";
import { checkReber, isValidReber } from "../data/reber-grammar";
import { parseSeedOption } from "./model-options";

/** A task the data set commands know: its data set, its grammar, and the grammar's reason for rejecting a string. */
interface DatasetTask {
  readonly title: string;
  readonly build: (options: { seed: number; split: "thesis" | "random" }) => {
    all: LabelledString[];
    train: LabelledString[];
    test: LabelledString[];
  };
  readonly isValid: (s: string) => boolean;
  /** Why the grammar rejects `s` (called for rejected strings only). */
  readonly whyInvalid: (s: string) => string;
}

/** The tasks, by their `--task` name; "reber" (the thesis's) is the default. */
const TASKS: Readonly<Record<string, DatasetTask>> = Object.freeze({
  reber: { title: "the Reber data set", build: buildReberDataset, isValid: isValidReber, whyInvalid: whyInvalidReber },
  "embedded-reber": {
    title: "the embedded Reber data set",
    build: buildEmbeddedReberDataset,
    isValid: isEmbeddedReber,
    whyInvalid: embeddedReberVerdict,
  },
});

/** The `--task` name, checked. */
function parseTask(value: string): string {
  if (!Object.hasOwn(TASKS, value)) {
    throw new InvalidArgumentError(`--task must be ${Object.keys(TASKS).join(" or ")}, got "${value}"`);
  }
  return value;
}

const TASK_HELP = 'the thesis\'s "reber" or "embedded-reber" (B, T or P, a Reber string, the same T or P, E)';

/** How many disagreements `validate` lists. */
const SHOWN_DISAGREEMENTS = 10;

const count = (n: number): string => n.toLocaleString("en-US");

function print(text: string): void {
  process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
}

function parseSeed(value: string): number {
  try {
    return parseSeedOption("--seed", value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

/** A text histogram: one bar per length, scaled to `width` characters. */
export function formatLengthHistogram(stats: DatasetStats, width = 50): string {
  const peak = stats.length.modeCount;
  const digits = String(stats.length.max).length;
  const countWidth = count(peak).length;
  return stats.lengthHistogram
    .map(({ length, count: n }) => {
      const bar = "█".repeat(Math.round((n / peak) * width)) || (n > 0 ? "▏" : "");
      return `  ${String(length).padStart(digits)} │ ${count(n).padStart(countWidth)} ${bar}`.trimEnd();
    })
    .join("\n");
}

/** The readable report of `dataset stats`. */
export function formatStats(file: string, stats: DatasetStats, labelsFrom: "file" | "grammar"): string {
  const labelNote = labelsFrom === "grammar" ? " (labels by the grammar: the file has no valid column)" : "";
  return [
    `${file}: ${count(stats.rows)} strings, ${count(stats.valid)} valid, ${count(stats.invalid)} invalid${labelNote}`,
    `length: min ${stats.length.min}, max ${stats.length.max}, mean ${stats.length.mean.toFixed(2)}, ` +
      `mode ${stats.length.mode} (${count(stats.length.modeCount)} strings)`,
    "length histogram:",
    formatLengthHistogram(stats),
    `characters: ${stats.characterCounts.map(({ character, count: n }) => `${character} ${count(n)}`).join(", ")}`,
  ].join("\n");
}

/** Rows of a CSV file, labelled by its `valid` column or, when it has none, by the task's grammar. */
function readRowsForStats(file: string, task: DatasetTask): { rows: LabelledString[]; labelsFrom: "file" | "grammar" } {
  const table = readStringCsv(file);
  return {
    rows: table.rows.map((r) => ({ string: r.string, valid: r.valid ?? task.isValid(r.string) })),
    labelsFrom: table.hasLabels ? "file" : "grammar",
  };
}

/** One row whose label the grammar contradicts. */
interface Disagreement {
  line: number;
  string: string;
  label: boolean;
  grammar: boolean;
}

/** The grammar's verdict (the Reber task's by default) on every string of a file, compared with its labels if any. */
export function validateFile(
  file: string,
  isValid: (s: string) => boolean = isValidReber,
): {
  file: string;
  rows: number;
  grammarValid: number;
  grammarInvalid: number;
  labelled: boolean;
  agree?: number;
  disagree?: number;
  firstDisagreements?: Disagreement[];
} {
  const table = readStringCsv(file);
  if (table.rows.length === 0) throw new Error(`${file}: no rows after the header (nothing to validate)`);
  let grammarValid = 0;
  let agree = 0;
  const disagreements: Disagreement[] = [];
  for (const row of table.rows) {
    const grammar = isValid(row.string);
    if (grammar) grammarValid++;
    if (row.valid === null) continue;
    if (row.valid === grammar) agree++;
    else disagreements.push({ line: row.line, string: row.string, label: row.valid, grammar });
  }
  const base = {
    file,
    rows: table.rows.length,
    grammarValid,
    grammarInvalid: table.rows.length - grammarValid,
    labelled: table.hasLabels,
  };
  if (!table.hasLabels) return base;
  return {
    ...base,
    agree,
    disagree: disagreements.length,
    firstDisagreements: disagreements.slice(0, SHOWN_DISAGREEMENTS),
  };
}

/** Why the task's grammar rejects (or accepts) a string, for the readable report. */
function explain(s: string, task: DatasetTask): string {
  return task.isValid(s) ? "the grammar accepts it" : task.whyInvalid(s);
}

/** Why the Reber grammar rejects a string. */
function whyInvalidReber(s: string): string {
  const check = checkReber(s);
  if (check.expected.length === 0) return `goes on after the end state at position ${check.position + 1}`;
  const found = check.position < s.length ? `"${s[check.position]}"` : "the end of the string";
  return `position ${check.position + 1}: found ${found}, the grammar allows ${check.expected.join(" or ")}`;
}

/** Register the `dataset` command group. */
export function registerDatasetCommands(program: Command): void {
  const dataset = program
    .command("dataset")
    .description(
      "the Reber-grammar data set (thesis chapter 4) or the embedded Reber one: generate, summarise, validate",
    );

  dataset
    .command("generate")
    .description("generate a task's 25,000-string data set and write reber_sequences.csv, train.csv and test.csv")
    .option("--seed <seed>", "random seed (one seed reproduces the data set exactly)", parseSeed, DEFAULT_DATASET_SEED)
    .requiredOption("--out <dir>", "output directory (created if missing)")
    .option("--split <kind>", 'split: "thesis" (the thesis\'s label counts per split) or "random"', "thesis")
    .option("--task <task>", `the task: ${TASK_HELP}`, parseTask, "reber")
    .option("--json", "print a machine-readable summary")
    .action((options: { seed: number; out: string; split: string; task: string; json?: boolean }) => {
      const task = TASKS[options.task]!;
      if (options.split !== "thesis" && options.split !== "random") {
        throw new Error(`--split must be "thesis" or "random", got "${options.split}"`);
      }
      const started = Date.now();
      const data = task.build({ seed: options.seed, split: options.split });
      const files = writeDatasetFiles(options.out, data);
      const parts = [data.all, data.train, data.test].map((rows, i) => {
        const stats = datasetStats(rows);
        return {
          file: files[i]!,
          rows: stats.rows,
          valid: stats.valid,
          invalid: stats.invalid,
          minLength: stats.length.min,
          maxLength: stats.length.max,
        };
      });
      if (options.json) {
        print(JSON.stringify({ seed: options.seed, split: options.split, task: options.task, files: parts }, null, 2));
        return;
      }
      print(`generated ${task.title} with seed ${options.seed} in ${Date.now() - started} ms`);
      for (const p of parts) {
        print(
          `  wrote ${p.file}: ${count(p.rows)} strings (${count(p.valid)} valid, ` +
            `${count(p.invalid)} invalid), lengths ${p.minLength}–${p.maxLength}`,
        );
      }
    });

  dataset
    .command("stats")
    .description("counts by label, length min/max/mode, the length histogram and character counts of a CSV file")
    .argument(
      "<file>",
      "a CSV file with a string column (and a valid column; without it the grammar labels the strings)",
    )
    .option("--task <task>", `whose grammar labels a file without a valid column: ${TASK_HELP}`, parseTask, "reber")
    .option("--json", "print the statistics as JSON")
    .action((file: string, options: { task: string; json?: boolean }) => {
      const { rows, labelsFrom } = readRowsForStats(file, TASKS[options.task]!);
      const stats = datasetStats(rows);
      print(
        options.json ? JSON.stringify({ file, labelsFrom, ...stats }, null, 2) : formatStats(file, stats, labelsFrom),
      );
    });

  dataset
    .command("validate")
    .description("check every string against the grammar; with a valid column, report where the labels disagree")
    .argument("<file>", "a CSV file with a string column and optionally a valid column")
    .option("--task <task>", `whose grammar to check against: ${TASK_HELP}`, parseTask, "reber")
    .option("--json", "print the result as JSON")
    .option("--strict", "exit with status 1 when any label disagrees with the grammar")
    .action((file: string, options: { task: string; json?: boolean; strict?: boolean }) => {
      const task = TASKS[options.task]!;
      const result = validateFile(file, task.isValid);
      if (options.strict && (result.disagree ?? 0) > 0) process.exitCode = 1;
      if (options.json) {
        print(JSON.stringify(result, null, 2));
        return;
      }
      print(
        `${file}: ${count(result.rows)} strings, ${count(result.grammarValid)} ` +
          `valid and ${count(result.grammarInvalid)} invalid by the grammar`,
      );
      if (!result.labelled) return;
      print(`labels: ${count(result.agree!)} agree with the grammar, ${count(result.disagree!)} disagree`);
      for (const d of result.firstDisagreements!) {
        print(`  line ${d.line}: ${d.string} labelled ${d.label ? "valid" : "invalid"}; ${explain(d.string, task)}`);
      }
      if (result.disagree! > result.firstDisagreements!.length)
        print(`  … and ${count(result.disagree! - result.firstDisagreements!.length)} more`);
    });
}
