import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { datasetFingerprint } from "../../src/data/dataset-files";
import { ExperimentFolder } from "../../src/experiments/runner";
import { shippedResultsDir, stageStatus, verifyShippedResults } from "../../src/experiments/shipped-results";
import { FULL_SCALE } from "../../src/experiments/study-scale";

// The lab's own full-scale results, tracked in results/full: these tests check the shipped folder itself.
const shipped = shippedResultsDir({});
const manifestPath = join(shipped, "manifest.json");

test("the shipped results are the thesis-scale study: 4 variants × 3 seeds × 30 pruned runs and 800 networks", () => {
  const base = ExperimentFolder.open(join(shipped, "pruning", "base"));
  const prune = ExperimentFolder.open(join(shipped, "pruning", "prune"));
  const sweep = ExperimentFolder.open(join(shipped, "structure"));
  assert.equal(base.jobs.length, FULL_SCALE.modes.length * 3);
  assert.equal(prune.jobs.length, FULL_SCALE.modes.length * 3 * 3 * 10, "3 kinds × 10 percentages per base model");
  assert.equal(sweep.jobs.length, 800);
  const parameters = base.manifest.parameters as { seeds: number; baseEpochs: number; retrainEpochs: number };
  assert.deepEqual([parameters.seeds, parameters.baseEpochs, parameters.retrainEpochs], [3, 50, 10]);
});

test("the shipped results agree with themselves and were computed on the shipped data", () => {
  assert.deepEqual(verifyShippedResults(shipped), []);
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as {
    dataset: string;
    stages: Record<string, { finished: number }>;
  };
  assert.equal(manifest.dataset, datasetFingerprint());
  // The manifest is rewritten on every ship: its counts are those of the records.
  for (const stage of ["pruning", "structure"] as const)
    assert.equal(manifest.stages[stage]!.finished, stageStatus(shipped, stage).finished);
  for (const name of ["gru", "lstm", "rnn_relu", "rnn_tanh"])
    assert.ok(existsSync(join(shipped, "pruning", "models", `base-${name}-r0.safetensors`)));
});

test("every part of the full-scale study is shipped: 3 seeds of the pruning study and the whole sweep", () => {
  const pruning = stageStatus(shipped, "pruning");
  const sweep = stageStatus(shipped, "structure");
  // 4 variants × 3 seeds × (1 base model + 3 kinds × 10 percentages), and 4 variants × 200 graphs.
  assert.equal(pruning.jobs, 372);
  assert.equal(pruning.finished, 372);
  assert.equal(sweep.jobs, 800);
  assert.equal(sweep.finished, 800);
  assert.ok(pruning.complete && sweep.complete);
});
