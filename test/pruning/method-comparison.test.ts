import { test } from "node:test";
import assert from "node:assert/strict";
import {
  completeReplicates,
  parseMethodRecords,
  recordsOfMethod,
  type MethodRecord,
} from "../../src/pruning/method-records";
import { methodCurves, methodReach, pairedComparison } from "../../src/pruning/method-comparison";
import { studentTQuantile } from "../../src/analysis/statistics";

/** Records of one variant (gru) over two seeds: each run is epoch 0 and one re-training epoch. */
function records(): MethodRecord[] {
  const rows: string[] = [
    "mode,prune,epoch,train_loss,train_acc,test_loss,test_acc,time,replicate,method,round,sparsity",
  ];
  const base = [0.99, 0.97];
  base.forEach((acc, r) => rows.push(`gru,0,1,1,1,1,${acc},5,${r},dense,0,0`));
  const run = (
    method: string,
    level: number,
    r: number,
    pruned: number,
    final: number,
    sparsity: [number, number],
    round = 0,
  ) => {
    rows.push(`gru_prune,${level},0,1,1,1,${pruned},0.5,${r},${method},${round},${sparsity[0]}`);
    rows.push(`gru_prune,${level},1,1,1,1,${final},10,${r},${method},${round},${sparsity[1]}`);
  };
  for (const r of [0, 1]) {
    run("magnitude", 50, r, 0.9, base[r]!, [0.5, 0.5]);
    run("magnitude", 90, r, 0.6, base[r]! - 0.02, [0.9, 0.9]);
    run("random", 50, r, 0.7, base[r]! - 0.03 - 0.01 * r, [0.5, 0.5]);
    run("random", 90, r, 0.5, base[r]! - 0.1, [0.9, 0.9]);
    // gradual starts unpruned (sparsity 0 at epoch 0) and ends at the level.
    run("gradual", 50, r, base[r]!, base[r]!, [0, 0.5]);
    run("gradual", 90, r, base[r]!, base[r]! - 0.005, [0, 0.9]);
    run("imp", 50, r, 0.8, base[r]!, [0.5, 0.5], 1);
    run("imp", 90, r, 0.8, base[r]!, [0.9, 0.9], 2);
  }
  return parseMethodRecords(rows.join("\n") + "\n", "synthetic.csv");
}

test("a method's reach is its largest level within the tolerance, at the sparsity its run ended with", () => {
  const reach = new Map(methodReach(records(), "GRU").map((r) => [r.method, r]));
  assert.equal(reach.get("magnitude")!.percent.mean, 50); // 90% loses 2 points
  assert.equal(reach.get("random")!.percent.mean, 0);
  assert.equal(reach.get("gradual")!.percent.mean, 90);
  assert.equal(reach.get("gradual")!.sparsity.mean, 0.9, "gradual's sparsity is where it ended, not its epoch 0");
  assert.equal(reach.get("imp")!.sparsity.mean, 0.9);
});

test("magnitude − random is paired by seed; the overall interval is Student's t over the seeds' means", () => {
  const comparison = pairedComparison(records(), "GRU", "magnitude", "random");
  assert.deepEqual(comparison.percents, [50, 90]);
  // Per seed: level 50 differs by 0.03 (+0.01 for seed 1), level 90 by 0.08.
  const perSeed = [(0.03 + 0.08) / 2, (0.04 + 0.08) / 2];
  const mean = (perSeed[0]! + perSeed[1]!) / 2;
  const sd = Math.abs(perSeed[0]! - perSeed[1]!) / Math.SQRT2;
  const half = (studentTQuantile(0.975, 1) * sd) / Math.SQRT2;
  assert.ok(Math.abs(comparison.overall.mean - mean) < 1e-12);
  assert.ok(Math.abs(comparison.overall.ci95[0] - (mean - half)) < 1e-9);
  assert.deepEqual(
    comparison.levels.map((l) => l.differences.map((d) => Math.round(d * 1000) / 1000)),
    [
      [0.03, 0.04],
      [0.08, 0.08],
    ],
  );
  const before = pairedComparison(records(), "GRU", "magnitude", "random", { stage: "pruned" });
  assert.ok(Math.abs(before.overall.mean - (0.2 + 0.1) / 2) < 1e-12);
});

test("imp's cost at a level holds every round before it; the curves' x is the sparsity reached", () => {
  const curves = methodCurves(records(), "GRU");
  const imp = curves.filter((p) => p.method === "imp");
  assert.deepEqual(
    imp.map((p) => p.cost.mean),
    [10, 20],
  );
  assert.deepEqual(
    imp.map((p) => p.epochs),
    [1, 2],
  );
  assert.deepEqual(
    curves.filter((p) => p.method === "gradual").map((p) => p.sparsity.mean),
    [0.5, 0.9],
  );
  assert.equal(curves.find((p) => p.method === "random" && p.percent === 90)!.final.mean, (0.99 + 0.97) / 2 - 0.1);
});

test("records without method columns read as the thesis's magnitude pruning, and a missing method is named", () => {
  const thesis = parseMethodRecords(
    "mode,prune,epoch,train_loss,train_acc,test_loss,test_acc,time\ngru,0,1,1,1,1,1,1\ngru_prune,50,0,1,1,1,0.9,1\n",
  );
  assert.deepEqual(
    thesis.map((r) => [r.method, r.round, Number.isNaN(r.sparsity)]),
    [
      ["dense", 0, true],
      ["magnitude", 0, true],
    ],
  );
  assert.throws(() => recordsOfMethod(thesis, "imp"), /no records of method "imp" \(present: magnitude\)/);
  assert.throws(
    () =>
      parseMethodRecords(
        "mode,prune,epoch,train_loss,train_acc,test_loss,test_acc,time,round\ngru,0,1,1,1,1,1,1,x\n",
        "f.csv",
      ),
    /f\.csv:2: column "round" holds "x", expected an integer/,
  );
});

test("a seed only partly shipped is left out of the comparison, not read as failed runs", () => {
  const all = records();
  const partial = all.filter((r) => !(r.replicate === 1 && r.method === "imp" && r.prune === 90));
  const kept = completeReplicates(partial);
  assert.deepEqual([kept.complete, kept.incomplete], [[0], [1]]);
  assert.ok(kept.records.every((r) => r.replicate === 0));
  assert.deepEqual(completeReplicates(all).complete, [0, 1]);
});
