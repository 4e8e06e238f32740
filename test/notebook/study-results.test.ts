import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { runPruningStudy } from "../../src/experiments/pruning-study";
import { createRunProgress } from "../../src/experiments/runner";
import { shipStudy } from "../../src/experiments/shipped-results";
import { pruningStudySettings } from "../../src/experiments/study-stages";
import { FULL_SCALE, QUICK_SCALE, type StudyScale } from "../../src/experiments/study-scale";
import {
  computeRequested,
  describeSource,
  incompleteNote,
  MissingResultsError,
  openStudyStage,
} from "../../src/notebook/study-results";

const temp = (name: string) => mkdtempSync(join(tmpdir(), `${name}-`));

/** A scale as small as a test allows, named "full" so that it takes the full-scale path. */
const TINY_FULL: StudyScale = {
  ...QUICK_SCALE,
  name: "full",
  modes: ["RNN_TANH"],
  trainRows: 96,
  testRows: 32,
  base: { hidden: [4], epochs: 1, batchSize: 32 },
  pruning: { percents: [50], kinds: ["both"], retrainEpochs: 1, seeds: 2 },
};

/** Run `body` with SPARSE_RNN_RUNS pointing at a fresh folder; returns that folder. */
async function withRunsFolder(body: (runs: string) => Promise<void>): Promise<string> {
  const runs = temp("runs");
  const before = process.env.SPARSE_RNN_RUNS;
  process.env.SPARSE_RNN_RUNS = runs;
  try {
    await body(runs);
  } finally {
    if (before === undefined) delete process.env.SPARSE_RNN_RUNS;
    else process.env.SPARSE_RNN_RUNS = before;
  }
  return runs;
}

test(
  "a notebook at full scale without shipped results stops with " +
    "the command and its measured time, and computes nothing",
  async () => {
    const runs = await withRunsFolder(async () => {
      for (const stage of ["pruning", "structure"] as const) {
        const error = await openStudyStage(stage, {
          scale: FULL_SCALE,
          resultsDir: temp("empty-results"),
          env: {},
        }).catch((e: unknown) => e);
        assert.ok(error instanceof MissingResultsError);
        assert.match(error.message, new RegExp(`npx sparse-rnn reproduce --full --stages ${stage}\\n`));
        assert.match(error.message, /measured on the 2-core lab machine: about (\d h )?\d+ min/);
        assert.match(error.message, /nothing was computed/);
      }
    });
    assert.deepEqual(readdirSync(runs), [], "no experiment folder was created");
  },
);

test(
  "shipped results are read as they are; " + "an incomplete stage names the missing replicate and its command",
  async () => {
    const computed = temp("computed");
    await runPruningStudy(pruningStudySettings(TINY_FULL), {
      outDir: join(computed, "pruning"),
      quiet: true,
      replicates: [0],
    });
    const shipped = temp("shipped");
    shipStudy(computed, shipped);
    const runs = await withRunsFolder(async () => {
      const opened = await openStudyStage("pruning", { scale: TINY_FULL, resultsDir: shipped, env: {} });
      assert.equal(opened.source, "shipped");
      assert.equal(opened.table, join(shipped, "pruning", "pruning-records.csv"));
      assert.equal(opened.status.finished, 2);
      assert.match(
        opened.note!,
        /incomplete: 2 of 4 runs.*replicate\(s\) 1: `npx sparse-rnn reproduce --full --stages pruning --replicates 1`/,
      );
      assert.match(
        describeSource(opened),
        /^pruning study: shipped results from .* \(2\/4 runs, computed in \d+s over 2 part\(s\)\)$/,
      );
    });
    assert.deepEqual(readdirSync(runs), []);
  },
);

test("computing in a notebook happens only on request, into runs/, and then reads what it computed", async () => {
  assert.equal(computeRequested({ SPARSE_RNN_COMPUTE: "1" }), true);
  assert.equal(computeRequested({}), false);
  const runs = await withRunsFolder(async () => {
    const opened = await openStudyStage("pruning", {
      scale: TINY_FULL,
      resultsDir: temp("empty-results"),
      compute: true,
      env: {},
    });
    assert.equal(opened.source, "computed");
    assert.equal(opened.status.complete, true);
    assert.equal(opened.note, null);
    assert.ok(existsSync(opened.table));
  });
  assert.deepEqual(readdirSync(join(runs, "full")), ["pruning"]);
});

test("the inline progress display rewrites one line with rate and ETA, and ends it once", () => {
  let written = "";
  const stream = new Writable({ write: (chunk, _encoding, done) => ((written += String(chunk)), done()) });
  const display = createRunProgress({ mode: "inline", label: "pruning runs", stream, intervalMs: 60_000 });
  display.start(3, 1);
  display.jobStarted(0, "prune/gru/both/p10/r0");
  display.jobProgress(0, 0.5);
  display.jobFinished(0, true);
  display.note("job x failed");
  display.stop();
  assert.equal(written.split("\n").length - 1, 2, "one line for the note, one to end the display");
  assert.match(written, /^\r\[pruning runs\] 1\/3 jobs done · 0\.00 jobs\/min · ETA \?/);
  assert.match(written, /\r\[pruning runs\] 2\/3 jobs done · [\d.]+ jobs\/min · ETA \S+/);
  assert.match(written, /\r +\r\[pruning runs\] job x failed\n/);
});

test("an incomplete spectrum names its missing seed-and-shard parts; its random baseline, its one command", () => {
  const status = (stage: "spectrum" | "spectrum-random", missing: string[], missingIndices: number[]) => ({
    stage,
    present: true,
    jobs: 10,
    finished: 10 - missing.length,
    missing,
    missingIndices,
    complete: false,
    parts: [],
    wallSeconds: 60,
    dataset: null,
  });
  assert.match(
    incompleteNote(status("spectrum", ["gru/ws_flex/0/r1", "gru/ws_flex/1/r1", "gru/ws_flex/1/r2"], [3, 4, 7]))!,
    new RegExp(
      /7 of 10 runs.*3 part\(s\): `npx sparse-rnn reproduce --full --stages spectrum --replicates 1 --shard /.source +
        /0\/2`, `npx sparse-rnn reproduce --full --stages spectrum --replicates 1 --shard 1\/2`, `npx /.source +
        /sparse-rnn reproduce --full --stages spectrum --replicates 2 --shard 1\/2`/.source,
    ),
  );
  assert.match(
    incompleteNote(status("spectrum-random", ["gru/gnm/3/r0"], [3]))!,
    new RegExp(
      /random-graph baseline of the spectrum sweep is incomplete: 9 of 10 runs.*Missing: the rest of its /.source +
        /one part: `npx sparse-rnn reproduce --full --stages spectrum-random` \(each part measured at about/.source,
    ),
  );
});
