/** The thesis's 23 graph features of a structured network (columns of its results CSV) and the appendix-B subsets. */
import { GRAPH_PROPERTY_COLUMNS } from "../graphs/graph-properties";

/** The 23 numeric feature columns, in the thesis's CSV order (layers … edge_betweenness_std): the graph properties. */
export const STRUCTURE_FEATURES: readonly string[] = GRAPH_PROPERTY_COLUMNS;

/** The size columns the thesis's appendix B removes or keeps alone. */
const NODE_EDGE_FEATURES: readonly string[] = ["nodes", "edges", "source_nodes", "sink_nodes"];

/** Named feature subsets of thesis appendix B. */
export const FEATURE_SUBSETS: Readonly<Record<string, readonly string[]>> = {
  all: STRUCTURE_FEATURES,
  without_node_edge: STRUCTURE_FEATURES.filter((f) => !NODE_EDGE_FEATURES.includes(f)),
  only_node_edge: NODE_EDGE_FEATURES,
  only_var: ["eccentricity_var", "degree_var", "closeness_var", "nodes_betweenness_var", "edge_betweenness_var"],
};

/** A subset name (`all`, `without_node_edge`, …), a comma-separated list, or explicit column names. */
export type FeatureSelection = string | readonly string[];

/** Resolve a feature selection to column names (no duplicates, order kept). */
export function resolveFeatures(selection: FeatureSelection = "all"): string[] {
  if (typeof selection === "string") {
    const subset = FEATURE_SUBSETS[selection];
    if (subset) return [...subset];
    selection = selection
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
  }
  if (selection.length === 0) {
    throw new Error(
      `no features selected: give ${Object.keys(FEATURE_SUBSETS).join(", ")} or a comma-separated list of columns`,
    );
  }
  const seen = new Set<string>();
  for (const name of selection) {
    if (seen.has(name)) throw new Error(`feature '${name}' is listed twice`);
    seen.add(name);
  }
  return [...selection];
}
