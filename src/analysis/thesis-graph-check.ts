/**
 * The thesis's own graphs, recomputed: every property of its 200 graphs per variant from our graph library against
 * the values in its CSV, and its correlation tables (6.3–6.4) from its own accuracies. Reads the reference folder's
 * `thesis-graphs/<mode>.json` (each graph's vertex count, edges and the thesis's CSV row); never copies it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { GRAPH_PROPERTY_COLUMNS, graphProperties } from "../graphs/graph-properties";
import { graphFromEdges, type EdgePair } from "../graphs/simple-graph";
import type { StructureRow } from "./results-csv";
import { propertyCorrelations } from "./structure-correlation";

/** One graph of the thesis's sweep: its vertex count, undirected edges, and its row of the thesis's CSV. */
export interface ThesisGraph {
  readonly num_nodes: number;
  readonly edges: readonly EdgePair[];
  readonly thesis: StructureRow;
}

/** How our recomputation agrees with the thesis's CSV and tables for one variant. */
export interface ThesisGraphCheck {
  readonly mode: string;
  readonly graphs: number;
  /** Largest |our property − the thesis's CSV value| over graphs and the 23 properties. */
  readonly largestPropertyGap: number;
  /** Largest |r recomputed from the CSV rows − r printed in the table| over the table's properties. */
  readonly largestCorrelationGap: number;
  /** Mean test accuracy of the CSV rows. */
  readonly meanAccuracy: number;
}

/** The thesis's graphs of one variant from `<dir>/<mode>.json` (dir: the reference folder's `thesis-graphs`). */
export function readThesisGraphs(dir: string, mode: string): ThesisGraph[] {
  const path = join(dir, `${mode.toLowerCase()}.json`);
  const graphs = JSON.parse(readFileSync(path, "utf8")) as ThesisGraph[];
  if (!Array.isArray(graphs) || graphs.length === 0) throw new Error(`${path}: expected a non-empty list of graphs`);
  return graphs;
}

/** Recompute one variant's graphs and correlations; compare them with the thesis's CSV and `table` (property → r). */
export function checkThesisGraphs(
  mode: string,
  graphs: readonly ThesisGraph[],
  table: Readonly<Record<string, number>>,
): ThesisGraphCheck {
  let largestPropertyGap = 0;
  for (const g of graphs) {
    const ours = graphProperties(graphFromEdges(g.num_nodes, g.edges));
    for (const p of GRAPH_PROPERTY_COLUMNS) {
      largestPropertyGap = Math.max(largestPropertyGap, Math.abs(ours[p] - (g.thesis[p] as number)));
    }
  }
  const rows = graphs.map((g) => g.thesis);
  const correlations = propertyCorrelations(rows, { features: Object.keys(table), source: `thesis graphs (${mode})` });
  const largestCorrelationGap = Math.max(...correlations.map((c) => Math.abs(c.r - table[c.property]!)));
  const meanAccuracy = rows.reduce((sum, row) => sum + (row.test_acc as number), 0) / rows.length;
  return { mode, graphs: graphs.length, largestPropertyGap, largestCorrelationGap, meanAccuracy };
}
