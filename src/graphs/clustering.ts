/**
 * Clustering of an undirected graph, as networkx's `clustering`, `average_clustering` and `transitivity`. A vertex's
 * clustering is the share of pairs of its neighbours that are joined themselves, 2·T / (d·(d − 1)) with T its
 * triangles and d its degree (0 for d < 2); transitivity is the graph-wide share, 3·triangles / connected triples =
 * Σ 2·T(v) / Σ d(v)·(d(v) − 1) (0 without triangles). Not among the thesis's 23 recorded properties; it is what
 * "small world" (Watts–Strogatz) is about: a ring lattice with k neighbours has 3(k − 2) / (4(k − 1)), and rewiring
 * (p → 1) destroys it. graphology-metrics 2.4 has neither measure, hence this module.
 */
import type { SimpleGraph } from "./simple-graph";
import { vertexOrder } from "./simple-graph";

/** A vertex's triangle count T and degree d, in vertex-index order. */
interface TrianglesAndDegree {
  readonly triangles: number;
  readonly degree: number;
}

function trianglesAndDegrees(graph: SimpleGraph): TrianglesAndDegree[] {
  return vertexOrder(graph).map((node) => {
    const neighbours = graph.neighbors(node);
    const degree = neighbours.length;
    let triangles = 0;
    for (let i = 0; i < degree; i++) {
      for (let j = i + 1; j < degree; j++) if (graph.hasEdge(neighbours[i]!, neighbours[j]!)) triangles++;
    }
    return { triangles, degree };
  });
}

/** Each vertex's clustering coefficient, in vertex-index order. */
export function localClustering(graph: SimpleGraph): number[] {
  return trianglesAndDegrees(graph).map(({ triangles, degree }) =>
    degree < 2 ? 0 : (2 * triangles) / (degree * (degree - 1)),
  );
}

/** The mean clustering over all vertices (degree < 2 counts as 0, as in networkx); NaN for an empty graph. */
export function averageClustering(graph: SimpleGraph): number {
  const values = localClustering(graph);
  return values.length === 0 ? NaN : values.reduce((a, b) => a + b, 0) / values.length;
}

/** The share of connected triples that close into triangles (networkx `transitivity`); 0 without triangles. */
export function transitivity(graph: SimpleGraph): number {
  let closed = 0;
  let triples = 0;
  for (const { triangles, degree } of trianglesAndDegrees(graph)) {
    closed += 2 * triangles;
    triples += degree * (degree - 1);
  }
  return closed === 0 ? 0 : closed / triples;
}
