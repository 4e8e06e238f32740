import { test } from "node:test";
import assert from "node:assert/strict";
import { benchmarkGraphs, estimateSweepHours, timeStructureSteps } from "../../src/experiments/structure-benchmark";
import { cli } from "../support/cli";

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
  }
});

test("the sweep estimate scales with steps, epochs, models and cores", () => {
  // 1 ms per step, 147 steps per epoch, 15 epochs, one test pass (49 batches at a third of a step), 800 models, 2 cores.
  const hours = estimateSweepHours(1);
  assert.ok(Math.abs(hours - ((147 * 15 + 49 / 3) * 800) / 2 / 3_600_000) < 1e-12);
  assert.ok(Math.abs(estimateSweepHours(2, { cores: 1 }) - 4 * hours) < 1e-12);
  assert.ok(Math.abs(estimateSweepHours(1, { contention: 1.3 }) - 1.3 * hours) < 1e-12);
});

test("sparse-rnn bench --structure reports per-graph step times and the sweep estimate", () => {
  const run = cli("bench", "--structure", "--graphs", "1", "--modes", "RNN_RELU", "--repeats", "2", "--json");
  assert.equal(run.status, 0, run.stderr);
  const report = JSON.parse(run.stdout);
  assert.equal(report.variants.length, 1);
  assert.equal(report.variants[0].graphs.length, 2);
  assert.ok(report.variants[0].meanStepMs > 0);
  assert.ok(
    Math.abs(report.estimatedSweepHours - estimateSweepHours(report.variants[0].meanStepMs, { models: 200 })) < 1e-12,
  );
});
