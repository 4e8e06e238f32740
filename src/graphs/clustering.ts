/**
 * Clustering of an undirected graph, as networkx's `clustering` and `average_clustering`: a vertex's clustering is
 * the share of pairs of its neighbours that are joined themselves, 2·T / (d·(d − 1)) with T its triangles and d its
 * degree (0 for d < 2). Not one of the thesis's 23 recorded properties; it is what "small world" (Watts–Strogatz)
 * is about: a ring lattice with k neighbours has 3(k − 2) / (4(k − 1)), and rewiring (p → 1) destroys it.
 */
import type { SimpleGraph } from "./simple-graph";
import { vertexOrder } from "./simple-graph";

/** Each vertex's clustering coefficient, in vertex-index order. */
export function localClustering(graph: SimpleGraph): number[] {
  return vertexOrder(graph).map((node) => {
    const neighbours = graph.neighbors(node);
    const degree = neighbours.length;
    if (degree < 2) return 0;
    let links = 0;
    for (let i = 0; i < degree; i++) {
      for (let j = i + 1; j < degree; j++) if (graph.hasEdge(neighbours[i]!, neighbours[j]!)) links++;
    }
    return (2 * links) / (degree * (degree - 1));
  });
}

/** The mean clustering over all vertices (degree < 2 counts as 0, as in networkx); NaN for an empty graph. */
export function averageClustering(graph: SimpleGraph): number {
  const values = localClustering(graph);
  return values.length === 0 ? NaN : values.reduce((a, b) => a + b, 0) / values.length;
}
