import { test } from "node:test";
import assert from "node:assert/strict";
import {
  benchmarkGraphs,
  estimateSweepHours,
  recurrentUnits,
  sweepMeanStepMs,
  timeStructureSteps,
  type GraphStepTiming,
} from "../../src/experiments/structure-benchmark";
import { LayeredGraph } from "../../src/graphs/layered-graph";
import { cli } from "../support/cli";
import { nativeKernelsMissing, relaxedSimdAvailable } from "../../src/engine/wasm-kernels";

test("the benchmark's graphs are the sweep's first graphs of each family, and every one is timed", () => {
  const jobs = benchmarkGraphs(2, 0, "RNN_RELU");
  assert.deepEqual(
    jobs.map((job) => job.id),
    [
      "rnn_relu/barabasi_albert/0",
      "rnn_relu/barabasi_albert/1",
      "rnn_relu/watts_strogatz/0",
      "rnn_relu/watts_strogatz/1",
    ],
  );
  const timings = timeStructureSteps(jobs.slice(0, 2), { repeats: 2, warmup: 1, batchSize: 8, length: 5 });
  assert.equal(timings.length, 2);
  for (const [i, timing] of timings.entries()) {
    assert.equal(timing.nodes, jobs[i]!.numNodes);
    assert.equal(timing.edges, jobs[i]!.edges.length);
    assert.ok(timing.layers >= 2 && timing.medianMs > 0 && timing.repeats === 2);
    const architecture = LayeredGraph.fromEdges(jobs[i]!.numNodes, jobs[i]!.edges).architecture("RNN_RELU");
    assert.equal(timing.units, recurrentUnits(architecture));
  }
});

test("recurrent units count every layer's and skip layer's hidden units (a skip layer has its target's size)", () => {
  const units = recurrentUnits({
    mode: "GRU",
    layerSizes: [3, 1, 4, 2],
    skips: [
      { source: 0, target: 2 },
      { source: 1, target: 3 },
    ],
    vocabularySize: 128,
    outputSize: 2,
  });
  assert.equal(units, 3 + 1 + 4 + 2 + 4 + 2);
});

test(
  "the sweep's mean step reads a line through the timed graphs' steps against their units " + "at the sweep's mean",
  () => {
    const timing = (medianMs: number, units: number) => ({ medianMs, units }) as GraphStepTiming;
    // 0.1 ms per unit and nothing fixed; the sweep's graphs average 100 units.
    assert.ok(Math.abs(sweepMeanStepMs([timing(20, 200), timing(10, 100)], 100) - 10) < 1e-12);
    // 2 ms every step pays plus 0.05 ms per unit: at 50 units 4.5 ms (scaling 19 ms per 300 units would say 3.17).
    const fixed = [timing(12, 200), timing(7, 100), timing(9.5, 150)];
    assert.ok(Math.abs(sweepMeanStepMs(fixed, 50) - 4.5) < 1e-12);
    // One unit count, or a falling line: the time per unit, scaled.
    assert.ok(Math.abs(sweepMeanStepMs([timing(6, 100), timing(8, 100)], 50) - 3.5) < 1e-12);
    assert.ok(Math.abs(sweepMeanStepMs([timing(10, 100), timing(9, 200)], 150) - 9.5) < 1e-12);
  },
);

test("the sweep estimate scales with steps, epochs, models and cores", () => {
  // 1 ms per step, 147 steps per epoch, 15 epochs, one test pass (49 batches at a third of a step), 800 models, 2
  // cores.
  const hours = estimateSweepHours(1);
  assert.ok(Math.abs(hours - ((147 * 15 + 49 / 3) * 800) / 2 / 3_600_000) < 1e-12);
  assert.ok(Math.abs(estimateSweepHours(2, { cores: 1 }) - 4 * hours) < 1e-12);
  assert.ok(Math.abs(estimateSweepHours(1, { contention: 1.3 }) - 1.3 * hours) < 1e-12);
});

test("sparse-rnn bench --structure reports per-graph step times on both paths and the scaled sweep estimate", () => {
  const run = cli("bench", "--structure", "--graphs", "1", "--modes", "RNN_RELU", "--repeats", "2", "--json");
  assert.equal(run.status, 0, run.stderr);
  const report = JSON.parse(run.stdout);
  assert.equal(report.variants.length, 1);
  const variant = report.variants[0];
  assert.deepEqual(
    variant.paths.map((p: { path: string }) => p.path),
    ["units", "levels"],
  );
  for (const p of variant.paths) assert.ok(p.graphs.length === 2 && p.meanStepMs > 0);
  assert.equal(variant.meanStepMs, variant.paths[0].meanStepMs);
  assert.ok(report.sweepMeanUnits > 0);
  assert.ok(Math.abs(variant.sweepMeanStepMs - sweepMeanStepMs(variant.paths[0].graphs, report.sweepMeanUnits)) < 1e-9);
  assert.ok(
    Math.abs(report.estimatedSweepHours - estimateSweepHours(variant.sweepMeanStepMs, { models: 200 })) < 1e-12,
  );
  const one = cli("bench", "--structure", "--graphs", "1", "--modes", "RNN_RELU", "--repeats", "1", "--path", "levels");
  assert.equal(one.status, 0, one.stderr);
  assert.match(one.stdout, /RNN_RELU +levels mean step/);
  assert.doesNotMatch(one.stdout, /units +mean step/);
  const wrong = cli("bench", "--structure", "--path", "fast");
  assert.notEqual(wrong.status, 0);
  assert.match(wrong.stderr, /--path: "fast" is not units, levels or both/);
});

test("sparse-rnn bench --structure --rounds measures every setup once per round and reports the median", () => {
  const run = cli(
    ...["bench", "--structure", "--graphs", "1", "--modes", "RNN_RELU", "--repeats", "2", "--path", "units"],
    ...["--rounds", "3", "--json"],
  );
  assert.equal(run.status, 0, run.stderr);
  const [variant] = JSON.parse(run.stdout).variants;
  const [units] = variant.paths;
  assert.equal(units.roundMeanStepMs.length, 3);
  const sorted = [...units.roundMeanStepMs].sort((a: number, b: number) => a - b);
  assert.equal(units.meanStepMs, sorted[1]);
  assert.equal(units.graphs.length, 6, "two graphs per round");
  assert.equal(units.torchRatios, null);
  const wrong = cli("bench", "--structure", "--rounds", "0");
  assert.notEqual(wrong.status, 0);
  assert.match(wrong.stderr, /--rounds: "0" is not a number in \[1, 20\]/);
  const half = cli("bench", "--structure", "--rounds", "1.5");
  assert.notEqual(half.status, 0);
  assert.match(half.stderr, /--rounds: "1.5" is not a whole number of rounds/);
});

test(
  "sparse-rnn bench --structure --kernels times each kernel build on each path, side by side",
  { skip: nativeKernelsMissing() || (!relaxedSimdAvailable() && "no relaxed SIMD") },
  () => {
    const run = cli(
      ...["bench", "--structure", "--graphs", "1", "--modes", "GRU", "--repeats", "1"],
      ...["--kernels", "native,fma", "--json"],
    );
    assert.equal(run.status, 0, run.stderr);
    const [variant] = JSON.parse(run.stdout).variants;
    assert.deepEqual(
      variant.paths.map((p: { path: string; kernels: string }) => `${p.path} ${p.kernels}`),
      ["units native", "levels native", "units fma", "levels fma"],
    );
    assert.match(variant.paths[0].backend, /^native x86-64/);
    assert.match(variant.paths[2].backend, /relaxed-simd FMA/);
    for (const p of variant.paths) assert.ok(p.graphs.length === 2 && p.meanStepMs > 0);
    const text = cli(
      ...["bench", "--structure", "--graphs", "1", "--modes", "GRU", "--repeats", "1"],
      ...["--kernels", "fma,native", "--path", "units"],
    );
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /GRU +units fma +mean step [\d.]+ ms[^]*GRU +units native +mean step/);
    const wrong = cli("bench", "--structure", "--kernels", "native,gpu");
    assert.notEqual(wrong.status, 0);
    assert.match(wrong.stderr, /--kernels must be native, fma, simd, got "gpu"/);
  },
);
