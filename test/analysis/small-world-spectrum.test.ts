import { test } from "node:test";
import assert from "node:assert/strict";
import type { StructureRow } from "../../src/analysis/results-csv";
import {
  binIndex,
  defaultBinCount,
  equalWidthEdges,
  logWidthEdges,
  graphAccuracies,
  oneTailedWelch,
  smallWorldSpectrum,
  spectrumGrid,
} from "../../src/analysis/small-world-spectrum";
import { pearson, summarize } from "../../src/analysis/statistics";
import { correlationPValue, fisherInterval, withinGroupCorrelation } from "../../src/analysis/structure-correlation";

function close(actual: number, expected: number, tolerance: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} vs ${expected}`);
}

test(
  "equal-width edges end exactly at the top; " +
    "a value on an inner edge opens the upper bin, the top edge closes the last",
  () => {
    const edges = equalWidthEdges(0.1, 0.7, 3);
    assert.equal(edges.length, 4);
    assert.equal(edges[3], 0.7);
    close(edges[1]!, 0.3, 1e-15, "first inner edge");
    assert.equal(binIndex(0.1, edges), 0);
    assert.equal(binIndex(edges[1]!, edges), 1);
    assert.equal(binIndex(edges[2]!, edges), 2);
    assert.equal(binIndex(0.7, edges), 2);
    assert.equal(binIndex(edges[1]! - 1e-12, edges), 0);
    assert.equal(binIndex(0.09, edges), -1);
    assert.equal(binIndex(0.71, edges), -1);
    assert.equal(binIndex(NaN, edges), -1);
    assert.deepEqual(equalWidthEdges(2, 2, 5), [2, 2], "a constant axis is one closed bin");
    assert.equal(binIndex(2, [2, 2]), 0);
    assert.throws(() => equalWidthEdges(0, 1, 0), /positive integer count/);
  },
);

test("log-width edges: equal ratios, both ends exact; a non-positive lower end is refused", () => {
  const edges = logWidthEdges(1.3, 10.4, 3);
  assert.deepEqual([edges[0], edges[3]], [1.3, 10.4]);
  close(edges[1]! / edges[0]!, 2, 1e-12, "first ratio");
  close(edges[2]! / edges[1]!, 2, 1e-12, "second ratio");
  assert.throws(() => logWidthEdges(0, 1, 2), /log spacing needs a positive lower end, got 0/);
});

test("default bins per axis: round(√(graphs / 5)) within [2, 12]", () => {
  assert.equal(defaultBinCount(4), 2);
  assert.equal(defaultBinCount(450), 9);
  assert.equal(defaultBinCount(500), 10);
  assert.equal(defaultBinCount(3942), 12);
});

test("one-tailed Welch test and the 95% interval of the difference equal scipy's", () => {
  // scipy 1.10: stats.ttest_ind(a, b, equal_var=False, alternative="greater"); interval d ± t.ppf(0.975, df)·se.
  const cases = [
    {
      a: [0.91, 0.93, 0.9, 0.95, 0.92],
      b: [0.88, 0.9, 0.86, 0.91],
      scipy: [2.4585432760484656, 0.024430189178917917, 6.053887684028336, 0.00023717311963672438, 0.06876282688036323],
    },
    {
      a: [0.71, 0.69, 0.75],
      b: [0.7, 0.72, 0.74, 0.69, 0.71, 0.73],
      scipy: [0.08671099695241392, 0.46838088225738583, 2.7812018489984585, -0.06231751867478012, 0.06565085200811353],
    },
    {
      a: [0.5, 0.6],
      b: [0.8, 0.9, 0.85],
      scipy: [-5.196152422706634, 0.9751542697238289, 1.6842105263157898, -0.5988498724805278, -0.0011501275194723548],
    },
  ];
  for (const { a, b, scipy } of cases) {
    const ours = oneTailedWelch(a, b);
    const [t, p, df, lo, hi] = scipy;
    close(ours.t, t!, 1e-12, "t");
    close(ours.pValue, p!, 1e-12, "p");
    close(ours.df, df!, 1e-12, "df");
    close(ours.ci95[0], lo!, 1e-10, "interval low");
    close(ours.ci95[1], hi!, 1e-10, "interval high");
  }
  assert.deepEqual(oneTailedWelch([1, 1], [0.9, 0.9]).pValue, 0, "no spread, ahead: certain");
  assert.deepEqual(oneTailedWelch([1, 1], [1, 1]).pValue, 1, "no spread, equal: not ahead");
  assert.ok(Number.isNaN(oneTailedWelch([1], [0.9, 0.8]).pValue), "one value has no variance");
});

/** A graph's rows: one per replicate, with its measures. */
function graphRows(
  mode: string,
  graph: string,
  graphNr: number,
  clustering: number,
  pathLength: number,
  accuracies: number[],
): StructureRow[] {
  return accuracies.map((test_acc, replicate) => ({
    mode,
    graph,
    graph_nr: graphNr,
    replicate,
    average_clustering: clustering,
    transitivity: clustering * 0.9,
    average_shortest_path_length: pathLength,
    test_acc,
  }));
}

// Bins on a 2 × 2 grid over C [0, 0.6] and L [1.5, 3.5]: edges C 0, 0.3, 0.6 and L 1.5, 2.5, 3.5.
// (C low, L high): three graphs near 0.91 (the best); (C high, L low): three near 0.90 (not worse);
// (C high, L high): three near 0.51 (worse); (C low, L low): one graph (too few to test).
const best = [
  [0.05, 3.5, [0.9, 0.92]],
  [0.1, 3.0, [0.92, 0.94]],
  [0.2, 2.6, [0.89, 0.9]],
] as const;
const near = [
  [0.6, 1.5, [0.9, 0.9]],
  [0.5, 2.0, [0.91, 0.9]],
  [0.35, 2.4, [0.88, 0.9]],
] as const;
const worse = [
  [0.4, 3.1, [0.5, 0.5]],
  [0.45, 2.9, [0.52, 0.52]],
  [0.55, 3.3, [0.51, 0.51]],
] as const;
const rows: StructureRow[] = [
  ...graphRows("GRU", "complete", 0, 1, 1, [0.85, 0.86, 0.87]),
  ...[...best, ...near, ...worse, [0, 1.6, [0.7, 0.7]] as const].flatMap(([c, l, acc], i) =>
    graphRows("GRU", "ws_flex", i, c, l, [...acc]),
  ),
];

test("per-graph accuracy is the mean over the graph's trainings, graphs kept apart by variant", () => {
  const graphs = graphAccuracies([...rows, ...graphRows("LSTM", "ws_flex", 0, 0.05, 3.5, [0.5, 0.7])]);
  const gru0 = graphs.find((g) => g.mode === "GRU" && g.graph === "ws_flex" && g.graphNr === 0)!;
  assert.deepEqual(gru0.accuracies, [0.9, 0.92]);
  close(gru0.accuracy, 0.91, 1e-15, "mean of two runs");
  const lstm0 = graphs.find((g) => g.mode === "LSTM")!;
  assert.equal(lstm0.accuracy, 0.6);
  assert.equal(graphs.length, 1 + 10 + 1);
  assert.throws(
    () => graphAccuracies([{ mode: "GRU", graph: "ws_flex", graph_nr: 0, test_acc: 0.5 }]),
    /average_clustering/,
  );
});

test("the grid spans the sparse graphs' ranges, leaving the complete graph out", () => {
  const linear = { clusteringBins: 2, pathLengthBins: 2, pathLengthSpacing: "linear" } as const;
  const grid = spectrumGrid(graphAccuracies(rows), linear);
  assert.deepEqual(grid, { clustering: [0, 0.3, 0.6], pathLength: [1.5, 2.5, 3.5], pathLengthSpacing: "linear" });
  // By default L's bins are equal in log L: the inner edge is the geometric mean of the ends.
  const logGrid = spectrumGrid(graphAccuracies(rows), { clusteringBins: 2, pathLengthBins: 2 });
  assert.deepEqual(logGrid.pathLength, [1.5, Math.exp((Math.log(1.5) + Math.log(3.5)) / 2), 3.5]);
  assert.equal(logGrid.pathLengthSpacing, "log");
  const byDefault = spectrumGrid(graphAccuracies(rows));
  assert.equal(byDefault.clustering.length - 1, defaultBinCount(10));
  assert.throws(
    () => spectrumGrid([], { grid: { clustering: [0, 0.5, 0.4], pathLength: [1, 2] } }),
    /clustering edges must be at least two increasing numbers/,
  );
});

test(
  "bins, their means with graphs and runs, " +
    "the sweet spot by the one-tailed test, and the complete-graph comparison",
  () => {
    const { grid, variants } = smallWorldSpectrum(rows, {
      clusteringBins: 2,
      pathLengthBins: 2,
      pathLengthSpacing: "linear",
      minGraphs: 2,
    });
    assert.deepEqual(grid.clustering, [0, 0.3, 0.6]);
    const [gru] = variants;
    assert.equal(variants.length, 1);
    assert.equal(gru!.graphs, 10);
    assert.equal(gru!.outsideGrid, 0);
    const bin = (c: number, l: number) => gru!.bins.find((b) => b.clusteringBin === c && b.pathLengthBin === l)!;
    const perGraph = (list: readonly (readonly [number, number, readonly number[]])[]) =>
      list.map(([, , acc]) => (acc[0]! + acc[1]!) / 2);
    assert.equal(gru!.bins.length, 4);
    const top = bin(0, 1);
    assert.deepEqual([top.graphs, top.runs, top.best, top.sweetSpot], [3, 6, true, true]);
    assert.deepEqual(top.clusteringRange, [0, 0.3]);
    assert.deepEqual(top.pathLengthRange, [2.5, 3.5]);
    close(top.accuracy.mean, summarize(perGraph(best)).mean, 1e-15, "best bin mean");
    const same = bin(1, 0);
    assert.equal(same.sweetSpot, true);
    close(same.pValue, oneTailedWelch(perGraph(best), perGraph(near)).pValue, 1e-15, "p of the near bin");
    assert.ok(same.pValue >= 0.05);
    const low = bin(1, 1);
    assert.equal(low.sweetSpot, false);
    assert.ok(low.pValue < 0.05);
    const lone = bin(0, 0);
    assert.deepEqual([lone.graphs, lone.sweetSpot], [1, undefined], "one graph: not tested");
    assert.ok(Number.isNaN(lone.pValue));

    const complete = gru!.complete!;
    close(complete.complete.mean, 0.86, 1e-15, "complete graph mean");
    assert.deepEqual([complete.bestGraph.graph, complete.bestGraph.graphNr], ["ws_flex", 1]);
    assert.deepEqual(complete.bestGraphTest, oneTailedWelch([0.92, 0.94], [0.85, 0.86, 0.87]));
    assert.deepEqual(complete.bestBinTest, oneTailedWelch(perGraph(best), [0.85, 0.86, 0.87]));
    assert.ok(complete.bestBinTest.ci95[0] > 0, "the best bin is ahead of the complete graph");

    const [c, transitivity, l] = gru!.correlations;
    assert.deepEqual(
      gru!.correlations.map((r) => r.property),
      ["average_clustering", "transitivity", "average_shortest_path_length"],
    );
    const sparse = graphAccuracies(rows).filter((g) => g.graph === "ws_flex");
    close(
      c!.r,
      pearson(
        sparse.map((g) => g.clustering),
        sparse.map((g) => g.accuracy),
      ),
      1e-15,
      "r with C",
    );
    close(transitivity!.r, c!.r, 1e-12, "transitivity is C scaled here");
    close(
      l!.r,
      pearson(
        sparse.map((g) => g.pathLength),
        sparse.map((g) => g.accuracy),
      ),
      1e-15,
      "r with L",
    );
    assert.equal(c!.n, 10, "one point per graph");
  },
);

test(
  "a stricter alpha widens the sweet spot; small bins are not tested; " + "graphs outside explicit edges are counted",
  () => {
    const loose = smallWorldSpectrum(rows, { clusteringBins: 2, pathLengthBins: 2, alpha: 1e-9, minGraphs: 2 });
    assert.equal(loose.variants[0]!.bins.find((b) => b.clusteringBin === 1 && b.pathLengthBin === 1)!.sweetSpot, true);
    // By default a bin needs five graphs to be tested: these bins of two or three are drawn but not tested.
    const strict = smallWorldSpectrum(rows, { clusteringBins: 2, pathLengthBins: 2 }).variants[0]!;
    assert.ok(strict.bins.length > 0 && strict.bins.every((b) => b.graphs < 5 && b.sweetSpot === undefined && !b.best));
    const clipped = smallWorldSpectrum(rows, { grid: { clustering: [0, 0.3], pathLength: [1.5, 3.5] } });
    assert.equal(clipped.variants[0]!.outsideGrid, 6);
    assert.equal(clipped.variants[0]!.bins.length, 1);
  },
);

test("correlation within groups: a confound between groups vanishes; constant groups are left out", () => {
  // Within each group y rises with x; between groups, the group with larger x has far smaller y.
  const x = [1, 2, 3, 11, 12, 13, 5, 5];
  const y = [10, 10.2, 10.1, 0, 0.2, 0.1, 3, 4];
  const groups = ["a", "a", "a", "b", "b", "b", "c", "c"];
  assert.ok(pearson(x.slice(0, 6), y.slice(0, 6)) < -0.9, "over both groups r is strongly negative");
  const within = withinGroupCorrelation("x", x, y, groups);
  // Centred: x −1, 0, 1 twice; y −0.1, 0.1, 0 twice: r = 0.1·2 / √(4 · 0.04) = 0.5.
  close(within.r, 0.5, 1e-12, "within-group r");
  assert.equal(within.n, 6, "group c (x constant) is left out");
  // Two groups used: n − (g − 1) = 5 pairs for the interval and the test.
  assert.deepEqual(within.ci95, fisherInterval(0.5, 5));
  assert.equal(within.pValue, correlationPValue(0.5, 5));
});

test("the spectrum's within-degree correlations need the k column and two degrees", () => {
  assert.deepEqual(smallWorldSpectrum(rows).variants[0]!.withinDegreeCorrelations, [], "no k column");
  const withK = rows.map((row) => ({
    ...row,
    k: row.graph === "complete" ? 31 : Number(row.graph_nr) % 2 === 0 ? 4 : 8,
  }));
  const [variant] = smallWorldSpectrum(withK).variants;
  assert.deepEqual(
    variant!.withinDegreeCorrelations.map((c) => c.property),
    ["average_clustering", "transitivity", "average_shortest_path_length"],
  );
  assert.ok(variant!.withinDegreeCorrelations.every((c) => c.n > 0 && c.n <= variant!.graphs));
});
