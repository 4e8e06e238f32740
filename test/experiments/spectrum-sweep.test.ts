import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { parseCsvRecords } from "../../src/data/csv";
import { datasetFingerprint, shippedTaskDir } from "../../src/data/dataset-files";
import { ExperimentFolder, makeManifest } from "../../src/experiments/runner";
import {
  runSpectrumSweep,
  SPECTRUM_COLUMNS,
  spectrumJobs,
  type SpectrumJob,
  type SpectrumSweepSettings,
} from "../../src/experiments/spectrum-sweep";
import { STRUCTURE_COLUMNS, structureJobs, structureModelFile } from "../../src/experiments/structure-sweep";
import { spectrumRandomSettings, spectrumSweepSettings } from "../../src/experiments/study-stages";
import { FULL_SCALE, QUICK_SCALE } from "../../src/experiments/study-scale";
import { loadStructureResults } from "../../src/analysis/results-csv";
import { relationalArchitecture } from "../../src/graphs/relational-network";
import { readModelFile } from "../../src/weights/model-file";
import { shippedResultsDir } from "../../src/experiments/shipped-results";
import {
  addStructureOptions,
  spectrumSweepSettingsFrom,
  structureSettingsFrom,
  type StructureCliOptions,
} from "../../src/cli/experiment";
import { isSpectrumSweep, parseGrid } from "../../src/cli/spectrum-options";
import { relationalMeasures } from "../../src/graphs/relational-measures";
import { graphFromEdges, isConnected } from "../../src/graphs/simple-graph";
import { wsFlexEdgeCount } from "../../src/graphs/ws-flex";
import { cli } from "../support/cli";

/** `experiment structure`'s options as commander parses these arguments (defaults filled in). */
function structureOptions(args: string[]): StructureCliOptions {
  const command = addStructureOptions(new Command("structure").exitOverride());
  command.parse(args, { from: "user" });
  return command.opts() as StructureCliOptions;
}

const spectrumArgs = (
  "--generators ws-flex --nodes 8 --k-grid 2,4 --p-grid 0:1:3^2 --graph-seeds 2 --seeds 2 --complete-seeds 3 " +
  "--mode gru,lstm --out unused"
).split(" ");

test("grids: lists, a:b:n as numpy's linspace, a:b:n^2 their squares; values outside the range are refused", () => {
  assert.deepEqual(parseGrid("--k-grid", "4, 8,16", 2, 32), [4, 8, 16]);
  assert.deepEqual(parseGrid("--k-grid", "2:8:4", 2, 32), [2, 4, 6, 8]);
  assert.deepEqual(parseGrid("--p-grid", "0:1:5^2", 0, 1), [0, 0.0625, 0.25, 0.5625, 1]);
  assert.deepEqual(parseGrid("--p-grid", "0.5:1:1", 0, 1), [0.5]);
  assert.throws(() => parseGrid("--p-grid", "0:2:3", 0, 1), /--p-grid: "0:2:3" gives 2, outside \[0, 1\]/);
  assert.throws(() => parseGrid("--k-grid", "1,4", 2, 8), /--k-grid: "1" is not a number in \[2, 8\]/);
  assert.throws(() => parseGrid("--p-grid", "0:1:0", 0, 1), /needs n >= 1/);
});

test(
  "ws-flex options: alone, with one node count and both grids; " + "spectrum options refused on the thesis's sweep",
  () => {
    const settings = spectrumSweepSettingsFrom(structureOptions(spectrumArgs));
    assert.deepEqual(
      [settings.nodes, settings.k, settings.p, settings.graphSeeds, settings.replicates, settings.completeReplicates],
      [8, [2, 4], [0, 0.25, 1], 2, 2, 3],
    );
    assert.deepEqual(settings.modes, ["GRU", "LSTM"]);
    const without = (name: string) =>
      spectrumArgs.filter((_, i) => spectrumArgs[i] !== name && spectrumArgs[i - 1] !== name);
    assert.equal(spectrumSweepSettingsFrom(structureOptions(without("--complete-seeds"))).completeReplicates, 2);
    assert.throws(() => spectrumSweepSettingsFrom(structureOptions(without("--p-grid"))), /--k-grid and --p-grid/);
    assert.throws(
      () => spectrumSweepSettingsFrom(structureOptions([...spectrumArgs, "--nodes", "8..12"])),
      /--nodes: the ws-flex sweep needs one node count/,
    );
    assert.throws(
      () => spectrumSweepSettingsFrom(structureOptions([...spectrumArgs, "--k-grid", "2,9"])),
      /--k-grid: "9" is not a number in \[2, 8\]/,
    );
    assert.throws(
      () => isSpectrumSweep(structureOptions([...spectrumArgs, "--generators", "ba,ws-flex"])),
      /ws-flex \(with its complete-graph baseline\) and gnm each run alone/,
    );
    assert.throws(
      () => isSpectrumSweep(structureOptions(["--out", "x", "--p-grid", "0,1"])),
      /--p-grid: only for the ws-flex sweep/,
    );
    assert.equal(isSpectrumSweep(structureOptions(["--out", "x"])), false);
  },
);

test(
  "the thesis sweep's settings and jobs are unchanged: " + "the shipped full-scale folder's manifest still matches",
  () => {
    const shipped = ExperimentFolder.open(join(shippedResultsDir({}), "structure")).manifest;
    const settings = structureSettingsFrom(structureOptions(["--out", "x"]));
    const parameters = { ...JSON.parse(JSON.stringify(settings)), dataset: datasetFingerprint() };
    assert.equal(JSON.stringify(parameters), JSON.stringify(shipped.parameters), "same keys in the same order");
    assert.deepEqual(makeManifest(parameters, settings.seed, structureJobs(settings)), shipped);
  },
);

test(
  "spectrum jobs: the complete graph, then every grid point's graphs, " +
    "each trained per seed; graphs stay when the grid grows",
  () => {
    const settings = spectrumSweepSettingsFrom(structureOptions(spectrumArgs));
    const jobs = spectrumJobs(settings);
    const perMode = 3 + 2 * 3 * 2 * 2;
    assert.equal(jobs.length, 2 * perMode);
    assert.deepEqual(
      jobs.slice(0, 6).map((job) => job.id),
      [
        "gru/complete/0/r0",
        "gru/complete/0/r1",
        "gru/complete/0/r2",
        "gru/ws_flex/0/r0",
        "gru/ws_flex/0/r1",
        "gru/ws_flex/1/r0",
      ],
    );
    assert.equal(jobs[0]!.edges.length, (8 * 7) / 2);
    for (const job of jobs.filter((j) => j.generator === "ws_flex")) {
      assert.equal(job.spec.generator, "ws_flex");
      if (job.spec.generator !== "ws_flex") continue;
      assert.equal(job.edges.length, wsFlexEdgeCount(8, job.spec.k), job.id);
      assert.equal(job.numNodes, 8);
    }
    const [gru, lstm] = [jobs.slice(0, perMode), jobs.slice(perMode)];
    assert.deepEqual(
      gru.map((job) => job.edges),
      lstm.map((job) => job.edges),
      "every variant trains on the same graphs",
    );
    const pointEdges = (list: SpectrumJob[]) =>
      new Map(
        list
          .filter((j) => j.spec.generator === "ws_flex")
          .map((j) => [JSON.stringify([j.spec, j.graphNr % 2]), j.edges]),
      );
    const grown = pointEdges(spectrumJobs({ ...settings, p: [0, 0.25, 0.5, 1], modes: ["GRU"] }));
    for (const [point, edges] of pointEdges(gru)) assert.deepEqual(grown.get(point), edges, point);
  },
);

test("a tiny real ws-flex sweep runs end to end; its rows record C, transitivity and L of their graphs", () => {
  const dir = mkdtempSync(join(tmpdir(), "spectrum-"));
  // The last occurrence of an option counts: one GRU training per graph of a 2 × 2 grid, two of the complete graph.
  const args = [
    "structure",
    ...spectrumArgs,
    ..."--p-grid 0,1 --graph-seeds 1 --seeds 1 --complete-seeds 2 --mode gru --epochs 1".split(" "),
    ..."--train-rows 64 --test-rows 32 --no-weights --workers 2 --quiet --out".split(" "),
    dir,
  ];
  // In a child process: the in-process CLI would capture this process's stdout, the test runner's channel, for 10 s.
  const run = cli("experiment", ...args);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /results: /);
  const records = parseCsvRecords(readFileSync(join(dir, "results.csv"), "utf8"), { source: "results.csv" });
  const [header, ...rows] = records.map((r) => r.fields);
  assert.deepEqual(header, [...SPECTRUM_COLUMNS]);
  assert.deepEqual(header!.slice(0, STRUCTURE_COLUMNS.length), [...STRUCTURE_COLUMNS], "the thesis's columns first");
  const jobs = ExperimentFolder.open(dir).jobs as unknown as SpectrumJob[];
  assert.equal(rows.length, 2 + 4);
  rows.forEach((fields, i) => {
    const row = Object.fromEntries(header!.map((name, c) => [name, fields[c]!]));
    const job = jobs[i]!;
    assert.deepEqual(
      [row.mode, row.graph, Number(row.graph_nr), Number(row.replicate)],
      ["GRU", job.generator, job.graphNr, job.replicate],
    );
    const measures = relationalMeasures(graphFromEdges(job.numNodes, job.edges));
    assert.equal(Number(row.average_clustering), measures.averageClustering, `${job.id}: C`);
    assert.equal(Number(row.transitivity), measures.transitivity, `${job.id}: transitivity`);
    assert.equal(Number(row.average_shortest_path_length), measures.averagePathLength, `${job.id}: L`);
    const spec = job.spec.generator === "ws_flex" ? job.spec : { k: 7, p: 0 };
    assert.deepEqual([Number(row.k), Number(row.p)], [spec.k, spec.p]);
    const accuracy = Number(row.test_acc);
    assert.ok(accuracy >= 0 && accuracy <= 1, `${job.id}: accuracy ${accuracy}`);
  });
  assert.deepEqual(
    rows.slice(0, 2).map((fields) => [fields[1], Number(fields[header!.indexOf("average_clustering")])]),
    [
      ["complete", 1],
      ["complete", 1],
    ],
  );
});

test(
  "a part of a relational spectrum sweep: only the asked replicates run, " +
    "each a one-layer network wired as its graph",
  async () => {
    const dir = mkdtempSync(join(tmpdir(), "spectrum-part-"));
    const settings: SpectrumSweepSettings = {
      ...spectrumSweepSettings(QUICK_SCALE),
      nodes: 6,
      k: [2, 4],
      p: [0],
      graphSeeds: 1,
      replicates: 2,
      completeReplicates: 2,
      epochs: 1,
      trainRows: 64,
      testRows: 32,
      saveWeights: true,
    };
    assert.equal(settings.graphMapping, "relational");
    assert.equal(settings.task, "embedded-reber");
    const summary = await runSpectrumSweep(settings, {
      outDir: dir,
      replicates: [1],
      isolation: "inline",
      quiet: true,
    });
    assert.equal(summary.csvPath, null, "half of the sweep is not the sweep");
    const folder = ExperimentFolder.open(dir);
    const jobs = folder.jobs as unknown as SpectrumJob[];
    assert.equal(jobs.length, 6);
    assert.deepEqual(
      [...folder.finishedIds()].sort(),
      jobs
        .filter((job) => job.replicate === 1)
        .map((job) => job.id)
        .sort(),
    );
    const parameters = folder.manifest.parameters as { dataset?: string };
    assert.equal(parameters.dataset, datasetFingerprint(shippedTaskDir("embedded-reber")));
    for (const job of jobs.filter((j) => j.replicate === 1)) {
      const model = readModelFile(join(dir, "models", structureModelFile(job)));
      assert.deepEqual(model.architecture.layerSizes, [6], `${job.id}: one layer of a unit per vertex`);
      assert.deepEqual(model.architecture.skips, []);
      const expected = relationalArchitecture("GRU", job.numNodes, job.edges).masks;
      for (const [name, mask] of expected)
        assert.deepEqual(model.tensors.get(name)!.data, mask.data, `${job.id}: ${name}`);
    }
  },
);

test(
  "--graph-mapping: relational is recorded, layered (the default) is not; " +
    "a gate layout with relational is refused",
  () => {
    assert.equal(spectrumSweepSettingsFrom(structureOptions(spectrumArgs)).graphMapping, undefined);
    const relational = spectrumSweepSettingsFrom(structureOptions([...spectrumArgs, "--graph-mapping", "relational"]));
    assert.equal(relational.graphMapping, "relational");
    assert.equal(
      structureSettingsFrom(structureOptions(["--graph-mapping", "layered", "--out", "x"])).graphMapping,
      undefined,
    );
    assert.throws(
      () =>
        spectrumSweepSettingsFrom(
          structureOptions([...spectrumArgs, "--graph-mapping", "relational", "--gate-layout", "faithful"]),
        ),
      /--gate-layout: the relational mapping already wires every gate block/,
    );
    assert.throws(
      () => structureSettingsFrom(structureOptions(["--graph-mapping", "deep", "--out", "x"])),
      /unknown graph mapping "deep": expected layered or relational/,
    );
  },
);

test(
  "the random baseline: connected G(n, " + "m) graphs with WS-flex's edge count per k, its rows with k and an empty p",
  async () => {
    const args = "--generators gnm --nodes 8 --k-grid 4,6 --graph-seeds 2 --seeds 1 --mode gru --out unused";
    const settings = spectrumSweepSettingsFrom(structureOptions(args.split(" ")));
    assert.deepEqual(
      [settings.generator, settings.k, settings.p, settings.graphSeeds, settings.completeReplicates],
      ["gnm", [4, 6], [], 2, 0],
    );
    assert.throws(
      () => spectrumSweepSettingsFrom(structureOptions([...args.split(" "), "--p-grid", "0,1"])),
      /--p-grid: G\(n, m\) graphs have no rewiring/,
    );
    assert.throws(
      () => isSpectrumSweep(structureOptions(["--generators", "gnm,ws-flex", "--out", "x"])),
      /each run alone/,
    );
    const jobs = spectrumJobs(settings);
    assert.deepEqual(
      jobs.map((job) => [job.id, job.edges.length]),
      [
        ["gru/gnm/0/r0", wsFlexEdgeCount(8, 4)],
        ["gru/gnm/1/r0", wsFlexEdgeCount(8, 4)],
        ["gru/gnm/2/r0", wsFlexEdgeCount(8, 6)],
        ["gru/gnm/3/r0", wsFlexEdgeCount(8, 6)],
      ],
    );
    for (const job of jobs) assert.ok(isConnected(graphFromEdges(job.numNodes, job.edges)), job.id);
    assert.notDeepEqual(jobs[0]!.edges, jobs[1]!.edges, "two graphs per k");
    // The full-scale stage: the spectrum sweep's training, its k grid from 4, no second complete graph.
    const stage = spectrumRandomSettings(FULL_SCALE);
    assert.deepEqual(
      { ...stage, generator: undefined, k: undefined, p: undefined, completeReplicates: undefined },
      {
        ...spectrumSweepSettings(FULL_SCALE),
        generator: undefined,
        k: undefined,
        p: undefined,
        completeReplicates: undefined,
      },
    );
    assert.deepEqual(stage.k, spectrumSweepSettings(FULL_SCALE).k.slice(1));
    assert.equal(spectrumJobs(stage).length, 9 * 3 * 3 * 2);

    const dir = mkdtempSync(join(tmpdir(), "spectrum-random-"));
    const tiny = { ...settings, epochs: 1, trainRows: 64, testRows: 32, saveWeights: false, k: [4] };
    const summary = await runSpectrumSweep(tiny, { outDir: dir, isolation: "inline", quiet: true });
    const { rows } = loadStructureResults(summary.csvPath!);
    assert.equal(rows.length, 2);
    for (const row of rows) {
      assert.deepEqual([row.graph, row.k, row.p], ["gnm", 4, ""]);
      assert.ok(Number(row.average_shortest_path_length) >= 1);
    }
  },
);
