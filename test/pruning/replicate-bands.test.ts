import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { floatTensor, type TensorMap } from "../../src/models/named-tensors";
import { pruneByMagnitude } from "../../src/pruning/magnitude-pruning";
import { formatEpochRecords, type EpochRecord } from "../../src/training/epoch-records";
import {
  accuracyAfterPruningBands,
  bandOf,
  baseAccuracyBand,
  epochsToRegainByReplicate,
  formatBand,
  formatRegainEpochs,
  retrainingCurveBands,
  safePercentBands,
} from "../../src/pruning/replicate-bands";
import { describeFindings, pruningFindings } from "../../src/pruning/pruning-findings";
import { layerSparsity } from "../../src/pruning/mask-sparsity";
import {
  parseReplicatedRecords,
  readReplicatedRecords,
  replicatesOf,
  type ReplicatedRecord,
} from "../../src/pruning/replicated-records";
import { SeededRandom } from "../../src/random/seeded-random";
import { referenceDir, skipWithoutReference } from "../support/reference";
import { recordRow } from "../support/pruning-records";

const row = recordRow;

/** Two replicates of a GRU study with p = 50 and 100, kind "both" only, two re-training epochs. */
function twoReplicates(): ReplicatedRecord[] {
  return [
    row("gru", 0, 1, 0.9, 0),
    row("gru", 0, 2, 1.0, 0),
    row("gru", 0, 1, 0.8, 1),
    row("gru", 0, 2, 0.96, 1),
    // Replicate 0: 50% loses nothing; 100% collapses and stays down.
    row("gru_prune", 50, 0, 0.99, 0),
    row("gru_prune", 50, 1, 1.0, 0),
    row("gru_prune", 50, 2, 1.0, 0),
    row("gru_prune", 100, 0, 0.5, 0),
    row("gru_prune", 100, 1, 0.5, 0),
    row("gru_prune", 100, 2, 0.52, 0),
    // Replicate 1: 50% loses 6 points and regains in epoch 2; 100% recovers in epoch 1.
    row("gru_prune", 50, 0, 0.9, 1),
    row("gru_prune", 50, 1, 0.92, 1),
    row("gru_prune", 50, 2, 0.96, 1),
    row("gru_prune", 100, 0, 0.48, 1),
    row("gru_prune", 100, 1, 0.955, 1),
    row("gru_prune", 100, 2, 0.96, 1),
  ];
}

test("bands summarise each measure over replicates: mean and min–max", () => {
  const records = twoReplicates();
  assert.deepEqual(replicatesOf(records), [0, 1]);
  const base = baseAccuracyBand(records, "GRU");
  assert.equal(base.n, 2);
  assert.ok(Math.abs(base.mean - 0.98) < 1e-12);
  assert.deepEqual([base.min, base.max], [0.96, 1.0]);
  const after = accuracyAfterPruningBands(records, "GRU", "both");
  assert.deepEqual(
    after.map((p) => p.percent),
    [50, 100],
  );
  assert.deepEqual([after[0]!.min, after[0]!.max], [0.9, 0.99]);
  assert.ok(Math.abs(after[1]!.mean - 0.49) < 1e-12);
  const curve = retrainingCurveBands(records, "GRU", "both", 100);
  assert.equal(curve.length, 3);
  assert.deepEqual([curve[1]!.min, curve[1]!.max], [0.5, 0.955]);
  assert.deepEqual(retrainingCurveBands(records, "GRU", "both", 70), []);
  assert.deepEqual(accuracyAfterPruningBands(records, "GRU", "i2h"), []);
  assert.throws(() => bandOf([]), /no replicate/);
});

test("safe p and regain epochs are computed per replicate, then summarised", () => {
  const records = twoReplicates();
  const safe = safePercentBands(records, ["GRU"]);
  assert.deepEqual(
    safe.map((r) => r.kind),
    ["both", "i2h", "h2h"],
  );
  // Replicate 0: 50% safe (0.99 ≥ 0.98), 100% not; replicate 1: 0.90 < 0.94, nothing safe.
  assert.deepEqual([safe[0]!.bands.GRU!.min, safe[0]!.bands.GRU!.max, safe[0]!.bands.GRU!.mean], [0, 50, 25]);
  assert.deepEqual(epochsToRegainByReplicate(records, "GRU", "both", 50), [0, 2]);
  assert.deepEqual(epochsToRegainByReplicate(records, "GRU", "both", 100), [null, 1]);
  assert.equal(formatRegainEpochs([0, 2]), "0–2");
  assert.equal(formatRegainEpochs([null, 1]), "1 (1 never)");
  assert.equal(formatRegainEpochs([null]), "never");
  assert.equal(formatRegainEpochs([3, 3]), "3");
  assert.equal(formatRegainEpochs([]), "–");
  assert.equal(formatBand(bandOf([0.5])), "0.500");
  assert.equal(formatBand(bandOf([0.5, 0.7]), 2), "0.60 (0.50–0.70)");
});

test("findings count the runs behind research questions 1–3 and the sentences carry those numbers", () => {
  const findings = pruningFindings(twoReplicates(), ["GRU"]);
  assert.equal(findings.maxPercent, 100);
  assert.equal(findings.retrainEpochs, 2);
  assert.ok(Math.abs(findings.accuracyAtMax.min - 0.49) < 1e-12);
  assert.deepEqual([findings.safe.min, findings.safe.max], [0, 25]);
  assert.deepEqual(findings.safe.maxCells, ["GRU both"]);
  assert.equal(findings.halfSafeCells, 0);
  assert.equal(findings.cellCount, 3);
  // Only replicate 1's 50% run lost more than a point below 100%; it regained in epoch 2.
  assert.deepEqual(findings.regain, { lost: 1, inOne: 0, inTwo: 1, later: 0, never: 0 });
  assert.deepEqual(findings.recoveredAtMax, ["GRU both"]);
  assert.equal(findings.dropBelowMax!.percent, 50);
  assert.ok(Math.abs(findings.dropBelowMax!.largest - (0.98 - 0.945)) < 1e-12);
  const text = describeFindings(findings);
  assert.match(text.rq1, /In 0 of the 3 variant × kind cells/);
  assert.match(text.rq1, /between 0\.490 and 0\.490/);
  assert.match(text.rq2, /from 0% \(GRU i2h, GRU h2h\) to 25% \(GRU both\)/);
  assert.match(
    text.rq3,
    /Of the 1 run below 100% that lost more than 1 point, 0 regained it after one re-training epoch, 1 after two/,
  );
  assert.throws(
    () =>
      pruningFindings(
        twoReplicates().filter((r) => r.prune === 0),
        ["GRU"],
      ),
    /no pruning runs/,
  );
});

test("records parse with or without the replicate column, and a bad replicate names file and line", () => {
  const records = twoReplicates();
  const plain: EpochRecord[] = records.map(({ replicate: _r, ...rest }) => rest);
  assert.ok(parseReplicatedRecords(formatEpochRecords(plain)).every((r) => r.replicate === 0));
  const withColumn = formatEpochRecords(plain)
    .split("\n")
    .map((line, i) => (line === "" ? line : `${line},${i === 0 ? "replicate" : records[i - 1]!.replicate}`))
    .join("\n");
  assert.deepEqual(parseReplicatedRecords(withColumn), records);
  const header = "mode,prune,epoch,train_loss,train_acc,test_loss,test_acc,time,replicate\n";
  assert.throws(
    () => parseReplicatedRecords(header + "gru,0,1,1,1,1,1,1,x\n", "s.csv"),
    /s\.csv:2: column "replicate" holds "x"/,
  );
  assert.throws(() => parseReplicatedRecords(header + "gru,0,1,1,1,1,1,1,-1\n", "s.csv"), /s\.csv:2/);
});

test("layer sparsity counts kept weights per layer and matrix from the masks", () => {
  const rng = new SeededRandom(4);
  const params: TensorMap = new Map();
  const fill = (n: number) => Float32Array.from({ length: n }, () => rng.uniform(-1, 1));
  for (const layer of [0, 1]) {
    params.set(`recurrent.recurrent_layers.${layer}.weight_ih`, floatTensor([12, 4], fill(48)));
    params.set(`recurrent.recurrent_layers.${layer}.weight_hh`, floatTensor([12, 4], fill(48)));
    params.set(`recurrent.recurrent_layers.${layer}.bias_ih`, floatTensor([12], fill(12)));
  }
  const dense = layerSparsity(params);
  assert.deepEqual(
    dense.map((l) => [l.layer, l.i2h.kept, l.h2h.kept]),
    [
      ["recurrent.recurrent_layers.0", 48, 48],
      ["recurrent.recurrent_layers.1", 48, 48],
    ],
  );
  const pruned = pruneByMagnitude(params, 50, "h2h");
  const layers = layerSparsity(pruned.params);
  assert.equal(
    layers.reduce((sum, l) => sum + l.h2h.kept, 0),
    pruned.kept,
  );
  assert.ok(layers.every((l) => l.i2h.kept === 48 && l.h2h.total === 48));
  assert.equal(pruned.kept, 48);
});

test(
  "on the thesis's records the findings restate its answers",
  { skip: skipWithoutReference("thesis-results/prune-*.csv") },
  () => {
    const modes = ["RNN_TANH", "RNN_RELU", "LSTM", "GRU"];
    const records = modes.flatMap((mode) =>
      readReplicatedRecords(join(referenceDir!, "thesis-results", `prune-${mode.toLowerCase()}.csv`)),
    );
    const findings = pruningFindings(records, modes);
    assert.equal(findings.retrainEpochs, 10);
    // Safe p from 60% (LSTM both) to 80%; at 100% only LSTM and GRU with h2h pruning recover.
    assert.deepEqual([findings.safe.min, findings.safe.max, findings.safe.minCells], [60, 80, ["LSTM both"]]);
    assert.deepEqual(findings.recoveredAtMax.sort(), ["GRU h2h", "LSTM h2h"]);
    // One epoch regains the accuracy in almost every case.
    assert.ok(findings.regain.inOne / findings.regain.lost > 0.85);
    assert.equal(findings.halfSafeCells, 12);
  },
);
