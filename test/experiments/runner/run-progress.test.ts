import { test } from "node:test";
import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { createRunProgress, formatDuration } from "../../../src/experiments/runner/run-progress";

/** A line display on a fake clock; returns it, the clock's setter and what it wrote. */
function lineDisplay() {
  let now = 0;
  let written = "";
  const stream = new Writable({
    write(chunk, _encoding, done) {
      written += String(chunk);
      done();
    },
  });
  const display = createRunProgress({ mode: "lines", label: "runs", stream, intervalMs: 3_600_000, now: () => now });
  return { display, at: (seconds: number) => (now = seconds * 1000), output: () => written };
}

test("with job costs the ETA counts work: a long job started first no longer inflates it", () => {
  // Four jobs costing 10, 1, 1, 1; after a minute the long one is half done and one short one finished.
  const weighted = lineDisplay();
  weighted.display.start(4, 0, 13);
  weighted.display.jobStarted(0, "imp", 10);
  weighted.display.jobStarted(1, "short-1", 1);
  weighted.at(60);
  weighted.display.jobProgress(0, 0.5);
  weighted.display.jobFinished(1, true);
  weighted.display.stop();
  // Work done 1 + 0.5 · 10 = 6 of 13 in 60 s: 7 left at 0.1 per second.
  assert.match(weighted.output(), /1\/4 jobs done · 1\.00 jobs\/min · ETA 1m10s/);

  // The same run without costs: one job a minute, three left.
  const counted = lineDisplay();
  counted.display.start(4, 0);
  counted.display.jobStarted(0, "imp");
  counted.display.jobStarted(1, "short-1");
  counted.at(60);
  counted.display.jobProgress(0, 0.5);
  counted.display.jobFinished(1, true);
  counted.display.stop();
  assert.match(counted.output(), /1\/4 jobs done · 1\.00 jobs\/min · ETA 3m00s/);
});

test("a failed job's work counts as spent, an interrupted one's does not; nothing done yet gives ETA ?", () => {
  const run = lineDisplay();
  run.display.start(3, 0, 6);
  run.display.jobStarted(0, "a", 2);
  run.at(30);
  run.display.jobFinished(0, false);
  run.display.jobStarted(0, "b", 2);
  run.display.jobFinished(0, "interrupted");
  run.display.stop();
  // 2 of 6 spent in 30 s: 4 left, 60 s.
  assert.match(run.output(), /0\/3 jobs done, 1 failed · 0\.00 jobs\/min · ETA 1m00s/);
  const idle = lineDisplay();
  idle.display.start(2, 0, 5);
  idle.display.stop();
  assert.match(idle.output(), /ETA \?/);
  assert.equal(formatDuration(70), "1m10s");
});
