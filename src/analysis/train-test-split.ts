/**
 * Train/test splits of row indices: seeded random (90/10 by default) or explicit test rows (to reproduce the thesis).
 */
import { readFileSync, existsSync } from "node:fs";
import { SeededRandom } from "../random/seeded-random";

/** Row indices of the training and test sets. */
export interface TrainTestSplit {
  train: number[];
  test: number[];
}

/**
 * Number of test rows for a fraction or count, as sklearn: ceil(fraction × n), at least 1, leaving at least 1 to train.
 */
export function testCount(rowCount: number, testSize: number): number {
  if (!(testSize > 0)) throw new Error(`test size must be positive, got ${testSize}`);
  const count = testSize < 1 ? Math.ceil(testSize * rowCount) : testSize;
  if (!Number.isInteger(count) || count < 1 || count >= rowCount) {
    throw new Error(`test size ${testSize} leaves no rows to train or test on with ${rowCount} rows`);
  }
  return count;
}

/** A random split like sklearn's ShuffleSplit: permute, the first rows test, the rest train (our own seeded stream). */
export function randomSplit(rowCount: number, testSize: number, random: SeededRandom): TrainTestSplit {
  const count = testCount(rowCount, testSize);
  const order = random.permutation(rowCount);
  return { test: order.slice(0, count), train: order.slice(count) };
}

/** A split with the given test rows; every other row trains (in ascending order). */
export function splitWithTestRows(rowCount: number, testRows: readonly number[]): TrainTestSplit {
  const isTest = new Array<boolean>(rowCount).fill(false);
  for (const row of testRows) {
    if (!Number.isInteger(row) || row < 0 || row >= rowCount) {
      throw new Error(`test row ${row} is outside the results' rows 0..${rowCount - 1}`);
    }
    if (isTest[row]) throw new Error(`test row ${row} is listed twice`);
    isTest[row] = true;
  }
  if (testRows.length === 0 || testRows.length >= rowCount) {
    throw new Error(`need between 1 and ${rowCount - 1} test rows, got ${testRows.length}`);
  }
  const train: number[] = [];
  for (let r = 0; r < rowCount; r++) if (!isTest[r]) train.push(r);
  return { train, test: [...testRows] };
}

/**
 * Parse `--test-rows`: a comma/space-separated list of 0-based row indices, or a file holding such a list (or a JSON
 * array).
 */
export function parseTestRows(spec: string): number[] {
  let text = spec;
  let where = "--test-rows";
  if (existsSync(spec)) {
    text = readFileSync(spec, "utf8");
    where = spec;
  }
  const tokens = text
    .replace(/[[\]]/g, " ")
    .split(/[\s,]+/)
    .filter((t) => t.length > 0);
  return tokens.map((token) => {
    const value = Number(token);
    if (!Number.isInteger(value) || value < 0) {
      throw new Error(`${where}: '${token}' is not a row index (expected 0-based non-negative integers)`);
    }
    return value;
  });
}
