/** Timing helpers: warm-up calls are made but not measured, and every measured call is counted. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { timeCalls } from "../../src/engine/timing";

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
