import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  runStructureJob,
  runStructureSweep,
  structureJobs,
  withGateLayout,
  STRUCTURE_COLUMNS,
} from "../../src/experiments/structure-sweep";
import { structureSettingsFrom, type StructureCliOptions } from "../../src/cli/experiment";
import type { StructureSweepSettings } from "../../src/experiments/structure-sweep";
import { SeededRandom } from "../../src/random/seeded-random";
import { mergeExperimentFolders, parseShard } from "../../src/experiments/runner";
import { LayeredGraph } from "../../src/graphs/layered-graph";
import { readModelFile } from "../../src/weights/model-file";

const settings: StructureSweepSettings = {
  modes: ["GRU", "RNN_RELU"],
  generators: ["barabasi_albert", "watts_strogatz"],
  perGenerator: 3,
  nodes: [10, 14],
  epochs: 1,
  batchSize: 32,
  seed: 3,
  trainRows: 96,
  testRows: 64,
  saveWeights: true,
};

function rowsWithoutTime(path: string): string[] {
  const [header, ...lines] = readFileSync(path, "utf8").trim().split("\n");
  assert.deepEqual(header!.split(","), [...STRUCTURE_COLUMNS]);
  return lines.map((line) => line.split(",").slice(0, -1).join(","));
}

test("sweep jobs follow the thesis's recipe, and the same graphs serve every variant", () => {
  const jobs = structureJobs(settings);
  assert.equal(jobs.length, 2 * 2 * 3);
  assert.deepEqual(
    jobs.slice(0, 4).map((job) => job.id),
    ["gru/barabasi_albert/0", "gru/barabasi_albert/1", "gru/barabasi_albert/2", "gru/watts_strogatz/0"],
  );
  for (const job of jobs) {
    assert.ok(job.numNodes >= 10 && job.numNodes <= 14);
    const m = Math.floor(job.numNodes / 10);
    const k = Math.floor(job.numNodes / 5);
    assert.equal(
      job.edges.length,
      job.generator === "barabasi_albert" ? m * (job.numNodes - m) : job.numNodes * Math.floor(k / 2),
    );
  }
  const gru = jobs.filter((job) => job.mode === "GRU");
  const relu = jobs.filter((job) => job.mode === "RNN_RELU");
  assert.deepEqual(
    gru.map((job) => job.edges),
    relu.map((job) => job.edges),
  );
  assert.deepEqual(
    structureJobs({ ...settings }).map((job) => job.edges),
    jobs.map((job) => job.edges),
    "graphs depend on the seed only",
  );
});

test("shards merged, and an interrupted run resumed, give the rows of one uninterrupted run", async () => {
  const whole = mkdtempSync(join(tmpdir(), "sweep-"));
  const summary = await runStructureSweep(settings, { outDir: whole, workers: 2, quiet: true });
  const rows = rowsWithoutTime(summary.csvPath!);
  assert.equal(rows.length, 12);
  for (const row of rows) {
    const accuracy = Number(row.split(",").at(-2));
    assert.ok(accuracy >= 0 && accuracy <= 1);
  }

  const shards = [0, 1].map(() => mkdtempSync(join(tmpdir(), "sweep-shard-")));
  for (const [index, dir] of shards.entries())
    await runStructureSweep(settings, { outDir: dir, workers: 1, quiet: true, shard: parseShard(`${index}/2`) });
  const merged = join(shards[0]!, "merged.csv");
  mergeExperimentFolders(shards, merged, STRUCTURE_COLUMNS);
  assert.deepEqual(rowsWithoutTime(merged), rows);

  const resumed = mkdtempSync(join(tmpdir(), "sweep-resume-"));
  const controller = new AbortController();
  const poll = setInterval(() => {
    const results = join(resumed, "results");
    if (existsSync(results) && readdirSync(results).length >= 2) controller.abort();
  }, 10);
  const partial = await runStructureSweep(settings, {
    outDir: resumed,
    workers: 1,
    quiet: true,
    signal: controller.signal,
  });
  clearInterval(poll);
  assert.equal(partial.csvPath, null, "interrupted before the end");
  const finished = await runStructureSweep(settings, { outDir: resumed, workers: 2, quiet: true });
  assert.ok(finished.skipped >= 2);
  assert.deepEqual(rowsWithoutTime(finished.csvPath!), rows);
});

test("a sweep's stored model carries the graph's masks", async () => {
  const dir = mkdtempSync(join(tmpdir(), "sweep-model-"));
  const small = { ...settings, modes: ["LSTM" as const], generators: ["watts_strogatz" as const], perGenerator: 1 };
  await runStructureSweep(small, { outDir: dir, workers: 1, quiet: true });
  const [job] = structureJobs(small);
  const model = readModelFile(join(dir, "models", "lstm-watts_strogatz-0.safetensors"));
  const expected = LayeredGraph.fromEdges(job!.numNodes, job!.edges).toArchitecture("LSTM");
  assert.deepEqual(model.architecture, expected.architecture);
  for (const [name, mask] of expected.masks)
    assert.deepEqual(Array.from(model.tensors.get(name)!.data), Array.from(mask.data), name);
});

test(
  "a sweep job whose graph implies a model beyond the lab's size limit fails naming the job, " + "before allocating",
  async () => {
    const job = { ...structureJobs(settings)[0]!, id: "gru/barabasi_albert/huge", numNodes: 3000, edges: [] };
    const context = {
      rng: new SeededRandom(1),
      seed: 1,
      signal: new AbortController().signal,
      outDir: tmpdir(),
      attempt: 1,
      progress: () => {},
    };
    await assert.rejects(
      runStructureJob(job, context),
      new RegExp(
        /graph of job "gru\/barabasi_albert\/huge" \(3000 nodes\): a GRU model of 1 layer\(s\) of up to 3000 /.source +
          /units has [\d.e+]+ trainable parameters, above the lab's limit/.source,
      ),
    );
  },
);

test(
  "the faithful gate layout is recorded in the manifest and jobs and wires the stored model; " + "thesis is omitted",
  async () => {
    const small = { ...settings, modes: ["GRU" as const], generators: ["barabasi_albert" as const], perGenerator: 1 };
    const thesis = withGateLayout(small, "thesis");
    assert.ok(!("gateLayout" in thesis), "thesis, the default, is not recorded");
    assert.ok(!("gateLayout" in withGateLayout({ ...small, gateLayout: "faithful" }, "thesis")));
    // An explicit "thesis" gives the jobs (and so the job digest) of a sweep made before the option existed.
    assert.deepEqual(structureJobs({ ...small, gateLayout: "thesis" }), structureJobs(small));
    const faithful = withGateLayout(small, "faithful");
    const jobs = structureJobs(faithful);
    assert.ok(jobs.every((job) => job.settings.gateLayout === "faithful"));
    assert.deepEqual(
      jobs.map((job) => job.edges),
      structureJobs(small).map((job) => job.edges),
      "the same graphs as the thesis layout's sweep",
    );

    const dir = mkdtempSync(join(tmpdir(), "sweep-faithful-"));
    await runStructureSweep(faithful, { outDir: dir, workers: 1, quiet: true });
    const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
    assert.equal(manifest.parameters.gateLayout, "faithful");
    const model = readModelFile(join(dir, "models", "gru-barabasi_albert-0.safetensors"));
    const expected = LayeredGraph.fromEdges(jobs[0]!.numNodes, jobs[0]!.edges).toArchitecture("GRU", "faithful");
    for (const [name, mask] of expected.masks)
      assert.deepEqual(Array.from(model.tensors.get(name)!.data), Array.from(mask.data), name);

    const plain = mkdtempSync(join(tmpdir(), "sweep-thesis-"));
    await runStructureSweep({ ...small, gateLayout: "thesis" }, { outDir: plain, workers: 1, quiet: true });
    assert.ok(!("gateLayout" in JSON.parse(readFileSync(join(plain, "manifest.json"), "utf8")).parameters));
  },
);

test("experiment structure --gate-layout: faithful is set, thesis (the default) omitted, others refused", () => {
  const options: StructureCliOptions = {
    mode: "gru",
    generators: "ba",
    perGenerator: "2",
    nodes: "10..12",
    epochs: "1",
    batchSize: "32",
    seed: "0",
    out: "unused",
  };
  assert.ok(!("gateLayout" in structureSettingsFrom(options)));
  assert.ok(!("gateLayout" in structureSettingsFrom({ ...options, gateLayout: "thesis" })));
  assert.equal(structureSettingsFrom({ ...options, gateLayout: "faithful" }).gateLayout, "faithful");
  assert.throws(() => structureSettingsFrom({ ...options, gateLayout: "tiled" }), /unknown gate layout "tiled"/);
});
