/**
 * The base-model chapter's tables: parameter counts, accuracy beside the thesis's, per-family accuracy, epoch times.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { ReplicatedRecord } from "../../src/pruning/replicated-records";
import {
  baseAccuracyRows,
  baseAccuracyTable,
  epochTimeTable,
  familyAccuracyRows,
  familyAccuracyTable,
  parameterCountRows,
  parameterCountTable,
  stringVerdictTable,
} from "../../src/notebook/base-model-tables";
import { epochTimes } from "../../src/training/epoch-time";
import { bodyCells, tableCaption, tableCells } from "../support/html-cells";

test("parameter counts per variant, as rows and as a table with separators and the prunable share", () => {
  const rows = parameterCountRows(["RNN_RELU", "GRU"]);
  assert.deepEqual(
    rows.map((r) => [r.mode, r.recurrentWeights, r.total]),
    [
      ["RNN_RELU", 15_000, 21_802],
      ["GRU", 45_000, 52_402],
    ],
  );
  assert.deepEqual(
    parameterCountRows(["LSTM"], [10]).map((r) => [r.embedding, r.recurrentWeights, r.total]),
    [[1280, 800, 2182]],
  );
  assert.deepEqual(bodyCells(parameterCountTable(rows))[1], [
    "GRU",
    "6,400",
    "45,000",
    "900",
    "102",
    "52,402",
    "0.859",
  ]);
  assert.equal(tableCaption(parameterCountTable(rows, { caption: "wide" })), "wide");
});

const record = (mode: string, epoch: number, test_acc: number, replicate: number, time = 1): ReplicatedRecord => ({
  mode,
  prune: 0,
  epoch,
  train_loss: 1,
  train_acc: test_acc,
  test_loss: 1,
  test_acc,
  time,
  replicate,
});

test("base accuracy rows: seed 0's run, every seed's final accuracy, and the thesis's run", () => {
  const records = [
    record("gru", 1, 0.9, 0, 2),
    record("gru", 2, 0.7, 0, 4),
    record("gru", 3, 1, 0, 3),
    record("gru", 1, 0.8, 1),
    record("gru", 2, 0.5, 1),
    record("gru", 3, 0.96, 1),
    { ...record("gru_prune", 0, 0.1, 0), prune: 50 },
  ];
  const [row] = baseAccuracyRows(records, ["GRU"]);
  assert.deepEqual(
    [row!.ours.epochs, row!.ours.firstTestAccuracy, row!.ours.minTestAccuracy, row!.ours.meanEpochSeconds],
    [3, 0.9, 0.7, 3],
  );
  assert.deepEqual([row!.seeds.min, row!.seeds.max, row!.seeds.n], [0.96, 1, 2]);
  assert.ok(Math.abs(row!.seeds.mean - 0.98) < 1e-12);
  assert.equal(row!.thesis.firstTestAccuracy, 0.9992);
  const cells = tableCells(baseAccuracyTable([row!], { scaleName: "full" }));
  assert.equal(cells[0]![5], "final over 2 seeds: mean (min–max)");
  assert.deepEqual(cells[1], [
    "GRU",
    "3 / 50",
    "0.9000",
    "0.9992",
    "1.0000",
    "0.9800 (0.9600–1.0000)",
    "1.00000",
    "0.7000",
    "0.9978",
  ]);
});

test(
  "per-family accuracy: a row per family in the data set's order, " +
    "a column per variant, NaN where a model saw none",
  () => {
    const group = (name: string, rows: number, correct: number) => ({
      group: name,
      rows,
      correct,
      accuracy: correct / rows,
    });
    const rows = familyAccuracyRows(
      new Map([
        ["RNN_TANH", [group("relabelled", 10, 10), group("wrong-branch", 4, 0), group("valid", 20, 19)]],
        ["GRU", [group("valid", 20, 20), group("wrong-branch", 4, 4)]],
      ]),
    );
    assert.deepEqual(
      rows.map((r) => [r.family, r.rows]),
      [
        ["valid", 20],
        ["wrong-branch", 4],
        ["mislabelled", 0],
        ["relabelled", 10],
      ],
    );
    assert.deepEqual(rows[1]!.accuracy, { RNN_TANH: 0, GRU: 1 });
    assert.ok(Number.isNaN(rows[3]!.accuracy.GRU!));
    const cells = bodyCells(familyAccuracyTable(rows, { scaleName: "quick" }));
    assert.deepEqual(cells[1], ["wrong-branch", "4", "0.000", "1.000"]);
    assert.deepEqual(cells[3], ["relabelled", "10", "1.000", "n/a"]);
  },
);

test("epoch-time table: measured, scaled and the K80's seconds with the speed-up", () => {
  const times = epochTimes([baseAccuracyRows([record("lstm", 1, 1, 0, 0.8)], ["LSTM"])[0]!.ours], { usedRows: 4000 });
  const cells = tableCells(epochTimeTable(times, { usedRows: 4000 }));
  assert.equal(cells[0]![1], "our epoch (4,000 strings), s");
  assert.deepEqual(cells[1], ["LSTM", "0.80", "5.0", "44.2", "8.8×"]);
});

test("typed strings: the grammar's verdict, then P(valid) and the verdict per variant", () => {
  const html = stringVerdictTable(
    new Map([
      [
        "GRU",
        [
          { string: "BTXSE", pValid: 0.991, predictedValid: true },
          { string: "BPXSE", pValid: 0.2, predictedValid: false },
        ],
      ],
      [
        "LSTM",
        [
          { string: "BTXSE", pValid: 0.6, predictedValid: true },
          { string: "BPXSE", pValid: 0.51, predictedValid: true },
        ],
      ],
    ]),
  );
  assert.deepEqual(tableCells(html)[0], ["string", "grammar", "GRU: P(valid)", "LSTM: P(valid)"]);
  assert.deepEqual(bodyCells(html), [
    ["BTXSE", "valid", "0.991 (valid)", "0.600 (valid)"],
    ["BPXSE", 'invalid at position 3: "X" where the grammar allows T or V', "0.200 (invalid)", "0.510 (valid)"],
  ]);
});
