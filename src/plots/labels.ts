/**
 * Readable axis and legend labels for the study's column names, used by every figure: one map, so a property is
 * named the same way in every chapter. Names follow the thesis's tables 6.1–6.4 (networkx's definitions; "var" and
 * "std" are over the graph's vertices or edges), with the unit where a quantity has one.
 */

/** Column name → label (unit in parentheses where there is one). */
export const COLUMN_LABELS: Readonly<Record<string, string>> = Object.freeze({
  // Graph properties (src/graphs/graph-properties.ts, the thesis's 23 columns).
  layers: "layers",
  nodes: "vertices",
  edges: "edges",
  source_nodes: "source vertices",
  sink_nodes: "sink vertices",
  diameter: "diameter (hops)",
  density: "density",
  average_shortest_path_length: "mean shortest path (hops)",
  eccentricity_mean: "eccentricity, mean (hops)",
  eccentricity_var: "eccentricity, variance (hops²)",
  eccentricity_std: "eccentricity, s.d. (hops)",
  degree_mean: "degree, mean",
  degree_var: "degree, variance",
  degree_std: "degree, s.d.",
  closeness_mean: "closeness, mean",
  closeness_var: "closeness, variance",
  closeness_std: "closeness, s.d.",
  nodes_betweenness_mean: "vertex betweenness, mean",
  nodes_betweenness_var: "vertex betweenness, variance",
  nodes_betweenness_std: "vertex betweenness, s.d.",
  edge_betweenness_mean: "edge betweenness, mean",
  edge_betweenness_var: "edge betweenness, variance",
  edge_betweenness_std: "edge betweenness, s.d.",
  // Relational-graph measures and the spectrum sweep's grid (src/experiments/spectrum-sweep.ts).
  average_clustering: "average clustering C",
  transitivity: "transitivity",
  k: "average degree k",
  p: "rewiring probability p",
  replicate: "training seed",
  // Training records (epochs.csv, pruning-records.csv, results.csv).
  test_acc: "test accuracy",
  train_acc: "training accuracy",
  test_loss: "test loss (sum of batch means)",
  train_loss: "training loss (sum of batch means)",
  acc: "accuracy",
  loss: "loss (sum of batch means)",
  epoch: "epoch",
  prune: "pruned weights (%)",
  time: "time (s)",
  graph_nr: "graph",
  mode: "variant",
  graph: "generator",
});

/**
 * The label of a column: the map's entry, else the name with underscores as spaces (so an unknown column still
 * reads as words, never as `snake_case`).
 */
export function columnLabel(column: string): string {
  return COLUMN_LABELS[column] ?? column.replace(/_/g, " ");
}

/** A label without its unit, for panel titles and legends where the axis already carries the unit. */
export function shortColumnLabel(column: string): string {
  return columnLabel(column).replace(/ \([^)]*\)$/, "");
}
