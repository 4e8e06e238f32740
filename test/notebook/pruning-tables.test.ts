/**
 * The pruning chapter's tables: thresholds, base accuracy, safe p and regain epochs beside the thesis's, layer
 * sparsity.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { floatTensor, type TensorMap } from "../../src/models/named-tensors";
import { pruneByMagnitude } from "../../src/pruning/magnitude-pruning";
import type { PruningFindings } from "../../src/pruning/pruning-findings";
import type { ReplicatedRecord } from "../../src/pruning/replicated-records";
import {
  baseBandRows,
  baseBandTable,
  findingsHtml,
  keptShare,
  layerSparsityTable,
  prunedStepTable,
  regainRows,
  regainTable,
  safePruningCells,
  safePruningTable,
  thresholdRows,
  thresholdTable,
} from "../../src/notebook/pruning-tables";
import { bodyCells, bodyRowCount, rowAfter, tableCaption, tableCells } from "../support/html-cells";
import { recordRow } from "../support/pruning-records";

/** One layer, 2×2 i2h weights 1..4 and 2×2 h2h weights 5..8 (magnitudes), so every threshold is easy to follow. */
function tinyModel(): TensorMap {
  return new Map([
    ["recurrent.recurrent_layers.0.weight_ih", floatTensor([2, 2], Float32Array.from([1, -2, 3, -4]))],
    ["recurrent.recurrent_layers.0.weight_hh", floatTensor([2, 2], Float32Array.from([5, -6, 7, -8]))],
  ]);
}

test("thresholds: the p-th percentile of the pooled magnitudes and the weights at or above it", () => {
  const rows = thresholdRows(tinyModel(), { percents: [50, 100], kinds: ["both", "h2h"] });
  assert.deepEqual(rows, [
    { kind: "both", percent: 50, threshold: 4.5, kept: 4, total: 8 },
    { kind: "both", percent: 100, threshold: 8, kept: 1, total: 8 },
    { kind: "h2h", percent: 50, threshold: 6.5, kept: 2, total: 4 },
    { kind: "h2h", percent: 100, threshold: 8, kept: 1, total: 4 },
  ]);
  assert.equal(thresholdRows(tinyModel(), { percents: [0] }).length, 3, "all three kinds by default");
  assert.deepEqual(bodyCells(thresholdTable(rows, { caption: "tiny" }))[2], [
    "h2h only",
    "50%",
    "6.5000",
    "2",
    "4",
    "0.500",
  ]);
});

test("layer sparsity of a pruned model: kept of total per matrix, the threshold and the whole in the caption", () => {
  assert.equal(keptShare({ kept: 1234, total: 5000 }), "1,234 / 5,000 (24.7%)");
  const html = layerSparsityTable(pruneByMagnitude(tinyModel(), 50, "both"), { model: "tiny" });
  assert.deepEqual(bodyCells(html), [["recurrent.recurrent_layers.0", "0 / 4 (0.0%)", "4 / 4 (100.0%)"]]);
  assert.equal(
    tableCaption(html),
    "tiny pruned at 50% (i2h + h2h), threshold |w| ≥ 4.5000: 4 / 8 (50.0%) kept overall",
  );
});

const row = recordRow;

/** Two seeds of a GRU study (base 1.0 and 0.96) pruned at 70% and 80% with every kind; seed 1 loses 5 points at 80%. */
function records(): ReplicatedRecord[] {
  const rows = [row("gru", 0, 1, 1.0, 0), row("gru", 0, 1, 0.96, 1)];
  for (const name of ["gru_prune", "gru_prune_i2h", "gru_prune_h2h"]) {
    rows.push(row(name, 70, 0, 1.0, 0), row(name, 70, 1, 1.0, 0), row(name, 80, 0, 0.995, 0), row(name, 80, 1, 1.0, 0));
    rows.push(
      row(name, 70, 0, 0.945, 1),
      row(name, 70, 1, 0.96, 1),
      row(name, 80, 0, 0.91, 1),
      row(name, 80, 1, 0.93, 1),
    );
  }
  return rows;
}

test("base accuracy per variant over seeds, beside the thesis's records", () => {
  const rows = baseBandRows(records(), ["GRU"], { thesis: [row("gru", 0, 50, 1, 0)] });
  assert.equal(rows[0]!.thesis, 1);
  assert.deepEqual([rows[0]!.ours.min, rows[0]!.ours.max, rows[0]!.ours.n], [0.96, 1, 2]);
  assert.equal(baseBandRows(records(), ["GRU"])[0]!.thesis, undefined);
  assert.deepEqual(rowAfter(baseBandTable(rows, { baseEpochs: 1 }), "GRU"), ["0.980 (0.960–1.000)", "1.0000"]);
});

test(
  "safe p: ours over seeds, the thesis's stated value, " + "whether it lies in our range, and the rule on its records",
  () => {
    const cells = safePruningCells(records(), ["GRU"], { thesis: records().filter((r) => r.replicate === 0) });
    assert.deepEqual(
      cells.map((c) => [c.kind, c.ours.min, c.ours.max, c.stated, c.statedInRange, c.thesisRule]),
      [
        ["both", 70, 80, 80, true, 80],
        ["i2h", 70, 80, 80, true, 80],
        ["h2h", 70, 80, 90, false, 80],
      ],
    );
    assert.equal(safePruningCells(records(), ["GRU"])[0]!.thesisRule, undefined);
    const html = safePruningTable(cells, { percents: [70, 80] });
    assert.deepEqual(rowAfter(html, "h2h only"), ["GRU", "75% (70%–80%)", "90%", "no", "80%"]);
    assert.ok(tableCaption(html).endsWith("(our percentages: 70, 80)"));
    assert.equal(tableCells(html)[0]![5], "thesis records, 2-point rule");
    assert.equal(
      tableCells(safePruningTable(cells, { percents: [70], tolerance: 0.005 }))[0]![5],
      "thesis records, 0.5-point rule",
    );
  },
);

test("regain epochs: per seed (within 1 point of that seed's base), and the thesis's where given", () => {
  const rows = regainRows(records(), ["GRU"], {
    percents: [70, 80],
    thesis: records().filter((r) => r.replicate === 1),
  });
  assert.equal(rows.length, 3);
  // Seed 0 never dropped more than 1 point (epoch 0); seed 1 is back at 0.96 after one epoch at 70%, never at 80%.
  assert.deepEqual(rows[0]!.cells, [
    { percent: 70, ours: [0, 1], thesis: 1 },
    { percent: 80, ours: [0, null], thesis: null },
  ]);
  const html = regainTable(rows, { retrainEpochs: 1 });
  assert.equal(bodyRowCount(html), 3);
  assert.deepEqual(bodyCells(html)[1], ["GRU", "i2h only", "0–1 / 1", "0 (1 never) / never"]);
  assert.ok(
    tableCaption(html).startsWith(
      "Re-training epochs to come back within 1 point(s) of the base model (ours: 1 epochs",
    ),
  );
  // Within 4 points seed 1 lost nothing at 70% (0.945 ≥ 0.92); at 80% (0.91) it is back after one epoch (0.93).
  const loose = regainRows(records(), ["GRU"], { percents: [70, 80], tolerance: 0.04 });
  assert.deepEqual(
    loose[0]!.cells.map((c) => c.ours),
    [
      [0, 0],
      [0, 1],
    ],
  );
  assert.ok(tableCaption(regainTable(loose, { retrainEpochs: 1, tolerance: 0.04 })).includes("within 4 point(s)"));
  const withoutThesis = regainTable(regainRows(records(), ["GRU"], { percents: [80] }), { retrainEpochs: 1 });
  assert.deepEqual(bodyCells(withoutThesis)[0], ["GRU", "i2h + h2h", "0 (1 never) / –"]);
});

test("pruned-step timings and the research-question answers", () => {
  const html = prunedStepTable([{ percent: 90, denseMs: 3, sparseMs: 1.5, defaultMs: 1.2 }], { caption: "speed" });
  assert.deepEqual(bodyCells(html), [["90", "3.00", "1.50", "1.20", "2.50×"]]);
  const findings: PruningFindings = {
    modes: ["GRU"],
    maxPercent: 100,
    accuracyAtMax: { min: 0.5, max: 0.6 },
    safe: { min: 70, max: 80, minCells: ["GRU h2h"], maxCells: ["GRU both"] },
    halfSafeCells: 3,
    cellCount: 3,
    dropBelowMax: null,
    regain: { lost: 0, inOne: 0, inTwo: 0, later: 0, never: 0 },
    recoveredAtMax: [],
    retrainEpochs: 1,
  };
  const answers = findingsHtml("Ours & more", findings);
  assert.ok(answers.startsWith("<h4>Ours &amp; more</h4><p><b>RQ1.</b> In 3 of the 3 variant × kind cells"));
  assert.ok(answers.includes("ranges from 70% (GRU h2h) to 80% (GRU both)"));
});
