import { test } from "node:test";
import assert from "node:assert/strict";
import type { StructureRow } from "../../src/analysis/results-csv";
import { LEARNED_ACCURACY, longRangeLearning } from "../../src/analysis/long-range-learning";
import {
  formatProportion,
  proportion,
  proportionDifference,
  proportionOf,
  stratifiedDifference,
  wilsonInterval,
} from "../../src/analysis/proportion";
import {
  describeLongRangeLearning,
  longRangeLearningTable,
  withinDegreeTable,
} from "../../src/notebook/long-range-learning-tables";
import { spectrumSections } from "../../src/experiments/study-report";
import { writeCsvAtomic } from "../../src/experiments/runner/csv-table";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

function close(actual: number, expected: number, tolerance: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} vs ${expected}`);
}

test("Wilson's interval: the textbook values, exact ends at 0 and n successes, bad counts refused", () => {
  // Wilson (1927) score interval, z = 1.96: 5 of 10 → 0.2366–0.7634; 0 of 10 → 0–0.2775; 10 of 10 → 0.7225–1.
  const [lo5, hi5] = wilsonInterval(5, 10);
  close(lo5, 0.236593, 1e-6, "5/10 lower");
  close(hi5, 0.763407, 1e-6, "5/10 upper");
  assert.deepEqual(wilsonInterval(0, 10)[0], 0);
  close(wilsonInterval(0, 10)[1], 0.277533, 1e-6, "0/10 upper");
  close(wilsonInterval(10, 10)[0], 0.722467, 1e-6, "10/10 lower");
  assert.equal(wilsonInterval(10, 10)[1], 1);
  assert.deepEqual(wilsonInterval(0, 0), [NaN, NaN]);
  assert.throws(() => wilsonInterval(3, 2), /0 ≤ successes ≤ n, got 3 of 2/);
  assert.throws(() => wilsonInterval(1.5, 4), /integers/);
  assert.deepEqual(
    proportionOf([0.2, 0.9, 0.96, 1], (a) => a >= 0.95),
    proportion(2, 4),
  );
});

test("Newcombe's hybrid score interval reproduces his worked examples (1998, table II, method 10)", () => {
  // 56/70 − 48/80 = 0.2000, interval 0.0524 to 0.3339; 9/10 − 3/10 = 0.6, interval 0.1705 to 0.8090.
  const first = proportionDifference(proportion(56, 70), proportion(48, 80));
  close(first.difference, 0.2, 1e-12, "difference");
  close(first.ci95[0], 0.0524, 5e-5, "lower");
  close(first.ci95[1], 0.3339, 5e-5, "upper");
  const second = proportionDifference(proportion(9, 10), proportion(3, 10));
  close(second.ci95[0], 0.1705, 5e-5, "lower");
  close(second.ci95[1], 0.809, 5e-5, "upper");
  assert.deepEqual(proportionDifference(proportion(1, 2), proportion(0, 0)).ci95, [NaN, NaN]);
});

test("Mantel–Haenszel difference: one stratum is the plain difference with Wald's variance; strata pool", () => {
  const [a, b] = [proportion(5, 10), proportion(2, 10)];
  const one = stratifiedDifference([{ a, b }]);
  close(one.difference, 0.3, 1e-15, "one stratum");
  const wald = 1.959963984540054 * Math.sqrt((0.5 * 0.5) / 10 + (0.2 * 0.8) / 10);
  close(one.ci95[1] - one.difference, wald, 1e-12, "Wald half-width");
  assert.equal(one.strata, 1);
  // Two copies of the same stratum: the same difference, half the variance.
  const two = stratifiedDifference([
    { a, b },
    { a, b },
  ]);
  close(two.difference, 0.3, 1e-15, "two strata");
  close(two.ci95[1] - two.difference, wald / Math.SQRT2, 1e-12, "half the variance");
  // Simpson's paradox: no difference within either stratum, a large one when pooled naively.
  const strata = [
    { a: proportion(9, 10), b: proportion(90, 100) },
    { a: proportion(10, 100), b: proportion(1, 10) },
  ];
  const naive = proportionDifference(proportion(19, 110), proportion(91, 110));
  assert.ok(naive.difference < -0.6, "pooled naively, a looks far worse");
  const pooled = stratifiedDifference(strata);
  close(pooled.difference, 0, 1e-15, "no difference within strata");
  assert.ok(pooled.ci95[0] < 0 && pooled.ci95[1] > 0);
  // Strata with no trials on one side are left out; none left is NaN.
  assert.equal(stratifiedDifference([...strata, { a: proportion(0, 0), b: proportion(3, 4) }]).strata, 2);
  assert.ok(Number.isNaN(stratifiedDifference([]).difference));
});

function graphRows(mode: string, graph: string, graphNr: number, pathLength: number, accuracies: number[]) {
  return accuracies.map((test_acc, replicate): StructureRow => ({
    mode,
    graph,
    graph_nr: graphNr,
    replicate,
    average_clustering: 0.3,
    transitivity: 0.3,
    average_shortest_path_length: pathLength,
    test_acc,
  }));
}

test("long-range learning: shares per L bin, the accuracy of each kind of training, short against long L", () => {
  const rows = [
    ...graphRows("GRU", "complete", 0, 1, [1, 0.99, 0.74]),
    // L bin 0 [1.5, 2.5): 5 of 6 learned.
    ...graphRows("GRU", "ws_flex", 0, 1.6, [1, 0.99, 0.96]),
    ...graphRows("GRU", "ws_flex", 1, 2.0, [0.98, 0.73, 0.95]),
    // L bin 1 [2.5, 3.5]: 1 of 6 learned, one on the 86% plateau.
    ...graphRows("GRU", "ws_flex", 2, 2.9, [0.72, 0.74, 0.86]),
    ...graphRows("GRU", "ws_flex", 3, 3.5, [0.97, 0.75, 0.73]),
    // Outside the edges: counted in the totals and the median split only.
    ...graphRows("GRU", "ws_flex", 4, 8.3, [0.72, 0.72, 0.72]),
    ...graphRows("LSTM", "ws_flex", 0, 1.7, [0.99, 0.99]),
  ];
  const [gru, lstm] = longRangeLearning(rows, [1.5, 2.5, 3.5]);
  assert.equal(gru!.mode, "GRU");
  assert.equal(gru!.threshold, LEARNED_ACCURACY);
  assert.deepEqual(
    gru!.bins.map((bin) => [bin.pathLengthBin, bin.graphs, bin.learned.successes, bin.learned.n]),
    [
      [0, 2, 5, 6],
      [1, 2, 1, 6],
    ],
  );
  assert.deepEqual(gru!.bins[1]!.pathLengthRange, [2.5, 3.5]);
  close(gru!.bins[0]!.learnedAccuracy, (1 + 0.99 + 0.96 + 0.98 + 0.95) / 5, 1e-12, "learned trainings' accuracy");
  close(gru!.bins[0]!.notLearnedAccuracy, 0.73, 1e-12, "the one that did not learn");
  close(gru!.bins[1]!.notLearnedAccuracy, (0.72 + 0.74 + 0.86 + 0.75 + 0.73) / 5, 1e-12, "bin 1 not learned");
  assert.deepEqual(gru!.bins[0]!.learned.ci95, wilsonInterval(5, 6));
  assert.deepEqual([gru!.sparse.successes, gru!.sparse.n], [6, 15]);
  assert.deepEqual([gru!.complete!.successes, gru!.complete!.n], [2, 3]);
  // The median of L 1.6, 2.0, 2.9, 3.5, 8.3 is 2.9: graphs 0 and 1 are short, 2, 3 and 4 long.
  const split = gru!.shortAgainstLong;
  assert.equal(split.medianPathLength, 2.9);
  assert.deepEqual([split.short.successes, split.short.n, split.long.successes, split.long.n], [5, 6, 1, 9]);
  assert.deepEqual(split.difference, proportionDifference(proportion(5, 6), proportion(1, 9)));
  assert.ok(split.difference.ci95[0] > 0, "a clear difference has an interval above 0");
  assert.equal(lstm!.complete, undefined, "no complete-graph runs, no share");
  assert.deepEqual([lstm!.sparse.successes, lstm!.sparse.n], [2, 2]);
  // The threshold is a choice: at 0.85 the 86% training counts as learned.
  const [lenient] = longRangeLearning(rows, [1.5, 2.5, 3.5], { threshold: 0.85 });
  assert.equal(lenient!.bins[1]!.learned.successes, 2);
  assert.throws(() => longRangeLearning(rows, [1.5, 3.5], { threshold: 1.5 }), /threshold 1.5 is not in \(0, 1\]/);
});

test("the notebook's answer and summary.md's table say the same shares, from the rows", () => {
  const rows = [
    ...graphRows("GRU", "complete", 0, 1, [1, 0.99]),
    ...graphRows("GRU", "ws_flex", 0, 1.6, [1, 0.99, 0.96]),
    ...graphRows("GRU", "ws_flex", 1, 2.0, [0.98, 0.73, 0.95]),
    ...graphRows("GRU", "ws_flex", 2, 2.9, [0.72, 0.74, 0.86]),
    ...graphRows("GRU", "ws_flex", 3, 3.5, [0.97, 0.75, 0.73]),
  ].map((row) => ({ ...row, k: 4, p: 0.1 }));
  const answer = describeLongRangeLearning(longRangeLearning(rows, [1.5, 2.5, 3.5]));
  // Median L of 1.6, 2.0, 2.9, 3.5 is 2.45: 5 of 6 below it, 1 of 6 at or above.
  assert.match(answer, /^GRU: 50% \[25, 75\] \(6 of 12\) of the sparse graphs' trainings learned/);
  assert.match(
    answer,
    /Over the sweep, below the median L \(2\.45\) 83% \[44, 97\] \(5 of 6\), at or above it 17% \[3, 56\] \(1 of 6\)/,
  );
  assert.match(answer, /Mantel–Haenszel over 1 degree\) the difference is \+66\.7 points \[\+24\.5, \+100\.0\]/);
  assert.match(answer, /The complete graph: 100% \[34, 100\] \(2 of 2\)/);
  assert.match(answer, /Once learned, accuracy is 0\.970–0\.976 across the L bins\.$/);
  const table = longRangeLearningTable(longRangeLearning(rows, [1.5, 2.5, 3.5]));
  assert.match(table, /L 1\.50–2\.50 \(2\)/);
  assert.match(table, /complete graph, L 1/);

  const dir = mkdtempSync(join(tmpdir(), "long-range-"));
  writeCsvAtomic(join(dir, "spectrum.csv"), rows);
  const [section] = spectrumSections("Spectrum", join(dir, "spectrum.csv"));
  const learned = section!.lines.filter((line) => line.startsWith("| GRU")).at(-1)!;
  const difference = proportionDifference(proportion(5, 6), proportion(1, 6));
  const points = (x: number) => `${x >= 0 ? "+" : "-"}${Math.abs(100 * x).toFixed(1)}`;
  assert.deepEqual(
    learned
      .split("|")
      .map((cell) => cell.trim())
      .slice(1, -1),
    [
      "GRU",
      "50% [25, 75] (6 of 12)",
      "83% [44, 97] (5 of 6)",
      "17% [3, 56] (1 of 6)",
      `${points(difference.difference)} [${points(difference.ci95[0])}, ${points(difference.ci95[1])}]`,
      "+66.7 [+24.5, +100.0]",
      "100% [34, 100] (2 of 2)",
    ],
  );
});

test("within each degree: a path-length effect that is only the degree's vanishes at equal weights", () => {
  // k = 4: sparse graphs, long L, one of three trainings learns at either L; k = 12: dense, short L, all learn.
  const rows = [
    ...graphRows("GRU", "ws_flex", 0, 3.0, [0.97, 0.73, 0.74]),
    ...graphRows("GRU", "ws_flex", 1, 3.4, [0.72, 0.98, 0.75]),
    ...graphRows("GRU", "ws_flex", 2, 1.6, [0.99, 1, 0.98]),
    ...graphRows("GRU", "ws_flex", 3, 1.7, [1, 0.99, 0.97]),
  ].map((row) => ({ ...row, k: Number(row.average_shortest_path_length) > 2 ? 4 : 12, p: 0.1 }));
  const [gru] = longRangeLearning(rows, [1.5, 2.5, 3.5]);
  // Over the sweep the median L is 2.35: short (k = 12) 6 of 6 against long (k = 4) 2 of 6.
  assert.deepEqual([gru!.shortAgainstLong.short.successes, gru!.shortAgainstLong.long.successes], [6, 2]);
  assert.ok(gru!.shortAgainstLong.difference.ci95[0] > 0);
  // Within each k: 1 of 3 against 1 of 3, and 3 of 3 against 3 of 3.
  assert.deepEqual(
    gru!.withinDegree.degrees.map((d) => [d.k, d.medianPathLength, d.short.successes, d.short.n, d.long.successes]),
    [
      [4, 3.2, 1, 3, 1],
      [12, 1.65, 3, 3, 3],
    ],
  );
  assert.equal(gru!.withinDegree.strata, 2);
  close(gru!.withinDegree.difference, 0, 1e-15, "no difference at equal weights");
  const answer = describeLongRangeLearning([gru!]);
  assert.match(answer, /Mantel–Haenszel over 2 degrees\) the difference is \+0\.0 points/);
  assert.match(answer, /path length makes no clear difference: the degree does the work/);
  assert.match(withinDegreeTable([gru!]), /1\.65/);
});
