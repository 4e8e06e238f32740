/** Seconds per epoch scaled to the full data beside the thesis's K80, and the one-line ranking. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { describeEpochTimes, epochTimes, FULL_DATASET_ROWS } from "../../src/training/epoch-time";
import { THESIS_BASE_RESULTS, type BaseRunSummary } from "../../src/training/thesis-base-results";

const summary = (mode: BaseRunSummary["mode"], meanEpochSeconds: number): BaseRunSummary => ({
  ...THESIS_BASE_RESULTS[mode],
  meanEpochSeconds,
});

test(
  "epochTimes: a run on 4,000 strings scales linearly to 25,000; " + "the speed-up is the thesis's time over ours",
  () => {
    assert.equal(FULL_DATASET_ROWS, 25_000);
    const [gru, tanh] = epochTimes([summary("GRU", 2), summary("RNN_TANH", 0.8)], { usedRows: 4000 });
    assert.deepEqual(
      { ...gru!, speedUp: undefined },
      { mode: "GRU", seconds: 2, fullDataSeconds: 12.5, thesisSeconds: 46.9506, speedUp: undefined },
    );
    assert.ok(Math.abs(gru!.speedUp - 46.9506 / 12.5) < 1e-12);
    assert.equal(tanh!.fullDataSeconds, 5);
    assert.equal(
      epochTimes([summary("LSTM", 10)], { usedRows: 25_000 })[0]!.fullDataSeconds,
      10,
      "a full-data run is not scaled",
    );
    assert.equal(epochTimes([summary("LSTM", 10)], { usedRows: 100, fullRows: 50 })[0]!.fullDataSeconds, 5);
    assert.throws(() => epochTimes([summary("GRU", 1)], { usedRows: 0 }), /usedRows must be positive/);
  },
);

test("describeEpochTimes: fastest to slowest, and against the K80", () => {
  const times = epochTimes([summary("GRU", 50), summary("RNN_TANH", 10), summary("LSTM", 40)], { usedRows: 25_000 });
  assert.equal(
    describeEpochTimes(times),
    "ours, fastest to slowest: RNN_TANH < LSTM < GRU; faster than the K80 for 2 of 3 variants",
  );
});
