/**
 * Erdős–Rényi G(n, p) graphs (P. Erdős & A. Rényi, "On random graphs I", 1959; E. N. Gilbert, 1959) through
 * graphology-generators' `erdosRenyi`, which has networkx's `gnp_random_graph` semantics: every pair u < v,
 * in lexicographic order, is joined when a uniform draw is below p. The draws come from our seeded stream.
 */
import { UndirectedGraph } from "graphology";
import erdosRenyi from "graphology-generators/random/erdos-renyi";
import { SeededRandom } from "../random/seeded-random";
import { SimpleGraph, emptyGraph } from "./simple-graph";

/** Parameters of a G(n, p) graph. */
export interface ErdosRenyiOptions {
  /** Number of nodes n. */
  readonly nodes: number;
  /** Probability of each edge, in [0, 1]. */
  readonly p: number;
}

/** A G(n, p) graph on nodes "0".."n-1" (possibly disconnected). */
export function erdosRenyiGraph(options: ErdosRenyiOptions, random: SeededRandom): SimpleGraph {
  const { nodes: n, p } = options;
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`Erdős–Rényi needs a positive integer node count, got ${n}`);
  if (!(p >= 0 && p <= 1)) throw new Error(`Erdős–Rényi needs a probability p in [0, 1], got ${p}`);
  const generated = erdosRenyi(UndirectedGraph, { order: n, probability: p, rng: () => random.random() });
  // Copy into the lab's graph type (no self-loops allowed), keeping the library's node and edge order.
  const graph = emptyGraph(n);
  generated.forEachEdge((_edge, _attributes, source, target) => void graph.addEdge(source, target));
  return graph;
}
