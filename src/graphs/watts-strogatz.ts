/**
 * Watts–Strogatz small-world graphs (D. J. Watts & S. H. Strogatz, "Collective dynamics of 'small-world'
 * networks", Nature 393, 1998), following networkx's `watts_strogatz_graph` and `connected_watts_strogatz_graph`
 * (unchanged from 2.x to 3.x): a ring lattice joining each node to its k//2 neighbours on each side (n·(k//2)
 * edges), then each lattice edge (u, u+j), outer loop over j, inner over u, is rewired with probability p to
 * (u, w) for a uniform w that is neither u nor already a neighbour; a node already joined to all others is skipped.
 */
import { SeededRandom } from "../random/seeded-random";
import { rewireEdge } from "./edge-rewiring";
import { SimpleGraph, emptyGraph, isConnected } from "./simple-graph";

/** Parameters of a Watts–Strogatz graph. */
export interface WattsStrogatzOptions {
  /** Number of nodes n. */
  readonly nodes: number;
  /** Each node joins its k nearest ring neighbours (k//2 per side), 0 ≤ k ≤ n. */
  readonly k: number;
  /** Rewiring probability in [0, 1]. */
  readonly p: number;
}

/** Parameters of a connected Watts–Strogatz graph: as above plus the number of attempts. */
export interface ConnectedWattsStrogatzOptions extends WattsStrogatzOptions {
  /** Attempts before giving up (networkx's default 100; the thesis used 10). */
  readonly tries?: number;
}

function checkOptions({ nodes: n, k, p }: WattsStrogatzOptions): void {
  if (!Number.isSafeInteger(n) || n < 1)
    throw new Error(`Watts–Strogatz needs a positive integer node count, got ${n}`);
  if (!Number.isSafeInteger(k) || k < 0) throw new Error(`Watts–Strogatz needs an integer k >= 0, got ${k}`);
  if (k > n) throw new Error(`Watts–Strogatz needs k <= n, got k=${k}, n=${n}`);
  if (!(p >= 0 && p <= 1)) throw new Error(`Watts–Strogatz needs a probability p in [0, 1], got ${p}`);
}

/** A Watts–Strogatz graph on nodes "0".."n-1" (k = n gives the complete graph, as in networkx). */
export function wattsStrogatzGraph(options: WattsStrogatzOptions, random: SeededRandom): SimpleGraph {
  checkOptions(options);
  const { nodes: n, k, p } = options;
  const graph = emptyGraph(n);
  const key = (i: number): string => String(i);
  if (k === n) {
    for (let u = 0; u < n; u++) for (let v = u + 1; v < n; v++) graph.addEdge(key(u), key(v));
    return graph;
  }
  const half = Math.floor(k / 2);
  for (let j = 1; j <= half; j++) for (let u = 0; u < n; u++) graph.mergeEdge(key(u), key((u + j) % n));
  for (let j = 1; j <= half; j++) {
    for (let u = 0; u < n; u++) if (random.random() < p) rewireEdge(graph, u, (u + j) % n, random);
  }
  return graph;
}

/** A connected Watts–Strogatz graph: regenerates from the same stream up to `tries` times, then throws. */
export function connectedWattsStrogatzGraph(options: ConnectedWattsStrogatzOptions, random: SeededRandom): SimpleGraph {
  const tries = options.tries ?? 100;
  if (!Number.isSafeInteger(tries) || tries < 1) throw new Error(`tries must be a positive integer, got ${tries}`);
  for (let attempt = 0; attempt < tries; attempt++) {
    const graph = wattsStrogatzGraph(options, random);
    if (isConnected(graph)) return graph;
  }
  throw new Error(
    `no connected Watts–Strogatz graph in ${tries} tries (n=${options.nodes}, ` +
      `k=${options.k}, p=${options.p}); raise --tries or k`,
  );
}
