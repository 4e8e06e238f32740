/**
 * The Watts–Strogatz rewiring step shared by networkx's `watts_strogatz_graph` and graph2nn's WS-flex `ws_graph`:
 * edge (u, v) moves to (u, w) for a uniform w that is neither u nor already a neighbour of u. A node already joined
 * to all others keeps its edge; both codes check that only after drawing again, and the extra draw is kept for parity.
 */
import { SeededRandom } from "../random/seeded-random";
import type { SimpleGraph } from "./simple-graph";

/** Rewire edge u–v of a graph on nodes "0".."n-1" to a uniform new partner of u, drawing from `random`. */
export function rewireEdge(graph: SimpleGraph, u: number, v: number, random: SeededRandom): void {
  const n = graph.order;
  const key = (i: number): string => String(i);
  let w = random.int(0, n - 1);
  while (w === u || graph.hasEdge(key(u), key(w))) {
    w = random.int(0, n - 1);
    if (graph.degree(key(u)) >= n - 1) return;
  }
  graph.dropEdge(key(u), key(v));
  graph.addEdge(key(u), key(w));
}
