/** Timing helpers: warm-up calls are made but not measured, and every measured call is counted. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { cpuShare, timeCalls } from "../../src/engine/timing";

test("timeCalls runs the warm-up unmeasured, then times each repeat", () => {
  let calls = 0;
  const busy = () => {
    calls++;
    const until = performance.now() + (calls <= 2 ? 30 : 2);
    while (performance.now() < until);
  };
  const timing = timeCalls(busy, { warmup: 2, repeats: 5 });
  assert.equal(calls, 7);
  assert.equal(timing.repeats, 5);
  assert.ok(
    timing.medianMs >= 2 && timing.medianMs < 25,
    `median ${timing.medianMs} ms: 30 ms warm-ups must not count`,
  );
  assert.throws(() => timeCalls(busy, { warmup: 0, repeats: 0 }), /repeats must be a positive integer, got 0/);
});

test("timeCalls measures the process's CPU time per call; cpuShare is CPU over wall of the measured timings", () => {
  let sink = 0;
  const timing = timeCalls(
    () => {
      for (let i = 0; i < 2e6; i++) sink += Math.sqrt(i);
    },
    { warmup: 1, repeats: 5 },
  );
  assert.ok(sink > 0);
  assert.ok(timing.cpuMedianMs! > 0, `CPU ${timing.cpuMedianMs} ms`);
  // A busy loop never uses more CPU than one thread's wall time (plus the clocks' granularity).
  assert.ok(
    timing.cpuMedianMs! <= timing.medianMs * 1.2 + 1,
    `CPU ${timing.cpuMedianMs} ms, wall ${timing.medianMs} ms`,
  );
  assert.equal(
    cpuShare([
      { medianMs: 10, iqrMs: 0, repeats: 1, cpuMedianMs: 5 },
      { medianMs: 30, iqrMs: 0, repeats: 1, cpuMedianMs: 15 },
      { medianMs: 99, iqrMs: 0, repeats: 1 },
    ]),
    0.5,
  );
  assert.ok(Number.isNaN(cpuShare([{ medianMs: 1, iqrMs: 0, repeats: 1 }])));
});
