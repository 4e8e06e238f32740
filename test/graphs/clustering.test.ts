/** Clustering as networkx defines it: triangles among a vertex's neighbours, 0 below degree 2, and the mean. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { averageClustering, localClustering, transitivity } from "../../src/graphs/clustering";
import { emptyGraph, graphFromEdges } from "../../src/graphs/simple-graph";
import { wattsStrogatzGraph } from "../../src/graphs/watts-strogatz";
import { SeededRandom } from "../../src/random/seeded-random";

test("a triangle with a pendant vertex: 1, 1, 1/3 and 0; transitivity 3·1 triangle / 5 connected triples", () => {
  // 0-1-2 is a triangle; 3 hangs on 2, so 2's three neighbours hold one link of three possible.
  const graph = graphFromEdges(4, [
    [0, 1],
    [1, 2],
    [0, 2],
    [2, 3],
  ]);
  assert.deepEqual(localClustering(graph), [1, 1, 1 / 3, 0]);
  assert.equal(averageClustering(graph), (1 + 1 + 1 / 3) / 4);
  // Triples centred on 0, 1: one each; on 2: three (of which one closed); on 3: none.
  assert.equal(transitivity(graph), 3 / 5);
});

test("a star and a path have no triangles; an empty graph has no mean", () => {
  assert.equal(
    averageClustering(
      graphFromEdges(5, [
        [0, 1],
        [0, 2],
        [0, 3],
        [0, 4],
      ]),
    ),
    0,
  );
  assert.equal(
    averageClustering(
      graphFromEdges(3, [
        [0, 1],
        [1, 2],
      ]),
    ),
    0,
  );
  assert.ok(Number.isNaN(averageClustering(emptyGraph(0))));
  assert.equal(transitivity(emptyGraph(0)), 0);
});

test("a Watts–Strogatz ring lattice (p = 0) has 3(k − 2) / (4(k − 1)); full rewiring destroys most of it", () => {
  const lattice = wattsStrogatzGraph({ nodes: 30, k: 6, p: 0 }, new SeededRandom(1));
  assert.ok(Math.abs(averageClustering(lattice) - 0.6) < 1e-12);
  assert.ok(
    Math.abs(averageClustering(wattsStrogatzGraph({ nodes: 30, k: 4, p: 0 }, new SeededRandom(1))) - 0.5) < 1e-12,
  );
  const rewired = wattsStrogatzGraph({ nodes: 30, k: 6, p: 1 }, new SeededRandom(1));
  assert.ok(averageClustering(rewired) < 0.35, `rewired clustering ${averageClustering(rewired)}`);
});
