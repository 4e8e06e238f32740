/** The split checks shared by the data set tests: both data sets split as the thesis's does. */
import assert from "node:assert/strict";
import type { LabelledString } from "../../src/data/reber-dataset";

/** Each row as one comparable text (string and label). */
export const rowKeys = (rows: readonly LabelledString[]): string[] => rows.map((r) => `${r.string},${r.valid}`);

/** Assert the thesis's split: 18,750 / 6,250 rows, its label counts per split, a partition of `all`, random order. */
export function assertThesisSplit(dataset: {
  readonly all: readonly LabelledString[];
  readonly train: readonly LabelledString[];
  readonly test: readonly LabelledString[];
}): void {
  assert.equal(dataset.train.length, 18_750);
  assert.equal(dataset.test.length, 6_250);
  assert.equal(dataset.train.filter((r) => r.valid).length, 9_339);
  assert.equal(dataset.test.filter((r) => r.valid).length, 3_161);
  assert.deepEqual([...rowKeys(dataset.train), ...rowKeys(dataset.test)].sort(), rowKeys(dataset.all).sort());
  // Random order within each split: both labels appear among the first 100 rows.
  assert.ok(dataset.train.slice(0, 100).some((r) => r.valid) && dataset.train.slice(0, 100).some((r) => !r.valid));
}
