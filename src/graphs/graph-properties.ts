/**
 * The graph properties the thesis records per random graph (section 5.3), with networkx's definitions on the
 * undirected graph and the thesis's column names and order.
 *
 * - density = edges / (n(n−1)) (the thesis's definition: half of networkx's undirected density);
 * - average_shortest_path_length = Σ d(u, v) / (n(n−1)); diameter = max eccentricity;
 * - degree centrality = degree / (n−1); closeness = networkx's `closeness_centrality` with wf_improved
 *   (graphology's Wasserman–Faust variant: (r−1)/Σd · (r−1)/(n−1), r = nodes reachable including itself);
 * - node betweenness: Brandes, normalised by 1/((n−1)(n−2)) over ordered pairs, as networkx's normalized=True;
 * - edge betweenness: Brandes, normalised by 1/(n(n−1)), as networkx's `edge_betweenness_centrality`;
 * - *_mean, *_var, *_std: mean, sample variance (n−1) and its square root over nodes (edges for edge betweenness).
 *
 * Disconnected graphs (possible only from Erdős–Rényi) have no finite eccentricity: diameter,
 * average_shortest_path_length and the eccentricity statistics are NaN there (networkx raises instead).
 */
import betweennessCentrality from "graphology-metrics/centrality/betweenness";
import closenessCentrality from "graphology-metrics/centrality/closeness";
import edgeBetweennessCentrality from "graphology-metrics/centrality/edge-betweenness";
import { degreeCentrality } from "graphology-metrics/centrality/degree";
import { singleSourceLength } from "graphology-shortest-path/unweighted";
import { LayeredGraph } from "./layered-graph";
import { SimpleGraph, vertexOrder } from "./simple-graph";

/** The thesis's 23 numeric graph columns, in its CSV order (the regression's features). */
export const GRAPH_PROPERTY_COLUMNS = [
  "layers",
  "nodes",
  "edges",
  "source_nodes",
  "sink_nodes",
  "diameter",
  "density",
  "average_shortest_path_length",
  "eccentricity_mean",
  "eccentricity_var",
  "eccentricity_std",
  "degree_mean",
  "degree_var",
  "degree_std",
  "closeness_mean",
  "closeness_var",
  "closeness_std",
  "nodes_betweenness_mean",
  "nodes_betweenness_var",
  "nodes_betweenness_std",
  "edge_betweenness_mean",
  "edge_betweenness_var",
  "edge_betweenness_std",
] as const;

/** One column name of `GRAPH_PROPERTY_COLUMNS`. */
export type GraphPropertyName = (typeof GRAPH_PROPERTY_COLUMNS)[number];

/** One graph's row: every column of `GRAPH_PROPERTY_COLUMNS`, keys in that order. */
export type GraphProperties = { readonly [K in GraphPropertyName]: number };

/** Mean, sample variance (n−1) and standard deviation, computed in two passes like pandas. */
interface Summary {
  readonly mean: number;
  readonly var: number;
  readonly std: number;
}

function summarise(values: readonly number[]): Summary {
  const mean = values.reduce((sum, x) => sum + x, 0) / values.length;
  const variance = values.reduce((sum, x) => sum + (x - mean) * (x - mean), 0) / (values.length - 1);
  return { mean, var: variance, std: Math.sqrt(variance) };
}

/** Eccentricity of every node in `order` (Infinity when some node is unreachable) and Σ of all distances. */
function distanceSummary(
  graph: SimpleGraph,
  order: readonly string[],
): { eccentricities: number[]; totalDistance: number } {
  let totalDistance = 0;
  const eccentricities = order.map((node) => {
    const lengths = singleSourceLength(graph, node);
    let eccentricity = 0;
    let reached = 0;
    for (const other in lengths) {
      const d = lengths[other]!;
      totalDistance += d;
      if (d > eccentricity) eccentricity = d;
      reached++;
    }
    return reached < order.length ? Infinity : eccentricity;
  });
  return { eccentricities, totalDistance };
}

/**
 * networkx's `average_shortest_path_length`: Σ d(u, v) / (n(n−1)) over ordered pairs; 0 for one node, and NaN for a
 * disconnected or empty graph (networkx raises there).
 */
export function averageShortestPathLength(graph: SimpleGraph): number {
  const n = graph.order;
  if (n === 1) return 0;
  if (n === 0) return NaN;
  const { eccentricities, totalDistance } = distanceSummary(graph, vertexOrder(graph));
  return eccentricities.every(Number.isFinite) ? totalDistance / (n * (n - 1)) : NaN;
}

/**
 * Rough seconds `graphProperties` takes for n nodes and m edges on the lab's 2-core machine: about 1e-9 · n²(n + m),
 * since eccentricity, closeness and both betweennesses each search from every node (measured: 3 s for 1,000 nodes
 * of a sparse WS graph, 22 s for 2,000; 6.5 s for a 500-node BA graph of 22,500 edges; the study's graphs: ms).
 */
export function estimatedPropertySeconds(nodes: number, edges: number): number {
  return 1e-9 * nodes * nodes * (nodes + edges);
}

/** The thesis's property row for one graph (needs at least two nodes; see the module comment for definitions). */
export function graphProperties(
  graph: SimpleGraph,
  layered: LayeredGraph = LayeredGraph.fromGraph(graph),
): GraphProperties {
  const n = graph.order;
  if (n < 2) throw new Error(`graph properties need at least 2 nodes, got ${n}`);
  const order = vertexOrder(graph);
  const { eccentricities, totalDistance } = distanceSummary(graph, order);
  const connected = eccentricities.every(Number.isFinite);
  const eccentricity = connected ? summarise(eccentricities) : { mean: NaN, var: NaN, std: NaN };
  const degree = degreeCentrality(graph);
  const closeness = closenessCentrality(graph, { wassermanFaust: true });
  const betweenness = betweennessCentrality(graph, { getEdgeWeight: null, normalized: true });
  const edgeBetweenness = edgeBetweennessCentrality(graph, { getEdgeWeight: null, normalized: true });
  const byNode = (mapping: Record<string, number>): Summary => summarise(order.map((node) => mapping[node]!));
  const degrees = byNode(degree);
  const closenesses = byNode(closeness);
  const betweennesses = byNode(betweenness);
  const edgeValues = summarise(graph.edges().map((edge) => edgeBetweenness[edge]!));
  return {
    layers: layered.layerCount,
    nodes: n,
    edges: graph.size,
    source_nodes: layered.sourceNodes,
    sink_nodes: layered.sinkNodes,
    diameter: connected ? Math.max(...eccentricities) : NaN,
    density: graph.size / (n * (n - 1)),
    average_shortest_path_length: connected ? totalDistance / (n * (n - 1)) : NaN,
    eccentricity_mean: eccentricity.mean,
    eccentricity_var: eccentricity.var,
    eccentricity_std: eccentricity.std,
    degree_mean: degrees.mean,
    degree_var: degrees.var,
    degree_std: degrees.std,
    closeness_mean: closenesses.mean,
    closeness_var: closenesses.var,
    closeness_std: closenesses.std,
    nodes_betweenness_mean: betweennesses.mean,
    nodes_betweenness_var: betweennesses.var,
    nodes_betweenness_std: betweennesses.std,
    edge_betweenness_mean: edgeValues.mean,
    edge_betweenness_var: edgeValues.var,
    edge_betweenness_std: edgeValues.std,
  };
}
