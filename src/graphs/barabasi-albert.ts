/**
 * Barabási–Albert preferential-attachment graphs (A.-L. Barabási & R. Albert, "Emergence of scaling in random
 * networks", Science 286, 1999), following networkx's `barabasi_albert_graph` step for step.
 *
 * Two starts exist in networkx's history. Up to 2.5 (the version the thesis used: in every one of its BA graphs
 * node m is joined to exactly 0..m-1) the graph starts from m isolated nodes and node m links to all of them;
 * from 2.6 it starts from a star on m+1 nodes (node 0 the hub). Both give m·(n−m) edges.
 */
import { SeededRandom } from "../random/seeded-random";
import { SimpleGraph, emptyGraph } from "./simple-graph";

/** How the growth starts: "empty" = networkx ≤ 2.5 and the thesis (default), "star" = networkx ≥ 2.6. */
export type BarabasiAlbertStart = "empty" | "star";

/** Parameters of a Barabási–Albert graph. */
export interface BarabasiAlbertOptions {
  /** Number of nodes n. */
  readonly nodes: number;
  /** Edges from each new node to existing nodes, 1 ≤ m < n. */
  readonly m: number;
  readonly start?: BarabasiAlbertStart;
}

/** m distinct elements drawn from `pool` with repetition-weighted probability (networkx's `_random_subset`). */
function randomSubset(pool: readonly number[], m: number, random: SeededRandom): number[] {
  const targets = new Set<number>();
  while (targets.size < m) targets.add(random.choice(pool));
  return [...targets];
}

/** A Barabási–Albert graph on nodes "0".."n-1", deterministic for the random stream's state. */
export function barabasiAlbertGraph(options: BarabasiAlbertOptions, random: SeededRandom): SimpleGraph {
  const { nodes: n, m } = options;
  const start = options.start ?? "empty";
  if (!Number.isSafeInteger(n) || !Number.isSafeInteger(m) || m < 1 || m >= n) {
    throw new Error(`Barabási–Albert needs integers 1 <= m < n, got n=${n}, m=${m}`);
  }
  const graph = emptyGraph(n);
  const link = (u: number, v: number): void => void graph.addEdge(String(u), String(v));
  // `repeated` lists every node once per incident edge: a uniform pick from it is preferential attachment.
  const repeated: number[] = [];
  let targets: number[];
  let source: number;
  if (start === "empty") {
    targets = Array.from({ length: m }, (_, i) => i);
    source = m;
    while (source < n) {
      for (const target of targets) link(source, target);
      repeated.push(...targets);
      for (let i = 0; i < m; i++) repeated.push(source);
      source++;
      // networkx 2.5 draws the next node's targets even after the last node; the draw is kept for parity.
      targets = randomSubset(repeated, m, random);
    }
  } else {
    for (let leaf = 1; leaf <= m; leaf++) link(0, leaf);
    for (let i = 0; i < m; i++) repeated.push(0);
    for (let leaf = 1; leaf <= m; leaf++) repeated.push(leaf);
    for (source = m + 1; source < n; source++) {
      targets = randomSubset(repeated, m, random);
      for (const target of targets) link(source, target);
      repeated.push(...targets);
      for (let i = 0; i < m; i++) repeated.push(source);
    }
  }
  return graph;
}
