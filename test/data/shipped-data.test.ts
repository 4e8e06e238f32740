import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DATASET_FILES, formatDatasetFiles, loadSplit, shippedDataDir } from "../../src/data/dataset-files";
import { matchesDatasetFiles } from "../../src/data/dataset-files";
import { buildReberDataset, DEFAULT_DATASET_SEED } from "../../src/data/reber-dataset";
import { buildEmbeddedReberDataset } from "../../src/data/embedded-reber-dataset";
import { isEmbeddedReber } from "../../src/data/embedded-reber-grammar";

const dataDir = shippedDataDir();
const embeddedDir = join(dataDir, "embedded-reber");

test("the shipped data/ files are byte-identical to a fresh build from the default seed", () => {
  const expected = formatDatasetFiles(buildReberDataset({ seed: DEFAULT_DATASET_SEED }));
  assert.deepEqual([...expected.keys()], Object.values(DATASET_FILES));
  for (const [name, text] of expected) {
    const path = join(dataDir, name);
    assert.ok(existsSync(path), `${path} is missing: run sparse-rnn dataset generate --out data`);
    assert.ok(readFileSync(path, "utf8") === text, `${path} differs from the seed-${DEFAULT_DATASET_SEED} build`);
  }
});

test("loadSplit reads the shipped train and test sets by default, or any dataset directory", () => {
  const { train, test: testRows } = loadSplit();
  assert.equal(train.length, 18_750);
  assert.equal(testRows.length, 6_250);
  assert.equal(train.filter((r) => r.valid).length, 9_339);
  assert.deepEqual(loadSplit(dataDir).test.slice(0, 5), testRows.slice(0, 5));
  assert.throws(() => loadSplit(join(dataDir, "nowhere")), /cannot read .*nowhere.*train\.csv/);
});

test("matchesDatasetFiles: true for the shipped files and their build, false when a file differs or is missing", () => {
  const dataset = buildReberDataset({ seed: DEFAULT_DATASET_SEED });
  assert.equal(matchesDatasetFiles(dataDir, dataset), true);
  const dir = mkdtempSync(join(tmpdir(), "sparse-rnn-match-"));
  try {
    for (const name of Object.values(DATASET_FILES)) copyFileSync(join(dataDir, name), join(dir, name));
    assert.equal(matchesDatasetFiles(dir, dataset), true);
    const testFile = join(dir, DATASET_FILES.test);
    writeFileSync(testFile, readFileSync(testFile, "utf8").replace(",True\n", ",False\n"));
    assert.equal(matchesDatasetFiles(dir, dataset), false);
    rmSync(join(dir, DATASET_FILES.test));
    assert.equal(matchesDatasetFiles(dir, dataset), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("data/embedded-reber is byte-identical to a fresh embedded build from the default seed", () => {
  const dataset = buildEmbeddedReberDataset({ seed: DEFAULT_DATASET_SEED });
  for (const [name, text] of formatDatasetFiles(dataset)) {
    const path = join(embeddedDir, name);
    assert.ok(
      existsSync(path),
      `${path} is missing: run sparse-rnn dataset generate --task embedded-reber --out ${embeddedDir}`,
    );
    assert.ok(readFileSync(path, "utf8") === text, `${path} differs from the seed-${DEFAULT_DATASET_SEED} build`);
  }
  assert.equal(matchesDatasetFiles(embeddedDir, dataset), true);
});

test("loadSplit reads data/embedded-reber as experiments' --data does: the thesis's sizes, embedded labels", () => {
  const { train, test: testRows } = loadSplit(embeddedDir);
  assert.deepEqual([train.length, testRows.length], [18_750, 6_250]);
  assert.deepEqual([train.filter((r) => r.valid).length, testRows.filter((r) => r.valid).length], [9_339, 3_161]);
  for (const row of [...train, ...testRows]) assert.equal(isEmbeddedReber(row.string), row.valid, row.string);
});
