/**
 * The relational-graph measures of You, Leskovec, He & Xie ("Graph Structure of Neural Networks", ICML 2020):
 * average clustering coefficient C and average path length L, the two axes of their small-world sweet spot, plus
 * transitivity (the triangle share over the whole graph). Kept apart from the thesis's 23 properties
 * (`GRAPH_PROPERTY_COLUMNS`) so its regression keeps exactly its features.
 */
import { averageClustering, transitivity } from "./clustering";
import { averageShortestPathLength } from "./graph-properties";
import type { SimpleGraph } from "./simple-graph";

/** C, transitivity and L of one graph, each with networkx's definition. */
export interface RelationalMeasures {
  /** networkx `average_clustering` (vertices of degree < 2 count as 0). */
  readonly averageClustering: number;
  /** networkx `transitivity`. */
  readonly transitivity: number;
  /** networkx `average_shortest_path_length`; NaN when the graph is disconnected. */
  readonly averagePathLength: number;
}

/** The relational measures of one graph (graph2nn's C and L, and transitivity). */
export function relationalMeasures(graph: SimpleGraph): RelationalMeasures {
  return {
    averageClustering: averageClustering(graph),
    transitivity: transitivity(graph),
    averagePathLength: averageShortestPathLength(graph),
  };
}
