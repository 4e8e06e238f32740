import { test } from "node:test";
import { createHash } from "node:crypto";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runPruningStudy, type PruningStudySettings } from "../../src/experiments/pruning-study";
import { runStructureSweep, type StructureSweepSettings } from "../../src/experiments/structure-sweep";
import { canonicalJson, parseShard } from "../../src/experiments/runner";
import {
  compareRecords,
  shipStudy,
  stageStatus,
  STAGE_TABLES,
  unpackShipped,
  SWEEP_GRAPHS_FILE,
  verifyShippedResults,
  writeShippedManifest,
} from "../../src/experiments/shipped-results";
import { compareWithShipped, writeShippedSummary } from "../../src/experiments/shipped-report";
import { readGraphFile } from "../../src/graphs/graph-file";
import { kernelBackend } from "../../src/engine/wasm-kernels";

const pruning: PruningStudySettings = {
  modes: ["RNN_TANH"],
  hidden: [5],
  baseEpochs: 1,
  batchSize: 32,
  percents: [50, 100],
  kinds: ["both"],
  retrainEpochs: 1,
  seeds: 2,
  seed: 4,
  trainRows: 128,
  testRows: 64,
};

const sweep: StructureSweepSettings = {
  modes: ["RNN_RELU"],
  generators: ["barabasi_albert", "watts_strogatz"],
  perGenerator: 3,
  nodes: [10, 12],
  epochs: 1,
  batchSize: 32,
  seed: 5,
  trainRows: 96,
  testRows: 64,
  saveWeights: false,
};

const temp = (name: string) => mkdtempSync(join(tmpdir(), `${name}-`));

test(
  "a study shipped part by part from two machines' run folders ends complete, " + "consistent and with its wall times",
  async () => {
    // Machine A computes replicate 0 and sweep shard 0/2; machine B (a fresh folder) replicate 1 and shard 1/2.
    const machineA = temp("runs-a");
    const machineB = temp("runs-b");
    const shipped = temp("shipped");
    assert.throws(() => shipStudy(machineA, shipped), /holds no finished job of the study/);
    await runPruningStudy(pruning, { outDir: join(machineA, "pruning"), quiet: true, replicates: [0] });
    await runStructureSweep(sweep, { outDir: join(machineA, "structure"), quiet: true, shard: parseShard("0/2") });
    const first = shipStudy(machineA, shipped);
    assert.deepEqual(
      first.experiments.map((e) => [e.experiment, e.added]),
      [
        ["pruning/base", 1],
        ["pruning/prune", 2],
        ["structure", 3],
      ],
    );
    assert.deepEqual(first.models, [join("pruning", "models", "base-rnn_tanh-r0.safetensors")]);

    const half = stageStatus(shipped, "pruning");
    assert.equal(half.complete, false);
    assert.deepEqual(half.missing, ["base/rnn_tanh/r1", "prune/rnn_tanh/both/p50/r1", "prune/rnn_tanh/both/p100/r1"]);
    // The tables hold what is shipped so far: 1 base epoch + 2 runs × (epoch 0 + 1 epoch).
    assert.equal(readFileSync(join(shipped, STAGE_TABLES.pruning), "utf8").trim().split("\n").length - 1, 1 + 2 * 2);

    await runPruningStudy(pruning, { outDir: join(machineB, "pruning"), quiet: true, replicates: [1] });
    await runStructureSweep(sweep, { outDir: join(machineB, "structure"), quiet: true, shard: parseShard("1/2") });
    shipStudy(machineB, shipped);
    // Shipping machine A again adds nothing and finds its records identical.
    assert.deepEqual(
      shipStudy(machineA, shipped).experiments.map((e) => e.added),
      [0, 0, 0],
    );

    const manifest = writeShippedManifest(shipped);
    assert.equal(manifest.stages.pruning.complete, true);
    assert.equal(manifest.stages.pruning.jobs, 2 + 4);
    assert.equal(manifest.stages.structure.finished, 6);
    // Two parts per pruning experiment folder and one per sweep shard, each measured.
    assert.deepEqual(manifest.stages.structure.parts.map((p) => p.part).sort(), ["shard 0/2", "shard 1/2"]);
    assert.deepEqual(manifest.stages.pruning.parts.map((p) => p.part).sort(), [
      "replicates 0",
      "replicates 0",
      "replicates 1",
      "replicates 1",
    ]);
    assert.ok(
      manifest.stages.pruning.parts.every((p) => p.wallSeconds >= 0 && p.commit !== undefined && p.kernelBuild),
    );
    assert.equal(verifyShippedResults(shipped).length, 0);
    assert.equal(
      readGraphFile(join(shipped, SWEEP_GRAPHS_FILE)).length,
      6,
      "3 graphs per generator, shared by every variant",
    );
    assert.ok(!existsSync(join(shipped, "structure", "models")), "no per-run weights are shipped");
    assert.match(writeShippedSummary(shipped, ["RNN_TANH"]), /pruning: 6\/6 jobs \(complete\)/);

    // A fresh full run of the same study agrees number for number.
    const fresh = temp("runs-fresh");
    await runPruningStudy(pruning, { outDir: join(fresh, "pruning"), quiet: true });
    const comparison = compareWithShipped(fresh, shipped, ["RNN_TANH"]);
    // Job by job first: 2 base models and 4 pruned runs per seed, two seeds; the sweep was not run.
    assert.match(comparison[0]!.title, /records, job by job/);
    assert.deepEqual(comparison[0]!.lines, [
      "6 jobs finished on both sides: every one identical.",
      "",
      "pruning/base: 2 identical; 0 only in this run, 0 only shipped",
      "pruning/prune: 4 identical; 0 only in this run, 0 only shipped",
    ]);
    assert.match(
      comparison[1]!.lines[0]!,
      /^4 numbers compared: 4 identical, 0 within the shipped spread, 0 outside it\.$/,
    );
    assert.equal(comparison.at(-1)!.title, "Not compared", "the sweep was not run: it is named, not compared");
  },
);

test(
  "shipping refuses a record that differs from the shipped one, " + "and verification finds a tampered table",
  async () => {
    const runs = temp("runs");
    const shipped = temp("shipped");
    await runPruningStudy({ ...pruning, seeds: 1 }, { outDir: join(runs, "pruning"), quiet: true });
    shipStudy(runs, shipped);
    // The same job with other numbers (as a changed kernel would give) must not be mixed in silently.
    const results = join(runs, "pruning", "prune", "results");
    const file = join(
      results,
      readdirSync(results).find((n) => n.startsWith("prune_rnn_tanh_both_p50"))!,
    );
    const stored = JSON.parse(readFileSync(file, "utf8"));
    stored.rows[0].test_acc = 0.123;
    // As the runner would store them (a hand edit that leaves the digest stale is refused earlier, by the runner).
    stored.rowsDigest = createHash("sha256").update(canonicalJson(stored.rows)).digest("hex");
    writeFileSync(file, JSON.stringify(stored));
    assert.throws(
      () => shipStudy(runs, shipped),
      /job "prune\/rnn_tanh\/both\/p50\/r0": .* hold different numbers for the same seed/,
    );
    // Compared job by job, the changed record is named and the rest are identical.
    const [base, prune] = compareRecords(runs, shipped);
    assert.deepEqual(
      [base!.experiment, base!.identical, base!.different, prune!.identical, prune!.different],
      ["pruning/base", 1, [], 1, ["prune/rnn_tanh/both/p50/r0"]],
    );
    assert.deepEqual(prune!.kernelBuilds, { run: [kernelBackend()], shipped: [kernelBackend()] });
    assert.match(
      compareWithShipped(runs, shipped, ["RNN_TANH"])[0]!.lines[0]!,
      /^1 of 3 jobs finished on both sides differ: the same seed must give the same numbers\.$/,
    );
    // Computed by another kernel build (as its sessions record), the difference is rounding, and the report says so.
    const sessions = join(runs, "pruning", "prune", "sessions");
    for (const name of readdirSync(sessions)) {
      const session = JSON.parse(readFileSync(join(sessions, name), "utf8"));
      session.provenance.kernelBuild = "another build";
      writeFileSync(join(sessions, name), JSON.stringify(session));
    }
    assert.match(
      compareWithShipped(runs, shipped, ["RNN_TANH"])[0]!.lines[0]!,
      new RegExp(
        /^1 of 3 jobs finished on both sides differ, computed by other kernels: this run used another build, /.source +
          /the shipped records .*SPARSE_RNN_KERNELS/.source,
      ),
    );
    // A run of other settings is named, not compared.
    const other = temp("runs-other");
    await runPruningStudy({ ...pruning, seeds: 1, seed: 9 }, { outDir: join(other, "pruning"), quiet: true });
    const unlike = compareRecords(other, shipped);
    assert.ok(unlike.length === 2 && unlike.every((a) => a.identical === 0 && a.different.length === 0));
    assert.match(unlike[0]!.notComparable ?? "", /^settings differ .*seed: 4 in the folder, 9 now/);

    const table = join(shipped, STAGE_TABLES.pruning);
    writeFileSync(table, readFileSync(table, "utf8").trimEnd().split("\n").slice(0, -1).join("\n") + "\n");
    const problems = verifyShippedResults(shipped);
    assert.ok(
      problems.some((p) => p.file === table && /holds 4 rows, but the shipped records hold 5/.test(p.problem)),
      JSON.stringify(problems),
    );
    assert.ok(problems.some((p) => /the structure stage is absent/.test(p.problem)));
  },
);

test("a part continued on a new machine from the shipped records computes only what is missing", async () => {
  const machineA = temp("runs-a");
  const shipped = temp("shipped");
  await runPruningStudy(pruning, { outDir: join(machineA, "pruning"), quiet: true });
  // Replicate 1 stopped one pruning run short when its machine went away.
  const results = join(machineA, "pruning", "prune", "results");
  rmSync(
    join(
      results,
      readdirSync(results).find((n) => n.startsWith("prune_rnn_tanh_both_p100_r1"))!,
    ),
  );
  shipStudy(machineA, shipped);

  const machineB = temp("runs-b");
  const unpacked = unpackShipped(shipped, machineB);
  // Replicate 1's base record stays out: its weights are not shipped and one of its pruning runs still needs them.
  assert.deepEqual(
    unpacked.experiments.map((e) => [e.experiment, e.added]),
    [
      ["pruning/base", 1],
      ["pruning/prune", 3],
    ],
  );
  assert.deepEqual(unpacked.models, [join("pruning", "models", "base-rnn_tanh-r0.safetensors")]);
  const first = await runPruningStudy(pruning, { outDir: join(machineB, "pruning"), quiet: true, replicates: [0] });
  assert.equal(first.base.completed + (first.prune?.completed ?? 0), 0, "replicate 0 is complete: nothing to run");
  const second = await runPruningStudy(pruning, { outDir: join(machineB, "pruning"), quiet: true, replicates: [1] });
  assert.equal(second.base.completed, 1, "the base model is retrained for the missing run");
  assert.equal(second.prune?.completed, 1, "only the missing pruning run is computed");
  // The retrained base model's record equals the shipped one; the missing pruning run is new.
  const reshipped = shipStudy(machineB, shipped).experiments.map((e) => [e.added, e.alreadyShipped]);
  assert.deepEqual(reshipped, [
    [0, 2],
    [1, 3],
  ]);
  assert.equal(stageStatus(shipped, "pruning").complete, true);
});
