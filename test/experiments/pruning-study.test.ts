import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  readPruningStudyRecords,
  runPruningStudy,
  type PruningStudySettings,
} from "../../src/experiments/pruning-study";
import { readModelFile } from "../../src/weights/model-file";
import { readSessions, sessionWallMs } from "../../src/experiments/runner";

const settings: PruningStudySettings = {
  modes: ["GRU", "RNN_TANH"],
  hidden: [6, 5],
  baseEpochs: 1,
  batchSize: 32,
  percents: [50, 100],
  kinds: ["both", "h2h"],
  retrainEpochs: 2,
  seeds: 1,
  seed: 7,
  trainRows: 160,
  testRows: 64,
};

/** The records without the wall-clock column, which legitimately differs run to run. */
function recordsWithoutTime(path: string): string[] {
  const [header, ...lines] = readFileSync(path, "utf8").trim().split("\n");
  const timeColumn = header!.split(",").indexOf("time");
  return lines.map((line) =>
    line
      .split(",")
      .filter((_, i) => i !== timeColumn)
      .join(","),
  );
}

test("the pruning study records the thesis's rows, deterministically, and resumes to the same rows", async () => {
  const whole = mkdtempSync(join(tmpdir(), "pruning-study-"));
  const first = await runPruningStudy(settings, { outDir: whole, workers: 2, quiet: true });
  assert.ok(first.recordsPath);
  const rows = recordsWithoutTime(first.recordsPath!);
  // 2 base runs × 1 epoch + 2 modes × 2 kinds × 2 percents × (epoch 0 + 2 epochs)
  assert.equal(rows.length, 2 + 2 * 2 * 2 * 3);
  assert.ok(rows.some((row) => row.startsWith("gru_prune_h2h,100,0,")));
  assert.ok(rows.some((row) => row.startsWith("rnn_tanh_prune,50,2,")));
  const records = readPruningStudyRecords(whole);
  assert.equal(records.length, rows.length);
  assert.ok(records.every((record) => record.replicate === 0));

  // Interrupted after the first finished job, then resumed: the same rows as the uninterrupted run.
  const resumed = mkdtempSync(join(tmpdir(), "pruning-study-"));
  const controller = new AbortController();
  const interrupted = runPruningStudy(settings, {
    outDir: resumed,
    workers: 1,
    quiet: true,
    signal: controller.signal,
  });
  const poll = setInterval(() => {
    const results = join(resumed, "base", "results");
    if (existsSync(results) && readdirSync(results).length > 0) controller.abort();
  }, 20);
  const partial = await interrupted.catch((error: unknown) => error);
  clearInterval(poll);
  assert.ok(!(partial as { recordsPath?: string }).recordsPath, "the interrupted run did not finish");
  const again = await runPruningStudy(settings, { outDir: resumed, workers: 2, quiet: true });
  assert.deepEqual(recordsWithoutTime(again.recordsPath!), rows);
});

test("pruned weights stay exactly inert through re-training", async () => {
  const dir = mkdtempSync(join(tmpdir(), "pruning-study-"));
  await runPruningStudy(
    { ...settings, modes: ["LSTM"], percents: [70], kinds: ["i2h"] },
    { outDir: dir, workers: 1, quiet: true },
  );
  const base = readModelFile(join(dir, "models", "base-lstm-r0.safetensors")).tensors;
  const retrained = readModelFile(join(dir, "models", "lstm-i2h-p70-r0.safetensors")).tensors;
  let removed = 0;
  for (const layer of [0, 1]) {
    const mask = retrained.get(`recurrent.recurrent_layers.${layer}.mask_i2h`)!.data;
    const before = base.get(`recurrent.recurrent_layers.${layer}.weight_ih`)!.data;
    const after = retrained.get(`recurrent.recurrent_layers.${layer}.weight_ih`)!.data;
    mask.forEach((bit, i) => {
      if (bit) return;
      removed++;
      assert.equal(after[i], before[i], `layer ${layer} weight ${i} is pruned and must not move`);
    });
    assert.ok(retrained.get(`recurrent.recurrent_layers.${layer}.mask_h2h`)!.data.every((bit) => bit === 1));
  }
  assert.ok(removed > 0);
  // Kept weights did train.
  const kept = retrained
    .get("recurrent.recurrent_layers.0.weight_ih")!
    .data.some((w, i) => w !== base.get("recurrent.recurrent_layers.0.weight_ih")!.data[i]);
  assert.ok(kept);
});

test(
  "a study run in parts, one replicate at a time, " + "ends with the same records as a run of all replicates",
  async () => {
    const twoSeeds = {
      ...settings,
      modes: ["RNN_TANH"] as PruningStudySettings["modes"],
      kinds: ["both"] as PruningStudySettings["kinds"],
      seeds: 2,
    };
    const whole = mkdtempSync(join(tmpdir(), "pruning-study-"));
    const all = await runPruningStudy(twoSeeds, { outDir: whole, workers: 2, quiet: true });
    const parts = mkdtempSync(join(tmpdir(), "pruning-study-"));
    const second = await runPruningStudy(twoSeeds, { outDir: parts, workers: 2, quiet: true, replicates: [1] });
    assert.equal(second.recordsPath, null, "one part of two does not finish the study");
    assert.equal(second.prune?.completed, 2, "the part ran its own pruning runs after its own base model");
    const first = await runPruningStudy(twoSeeds, { outDir: parts, workers: 2, quiet: true, replicates: [0] });
    assert.ok(first.recordsPath);
    assert.deepEqual(recordsWithoutTime(first.recordsPath!), recordsWithoutTime(all.recordsPath!));
    // Each part left a session record naming its selection.
    const sessions = readSessions(join(parts, "prune"));
    assert.deepEqual(
      sessions.map((s) => s.selection),
      ["replicates 1", "replicates 0"],
    );
    assert.ok(sessions.every((s) => s.endedAt !== null && s.completed === 2 && sessionWallMs(s) >= 0));
    await assert.rejects(
      runPruningStudy(twoSeeds, { outDir: parts, quiet: true, replicates: [2] }),
      /replicates: 2 is not a replicate of this study \(expected 0\.\.1/,
    );
  },
);

test(
  "a study run as a cluster runs it, " + "stage by stage in shards (Slurm arrays), ends with the same records",
  async () => {
    const whole = mkdtempSync(join(tmpdir(), "pruning-whole-"));
    const reference = await runPruningStudy(settings, { outDir: whole, workers: 2, quiet: true });
    const dir = mkdtempSync(join(tmpdir(), "pruning-shards-"));
    const shard = (index: number) => ({ index, count: 2 });
    const early = await runPruningStudy(settings, {
      outDir: dir,
      workers: 1,
      quiet: true,
      stages: ["prune"],
      shard: shard(0),
    });
    assert.equal(early.prune, null, "the prune stage waits for the whole base stage");
    for (const index of [0, 1]) {
      const part = await runPruningStudy(settings, {
        outDir: dir,
        workers: 1,
        quiet: true,
        stages: ["base"],
        shard: shard(index),
      });
      assert.equal(part.prune, null);
      assert.equal(part.base.total, 1, "one base model per shard");
    }
    const first = await runPruningStudy(settings, {
      outDir: dir,
      workers: 1,
      quiet: true,
      stages: ["prune"],
      shard: shard(0),
    });
    assert.equal(first.prune!.completed, 4);
    assert.equal(first.recordsPath, null, "records once every shard is done");
    const last = await runPruningStudy(settings, {
      outDir: dir,
      workers: 1,
      quiet: true,
      stages: ["prune"],
      shard: shard(1),
    });
    assert.ok(last.recordsPath);
    assert.deepEqual(recordsWithoutTime(last.recordsPath!), recordsWithoutTime(reference.recordsPath!));
  },
);
