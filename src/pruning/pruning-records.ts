/**
 * The thesis's per-epoch records of base training and of every pruning run
 * (`mode,prune,epoch,train_loss,train_acc,test_loss,test_acc,time`; modes `<mode>`, `<mode>_prune`,
 * `<mode>_prune_i2h`, `<mode>_prune_h2h`), read from CSV and grouped into the curves the analysis needs.
 */
import { readFileSync } from "node:fs";
import type { PruneKind } from "./magnitude-pruning";

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
export const EPOCH_RECORD_COLUMNS = ["mode", "prune", "epoch", "train_loss", "train_acc", "test_loss", "test_acc", "time"] as const;

/** The record-mode name of a pruning run: `gru_prune`, `gru_prune_i2h`, `gru_prune_h2h`. */
export function pruneRunName(mode: string, kind: PruneKind): string {
  const base = mode.toLowerCase();
  return kind === "both" ? `${base}_prune` : `${base}_prune_${kind}`;
}

/** Parse the thesis's per-epoch CSV text; errors name the file and line. */
export function parseEpochRecords(text: string, file = "<records>"): EpochRecord[] {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? "").split(",").map((name) => name.trim());
  const index = EPOCH_RECORD_COLUMNS.map((column) => {
    const at = header.indexOf(column);
    if (at < 0) throw new Error(`${file}:1: missing column "${column}" (expected ${EPOCH_RECORD_COLUMNS.join(",")})`);
    return at;
  });
  const records: EpochRecord[] = [];
  for (let line = 1; line < lines.length; line++) {
    const text = lines[line]!;
    if (text.trim() === "") continue;
    const cells = text.split(",");
    if (cells.length !== header.length) throw new Error(`${file}:${line + 1}: expected ${header.length} fields, found ${cells.length}`);
    const values = index.map((at, k) => {
      const cell = cells[at]!.trim();
      if (k === 0) return cell;
      const value = Number(cell);
      if (cell === "" || !Number.isFinite(value)) throw new Error(`${file}:${line + 1}: column "${EPOCH_RECORD_COLUMNS[k]}" holds "${cell}", expected a number`);
      return value;
    });
    const [mode, prune, epoch, train_loss, train_acc, test_loss, test_acc, time] = values as [string, ...number[]];
    records.push({ mode, prune: prune!, epoch: epoch!, train_loss: train_loss!, train_acc: train_acc!, test_loss: test_loss!, test_acc: test_acc!, time: time! });
  }
  return records;
}

/** Read a per-epoch records CSV file. */
export function readEpochRecords(path: string): EpochRecord[] {
  return parseEpochRecords(readFileSync(path, "utf8"), path);
}

/** Format records as CSV in the thesis's column order. */
export function formatEpochRecords(records: readonly EpochRecord[]): string {
  const lines = records.map((r) => EPOCH_RECORD_COLUMNS.map((column) => String(r[column])).join(","));
  return [EPOCH_RECORD_COLUMNS.join(","), ...lines].join("\n") + "\n";
}
