/**
 * The lab's graph value: a graphology `UndirectedGraph` without self-loops or parallel edges whose nodes are
 * keyed "0".."n-1" (graphology keys are strings) and added in that order, like networkx's integer-labelled graphs.
 *
 * Vertex index: the thesis orients every edge u→v for u < v "by node index". For graphs built here the index of
 * node "i" is i. For graphs read from elsewhere, `vertexOrder` sorts integer keys numerically and otherwise keeps
 * graphology's insertion order; a node's index is its position in that order.
 */
import { UndirectedGraph } from "graphology";

/** The graph type every module of src/graphs works on. */
export type SimpleGraph = UndirectedGraph;

/** An undirected edge as a pair of vertex indices (u < v after `normaliseEdge`). */
export type EdgePair = readonly [number, number];

/**
 * The most nodes a graph of the lab may have. The study's graphs have 10–50; the properties of 2,000 nodes already
 * take about 20 s, and a count read from a file must not make the lab allocate gigabytes before it fails.
 */
export const MAX_GRAPH_NODES = 100_000;

/** A graph with nodes "0".."n-1" and no edges. */
export function emptyGraph(nodeCount: number): SimpleGraph {
  if (!Number.isSafeInteger(nodeCount) || nodeCount < 0 || nodeCount > MAX_GRAPH_NODES) {
    throw new Error(`simple-graph: node count must be an integer in [0, ${MAX_GRAPH_NODES}], got ${nodeCount}`);
  }
  const graph = new UndirectedGraph({ multi: false, allowSelfLoops: false });
  for (let i = 0; i < nodeCount; i++) graph.addNode(String(i));
  return graph;
}

/** A graph on nodes "0".."n-1" with the given index-pair edges (rejects out-of-range vertices, loops, duplicates). */
export function graphFromEdges(nodeCount: number, edges: readonly EdgePair[]): SimpleGraph {
  const graph = emptyGraph(nodeCount);
  edges.forEach(([u, v], position) => {
    const where = `edge ${position} [${u}, ${v}]`;
    for (const end of [u, v]) {
      if (!Number.isSafeInteger(end) || end < 0 || end >= nodeCount) {
        throw new Error(`${where}: vertex ${end} is not an integer in [0, ${nodeCount - 1}]`);
      }
    }
    if (u === v) throw new Error(`${where}: self-loops are not allowed`);
    if (graph.hasEdge(String(u), String(v))) throw new Error(`${where}: duplicate edge`);
    graph.addEdge(String(u), String(v));
  });
  return graph;
}

/** Node keys in vertex-index order: integer keys numerically, otherwise insertion order. */
export function vertexOrder(graph: SimpleGraph): string[] {
  const keys = graph.nodes();
  const allIntegers = keys.every((key) => /^(0|[1-9][0-9]*)$/.test(key));
  return allIntegers ? keys.sort((a, b) => Number(a) - Number(b)) : keys;
}

/** The edges as index pairs [u, v] with u < v, sorted by u then v. */
export function edgePairs(graph: SimpleGraph): [number, number][] {
  const index = new Map(vertexOrder(graph).map((key, i) => [key, i]));
  const pairs: [number, number][] = graph.mapEdges((_edge, _attributes, source, target) => {
    const a = index.get(source)!;
    const b = index.get(target)!;
    return a < b ? [a, b] : [b, a];
  });
  return pairs.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
}

/** Whether every node is reachable from the first (an empty graph is not connected, as in networkx). */
export function isConnected(graph: SimpleGraph): boolean {
  if (graph.order === 0) return false;
  const start = graph.nodes()[0]!;
  const seen = new Set<string>([start]);
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    graph.forEachNeighbor(queue[head]!, (neighbour) => {
      if (!seen.has(neighbour)) {
        seen.add(neighbour);
        queue.push(neighbour);
      }
    });
  }
  return seen.size === graph.order;
}

/** graphology's serialised form with generated edge keys dropped, so equal graphs export to equal JSON. */
export function serializeGraph(graph: SimpleGraph): ReturnType<SimpleGraph["export"]> {
  const exported = graph.export();
  return {
    ...exported,
    edges: exported.edges.map(({ source, target, attributes }) =>
      attributes ? { source, target, attributes } : { source, target },
    ),
  };
}
