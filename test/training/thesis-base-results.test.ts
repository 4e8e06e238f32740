import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RECURRENT_MODES } from "../../src/models/architecture";
import type { EpochRecord } from "../../src/training/epoch-records";
import { formatEpochRecords } from "../../src/training/epoch-records";
import {
  baseRecords,
  readThesisBaseRecords,
  summariseBaseRun,
  THESIS_BASE_RESULTS,
  THESIS_K80_EPOCH_SECONDS,
} from "../../src/training/thesis-base-results";
import { referenceDir, skipWithoutReference } from "../support/reference";

const row = (mode: string, prune: number, epoch: number, test_acc: number, time = 1): EpochRecord => ({
  mode,
  prune,
  epoch,
  train_loss: 10 - epoch,
  train_acc: test_acc - 0.01,
  test_loss: 5 - epoch,
  test_acc,
  time,
});

test("baseRecords keeps one variant's prune-0 training epochs in epoch order", () => {
  const records = [
    row("gru", 0, 2, 0.9),
    row("gru", 0, 1, 0.8),
    row("gru", 30, 1, 0.5),
    row("gru_prune", 0, 3, 0.1),
    row("lstm", 0, 1, 0.7),
    row("gru", 0, 0, 0.6),
  ];
  assert.deepEqual(
    baseRecords(records, "GRU").map((r) => [r.epoch, r.test_acc]),
    [
      [1, 0.8],
      [2, 0.9],
    ],
  );
});

test("summariseBaseRun: first/final/min/max accuracy, final loss and mean epoch time", () => {
  const records = [row("rnn_tanh", 0, 1, 0.9, 2), row("rnn_tanh", 0, 2, 0.5, 4), row("rnn_tanh", 0, 3, 0.93, 6)];
  const s = summariseBaseRun(records, "RNN_TANH");
  assert.deepEqual(s, {
    mode: "RNN_TANH",
    epochs: 3,
    firstTestAccuracy: 0.9,
    firstTrainAccuracy: 0.9 - 0.01,
    finalTestAccuracy: 0.93,
    finalTrainAccuracy: 0.93 - 0.01,
    finalTestLoss: 2,
    minTestAccuracy: 0.5,
    maxTestAccuracy: 0.93,
    meanEpochSeconds: 4,
  });
});

test("summariseBaseRun names the variant when rows are missing or an epoch repeats", () => {
  assert.throws(() => summariseBaseRun([row("gru", 0, 1, 0.9)], "LSTM"), /mode "lstm"/);
  assert.throws(() => summariseBaseRun([row("gru", 0, 1, 0.9), row("gru", 0, 1, 0.8)], "GRU"), /GRU has epoch 1 twice/);
});

test("the thesis's summary matches its prose: RNN_TANH ends at 0.93728, the others at 1.0, K80 epochs 31–47 s", () => {
  assert.equal(THESIS_BASE_RESULTS.RNN_TANH.finalTestAccuracy, 0.93728);
  for (const mode of ["RNN_RELU", "LSTM", "GRU"] as const) assert.equal(THESIS_BASE_RESULTS[mode].finalTestAccuracy, 1);
  assert.ok(Math.abs(THESIS_BASE_RESULTS.LSTM.firstTestAccuracy - 0.93) < 0.01);
  for (const mode of RECURRENT_MODES) {
    const seconds = THESIS_BASE_RESULTS[mode].meanEpochSeconds;
    assert.ok(
      seconds > THESIS_K80_EPOCH_SECONDS.min - 1 && seconds < THESIS_K80_EPOCH_SECONDS.max + 1,
      `${mode}: ${seconds}`,
    );
  }
});

test("readThesisBaseRecords returns null when the CSVs are absent and reads base rows when present", () => {
  const dir = mkdtempSync(join(tmpdir(), "thesis-base-"));
  assert.equal(readThesisBaseRecords(dir), null);
  mkdirSync(join(dir, "thesis-results"));
  for (const mode of RECURRENT_MODES) {
    const name = mode.toLowerCase();
    writeFileSync(
      join(dir, "thesis-results", `prune-${name}.csv`),
      formatEpochRecords([row(name, 0, 1, 0.9), row(name, 0, 2, 1), row(`${name}_prune`, 10, 1, 0.8)]),
    );
  }
  const records = readThesisBaseRecords(dir)!;
  assert.equal(records.length, 8);
  assert.ok(records.every((r) => r.prune === 0));
});

test(
  "the summary constants equal the summary of the thesis's own CSVs",
  { skip: skipWithoutReference("thesis-results/prune-*.csv") },
  () => {
    const records = readThesisBaseRecords(referenceDir!);
    assert.ok(records, "thesis-results CSVs missing");
    for (const mode of RECURRENT_MODES) {
      const computed = summariseBaseRun(records, mode);
      const stored = THESIS_BASE_RESULTS[mode];
      for (const key of Object.keys(stored) as (keyof typeof stored)[]) {
        if (typeof stored[key] === "number")
          assert.ok(
            Math.abs((computed[key] as number) - (stored[key] as number)) < 1e-4,
            `${mode}.${key}: ${computed[key]} vs ${stored[key]}`,
          );
        else assert.equal(computed[key], stored[key]);
      }
    }
  },
);
