/**
 * Per-epoch training records in the thesis's CSV layout
 * (`mode,prune,epoch,train_loss,train_acc,test_loss,test_acc,time`): what every training run writes, base models
 * (`mode` = the variant) and pruning runs alike (`<mode>_prune…`, named by `pruneRunName` in src/pruning), so the
 * pipeline's later stages read what training produced.
 */
import { formatCsvRecords, parseCsvRecords, type CsvRecord } from "../data/csv";
import { readTextFile } from "../files/read-file";

/** One row of the thesis's per-epoch CSV. */
export interface EpochRecord {
  readonly mode: string;
  readonly prune: number;
  readonly epoch: number;
  readonly train_loss: number;
  readonly train_acc: number;
  readonly test_loss: number;
  readonly test_acc: number;
  readonly time: number;
}

/** The record columns in the thesis's order. */
export const EPOCH_RECORD_COLUMNS = [
  "mode",
  "prune",
  "epoch",
  "train_loss",
  "train_acc",
  "test_loss",
  "test_acc",
  "time",
] as const;

/** Parse the thesis's per-epoch CSV text; errors name the file and line. */
export function parseEpochRecords(text: string, file = "<records>"): EpochRecord[] {
  return epochRecordsOf(parseCsvRecords(text, { source: file, skipBlankLines: true }), file);
}

/** The epoch records of CSV records already split (header first), for readers that also use other columns. */
export function epochRecordsOf(csv: readonly CsvRecord[], file = "<records>"): EpochRecord[] {
  const [headerRecord, ...rows] = csv;
  const header = (headerRecord?.fields ?? []).map((name) => name.trim());
  const index = EPOCH_RECORD_COLUMNS.map((column) => {
    const at = header.indexOf(column);
    if (at < 0) throw new Error(`${file}:1: missing column "${column}" (expected ${EPOCH_RECORD_COLUMNS.join(",")})`);
    return at;
  });
  const records: EpochRecord[] = [];
  for (const { fields: cells, line } of rows) {
    if (cells.length !== header.length)
      throw new Error(`${file}:${line}: expected ${header.length} fields, found ${cells.length}`);
    const values = index.map((at, k) => {
      const cell = cells[at]!.trim();
      if (k === 0) return cell;
      const value = Number(cell);
      if (cell === "" || !Number.isFinite(value))
        throw new Error(`${file}:${line}: column "${EPOCH_RECORD_COLUMNS[k]}" holds "${cell}", expected a number`);
      return value;
    });
    const [mode, prune, epoch, train_loss, train_acc, test_loss, test_acc, time] = values as [string, ...number[]];
    records.push({
      mode,
      prune: prune!,
      epoch: epoch!,
      train_loss: train_loss!,
      train_acc: train_acc!,
      test_loss: test_loss!,
      test_acc: test_acc!,
      time: time!,
    });
  }
  return records;
}

/** Read a per-epoch records CSV file. */
export function readEpochRecords(path: string): EpochRecord[] {
  return parseEpochRecords(readTextFile(path, "the records CSV"), path);
}

/** Format records as CSV in the thesis's column order. */
export function formatEpochRecords(records: readonly EpochRecord[]): string {
  return formatCsvRecords([
    EPOCH_RECORD_COLUMNS,
    ...records.map((r) => EPOCH_RECORD_COLUMNS.map((column) => r[column])),
  ]);
}
