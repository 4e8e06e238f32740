import { test } from "node:test";
import assert from "node:assert/strict";
import { buildReberDataset, DEFAULT_DATASET_SEED, THESIS_DATASET_COUNTS } from "../../src/data/reber-dataset";
import { isValidReber } from "../../src/data/reber-grammar";
import { datasetStats } from "../../src/data/dataset-stats";
import { assertThesisSplit, rowKeys as key } from "../support/thesis-split";

const dataset = buildReberDataset();

test("25,000 distinct strings, 12,500 valid and 12,500 invalid, labels agreeing with the grammar", () => {
  assert.equal(DEFAULT_DATASET_SEED, 2021);
  assert.equal(dataset.all.length, 25_000);
  assert.equal(new Set(dataset.all.map((r) => r.string)).size, 25_000);
  assert.equal(dataset.all.filter((r) => r.valid).length, 12_500);
  for (const row of dataset.all) {
    assert.equal(isValidReber(row.string), row.valid, row.string);
    assert.equal(row.string[0], "B");
    assert.equal(row.string[row.string.length - 1], "E");
  }
});

test(
  "the invalid strings are 5,500 with Reber letters (1,500 wrong-branch, " + "4,000 mislabelled) and 7,000 relabelled",
  () => {
    const count = (family: string) => dataset.families.filter((f) => f === family).length;
    assert.equal(dataset.families.length, dataset.all.length);
    assert.equal(count("valid"), THESIS_DATASET_COUNTS.valid);
    assert.equal(count("wrong-branch"), 1_500);
    assert.equal(count("mislabelled"), 4_000);
    assert.equal(count("wrong-branch") + count("mislabelled"), THESIS_DATASET_COUNTS.reberLetters);
    assert.equal(count("relabelled"), 7_000);
    dataset.all.forEach((row, i) => {
      const family = dataset.families[i];
      assert.equal(row.valid, family === "valid");
      if (family === "wrong-branch" || family === "mislabelled") assert.match(row.string, /^[BEPSTVX]+$/);
    });
    const relabelledOutside = dataset.all.filter(
      (r, i) => dataset.families[i] === "relabelled" && !/^[BEPSTVX]+$/.test(r.string),
    ).length;
    assert.ok(relabelledOutside > 6_500, `${relabelledOutside}`);
    // The mislabelled strings come from distinct walks, so their lengths follow the valid strings' (mean about 20).
    const lengths = (family: string) =>
      dataset.all.filter((_, i) => dataset.families[i] === family).map((r) => r.string.length);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    assert.ok(
      Math.abs(mean(lengths("mislabelled")) - mean(lengths("valid"))) < 3,
      `${mean(lengths("mislabelled"))} vs ${mean(lengths("valid"))}`,
    );
  },
);

test("the split has the thesis's sizes and label counts and partitions the set", () => {
  assertThesisSplit(dataset);
});

test("the random split keeps the sizes and only roughly the label balance", () => {
  const random = buildReberDataset({ split: "random" });
  assert.equal(random.train.length, 18_750);
  assert.equal(random.test.length, 6_250);
  const trainValid = random.train.filter((r) => r.valid).length;
  assert.ok(Math.abs(trainValid - 9_375) < 250, `${trainValid}`);
  assert.deepEqual(key(random.all), key(dataset.all), "the split does not change the strings");
});

test("the length distribution is close to the thesis's: 11 to about 53, mode 22 with about 2,112", () => {
  for (const seed of [DEFAULT_DATASET_SEED, 1, 2]) {
    const stats = datasetStats(seed === DEFAULT_DATASET_SEED ? dataset.all : buildReberDataset({ seed }).all);
    assert.equal(stats.length.min, 11);
    assert.ok(stats.length.max >= 42 && stats.length.max <= 53, `max ${stats.length.max}`);
    assert.ok(stats.length.mode >= 21 && stats.length.mode <= 23, `mode ${stats.length.mode}`);
    // ours: 1,933 for the default seed
    assert.ok(Math.abs(stats.length.modeCount - 2_112) < 250, `mode count ${stats.length.modeCount}`);
    const at = (n: number) => stats.lengthHistogram.find((h) => h.length === n)!.count;
    // The valid strings saturate the short lengths (24 exist with 11 letters), the relabelled ones do not.
    assert.ok(at(11) > 1_500 && at(16) < at(11) && at(16) < at(22), `11: ${at(11)}, 16: ${at(16)}, 22: ${at(22)}`);
  }
});

test("one seed reproduces the data set exactly; different seeds differ", () => {
  const again = buildReberDataset({ seed: DEFAULT_DATASET_SEED });
  assert.deepEqual(key(again.all), key(dataset.all));
  assert.deepEqual(key(again.train), key(dataset.train));
  assert.deepEqual(key(again.test), key(dataset.test));
  const other = buildReberDataset({ seed: 7 });
  const shared = new Set(other.all.map((r) => r.string));
  const overlap = dataset.all.filter((r) => shared.has(r.string)).length;
  assert.notDeepEqual(key(other.train), key(dataset.train));
  assert.ok(overlap < 12_500, `overlap ${overlap}`);
});

test("a length range too narrow for 12,500 distinct strings is a clear error", () => {
  assert.throws(
    () => buildReberDataset({ lengths: { min: 11, max: 13 } }),
    /only 113 distinct valid Reber strings have lengths 11–13; the data set needs 12500/,
  );
});
