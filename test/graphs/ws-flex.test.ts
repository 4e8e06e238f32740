/**
 * WS-flex against graph2nn's definition, with references from test/fixtures/networkx-clustering.json
 * (scripts/make-networkx-vectors.py restates graph2nn's `ws_graph` in Python): the p = 0 ring lattices exactly,
 * the edge budget round(k·n/2) with Python's rounding, and the mean clustering C and path length L over 2000 of
 * graph2nn's connected graphs per setting (our RNG differs from Python's, so distributions are compared, within six
 * combined standard errors, as test/graphs/generators.test.ts does for networkx's generators).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../support/reference";
import { averageClustering } from "../../src/graphs/clustering";
import { completeGraph } from "../../src/graphs/complete-graph";
import { averageShortestPathLength } from "../../src/graphs/graph-properties";
import { generateGraph } from "../../src/graphs/random-graphs";
import { EdgePair, edgePairs, isConnected } from "../../src/graphs/simple-graph";
import { connectedWsFlexGraph, wsFlexEdgeCount, wsFlexGraph } from "../../src/graphs/ws-flex";
import { SeededRandom } from "../../src/random/seeded-random";

interface Lattice {
  readonly nodes: number;
  readonly k: number;
  readonly edgeBudget: number;
  readonly edges: EdgePair[];
}

interface Statistics {
  readonly nodes: number;
  readonly k: number;
  readonly p: number;
  readonly samples: number;
  /** [mean, standard error] over graph2nn's graphs. */
  readonly averageClustering: [number, number];
  readonly averagePathLength: [number, number];
}

const VECTORS = JSON.parse(readFileSync(join(projectRoot, "test", "fixtures", "networkx-clustering.json"), "utf8")) as {
  readonly graph2nnLattices: readonly Lattice[];
  readonly graph2nnStatistics: readonly Statistics[];
};

test("bad arguments name what ws-flex expected", () => {
  const random = new SeededRandom(1);
  assert.throws(() => wsFlexGraph({ nodes: 1, k: 2, p: 0 }, random), /integer node count n >= 2, got 1/);
  assert.throws(() => wsFlexGraph({ nodes: 10, k: 1.5, p: 0 }, random), /average degree k in \[2, n\] = \[2, 10\]/);
  assert.throws(() => wsFlexGraph({ nodes: 10, k: 10.5, p: 0 }, random), /got 10.5/);
  assert.throws(() => wsFlexGraph({ nodes: 10, k: 4, p: -0.1 }, random), /probability p in \[0, 1\], got -0.1/);
  assert.throws(() => connectedWsFlexGraph({ nodes: 10, k: 4, p: 0, tries: 0 }, random), /tries must be a positive/);
  // k = 2, p = 1 leaves each node one random edge, rarely connected: the first seed whose first try is not.
  const options = { nodes: 40, k: 2, p: 1 };
  let seed = 0;
  while (isConnected(wsFlexGraph(options, new SeededRandom(seed)))) seed++;
  assert.throws(
    () => connectedWsFlexGraph({ ...options, tries: 1 }, new SeededRandom(seed)),
    /ws-flex: no connected graph in 1 tries \(n=40, k=2, p=1\)/,
  );
});

test("the edge budget is Python's round(k·n/2), halves to even", () => {
  for (const lattice of VECTORS.graph2nnLattices) {
    assert.equal(wsFlexEdgeCount(lattice.nodes, lattice.k), lattice.edgeBudget, `n=${lattice.nodes}, k=${lattice.k}`);
  }
  assert.ok(
    VECTORS.graph2nnLattices.some(({ nodes, k }) => ((nodes * k) / 2) % 1 === 0.5),
    "a tie is covered",
  );
});

test("p = 0 gives graph2nn's ring lattice exactly, also for odd n, real k and k = n", () => {
  for (const lattice of VECTORS.graph2nnLattices) {
    const graph = wsFlexGraph({ nodes: lattice.nodes, k: lattice.k, p: 0 }, new SeededRandom(1));
    assert.deepEqual(edgePairs(graph), lattice.edges, `n=${lattice.nodes}, k=${lattice.k}`);
  }
});

test("rewiring keeps the degree sum at 2·round(k·n/2) and a simple graph; k = n − 1 is complete at any p", () => {
  const root = new SeededRandom(17);
  for (let i = 0; i < 200; i++) {
    const nodes = root.int(4, 70);
    const k = 2 + root.random() * (nodes - 3);
    const p = root.random();
    const graph = wsFlexGraph({ nodes, k, p }, root.fork(`graph ${i}`));
    const degreeSum = graph.nodes().reduce((sum, node) => sum + graph.degree(node), 0);
    assert.equal(degreeSum, 2 * wsFlexEdgeCount(nodes, k), `n=${nodes}, k=${k}, p=${p}`);
  }
  for (const nodes of [5, 6, 64]) {
    const graph = wsFlexGraph({ nodes, k: nodes - 1, p: 0.5 }, new SeededRandom(nodes));
    assert.deepEqual(edgePairs(graph), edgePairs(completeGraph({ nodes })), `n=${nodes}`);
  }
});

test("one seed gives one graph; the registry's ws_flex spec is the connected generator", () => {
  const options = { nodes: 64, k: 7.3, p: 0.2 };
  const a = edgePairs(wsFlexGraph(options, new SeededRandom(5)));
  assert.deepEqual(edgePairs(wsFlexGraph(options, new SeededRandom(5))), a);
  assert.notDeepEqual(edgePairs(wsFlexGraph(options, new SeededRandom(6))), a);
  const spec = { generator: "ws_flex", ...options, tries: 100 } as const;
  const registered = generateGraph(spec, new SeededRandom(5));
  assert.deepEqual(edgePairs(registered), edgePairs(connectedWsFlexGraph(spec, new SeededRandom(5))));
  assert.deepEqual(registered.getAttributes(), { ...spec });
  assert.ok(isConnected(registered));
});

const SAMPLES = 400;

for (const reference of VECTORS.graph2nnStatistics) {
  const { nodes, k, p } = reference;
  test(`mean clustering and path length match graph2nn's at n=${nodes}, k=${k}, p=${p}`, () => {
    const root = new SeededRandom(2020);
    const values = { averageClustering: [] as number[], averagePathLength: [] as number[] };
    for (let i = 0; i < SAMPLES; i++) {
      const graph = connectedWsFlexGraph({ nodes, k, p }, root.fork(`sample ${i}`));
      values.averageClustering.push(averageClustering(graph));
      values.averagePathLength.push(averageShortestPathLength(graph));
    }
    for (const name of ["averageClustering", "averagePathLength"] as const) {
      const xs = values[name];
      const mean = xs.reduce((a, b) => a + b, 0) / SAMPLES;
      const standardError = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (SAMPLES - 1) / SAMPLES);
      const [expected, expectedError] = reference[name];
      const tolerance = 6 * Math.hypot(standardError, expectedError);
      assert.ok(
        Math.abs(mean - expected) <= tolerance,
        `${name}: mean ${mean.toFixed(4)}, graph2nn ${expected.toFixed(4)} (tolerance ${tolerance.toFixed(4)})`,
      );
    }
  });
}

test("over n = 64 and a k × p grid, C and L span graph2nn's published 0.07–0.98 and 1.02–4.44", () => {
  const cs: number[] = [];
  const ls: number[] = [];
  const root = new SeededRandom(64);
  for (const k of [2.5, 4, 8, 16, 32, 48, 62]) {
    for (const p of [0, 0.01, 0.05, 0.2, 0.5, 1]) {
      const graph = connectedWsFlexGraph({ nodes: 64, k, p }, root.fork(`k ${k} p ${p}`));
      cs.push(averageClustering(graph));
      ls.push(averageShortestPathLength(graph));
    }
  }
  assert.ok(Math.min(...cs) <= 0.07 && Math.max(...cs) >= 0.98, `C from ${Math.min(...cs)} to ${Math.max(...cs)}`);
  assert.ok(Math.min(...ls) <= 1.02 && Math.max(...ls) >= 4.44, `L from ${Math.min(...ls)} to ${Math.max(...ls)}`);
});
