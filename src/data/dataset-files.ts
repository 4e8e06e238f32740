/** A data set on disk: a directory holding reber_sequences.csv (every string), train.csv and test.csv. */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { writeFileAtomic } from "../files/atomic-file";
import { formatLabelledCsv, parseLabelledCsv, readLabelledCsv } from "./labelled-csv";
import type { LabelledString, ReberDataset } from "./reber-dataset";

/** File names inside a data set directory (the thesis's names). */
export const DATASET_FILES = Object.freeze({ all: "reber_sequences.csv", train: "train.csv", test: "test.csv" });

/** The sparse-rnn-lab package root (found by walking up from this module, so it works from dist/ and build/). */
export function packageRoot(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "sparse-rnn-lab"
    ) {
      return dir;
    }
    if (dirname(dir) === dir) throw new Error(`cannot find the sparse-rnn-lab package root above ${__dirname}`);
  }
}

/** The project's shipped data/ directory. */
export function shippedDataDir(): string {
  return join(packageRoot(), "data");
}

/**
 * The tasks whose data sets the project ships: the thesis's Reber task, and the embedded Reber task that needs memory.
 */
export const SHIPPED_TASKS = ["reber", "embedded-reber"] as const;

/** A shipped task's name. */
export type ShippedTask = (typeof SHIPPED_TASKS)[number];

/** The folder of a shipped task's data set: `data/` for the thesis's task, `data/<task>/` for the others. */
export function shippedTaskDir(task: ShippedTask): string {
  return task === "reber" ? shippedDataDir() : join(shippedDataDir(), task);
}

/** The CSV text of each file of a data set, keyed by file name. */
export function formatDatasetFiles(dataset: Pick<ReberDataset, "all" | "train" | "test">): Map<string, string> {
  return new Map([
    [DATASET_FILES.all, formatLabelledCsv(dataset.all)],
    [DATASET_FILES.train, formatLabelledCsv(dataset.train)],
    [DATASET_FILES.test, formatLabelledCsv(dataset.test)],
  ]);
}

/** Write the three CSV files of a data set into `dir` (created if needed), each atomically; returns their paths. */
export function writeDatasetFiles(dir: string, dataset: Pick<ReberDataset, "all" | "train" | "test">): string[] {
  mkdirSync(dir, { recursive: true });
  return [...formatDatasetFiles(dataset)].map(([name, text]) => {
    const path = join(dir, name);
    writeFileAtomic(path, text);
    return path;
  });
}

/** The train and test rows of a data set directory (default: the shipped data/). */
export function loadSplit(dir: string = shippedDataDir()): { train: LabelledString[]; test: LabelledString[] } {
  const root = resolve(dir);
  return {
    train: readSplitFile(join(root, DATASET_FILES.train)),
    test: readSplitFile(join(root, DATASET_FILES.test)),
  };
}

/** Parsed split files by path, with the digest of the text they were parsed from. */
const parsedSplits = new Map<string, { readonly digest: string; readonly rows: readonly LabelledString[] }>();

/**
 * A split file's rows, parsed once per process while its content stays the same (a sweep's worker loads the same
 * files for each of its hundreds of jobs): a fresh array each call, of frozen rows.
 */
function readSplitFile(path: string): LabelledString[] {
  if (!existsSync(path)) return readLabelledCsv(path); // whose error names the missing file
  const text = readFileSync(path, "utf8");
  const digest = createHash("sha256").update(text).digest("hex");
  const cached = parsedSplits.get(path);
  if (cached?.digest === digest) return [...cached.rows];
  const rows = parseLabelledCsv(text, path).map((row) => Object.freeze(row));
  parsedSplits.set(path, { digest, rows });
  return [...rows];
}

/**
 * A short digest of a data set directory's train.csv and test.csv (default: the shipped data/). Experiments store it
 * in their manifest, so that resuming a folder computed on other data is refused instead of mixing results.
 */
export function datasetFingerprint(dir: string = shippedDataDir()): string {
  const hash = createHash("sha256");
  for (const name of [DATASET_FILES.train, DATASET_FILES.test]) {
    const path = join(resolve(dir), name);
    if (!existsSync(path))
      throw new Error(
        `${path} is missing: a data set directory needs ${DATASET_FILES.train} and ${DATASET_FILES.test}`,
      );
    hash.update(name).update(readFileSync(path));
  }
  return hash.digest("hex").slice(0, 16);
}

/** Whether `dir` holds the three files of `dataset` byte for byte (false when one is missing or differs). */
export function matchesDatasetFiles(dir: string, dataset: Pick<ReberDataset, "all" | "train" | "test">): boolean {
  return [...formatDatasetFiles(dataset)].every(([name, text]) => {
    const path = join(resolve(dir), name);
    return existsSync(path) && readFileSync(path, "utf8") === text;
  });
}
