import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  methodStudySettings,
  pruneJobs,
  rewindPointPath,
  runPruningStudy,
  type PruningStudySettings,
} from "../../src/experiments/pruning-study";
import { readModelFile } from "../../src/weights/model-file";
import { readMethodRecords, recordsOfMethod, methodsOf } from "../../src/pruning/method-records";
import { methodCurves, methodReach, pairedComparison } from "../../src/pruning/method-comparison";
import { pruningFindings } from "../../src/pruning/pruning-findings";
import { accuracyAfterPruningBands, safePercentBands } from "../../src/pruning/replicate-bands";
import { experimentCli } from "../support/cli";

const thesisStudy: PruningStudySettings = {
  modes: ["GRU", "RNN_TANH"],
  hidden: [6, 5],
  baseEpochs: 2,
  batchSize: 32,
  percents: [50, 90],
  kinds: ["both"],
  retrainEpochs: 1,
  seeds: 2,
  seed: 7,
  trainRows: 160,
  testRows: 64,
};
const settings = methodStudySettings(thesisStudy, ["magnitude", "random", "layerwise", "gradual", "imp", "structured"]);

const withoutTime = (rows: readonly Record<string, unknown>[]) => rows.map(({ time: _t, ...rest }) => rest);

test(
  "the methods study runs every method, " + "tags its records and repeats the thesis study's magnitude runs exactly",
  async () => {
    const dir = mkdtempSync(join(tmpdir(), "methods-study-"));
    const result = await runPruningStudy(settings, { outDir: dir, workers: 2, quiet: true });
    assert.ok(result.recordsPath, "the study finished");
    const header = readFileSync(result.recordsPath!, "utf8").split("\n")[0];
    assert.equal(
      header,
      "mode,prune,epoch,train_loss,train_acc,test_loss,test_acc,time,replicate,method,round,sparsity",
    );
    const records = readMethodRecords(result.recordsPath!);
    assert.deepEqual(methodsOf(records), ["magnitude", "random", "layerwise", "gradual", "imp", "structured"]);
    // 2 modes × 2 seeds × (4 one-level methods × 2 levels + imp's 2 rounds + structured at 50% only: 90% of the
    // 5-unit layer would leave none) runs of 2 rows.
    const runs = 2 * 2 * (4 * 2 + 2 + 1);
    assert.equal(records.length, 2 * 2 * 2 + runs * 2);
    for (const record of records.filter((r) => r.method === "imp"))
      assert.equal(record.round, record.prune === 50 ? 1 : 2);
    for (const record of records.filter((r) => r.method === "structured"))
      assert.ok(record.sparsity > record.prune / 100);
    for (const record of records.filter((r) => r.method === "random" && r.epoch === 0)) {
      const magnitude = records.find(
        (m) =>
          m.method === "magnitude" &&
          m.mode === record.mode &&
          m.prune === record.prune &&
          m.epoch === 0 &&
          m.replicate === record.replicate,
      )!;
      assert.equal(record.sparsity, magnitude.sparsity, "random keeps magnitude's sparsity");
    }
    // gradual's sparsity rises to the level by the end of re-training; its epoch 0 is the unpruned base model.
    const gradual = records.filter(
      (r) => r.method === "gradual" && r.mode === "gru_prune" && r.prune === 90 && r.replicate === 0,
    );
    assert.deepEqual(
      gradual.map((r) => r.epoch),
      [0, 1],
    );
    assert.equal(gradual[0]!.sparsity, 0);
    assert.ok(Math.abs(gradual[1]!.sparsity - 0.9) < 0.01, `gradual reached ${gradual[1]!.sparsity}`);

    // The same seed's magnitude runs equal a thesis-style study's (same job ids, same base models).
    const plain = mkdtempSync(join(tmpdir(), "methods-study-plain-"));
    const thesis = await runPruningStudy(thesisStudy, { outDir: plain, workers: 2, quiet: true });
    const thesisRows = readMethodRecords(thesis.recordsPath!);
    const strip = (rows: typeof records) =>
      withoutTime(rows.map(({ method: _m, round: _r, sparsity: _s, ...rest }) => rest));
    assert.deepEqual(strip(recordsOfMethod(records, "magnitude")), strip(thesisRows));

    // imp's base runs stored the rewind point: the base model's weights after epoch 1, which differ from the final
    // ones.
    const rewind = readModelFile(join(dir, rewindPointPath("GRU", 0, 1))).tensors.get("out.weight")!.data;
    const final = readModelFile(join(dir, "models", "base-gru-r0.safetensors")).tensors.get("out.weight")!.data;
    assert.notDeepEqual(rewind, final);
    // The structured runs saved smaller models.
    const small = readModelFile(join(dir, "models", "gru-structured-both-p50-r0.safetensors"));
    assert.deepEqual(small.architecture.layerSizes, [3, 2]); // round(0.5 · 5) = 3 of the 5 units go
    assert.equal(small.architecture.embeddingSize, 6);

    // Every method's records go through the thesis's analysis, and the comparison's.
    for (const method of methodsOf(records)) {
      const own = recordsOfMethod(records, method);
      for (const mode of ["GRU", "RNN_TANH"]) {
        assert.equal(accuracyAfterPruningBands(own, mode, "both").length, method === "structured" ? 1 : 2);
        const safe = safePercentBands(own, [mode]).find((entry) => entry.kind === "both")!;
        assert.ok(Number.isFinite(safe.bands[mode]!.mean));
      }
      assert.ok(pruningFindings(own, ["GRU", "RNN_TANH"]));
    }
    const curves = methodCurves(records, "GRU");
    assert.equal(curves.length, 6 * 2 - 1);
    const imp = curves.filter((p) => p.method === "imp");
    assert.ok(imp[1]!.epochs === 2 && imp[0]!.epochs === 1, "imp's level 2 cost both rounds");
    assert.equal(methodReach(records, "GRU").length, 6);
    const paired = pairedComparison(records, "GRU", "magnitude", "random");
    assert.deepEqual(paired.percents, [50, 90]);
    assert.equal(paired.overall.n, 2);
  },
);

test(
  "the methods' job list: magnitude keeps the thesis's ids, " +
    "imp is one job, structured stops before an empty layer",
  () => {
    const jobs = pruneJobs(
      methodStudySettings({ ...thesisStudy, percents: [50, 100], seeds: 1, modes: ["GRU"] }, [
        "magnitude",
        "imp",
        "structured",
      ]),
    );
    assert.deepEqual(
      jobs.map((j) => j.id),
      ["prune/gru/both/p50/r0", "prune/gru/both/p100/r0", "prune/gru/imp/both/r0", "prune/gru/structured/both/p50/r0"],
    );
  },
);

test("experiment pruning --methods checks its options and names what is wrong", async () => {
  const out = mkdtempSync(join(tmpdir(), "methods-cli-"));
  const base = [
    "experiment",
    "pruning",
    "--mode",
    "gru",
    "--hidden",
    "4",
    "--epochs",
    "1",
    "--train-rows",
    "64",
    "--test-rows",
    "32",
    "--out",
    out,
  ];
  await assert.rejects(experimentCli([...base, "--methods", "magnitude,snip"]), /unknown pruning method "snip"/);
  await assert.rejects(
    experimentCli([...base, "--methods", "gradual", "--gradual-end", "7", "--gradual-frequency", "2"]),
    /frequency 2 must divide end − begin = 7/,
  );
  await assert.rejects(
    experimentCli([...base, "--methods", "imp", "--rewind-epoch", "3"]),
    /rewind epoch must be an integer in 0\.\.1/,
  );
});

test(
  "a methods study beside the pruning study takes its " + "finished magnitude runs instead of computing them again",
  async () => {
    const root = mkdtempSync(join(tmpdir(), "methods-beside-"));
    const small: PruningStudySettings = { ...thesisStudy, modes: ["RNN_TANH"], seeds: 1 };
    const thesis = await runPruningStudy(small, { outDir: join(root, "pruning"), workers: 2, quiet: true });
    const methods = methodStudySettings(small, ["magnitude", "random", "imp"]);
    const result = await runPruningStudy(methods, { outDir: join(root, "pruning-methods"), workers: 2, quiet: true });
    const records = readMethodRecords(result.recordsPath!);
    // The base model too: the same file and rows, time included; imp's rewind point re-made equals a fresh study's.
    const baseFile = (study: string) => readFileSync(join(root, study, "models", "base-rnn_tanh-r0.safetensors"));
    assert.ok(baseFile("pruning-methods").equals(baseFile("pruning")), "the base model file is the pruning study's");
    const plain = (rows: typeof records) => rows.map(({ method: _m, round: _r, sparsity: _s, ...rest }) => rest);
    const thesisRecords = readMethodRecords(thesis.recordsPath!);
    const isBase = (r: (typeof records)[number]) => !r.mode.includes("_prune");
    assert.deepEqual(plain(records.filter(isBase)), plain(thesisRecords.filter(isBase)));
    const alone = join(root, "methods-alone");
    await runPruningStudy(methods, { outDir: alone, workers: 1, quiet: true, stages: ["base"] });
    const rewind = (dir: string) => readModelFile(join(dir, rewindPointPath("RNN_TANH", 0, 1))).tensors;
    assert.deepEqual(rewind(join(root, "pruning-methods")), rewind(alone));
    const taken = records.filter((r) => r.method === "magnitude");
    const original = readMethodRecords(thesis.recordsPath!).filter((r) => r.mode.includes("_prune"));
    // The same rows, wall-clock time included: they were copied, not recomputed.
    const strip = (rows: typeof taken) => rows.map(({ method: _m, round: _r, sparsity: _s, ...rest }) => rest);
    assert.deepEqual(strip(taken), strip(original));
    assert.ok(
      taken.every((r) => r.sparsity > 0.4),
      "the sparsity column is filled from the base model's masks",
    );
    // Another setting (here the re-training length) makes them different runs: computed, not taken.
    const other = await runPruningStudy(methodStudySettings({ ...small, retrainEpochs: 2 }, ["magnitude"]), {
      outDir: join(root, "pruning-methods-2"),
      workers: 2,
      quiet: true,
    });
    const computed = readMethodRecords(other.recordsPath!).filter((r) => r.method === "magnitude");
    assert.equal(computed.length, 2 * 3);
  },
);
