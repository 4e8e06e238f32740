/**
 * WS-flex graphs: the Watts–Strogatz generalisation to a real-valued average degree k of J. You, J. Leskovec, K. He
 * & S. Xie, "Graph Structure of Neural Networks" (ICML 2020), following `ws_graph` / `connected_ws_graph` of their
 * code (facebookresearch/graph2nn, pycls/models/relation_graph.py) step for step:
 *
 * - e = round(k·n / 2) edges, Python's round (half to even); node i owns c_i = ⌊e/n⌋ + 1 forward edges for
 *   i < e mod n and ⌊e/n⌋ for the rest, so degrees differ by at most one;
 * - the ring lattice joins i to i+1, …, i+c_i (mod n); a pair listed from both ends is one edge, which happens only
 *   for k > n − 1, where the lattice is already complete (so rewiring never moves an edge); no self-loop is possible;
 * - then node by node (outer loop over i, inner over its c_i targets v, unlike networkx's WS which loops over the
 *   offset first) each edge (i, v) is rewired with probability p to (i, w) for a uniform w that is neither i nor
 *   already a neighbour; a node already joined to all others is skipped (checked after the next draw, as there).
 *
 * With even integer k this is networkx's ring lattice, rewired in another order. Draws come from our SeededRandom
 * (uniform float for the coin, uniform integer for w) instead of Python's Mersenne Twister.
 */
import { SeededRandom } from "../random/seeded-random";
import { rewireEdge } from "./edge-rewiring";
import { SimpleGraph, emptyGraph, isConnected } from "./simple-graph";

/** Parameters of a WS-flex graph. */
export interface WsFlexOptions {
  /** Number of nodes n. */
  readonly nodes: number;
  /** Average degree, a real number in [2, n] (graph2nn's bounds). */
  readonly k: number;
  /** Rewiring probability in [0, 1]. */
  readonly p: number;
}

/** Parameters of a connected WS-flex graph: as above plus the number of attempts. */
export interface ConnectedWsFlexOptions extends WsFlexOptions {
  /** Attempts before giving up (graph2nn's default 100). */
  readonly tries?: number;
}

/** Python 3's round() of a double: to the nearest integer, halves to the even neighbour. */
function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const fraction = x - floor; // exact for doubles
  if (fraction !== 0.5) return Math.round(x);
  return floor % 2 === 0 ? floor : floor + 1;
}

function checkOptions({ nodes: n, k, p }: WsFlexOptions): void {
  if (!Number.isSafeInteger(n) || n < 2) throw new Error(`ws-flex: needs an integer node count n >= 2, got ${n}`);
  if (!(k >= 2 && k <= n)) throw new Error(`ws-flex: needs an average degree k in [2, n] = [2, ${n}], got ${k}`);
  if (!(p >= 0 && p <= 1)) throw new Error(`ws-flex: needs a probability p in [0, 1], got ${p}`);
}

/** graph2nn's edge budget round(k·n / 2): the edge count for k ≤ n − 1 (above that the graph is complete). */
export function wsFlexEdgeCount(nodes: number, k: number): number {
  checkOptions({ nodes, k, p: 0 });
  return roundHalfEven((k * nodes) / 2); // k·n first, then /2, as Python evaluates `k * n / 2`
}

/** A WS-flex graph on nodes "0".."n-1" (possibly disconnected for large p). */
export function wsFlexGraph(options: WsFlexOptions, random: SeededRandom): SimpleGraph {
  checkOptions(options);
  const { nodes: n, k, p } = options;
  const edges = wsFlexEdgeCount(n, k);
  const base = Math.floor(edges / n);
  const forward = (i: number): number => (i < edges % n ? base + 1 : base);
  const key = (i: number): string => String(i);
  const graph = emptyGraph(n);
  for (let i = 0; i < n; i++) for (let j = 1; j <= forward(i); j++) graph.mergeEdge(key(i), key((i + j) % n));
  // k ≥ 2 gives every node a forward edge, so graph2nn's node list (first-appearance order) is 0..n-1 as here.
  for (let u = 0; u < n; u++) {
    for (let j = 1; j <= forward(u); j++) if (random.random() < p) rewireEdge(graph, u, (u + j) % n, random);
  }
  return graph;
}

/** A connected WS-flex graph: regenerates from the same stream up to `tries` times, then throws. */
export function connectedWsFlexGraph(options: ConnectedWsFlexOptions, random: SeededRandom): SimpleGraph {
  const tries = options.tries ?? 100;
  if (!Number.isSafeInteger(tries) || tries < 1)
    throw new Error(`ws-flex: tries must be a positive integer, got ${tries}`);
  for (let attempt = 0; attempt < tries; attempt++) {
    const graph = wsFlexGraph(options, random);
    if (isConnected(graph)) return graph;
  }
  throw new Error(
    `ws-flex: no connected graph in ${tries} tries (n=${options.nodes}, ` +
      `k=${options.k}, p=${options.p}); raise tries or k`,
  );
}
