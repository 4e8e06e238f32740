/**
 * The thesis's graphs recomputed: property gaps, correlation gaps and mean accuracy, on hand-made graphs and on its
 * own.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkThesisGraphs, readThesisGraphs, type ThesisGraph } from "../../src/analysis/thesis-graph-check";
import { THESIS_CORRELATIONS, THESIS_MEAN_ACCURACY } from "../../src/analysis/thesis-structure-values";
import { graphProperties } from "../../src/graphs/graph-properties";
import { graphFromEdges, type EdgePair } from "../../src/graphs/simple-graph";
import { referenceDir, skipWithoutReference } from "../support/reference";

/** A graph whose CSV row is our own properties (optionally one of them shifted) and a given accuracy. */
function graph(nodes: number, edges: EdgePair[], test_acc: number, shift: Record<string, number> = {}): ThesisGraph {
  const properties: Record<string, number> = { ...graphProperties(graphFromEdges(nodes, edges)) };
  for (const [p, d] of Object.entries(shift)) properties[p]! += d;
  return { num_nodes: nodes, edges, thesis: { mode: "GRU", ...properties, test_acc } };
}

test("checkThesisGraphs: the largest property gap, the largest r gap against the table, the mean accuracy", () => {
  const graphs = [
    graph(
      3,
      [
        [0, 1],
        [1, 2],
      ],
      0.6,
    ),
    graph(
      4,
      [
        [0, 1],
        [1, 2],
        [2, 3],
        [0, 3],
      ],
      0.8,
      { density: 0.25 },
    ),
    graph(
      5,
      [
        [0, 1],
        [0, 2],
        [0, 3],
        [0, 4],
        [1, 2],
      ],
      0.9,
    ),
  ];
  // nodes 3, 4, 5 against accuracy 0.6, 0.8, 0.9: r = 0.9819805060619657.
  const check = checkThesisGraphs("GRU", graphs, { nodes: 0.95 });
  assert.equal(check.graphs, 3);
  assert.ok(Math.abs(check.largestPropertyGap - 0.25) < 1e-12, `property gap ${check.largestPropertyGap}`);
  assert.ok(
    Math.abs(check.largestCorrelationGap - (0.9819805060619657 - 0.95)) < 1e-12,
    `r gap ${check.largestCorrelationGap}`,
  );
  assert.ok(Math.abs(check.meanAccuracy - 2.3 / 3) < 1e-12);
  assert.equal(checkThesisGraphs("GRU", graphs.slice(0, 1).concat(graphs[2]!), { nodes: 1 }).largestPropertyGap, 0);
});

test("readThesisGraphs: <dir>/<mode>.json, and a clear error for an empty list", () => {
  const dir = mkdtempSync(join(tmpdir(), "sparse-rnn-thesis-graphs-"));
  writeFileSync(
    join(dir, "gru.json"),
    JSON.stringify([
      graph(
        3,
        [
          [0, 1],
          [1, 2],
        ],
        0.6,
      ),
    ]),
  );
  writeFileSync(join(dir, "lstm.json"), "[]");
  assert.deepEqual(readThesisGraphs(dir, "GRU")[0]!.edges, [
    [0, 1],
    [1, 2],
  ]);
  assert.throws(() => readThesisGraphs(dir, "LSTM"), /lstm\.json: expected a non-empty list/);
});

for (const mode of ["GRU", "LSTM"] as const) {
  const skip = skipWithoutReference(`thesis-graphs/${mode.toLowerCase()}.json`);
  test(
    `${mode}: the thesis's 200 graphs match networkx to rounding, its table 6.${mode === "GRU" ? 4 : 3} its data`,
    { skip },
    () => {
      const check = checkThesisGraphs(
        mode,
        readThesisGraphs(join(referenceDir!, "thesis-graphs"), mode),
        THESIS_CORRELATIONS[mode],
      );
      assert.equal(check.graphs, 200);
      assert.ok(check.largestPropertyGap < 1e-9, `property gap ${check.largestPropertyGap}`);
      assert.ok(
        check.largestCorrelationGap <= 0.005 + 1e-9,
        `r gap ${check.largestCorrelationGap}: the table is the data rounded to two decimals`,
      );
      assert.ok(
        Math.abs(check.meanAccuracy - THESIS_MEAN_ACCURACY[mode]) < 0.0005 + 1e-9,
        `mean accuracy ${check.meanAccuracy}`,
      );
    },
  );
}
