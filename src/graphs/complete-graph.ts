/**
 * The complete graph K_n, graph2nn's dense baseline (every neuron talks to every other): edges (u, v) for all
 * u < v, added in networkx `complete_graph`'s order, n(n − 1)/2 of them. It is what WS-flex gives at k = n − 1.
 */
import { SimpleGraph, emptyGraph } from "./simple-graph";

/** Parameters of a complete graph. */
export interface CompleteGraphOptions {
  /** Number of nodes n ≥ 1. */
  readonly nodes: number;
}

/** K_n on nodes "0".."n-1". */
export function completeGraph(options: CompleteGraphOptions): SimpleGraph {
  const n = options.nodes;
  if (!Number.isSafeInteger(n) || n < 1)
    throw new Error(`complete-graph: needs a positive integer node count, got ${n}`);
  const graph = emptyGraph(n);
  for (let u = 0; u < n; u++) for (let v = u + 1; v < n; v++) graph.addEdge(String(u), String(v));
  return graph;
}
