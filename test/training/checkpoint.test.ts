/** A run's checkpoint as a unit: every partial-write state a kill can leave reads back as a whole checkpoint. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import type { LabelledString } from "../../src/data/reber-dataset";
import { generateValidReber } from "../../src/data/reber-grammar";
import { generateInvalidReber } from "../../src/data/invalid-reber";
import { stackedArchitecture } from "../../src/models/architecture";
import { RecurrentModel } from "../../src/models/recurrent-model";
import { SeededRandom } from "../../src/random/seeded-random";
import type { EpochRecord } from "../../src/training/epoch-records";
import { checkRunOptions, readCheckpoint, runFilesIn, startRun, writeCheckpoint } from "../../src/training/checkpoint";
import { trainModel } from "../../src/training/trainer";

const work = mkdtempSync(join(tmpdir(), "checkpoint-"));
const arch = stackedArchitecture("GRU", [4]);
const rng = new SeededRandom(3);
const rows: LabelledString[] = Array.from({ length: 32 }, (_, i) =>
  i % 2 === 0
    ? { string: generateValidReber(rng), valid: true }
    : { string: generateInvalidReber(rng, "relabelled"), valid: false },
);
const WEIGHT = "recurrent.recurrent_layers.0.weight_hh";
const OPTIONS = { "--mode": "GRU", "--lr": 0.001, "--seed": 1 };

/** A run folder checkpointed after epochs 1, 2 and 3; returns the model weights after each epoch. */
function threeEpochs(dir: string): Float32Array[] {
  startRun(dir, OPTIONS);
  const model = RecurrentModel.initialised(arch, new SeededRandom(1));
  const records: EpochRecord[] = [];
  const weights: Float32Array[] = [];
  trainModel(model, rows, rows, {
    runName: "gru",
    epochs: 3,
    batchSize: 16,
    rng: new SeededRandom(2),
    progress: false,
    callbacks: {
      onEpoch(record) {
        records.push(record);
        writeCheckpoint(dir, arch, model, records);
        weights.push(Float32Array.from(model.exportTensors().get(WEIGHT)!.data as Float32Array));
      },
    },
  });
  model.close();
  return weights;
}

const reference = join(work, "reference");
const weights = threeEpochs(reference);
const weightOf = (dir: string): Float32Array => readCheckpoint(dir, arch)!.tensors.get(WEIGHT)!.data as Float32Array;

/** A copy of the reference run to damage. */
function copy(name: string): string {
  const dir = join(work, name);
  cpSync(reference, dir, { recursive: true });
  return dir;
}

test("the run folder keeps the newest two checkpoints and readable copies of the newest", () => {
  assert.deepEqual(readdirSync(join(reference, "checkpoints")).sort(), ["epoch-000002", "epoch-000003"]);
  assert.deepEqual(runFilesIn(reference), ["run.json", "checkpoints", "epochs.csv", "model.safetensors"]);
  const checkpoint = readCheckpoint(reference, arch)!;
  assert.equal(checkpoint.epoch, 3);
  assert.deepEqual(
    checkpoint.records.map((r) => r.epoch),
    [1, 2, 3],
  );
  assert.deepEqual(checkpoint.skipped, []);
  assert.deepEqual(weightOf(reference), weights[2]);
});

test("each state a kill can leave mid-checkpoint reads as a whole checkpoint; resuming clears the debris", () => {
  // Killed while writing epoch 4's files into its temporary folder: epoch 3 stands.
  const writing = copy("writing");
  const staging = join(writing, "checkpoints", ".epoch-000004.tmp-999999");
  mkdirSync(staging);
  writeFileSync(join(staging, "optimizer.safetensors"), "partial");
  const leftover = `.model.safetensors.tmp-${hostname()}-4194305-abc`; // a killed atomic write (no such pid)
  writeFileSync(join(writing, leftover), "partial copy");
  assert.equal(readCheckpoint(writing, arch)!.epoch, 3);
  checkRunOptions(writing, OPTIONS);
  assert.ok(!existsSync(staging) && !existsSync(join(writing, leftover)));
  // Killed after the rename, before the oldest folder was removed: epoch 3 (and the extra folder does no harm).
  const renamed = copy("renamed");
  const folders = join(renamed, "checkpoints");
  cpSync(join(folders, "epoch-000002"), join(folders, "epoch-000001"), { recursive: true });
  assert.equal(readCheckpoint(renamed, arch)!.epoch, 3);
  // Killed while refreshing the readable copies (model newer than epochs.csv): the checkpoint is untouched.
  const copies = copy("copies");
  cpSync(join(copies, "checkpoints", "epoch-000002", "epochs.csv"), join(copies, "epochs.csv"));
  assert.equal(readCheckpoint(copies, arch)!.epoch, 3);
});

test("a newest checkpoint that does not read back is passed over for the previous one; none is an error", () => {
  const damaged = copy("damaged");
  const newest = join(damaged, "checkpoints", "epoch-000003", "model.safetensors");
  truncateSync(newest, 20);
  const checkpoint = readCheckpoint(damaged, arch)!;
  assert.equal(checkpoint.epoch, 2);
  assert.deepEqual(weightOf(damaged), weights[1]);
  assert.equal(checkpoint.skipped.length, 1);
  assert.ok(checkpoint.skipped[0]!.startsWith(join(damaged, "checkpoints", "epoch-000003")), checkpoint.skipped[0]);
  truncateSync(join(damaged, "checkpoints", "epoch-000002", "epochs.csv"), 0);
  assert.throws(() => readCheckpoint(damaged, arch), /no readable checkpoint in .*damaged: .*epoch-000003.*; .*000002/);
  rmSync(join(damaged, "checkpoints"), { recursive: true });
  assert.equal(readCheckpoint(damaged, arch), undefined);
});

test("resuming checks the stored options, naming every flag that differs", () => {
  assert.throws(
    () => checkRunOptions(reference, { ...OPTIONS, "--lr": 0.01, "--seed": 2 }),
    new RegExp(
      /refusing to resume the run in .*reference with other options: --lr 0\.001 in .*, 0\.01 now; --seed 1 /.source +
        /in .*, 2 now\./.source,
    ),
  );
  assert.throws(() => checkRunOptions(reference, { ...OPTIONS, "--threads": 2 }), /--threads null in .*, 2 now/);
  const legacy = join(work, "legacy");
  mkdirSync(legacy);
  assert.throws(() => checkRunOptions(legacy, OPTIONS), /legacy holds no run\.json .*cannot be resumed/);
});
