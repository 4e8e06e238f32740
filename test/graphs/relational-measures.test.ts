/**
 * Average clustering, transitivity and average path length against networkx on the graphs of
 * test/fixtures/networkx-clustering.json (made by scripts/make-networkx-vectors.py): graphs from our generators,
 * regenerated here from their spec and seed, and graphs networkx made, each with networkx's three values.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../support/reference";
import { averageClustering, transitivity } from "../../src/graphs/clustering";
import { averageShortestPathLength } from "../../src/graphs/graph-properties";
import { relationalMeasures } from "../../src/graphs/relational-measures";
import { GraphSpec, generateGraph } from "../../src/graphs/random-graphs";
import { EdgePair, edgePairs, emptyGraph, graphFromEdges } from "../../src/graphs/simple-graph";
import { SeededRandom } from "../../src/random/seeded-random";

/** One graph of the vector file with networkx's values (null path length: disconnected, networkx raises). */
interface VectorGraph {
  readonly source: "ours" | "networkx";
  readonly name?: string;
  readonly spec?: GraphSpec;
  readonly seed?: number;
  readonly nodes: number;
  readonly edges: EdgePair[];
  readonly averageClustering: number;
  readonly transitivity: number;
  readonly averagePathLength: number | null;
}

const VECTORS = JSON.parse(readFileSync(join(projectRoot, "test", "fixtures", "networkx-clustering.json"), "utf8")) as {
  readonly networkx: string;
  readonly graphs: readonly VectorGraph[];
};

const label = (entry: VectorGraph): string => entry.name ?? `${JSON.stringify(entry.spec)} seed ${entry.seed}`;

/** |actual − expected| ≤ 1e-12, NaN standing for networkx's null. */
function assertEqualTo12(actual: number, expected: number | null, what: string): void {
  if (expected === null) return assert.ok(Number.isNaN(actual), `${what}: got ${actual}, networkx raises (NaN)`);
  assert.ok(Math.abs(actual - expected) <= 1e-12, `${what}: got ${actual}, networkx ${expected}`);
}

test("the vector file covers our generators, networkx's graphs and the edge cases", () => {
  const ours = new Set(VECTORS.graphs.flatMap((entry) => (entry.spec ? [entry.spec.generator] : [])));
  assert.deepEqual([...ours].sort(), ["barabasi_albert", "complete", "erdos_renyi", "watts_strogatz", "ws_flex"]);
  assert.ok(VECTORS.graphs.filter((entry) => entry.source === "networkx").length >= 15);
  assert.ok(
    VECTORS.graphs.some((entry) => entry.edges.length === 0 && entry.nodes > 1),
    "isolated vertices",
  );
  assert.ok(
    VECTORS.graphs.some((entry) => entry.averagePathLength === null),
    "a disconnected graph",
  );
});

test("our generators still make the vector file's graphs from its specs and seeds", () => {
  for (const entry of VECTORS.graphs.filter((graph) => graph.source === "ours")) {
    const graph = generateGraph(entry.spec!, new SeededRandom(entry.seed!));
    assert.deepEqual(edgePairs(graph), entry.edges, label(entry));
  }
});

test(`average clustering, transitivity and path length equal networkx's to 1e-12`, () => {
  for (const entry of VECTORS.graphs) {
    const graph = graphFromEdges(entry.nodes, entry.edges);
    const what = `${label(entry)} (networkx ${VECTORS.networkx})`;
    assertEqualTo12(averageClustering(graph), entry.averageClustering, `${what} average clustering`);
    assertEqualTo12(transitivity(graph), entry.transitivity, `${what} transitivity`);
    assertEqualTo12(averageShortestPathLength(graph), entry.averagePathLength, `${what} average path length`);
  }
});

test("relationalMeasures gathers the three; clustering and transitivity differ where degrees are uneven", () => {
  const karate = VECTORS.graphs.find((entry) => entry.name === "karate club")!;
  const measures = relationalMeasures(graphFromEdges(karate.nodes, karate.edges));
  assertEqualTo12(measures.averageClustering, karate.averageClustering, "karate average clustering");
  assertEqualTo12(measures.transitivity, karate.transitivity, "karate transitivity");
  assertEqualTo12(measures.averagePathLength, karate.averagePathLength, "karate path length");
  assert.ok(measures.averageClustering - measures.transitivity > 0.3);
  const none = relationalMeasures(emptyGraph(0));
  assert.ok(Number.isNaN(none.averageClustering) && Number.isNaN(none.averagePathLength));
  assert.equal(none.transitivity, 0);
});
