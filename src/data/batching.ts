/**
 * Mini-batches for the training engine: rows encoded as ASCII codes, right-padded with 0 to the
 * batch's longest string, laid out time-major. Like PyTorch's DataLoader without drop_last, the last
 * batch may be smaller.
 */
import type { SeededRandom } from "../random/seeded-random";
import { encodeAscii } from "./encoding";
import type { LabelledString } from "./reber-dataset";

/** Classes of the task: 0 = invalid string, 1 = valid (a model's output size). */
export const CLASS_COUNT = 2;

/** One padded mini-batch: the lab's one batch type, read by training, the engine and the reference model. */
export interface Batch {
  /** Number of strings. */
  readonly size: number;
  /** Time steps: the longest string's length. */
  readonly length: number;
  /** Time-major codes: `tokens[t * size + b]` is character t of string b (0 past its end). */
  readonly tokens: Int32Array;
  /** Class per string: 1 = valid, 0 = invalid. */
  readonly labels: Int32Array;
  /** Index of each string in the source rows. */
  readonly rows: readonly number[];
}

/**
 * What a model reads of a `Batch`: the time-major codes, and the labels when a loss is wanted. Any `Batch` is one;
 * the engine's and the reference model's functions take this, so inference needs no labels or source rows.
 */
export type ModelInput = Pick<Batch, "size" | "length" | "tokens"> & Partial<Pick<Batch, "labels">>;

/** Options of `makeBatches`. */
export interface BatchOptions {
  batchSize: number;
  /** "file": rows in their given order; "shuffled": a random permutation drawn from `rng`. */
  order: "shuffled" | "file";
  rng?: SeededRandom;
  /** Name of the rows' file, for error messages. */
  source?: string;
}

/** Each row's codes, encoded once: training batches the same rows again every epoch. */
const encodedRows = new WeakMap<LabelledString, { readonly string: string; readonly codes: Int32Array }>();

/** The ASCII codes of row `i` (its `string`), from the cache while the row's string is the one encoded. */
function rowCodes(row: LabelledString, i: number, source?: string): Int32Array {
  const cached = encodedRows.get(row);
  if (cached?.string === row.string) return cached.codes;
  const codes = encodeAscii(row.string, i, source);
  encodedRows.set(row, { string: row.string, codes });
  return codes;
}

/** Encode and pad the given rows into one batch. */
export function makeBatch(rows: readonly LabelledString[], indices: readonly number[], source?: string): Batch {
  if (indices.length === 0) throw new Error("a batch needs at least one row");
  const size = indices.length;
  // Plain loops: an epoch batches every training row again, and this is most of the time between training steps.
  const codes: Int32Array[] = new Array(size);
  const labels = new Int32Array(size);
  let length = 0;
  for (let b = 0; b < size; b++) {
    const i = indices[b]!;
    const row = rows[i];
    if (row === undefined) throw new Error(`row ${i} is out of range (0–${rows.length - 1})`);
    const c = rowCodes(row, i, source);
    codes[b] = c;
    labels[b] = row.valid ? 1 : 0;
    if (c.length > length) length = c.length;
  }
  const tokens = new Int32Array(length * size); // PADDING_CODE is 0
  for (let b = 0; b < size; b++) {
    const c = codes[b]!;
    for (let t = 0; t < c.length; t++) tokens[t * size + b] = c[t]!;
  }
  return { size, length, tokens, labels, rows: indices.slice() };
}

/** Split rows into padded batches of `batchSize` (the last may be smaller), in file or shuffled order. */
export function makeBatches(rows: readonly LabelledString[], options: BatchOptions): Batch[] {
  const { batchSize, order } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new Error(`batch size must be a positive integer, got ${batchSize}`);
  let indices: number[];
  if (order === "shuffled") {
    if (!options.rng) throw new Error('order "shuffled" needs an rng (a SeededRandom)');
    indices = options.rng.permutation(rows.length);
  } else if (order === "file") {
    indices = Array.from({ length: rows.length }, (_, i) => i);
  } else {
    throw new Error(`unknown batch order "${String(order)}" (expected "shuffled" or "file")`);
  }
  const batches: Batch[] = [];
  for (let start = 0; start < indices.length; start += batchSize) {
    batches.push(makeBatch(rows, indices.slice(start, start + batchSize), options.source));
  }
  return batches;
}

/**
 * Mean time steps per batch (each padded to its longest string) over `epochs` shuffles: what a training step really
 * costs.
 */
export function meanPaddedLength(
  rows: readonly LabelledString[],
  batchSize: number,
  rng: SeededRandom,
  epochs = 3,
): number {
  let steps = 0;
  let batches = 0;
  for (let e = 0; e < epochs; e++) {
    const order = rng.permutation(rows.length);
    for (let start = 0; start < order.length; start += batchSize) {
      let longest = 0;
      for (const i of order.slice(start, start + batchSize)) longest = Math.max(longest, rows[i]!.string.length);
      steps += longest;
      batches++;
    }
  }
  if (batches === 0) throw new Error("meanPaddedLength needs at least one row");
  return steps / batches;
}
