import { test } from "node:test";
import assert from "node:assert/strict";
import { checkEmbeddedReber, isEmbeddedReber } from "../../src/data/embedded-reber-grammar";
import { EMBEDDED_FAMILY_DEFECT } from "../../src/data/invalid-embedded-reber";
import {
  buildEmbeddedReberDataset,
  EMBEDDED_DATASET_COUNTS,
  EMBEDDED_FAMILIES,
  type EmbeddedReberFamily,
} from "../../src/data/embedded-reber-dataset";
import { assertThesisSplit, rowKeys as key } from "../support/thesis-split";

const dataset = buildEmbeddedReberDataset();
const ofFamily = (family: EmbeddedReberFamily) => dataset.all.filter((_, i) => dataset.families[i] === family);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const shareAtMost = (xs: number[], n: number) => xs.filter((x) => x <= n).length / xs.length;

test("25,000 distinct strings, 12,500 valid and 12,500 invalid, labels agreeing with the embedded grammar", () => {
  assert.equal(dataset.all.length, 25_000);
  assert.equal(new Set(dataset.all.map((r) => r.string)).size, 25_000);
  assert.equal(dataset.all.filter((r) => r.valid).length, 12_500);
  for (const row of dataset.all) assert.equal(isEmbeddedReber(row.string), row.valid, row.string);
});

test("each invalid string fails the grammar for its family's reason; half of them are the long-range family", () => {
  assert.equal(dataset.families.length, dataset.all.length);
  const counts = Object.fromEntries(EMBEDDED_FAMILIES.map((f) => [f, dataset.families.filter((g) => g === f).length]));
  assert.deepEqual(counts, {
    valid: 12_500,
    "closing-mismatch": 6_250,
    "outer-symbol": 1_250,
    "inner-wrong-branch": 600,
    "inner-mislabelled": 1_600,
    "inner-relabelled": 2_800,
  });
  assert.deepEqual(counts, { ...EMBEDDED_DATASET_COUNTS });
  assert.equal(counts["closing-mismatch"]! * 2, dataset.all.length - counts.valid!);
  dataset.all.forEach((row, i) => {
    const family = dataset.families[i]!;
    assert.equal(row.valid, family === "valid");
    if (family !== "valid")
      assert.equal(checkEmbeddedReber(row.string).defect, EMBEDDED_FAMILY_DEFECT[family], row.string);
  });
});

test("valid and closing-mismatch strings share opening symbols and lengths: only memory tells them apart", () => {
  const valid = ofFamily("valid");
  const mismatch = ofFamily("closing-mismatch");
  for (const rows of [valid, mismatch]) {
    const openT = rows.filter((r) => r.string[1] === "T").length / rows.length;
    assert.ok(Math.abs(openT - 0.5) < 0.02, `${openT} open with T`);
  }
  const validLengths = valid.map((r) => r.string.length);
  const mismatchLengths = mismatch.map((r) => r.string.length);
  assert.ok(
    Math.abs(mean(validLengths) - mean(mismatchLengths)) < 0.3,
    `${mean(validLengths)} vs ${mean(mismatchLengths)}`,
  );
  // Kolmogorov–Smirnov distance of the two length distributions (0.0065 for the default seed; 0.02 would be p ≈ 0.07).
  const gap = Math.max(
    ...[...new Set(validLengths)].map((n) => Math.abs(shareAtMost(validLengths, n) - shareAtMost(mismatchLengths, n))),
  );
  assert.ok(gap < 0.02, `KS distance ${gap}`);
  const lengths = dataset.all.map((r) => r.string.length);
  assert.equal(Math.min(...validLengths), 15);
  assert.ok(
    Math.min(...lengths) >= 14 && Math.max(...lengths) <= 57,
    `${Math.min(...lengths)}–${Math.max(...lengths)}`,
  );
});

test("the split has the thesis's sizes and label counts and partitions the set", () => {
  assertThesisSplit(dataset);
  const random = buildEmbeddedReberDataset({ split: "random" });
  assert.deepEqual(key(random.all), key(dataset.all), "the split does not change the strings");
  assert.notDeepEqual(key(random.train), key(dataset.train));
});

test("one seed reproduces the data set exactly; different seeds differ", () => {
  const again = buildEmbeddedReberDataset({ seed: 2021 });
  assert.deepEqual(key(again.all), key(dataset.all));
  assert.deepEqual(again.families, dataset.families);
  assert.deepEqual(key(again.train), key(dataset.train));
  assert.deepEqual(key(again.test), key(dataset.test));
  const other = buildEmbeddedReberDataset({ seed: 7 });
  const mine = new Set(key(dataset.all));
  const shared = key(other.all).filter((k) => mine.has(k)).length;
  // Short strings are few (24 valid Reber strings have 11 letters), so every seed uses them all: the sets overlap
  // there.
  assert.ok(shared < 12_500, `${shared} strings shared between seeds 2021 and 7`);
  assert.notDeepEqual(key(other.train).slice(0, 50), key(dataset.train).slice(0, 50));
});

test("a length range too narrow for 6,250 distinct inner strings is refused before drawing", () => {
  assert.throws(
    () => buildEmbeddedReberDataset({ innerLengths: { min: 11, max: 13 } }),
    /only \d+ distinct valid Reber strings have lengths 11–13; the data set needs 6250/,
  );
});
