import { test } from "node:test";
import assert from "node:assert/strict";
import { datasetStats } from "../../src/data/dataset-stats";

test("counts by label, length min/max/mean/mode, histogram with gaps, character counts", () => {
  const stats = datasetStats([
    { string: "BTXSE", valid: true },
    { string: "BPVVE", valid: true },
    { string: "BTXXE", valid: false },
    { string: "BTSSXSE", valid: true },
    { string: "BPTVVEA", valid: false },
    { string: "BZE", valid: false },
  ]);
  assert.equal(stats.rows, 6);
  assert.equal(stats.valid, 3);
  assert.equal(stats.invalid, 3);
  assert.deepEqual(stats.length, { min: 3, max: 7, mean: 32 / 6, mode: 5, modeCount: 3 });
  assert.deepEqual(stats.lengthHistogram, [
    { length: 3, count: 1 },
    { length: 4, count: 0 },
    { length: 5, count: 3 },
    { length: 6, count: 0 },
    { length: 7, count: 2 },
  ]);
  assert.deepEqual(stats.characterCounts, [
    { character: "A", count: 1 },
    { character: "B", count: 6 },
    { character: "E", count: 6 },
    { character: "P", count: 2 },
    { character: "S", count: 4 },
    { character: "T", count: 4 },
    { character: "V", count: 4 },
    { character: "X", count: 4 },
    { character: "Z", count: 1 },
  ]);
});

test("ties go to the shortest length; no rows is an error", () => {
  const stats = datasetStats([
    { string: "BB", valid: true },
    { string: "BBB", valid: false },
  ]);
  assert.equal(stats.length.mode, 2);
  assert.throws(() => datasetStats([]), /no rows/);
});
