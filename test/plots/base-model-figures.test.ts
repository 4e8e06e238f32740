import { test } from "node:test";
import assert from "node:assert/strict";
import type { EpochRecord } from "../../src/training/epoch-records";
import { baseCurvesFigure, baseCurvesPanel, epochTimeFigure } from "../../src/plots/base-model-figures";
import { epochTimes } from "../../src/training/epoch-time";
import { THESIS_BASE_RESULTS } from "../../src/training/thesis-base-results";
import { SPLIT_COLORS } from "../../src/plots/theme";

type AnyTrace = Record<string, any>;
const run = (mode: string, epochs: number, offset: number): EpochRecord[] =>
  Array.from({ length: epochs }, (_, i) => ({
    mode,
    prune: 0,
    epoch: i + 1,
    train_loss: 100 - i - offset,
    train_acc: 0.5 + i / 10 + offset,
    test_loss: 50 - i,
    test_acc: 0.6 + i / 10,
    time: 1,
  }));

test("baseCurvesPanel: train and test lines of our run; the thesis's dashed when given", () => {
  const ours = [...run("gru", 3, 0), { ...run("gru", 1, 0)[0]!, prune: 30, test_acc: 0.1 }];
  const panel = baseCurvesPanel("GRU", ours, "acc", { thesis: run("gru", 5, 0.01) });
  const traces = panel.data as AnyTrace[];
  assert.deepEqual(
    traces.map((t) => t.name),
    ["training (ours)", "test (ours)", "training (thesis)", "test (thesis)"],
  );
  assert.deepEqual(traces[0]!.x, [1, 2, 3]);
  assert.deepEqual(traces[1]!.y, [0.6, 0.7, 0.8]);
  assert.equal(traces[2]!.x.length, 5);
  assert.equal(traces[2]!.y[0], 0.51);
  assert.deepEqual(
    traces.map((t) => t.line.dash),
    ["solid", "solid", "dash", "dash"],
  );
  assert.deepEqual(
    traces.map((t) => t.mode),
    ["lines+markers", "lines+markers", "lines", "lines"],
  );
  assert.equal(traces[1]!.line.color, SPLIT_COLORS.test);
  assert.equal((panel.layout.title as { text: string }).text, "GRU");
});

test("baseCurvesPanel plots losses for metric 'loss' and names a variant without rows", () => {
  const panel = baseCurvesPanel("LSTM", run("lstm", 2, 0), "loss");
  assert.deepEqual(
    (panel.data as AnyTrace[]).map((t) => t.y),
    [
      [100, 99],
      [50, 49],
    ],
  );
  assert.throws(() => baseCurvesPanel("RNN_TANH", run("lstm", 2, 0), "loss"), /RNN_TANH.*"rnn_tanh"/);
});

test("baseCurvesFigure: one panel per variant on its own axes, one legend entry per series", () => {
  const ours = ["rnn_tanh", "rnn_relu", "lstm", "gru"].flatMap((m) => run(m, 3, 0));
  const figure = baseCurvesFigure(["RNN_TANH", "RNN_RELU", "LSTM", "GRU"], ours, "acc");
  const traces = figure.data as AnyTrace[];
  assert.equal(traces.length, 8);
  assert.deepEqual([...new Set(traces.map((t) => t.xaxis))], ["x", "x2", "x3", "x4"]);
  assert.equal(traces.filter((t) => t.showlegend).length, 2);
  assert.deepEqual(figure.caption, {
    title: "Per-epoch training and test accuracy of the base models",
    reference: "thesis figures 6.1–6.4",
  });
  assert.match(
    JSON.stringify(figure.layout.title),
    /thesis figures 6\.1–6\.4/,
    "a notebook figure shows its title and reference",
  );
  assert.deepEqual(
    [figure.layout.legend!.y, figure.layout.legend!.yanchor, (figure.layout.legend as { yref?: string }).yref],
    [0, "bottom", "container"],
    "legend sits below the panels",
  );
  const xaxis = figure.layout.xaxis as Record<string, unknown>;
  assert.deepEqual(
    [xaxis.tickmode, xaxis.dtick, xaxis.tickformat],
    ["linear", 1, "d"],
    "epochs are whole-number ticks",
  );
  const column = baseCurvesFigure(["RNN_TANH", "RNN_RELU", "LSTM", "GRU"], ours, "acc", { size: "page" });
  assert.equal(column.layout.title, undefined, "a paper figure draws no title");
  const layout = column.layout as Record<string, { domain: number[] }>;
  assert.deepEqual(layout.yaxis4!.domain, layout.yaxis!.domain, "on a page the four panels share one row");
});

test("epochTimeFigure: ours (full-data estimate) beside the K80, one decimal, a bar per variant", () => {
  const runs = [
    { ...THESIS_BASE_RESULTS.GRU, meanEpochSeconds: 1.234 },
    { ...THESIS_BASE_RESULTS.RNN_TANH, meanEpochSeconds: 0.5 },
  ];
  const times = epochTimes(runs, { usedRows: 25_000 });
  const traces = epochTimeFigure(times).data as AnyTrace[];
  assert.deepEqual(
    traces.map((t) => t.name),
    ["ours (full-data estimate)", "thesis (Tesla K80)"],
  );
  assert.deepEqual(traces[0]!.x, ["GRU", "RNN_TANH"]);
  assert.deepEqual(traces[0]!.y, [1.2, 0.5]);
  assert.deepEqual(traces[1]!.y, [47, 31.6]);
  assert.deepEqual(traces[1]!.text, ["47.0", "31.6"], "value labels keep one decimal");
});
