/**
 * Per-epoch records of a pruning study with the base model each run descends from: the training records
 * (src/training/epoch-records.ts) plus a `replicate` column. The thesis's CSV has none, so it reads as replicate 0.
 */
import { readTextFile } from "../files/read-file";
import { parseCsvRecords, type CsvRecord } from "../data/csv";
import { epochRecordsOf, type EpochRecord } from "../training/epoch-records";

/** An epoch record with the base model it descends from (0 for records without a `replicate` column). */
export interface ReplicatedRecord extends EpochRecord {
  readonly replicate: number;
}

/** Parse per-epoch records with an optional `replicate` column (the thesis's CSV has none: replicate 0). */
export function parseReplicatedRecords(text: string, file = "<records>"): ReplicatedRecord[] {
  return replicatedRecordsOf(parseCsvRecords(text, { source: file, skipBlankLines: true }), file);
}

/** The replicated records of CSV records already split (header first), for readers that also use other columns. */
export function replicatedRecordsOf(csv: readonly CsvRecord[], file = "<records>"): ReplicatedRecord[] {
  const records = epochRecordsOf(csv, file);
  const [header, ...rows] = csv;
  const column = (header?.fields ?? []).map((name) => name.trim()).indexOf("replicate");
  if (column < 0) return records.map((record) => ({ ...record, replicate: 0 }));
  const replicates = rows.map(({ fields, line }) => {
    const cell = (fields[column] ?? "").trim();
    const value = Number(cell);
    if (cell === "" || !Number.isInteger(value) || value < 0)
      throw new Error(`${file}:${line}: column "replicate" holds "${cell}", expected a non-negative integer`);
    return value;
  });
  return records.map((record, i) => ({ ...record, replicate: replicates[i]! }));
}

/** Read a records CSV (a study's pruning-records.csv or the thesis's prune-<mode>.csv). */
export function readReplicatedRecords(path: string): ReplicatedRecord[] {
  return parseReplicatedRecords(readTextFile(path, "the records CSV"), path);
}

/** The replicate indices present, ascending. */
export function replicatesOf(records: readonly ReplicatedRecord[]): number[] {
  return [...new Set(records.map((r) => r.replicate))].sort((a, b) => a - b);
}

/** The records grouped by replicate, in ascending replicate order. */
export function splitByReplicate(records: readonly ReplicatedRecord[]): ReplicatedRecord[][] {
  return replicatesOf(records).map((replicate) => records.filter((r) => r.replicate === replicate));
}
