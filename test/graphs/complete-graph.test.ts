/** The complete graph: n(n − 1)/2 edges, every pair joined, and a positive integer node count. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { completeGraph } from "../../src/graphs/complete-graph";
import { edgePairs } from "../../src/graphs/simple-graph";

test("K_n joins every pair u < v once", () => {
  for (const n of [1, 2, 5, 64]) {
    const graph = completeGraph({ nodes: n });
    assert.equal(graph.order, n);
    assert.equal(graph.size, (n * (n - 1)) / 2);
    assert.ok(graph.nodes().every((node) => graph.degree(node) === n - 1));
  }
  assert.deepEqual(edgePairs(completeGraph({ nodes: 3 })), [
    [0, 1],
    [0, 2],
    [1, 2],
  ]);
});

test("a node count that is not a positive integer is an error", () => {
  for (const nodes of [0, -1, 2.5]) {
    assert.throws(() => completeGraph({ nodes }), /complete-graph: needs a positive integer node count/);
  }
});
