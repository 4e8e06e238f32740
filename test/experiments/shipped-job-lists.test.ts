import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { baseJobs, pruneJobs } from "../../src/experiments/pruning-study";
import {
  faithfulSweepSettings,
  methodComparisonSettings,
  pruningStudySettings,
  spectrumSweepSettings,
} from "../../src/experiments/study-stages";
import { spectrumJobs } from "../../src/experiments/spectrum-sweep";
import { structureJobs } from "../../src/experiments/structure-sweep";
import { STAGE_FOLDERS } from "../../src/experiments/study-stage-names";
import { FULL_SCALE } from "../../src/experiments/study-scale";
import { makeManifest } from "../../src/experiments/runner/experiment-folder";
import { datasetFingerprint, shippedTaskDir } from "../../src/data/dataset-files";
import { shippedResultsDir } from "../../src/experiments/shipped-results";

// Today's code must make exactly the experiments that were shipped: otherwise a part computed now (or resumed from
// `results unpack`) is refused by the shipped folders, or worse, differs from them.
const shipped = shippedResultsDir();

function shippedManifest(relative: string): { parameters: unknown; jobsDigest: string; jobCount: number } {
  return JSON.parse(readFileSync(join(shipped, relative, "manifest.json"), "utf8"));
}

const stages = [
  { folder: "pruning", settings: pruningStudySettings(FULL_SCALE) },
  { folder: "pruning-methods", settings: methodComparisonSettings(FULL_SCALE, 0, "methods") },
  { folder: "pruning-methods-embedded", settings: methodComparisonSettings(FULL_SCALE, 0, "methods-embedded") },
];

for (const { folder, settings } of stages) {
  test(
    `the ${folder} stage's job lists and parameters equal the shipped ones`,
    { skip: !existsSync(join(shipped, folder)) && `${folder} is not shipped` },
    () => {
      const dataDir = shippedTaskDir(settings.task ?? "reber");
      const parameters = { ...JSON.parse(JSON.stringify(settings)), dataset: datasetFingerprint(dataDir) };
      for (const [stage, jobs] of [
        ["base", baseJobs(settings)],
        ["prune", pruneJobs(settings)],
      ] as const) {
        const ours = makeManifest(parameters, settings.seed, jobs);
        const theirs = shippedManifest(join(folder, stage));
        assert.equal(ours.jobCount, theirs.jobCount, `${folder}/${stage} job count`);
        assert.equal(ours.jobsDigest, theirs.jobsDigest, `${folder}/${stage} job list`);
        assert.deepEqual(
          JSON.parse(JSON.stringify(ours.parameters)),
          theirs.parameters,
          `${folder}/${stage} parameters`,
        );
      }
    },
  );
}

test(
  "the spectrum stage's job list and parameters equal the shipped ones",
  { skip: !existsSync(join(shipped, STAGE_FOLDERS.spectrum)) && "the spectrum sweep is not shipped" },
  () => {
    const settings = spectrumSweepSettings(FULL_SCALE);
    const parameters = {
      sweep: "small-world spectrum",
      ...JSON.parse(JSON.stringify(settings)),
      dataset: datasetFingerprint(shippedTaskDir("embedded-reber")),
    };
    const ours = makeManifest(parameters, settings.seed, spectrumJobs(settings));
    const theirs = shippedManifest(STAGE_FOLDERS.spectrum);
    assert.equal(ours.jobCount, theirs.jobCount, "job count");
    assert.equal(ours.jobsDigest, theirs.jobsDigest, "job list");
    assert.deepEqual(JSON.parse(JSON.stringify(ours.parameters)), theirs.parameters, "parameters");
  },
);

test(
  "the faithful stage's job list and parameters equal the shipped ones",
  { skip: !existsSync(join(shipped, STAGE_FOLDERS.faithful)) && "the faithful-layout sweep is not shipped" },
  () => {
    const settings = faithfulSweepSettings(FULL_SCALE);
    const parameters = {
      ...JSON.parse(JSON.stringify(settings)),
      dataset: datasetFingerprint(shippedTaskDir("reber")),
    };
    const ours = makeManifest(parameters, settings.seed, structureJobs(settings));
    const theirs = shippedManifest(STAGE_FOLDERS.faithful);
    assert.equal(ours.jobsDigest, theirs.jobsDigest, "job list");
    assert.deepEqual(JSON.parse(JSON.stringify(ours.parameters)), theirs.parameters, "parameters");
  },
);
