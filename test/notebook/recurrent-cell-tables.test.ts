/** The recurrent-cells chapter's tables: which rows and columns they show, and how they format the numbers. */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { HandForward } from "../../src/cells/hand-step";
import {
  forwardComparisonTable,
  formatVector,
  gradientCheckTable,
  gradientSummaryTable,
  handStepTable,
  maskGradientTable,
  stateTraceTable,
  trainingStepTable,
} from "../../src/notebook/recurrent-cell-tables";
import { bodyCells as cells, bodyRowCount as bodyRows } from "../support/html-cells";

const timing = (medianMs: number) => ({ medianMs, iqrMs: 0, repeats: 3 });

test("vectors have six decimals", () => {
  assert.equal(formatVector([0.5, -1 / 3]), "[0.500000, -0.333333]");
});

test("a hand step: input, each gate, then the new state (the cell state only for the LSTM)", () => {
  const step = { h: [0.1, 0.2], c: [0, 0], gates: { r: [0.5, 0.5], z: [0.25, 0.75], n: [0, 1] } };
  const gru = cells(handStepTable([1, 2], step, { caption: "GRU" }));
  assert.deepEqual(
    gru.map((row) => row[0]),
    ["x (input)", "r (gate)", "z (gate)", "n (gate)", "h (new hidden state)"],
  );
  assert.equal(gru[2]![1], "[0.250000, 0.750000]");
  const lstm = handStepTable([1], { h: [0.1], c: [0.3], gates: { i: [1], f: [1], g: [1], o: [1] } });
  assert.ok(lstm.includes("c (new cell state)") && lstm.includes("[0.300000]"));
});

test("the three implementations side by side, one row per cell", () => {
  const row = { mode: "GRU" as const, hand: [0.1, 0.2], reference: [0.1, 0.2], fused: [0.1, 0.2], gap: 4.1e-8 };
  const html = forwardComparisonTable([row], { text: "BT", units: 2 });
  assert.equal(bodyRows(html), 1);
  assert.ok(html.includes("h_2 by hand") && html.includes(">4.1e-8<"));
  assert.ok(html.includes("after reading &quot;BT&quot; (2 units"));
});

test("gradient check rows and the summary per cell", () => {
  const analytic = { fused: 0.5001, autograd: 0.4999 };
  const row = { name: "out.bias", index: 1, finiteDifference: 0.5, analytic, error: { fused: 2e-4, autograd: 2e-4 } };
  const check = gradientCheckTable([row], { mode: "LSTM", epsilon: 0.01 });
  assert.deepEqual(cells(check)[0], ["out.bias[1]", "0.500100", "0.499900", "0.500000", "2.0e-4", "2.0e-4"]);
  assert.ok(check.includes("Gradient check, LSTM") && check.includes("ε = 0.01"));
  const summary = { tensors: 11, maxErrorFused: 1.4e-4, maxErrorAutograd: 1.5e-4, maxFusedVsAutograd: 3e-7 };
  const html = gradientSummaryTable([{ mode: "RNN_TANH", summary }]);
  assert.deepEqual(cells(html)[0], ["RNN_TANH", "11", "1.4e-4", "1.5e-4", "3.0e-7"]);
});

test("a masked weight: exactly zero where the mask is 0, limited to the entries asked for", () => {
  const effect = { mask: Uint8Array.from([0, 1, 1, 0]), gradient: Float32Array.from([0, 0.25, -0.5, 0]) };
  const html = maskGradientTable(effect, { weight: "W", entries: 3 });
  assert.deepEqual(cells(html), [
    ["0", "0", "0 (exactly)"],
    ["1", "1", "0.250000"],
    ["2", "1", "-0.500000"],
  ]);
  assert.ok(html.includes("entry of W"));
});

test("the training step: median times and the speed-up", () => {
  const row = { mode: "GRU" as const, referenceLoss: 0.693, fusedLoss: 0.693, maxParameterDifference: 5e-6 };
  const html = trainingStepTable([{ ...row, reference: timing(300), fused: timing(12) }], {
    referenceBackend: "wasm",
    strings: 32,
  });
  assert.deepEqual(cells(html)[0], ["GRU", "0.693000", "0.693000", "5.0e-6", "300", "12.0", "25×"]);
  assert.ok(html.includes("tfjs wasm") && html.includes("on 32 strings"));
});

test("a state trace: one column per letter, the logits and P(valid) = softmax's second entry", () => {
  const step = (h: number[]) => ({ h, c: [0, 0], gates: {} });
  const steps = [step([0.1, 0.2]), step([0.3, 0.4]), step([0.5, 0.6])];
  const trace: HandForward = { steps, logits: [0, Math.log(3)] };
  const html = stateTraceTable([{ mode: "RNN_TANH", ...trace }], { text: "BTX" });
  assert.ok(html.includes("h after &quot;X&quot; (step 3)"));
  assert.deepEqual(cells(html)[0]!.slice(3), ["[0.500000, 0.600000]", "[0.000000, 1.098612]", "0.750"]);
});
