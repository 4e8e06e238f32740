import { test } from "node:test";
import assert from "node:assert/strict";
import { connectedGnmRandomGraph, gnmRandomGraph } from "../../src/graphs/gnm-random-graph";
import { generateGraph } from "../../src/graphs/random-graphs";
import { edgePairs, isConnected } from "../../src/graphs/simple-graph";
import { SeededRandom } from "../../src/random/seeded-random";

test("G(n, m) has exactly m distinct edges and no self-loops, and one seed gives one graph", () => {
  for (const [n, m] of [
    [1, 0],
    [5, 0],
    [5, 10],
    [32, 64],
    [32, 320],
    [50, 1],
  ] as const) {
    const graph = gnmRandomGraph({ nodes: n, edges: m }, new SeededRandom(n * 1000 + m));
    const pairs = edgePairs(graph);
    assert.equal(graph.order, n);
    assert.equal(pairs.length, m, `n=${n} m=${m}`);
    assert.equal(new Set(pairs.map(([u, v]) => `${Math.min(u, v)}-${Math.max(u, v)}`)).size, m);
    assert.ok(pairs.every(([u, v]) => u !== v && u >= 0 && v >= 0 && u < n && v < n));
  }
  const again = (seed: number) => edgePairs(gnmRandomGraph({ nodes: 20, edges: 40 }, new SeededRandom(seed)));
  assert.deepEqual(again(3), again(3));
  assert.notDeepEqual(again(3), again(4));
});

test("every m-subset of pairs is equally likely: n = 4, m = 2 over 15,000 draws (chi-square)", () => {
  const random = new SeededRandom(11);
  const counts = new Map<string, number>();
  const draws = 15000;
  for (let i = 0; i < draws; i++) {
    const key = JSON.stringify(edgePairs(gnmRandomGraph({ nodes: 4, edges: 2 }, random)).map((e) => [...e].sort()));
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  assert.equal(counts.size, 15, "C(6, 2) = 15 graphs");
  const expected = draws / 15;
  const chiSquare = [...counts.values()].reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
  // 14 degrees of freedom: P(χ² > 36.1) = 0.001.
  assert.ok(chiSquare < 36.1, `chi-square ${chiSquare.toFixed(1)} over 14 degrees of freedom`);
});

test("the connected form draws until connected, refuses what cannot connect, and is the registry's gnm spec", () => {
  const graph = connectedGnmRandomGraph({ nodes: 32, edges: 64 }, new SeededRandom(5));
  assert.ok(isConnected(graph));
  assert.equal(edgePairs(graph).length, 64);
  const spec = { generator: "gnm" as const, nodes: 32, edges: 64 };
  assert.deepEqual(edgePairs(generateGraph(spec, new SeededRandom(5))), edgePairs(graph));
  assert.throws(
    () => connectedGnmRandomGraph({ nodes: 10, edges: 8 }, new SeededRandom(1)),
    /8 edges cannot connect 10/,
  );
  // A tree is a spanning tree only rarely: one try is not enough for this seed, and the error says so.
  assert.throws(
    () => connectedGnmRandomGraph({ nodes: 30, edges: 29, tries: 1 }, new SeededRandom(1)),
    /no connected graph in 1 tries \(n=30, m=29\)/,
  );
  assert.throws(() => gnmRandomGraph({ nodes: 4, edges: 7 }, new SeededRandom(1)), /m in \[0, 6\] for n = 4, got 7/);
  assert.throws(() => gnmRandomGraph({ nodes: 0, edges: 0 }, new SeededRandom(1)), /positive integer node count/);
});
