import { test } from "node:test";
import assert from "node:assert/strict";
import { benchmarkGraphs, estimateSweepHours, timeStructureSteps } from "../../src/experiments/structure-benchmark";

test("the benchmark's graphs are the sweep's first graphs of each family, and every one is timed", () => {
  const jobs = benchmarkGraphs(2, 0, "RNN_RELU");
  assert.deepEqual(jobs.map((job) => job.id), ["rnn_relu/barabasi_albert/0", "rnn_relu/barabasi_albert/1", "rnn_relu/watts_strogatz/0", "rnn_relu/watts_strogatz/1"]);
  const timings = timeStructureSteps(jobs.slice(0, 2), { repeats: 2, warmup: 1, batchSize: 8, length: 5 });
  assert.equal(timings.length, 2);
  for (const [i, timing] of timings.entries()) {
    assert.equal(timing.nodes, jobs[i]!.numNodes);
    assert.equal(timing.edges, jobs[i]!.edges.length);
    assert.ok(timing.layers >= 2 && timing.medianMs > 0 && timing.repeats === 2);
  }
});

test("the sweep estimate scales with steps, epochs, models and cores", () => {
  // 1 ms per step, 147 + 49/3 steps per epoch, 15 epochs, 800 models, 2 cores.
  const hours = estimateSweepHours(1);
  assert.ok(Math.abs(hours - ((147 + 49 / 3) * 15 * 800) / 2 / 3_600_000) < 1e-12);
  assert.ok(Math.abs(estimateSweepHours(2, { cores: 1 }) - 4 * hours) < 1e-12);
});
