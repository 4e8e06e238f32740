import { test } from "node:test";
import assert from "node:assert/strict";
import { compareGateLayouts, layoutCorrelations, pairLayoutRows } from "../../src/analysis/gate-layout-comparison";
import type { StructureRow } from "../../src/analysis/results-csv";
import { faithfulSweepSettings, structureSweepSettings } from "../../src/experiments/study-stages";
import { FULL_SCALE } from "../../src/experiments/study-scale";
import { structureJobs } from "../../src/experiments/structure-sweep";
import { describeGateLayouts } from "../../src/notebook/gate-layout-tables";

const row = (mode: string, graph: string, nr: number, acc: number, layers = nr): StructureRow => ({
  mode,
  graph,
  graph_nr: nr,
  nodes: 10 + nr,
  edges: 20 + nr,
  layers,
  test_acc: acc,
});

test(
  "faithful stage: the structure stage's first graphs, " + "same job ids (hence seeds) and edges, gated variants only",
  () => {
    const thesis = new Map(structureJobs(structureSweepSettings(FULL_SCALE)).map((job) => [job.id, job]));
    const faithful = structureJobs(faithfulSweepSettings(FULL_SCALE));
    assert.equal(faithful.length, 2 * 2 * FULL_SCALE.faithful.perGenerator);
    for (const job of faithful) {
      assert.ok(job.mode === "GRU" || job.mode === "LSTM", job.id);
      assert.equal(job.settings.gateLayout, "faithful");
      assert.deepEqual(job.edges, thesis.get(job.id)!.edges, `${job.id}: the same graph`);
    }
  },
);

test("gate layouts: paired differences per variant and generator, with the paired t interval", () => {
  const thesis = [1, 2, 3, 4].flatMap((nr) => [
    row("GRU", "ba", nr, 0.9),
    row("GRU", "ws", nr, 0.8),
    row("LSTM", "ba", nr, 0.7),
  ]);
  const faithful = [1, 2, 3, 4].flatMap((nr) => [
    row("GRU", "ba", nr, 0.9 + 0.01 * nr),
    row("GRU", "ws", nr, 0.8 + 0.01 * nr),
    row("LSTM", "ba", nr, 0.7 - [0.02, 0.03, 0.02, 0.03][nr - 1]!),
  ]);
  const comparisons = compareGateLayouts(thesis, faithful);
  assert.deepEqual(
    comparisons.map((c) => [c.mode, c.generator, c.pairs]),
    [
      ["GRU", "all", 8],
      ["GRU", "ba", 4],
      ["GRU", "ws", 4],
      ["LSTM", "all", 4],
      ["LSTM", "ba", 4],
    ],
  );
  const gruBa = comparisons[1]!;
  assert.ok(Math.abs(gruBa.difference.mean - 0.025) < 1e-12);
  // Differences 0.01..0.04: s.d. 0.0129, t(3) quantile 3.182 → half-width 0.02054.
  assert.ok(Math.abs(gruBa.difference.ci95[1] - gruBa.difference.ci95[0] - 2 * 3.182446 * (0.0129099 / 2)) < 1e-5);
  const lstm = comparisons[3]!;
  assert.ok(lstm.difference.ci95[1] < 0 && lstm.pValue < 0.01);
  const text = describeGateLayouts(comparisons, layoutCorrelations(thesis, faithful, ["layers", "nodes"]), 2);
  assert.match(text, /LSTM \(4 networks\): the faithful wiring is less accurate \(−2\.5 points/);
  assert.match(text, /GRU \(8 networks\): the faithful wiring is more accurate/);
});

test("gate layouts: a faithful network without its twin, or on another graph, is named", () => {
  assert.throws(
    () => pairLayoutRows([row("GRU", "ba", 1, 0.9)], [row("GRU", "ba", 2, 0.9)]),
    /faithful-layout network GRU ba #2 has no thesis-layout twin/,
  );
  assert.throws(
    () => pairLayoutRows([row("GRU", "ba", 1, 0.9)], [{ ...row("GRU", "ba", 1, 0.9), edges: 99 }]),
    /has another graph than its twin \(11 nodes, 99 edges against 11, 21\)/,
  );
});
