/**
 * Erdős–Rényi G(n, m) graphs (P. Erdős & A. Rényi, "On random graphs I", 1959: the original model, uniform over the
 * graphs with exactly m edges; networkx's `gnm_random_graph`). graphology-generators has only G(n, p) (its
 * `approximateSize` fixes the expected, not the exact, edge count), so this one is written here: m distinct pairs
 * drawn by a partial Fisher–Yates shuffle of the n(n − 1)/2 pairs, from our seeded stream.
 * The spectrum's random baseline uses it at m = round(k·n / 2), WS-flex's edge count, so both have the same weights.
 */
import { SeededRandom } from "../random/seeded-random";
import { SimpleGraph, emptyGraph, isConnected } from "./simple-graph";

/** Parameters of a G(n, m) graph. */
export interface GnmOptions {
  /** Number of nodes n. */
  readonly nodes: number;
  /** Number of edges m, in [0, n(n − 1)/2]. */
  readonly edges: number;
}

/** Parameters of a connected G(n, m) graph: as above plus the number of attempts. */
export interface ConnectedGnmOptions extends GnmOptions {
  /** Attempts before giving up (default 100). */
  readonly tries?: number;
}

/** Pair index i of the n(n − 1)/2 pairs u < v in lexicographic order, as [u, v]. */
function pairAt(index: number, n: number): [number, number] {
  let u = 0;
  let rowStart = 0;
  while (index >= rowStart + (n - 1 - u)) {
    rowStart += n - 1 - u;
    u += 1;
  }
  return [u, u + 1 + (index - rowStart)];
}

/** A G(n, m) graph on nodes "0".."n-1": m distinct pairs, each m-subset equally likely (possibly disconnected). */
export function gnmRandomGraph(options: GnmOptions, random: SeededRandom): SimpleGraph {
  const { nodes: n, edges: m } = options;
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`G(n, m) needs a positive integer node count, got ${n}`);
  const pairs = (n * (n - 1)) / 2;
  if (!Number.isSafeInteger(m) || m < 0 || m > pairs)
    throw new Error(`G(n, m) needs an integer edge count m in [0, ${pairs}] for n = ${n}, got ${m}`);
  // Partial Fisher–Yates over pair indices; only the swapped positions are stored.
  const swapped = new Map<number, number>();
  const at = (i: number) => swapped.get(i) ?? i;
  const chosen: number[] = [];
  for (let i = 0; i < m; i++) {
    const j = random.int(i, pairs - 1);
    const picked = at(j);
    swapped.set(j, at(i));
    chosen.push(picked);
  }
  const graph = emptyGraph(n);
  for (const index of chosen.sort((a, b) => a - b)) {
    const [u, v] = pairAt(index, n);
    graph.addEdge(String(u), String(v));
  }
  return graph;
}

/** A connected G(n, m) graph: draws again from the same stream up to `tries` times, then throws. */
export function connectedGnmRandomGraph(options: ConnectedGnmOptions, random: SeededRandom): SimpleGraph {
  const tries = options.tries ?? 100;
  if (!Number.isSafeInteger(tries) || tries < 1)
    throw new Error(`G(n, m): tries must be a positive integer, got ${tries}`);
  if (options.edges < options.nodes - 1)
    throw new Error(`G(n, m): ${options.edges} edges cannot connect ${options.nodes} nodes (a tree has n − 1)`);
  for (let attempt = 0; attempt < tries; attempt++) {
    const graph = gnmRandomGraph(options, random);
    if (isConnected(graph)) return graph;
  }
  throw new Error(
    `G(n, m): no connected graph in ${tries} tries (n=${options.nodes}, m=${options.edges}); raise tries or m`,
  );
}
