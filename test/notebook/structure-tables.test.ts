/**
 * The random-structure chapter's tables: example graphs as networks, WS against BA, correlations, the thesis's graphs.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  compareGenerators,
  generatorSummaries,
  type PropertyCorrelation,
} from "../../src/analysis/structure-correlation";
import { LayeredGraph } from "../../src/graphs/layered-graph";
import { graphFromEdges } from "../../src/graphs/simple-graph";
import {
  correlationTable,
  describeLayeredNetwork,
  generatorComparisonTable,
  generatorSizeTable,
  graphSummary,
  layeredGraphTable,
  propertyComparisonTable,
  thesisGraphCheckTable,
} from "../../src/notebook/structure-tables";
import { bodyCells, rowAfter, tableCaption, tableCells } from "../support/html-cells";

/** 0 → 1 → 2 → 3 plus 0 → 3 and 1 → 3: layers {0}, {1}, {2}, {3}, skips 0→3 and 1→3. */
const chain = LayeredGraph.fromEdges(4, [
  [0, 1],
  [1, 2],
  [2, 3],
  [0, 3],
  [1, 3],
]);
/** Two sources 0, 1 feeding 2 and 3: layers {0, 1}, {2, 3}, no skips. */
const bipartite = LayeredGraph.fromEdges(4, [
  [0, 2],
  [1, 2],
  [1, 3],
]);

test("a layered graph read as a network, and the examples' table", () => {
  assert.equal(
    describeLayeredNetwork(chain),
    "embedding -> 1 units -> 1 units -> 1 units -> 1 units -> Linear(1, 2), plus 2 skip layer(s)",
  );
  assert.equal(
    describeLayeredNetwork(bipartite),
    "embedding -> 2 units -> 2 units -> Linear(2, 2), plus 0 skip layer(s)",
  );
  assert.deepEqual(bodyCells(layeredGraphTable({ chain, bipartite }, { caption: "examples" })), [
    ["chain", "4", "5", "1 · 1 · 1 · 1", "0→3, 1→3"],
    ["bipartite", "4", "3", "2 · 2", "none"],
  ]);
});

test("a graph's summary: the 23 properties, its clustering and its skip layers", () => {
  // A triangle 0-1-2 with 3 hanging on 0: oriented 0→1→2, 0→2 (a skip over layer 1) and 0→3.
  const summary = graphSummary(
    graphFromEdges(4, [
      [0, 1],
      [1, 2],
      [0, 2],
      [0, 3],
    ]),
  );
  assert.equal(Object.keys(summary).length, 25);
  assert.deepEqual(
    [summary.nodes, summary.edges, summary.layers, summary.source_nodes, summary.skip_layers],
    [4, 4, 3, 1, 1],
  );
  assert.ok(Math.abs(summary.average_clustering! - (1 / 3 + 1 + 1 + 0) / 4) < 1e-12);
});

test("properties side by side: a row per property, a column per graph", () => {
  const byGraph = { "p = 1": { nodes: 30, density: 0.20689 }, "p = 0.1": { nodes: 30, density: 0.2 } };
  assert.deepEqual(tableCells(propertyComparisonTable(["nodes", "density"], byGraph, { caption: "WS" })), [
    ["property", "p = 1", "p = 0.1"],
    ["nodes", "30", "30"],
    ["density", "0.2069", "0.2000"],
  ]);
});

const rows = [
  ...[0.9, 0.85, 0.95, 0.8, 0.88].map((test_acc, i) => ({
    mode: "GRU",
    graph: "watts_strogatz",
    test_acc,
    nodes: 10 + i,
  })),
  ...[0.7, 0.75, 0.9, 0.6].map((test_acc, i) => ({ mode: "GRU", graph: "barabasi_albert", test_acc, nodes: 20 + i })),
];

test("WS against BA: our mean beside the thesis's, each generator's interval, the difference and Welch's p", () => {
  const [header, gru] = tableCells(
    generatorComparisonTable(compareGenerators(rows), { thesisMean: { GRU: 0.956 }, scaleName: "full" }),
  );
  assert.deepEqual(header!.slice(3), ["WS mean [95% CI]", "BA mean [95% CI]", "WS − BA", "Welch p"]);
  // Means 0.876 (WS) and 0.7375 (BA), 0.814 over all nine; scipy's Welch p is 0.10945.
  assert.deepEqual(gru!.slice(0, 3), ["GRU", "0.814", "0.956"]);
  assert.match(gru![3]!, /^0\.876 \[0\.\d{3}, 0\.\d{3}\]$/);
  assert.match(gru![4]!, /^0\.73[78] \[/);
  assert.match(gru![5]!, /^0\.13[89]$/);
  assert.equal(gru![6], "0.1095");
  const sizes = generatorSizeTable(generatorSummaries(rows, ["nodes"]), { columns: ["nodes"] });
  assert.deepEqual(bodyCells(sizes), [
    ["WS", "5", "12.0"],
    ["BA", "4", "21.5"],
  ]);
});

test("a correlation table: our r and intervals, the thesis's r and whether it lies inside ours", () => {
  const ours: PropertyCorrelation[] = [
    { property: "nodes", n: 200, r: 0.41, ci95: [0.29, 0.52], pValue: 0, bootstrap95: [0.3, 0.5] },
    { property: "layers", n: 200, r: 0.05, ci95: [-0.09, 0.19], pValue: 0.5 },
  ];
  const html = correlationTable(ours, { mode: "GRU", thesis: { nodes: 0.49, layers: 0.34 }, bootstrap: 2000 });
  assert.equal(
    tableCaption(html),
    "Table 6.4 · GRU: Pearson r with test accuracy, ours (200 graphs) beside the thesis's",
  );
  assert.deepEqual(rowAfter(html, "nodes"), ["0.41", "[0.29, 0.52]", "[0.30, 0.50]", "0.49", "yes"]);
  const withoutBootstrap = correlationTable(ours, { mode: "RNN_TANH", thesis: { nodes: 0.4, layers: 0.25 } });
  assert.ok(tableCaption(withoutBootstrap).startsWith("Table 6.1 · RNN_TANH"));
  assert.deepEqual(rowAfter(withoutBootstrap, "nodes"), ["0.41", "[0.29, 0.52]", "0.40", "yes"]);
  assert.deepEqual(rowAfter(html, "layers"), ["0.05", "[-0.09, 0.19]", "", "0.34", "no"]);
});

test("the thesis's graphs recomputed: gaps and mean accuracies", () => {
  const check = {
    mode: "GRU",
    graphs: 200,
    largestPropertyGap: 2.2e-15,
    largestCorrelationGap: 0.0049,
    meanAccuracy: 0.95612,
  };
  const html = thesisGraphCheckTable([check], { thesisMean: { GRU: 0.956 } });
  assert.deepEqual(bodyCells(html), [["GRU", "200", "2.2e-15", "0.0049", "0.9561", "0.956"]]);
});
