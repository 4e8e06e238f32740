/**
 * Graph files: JSON holding one graph or an array of graphs. Each graph is either graphology's serialised form
 * (`graph.export()`: {attributes?, nodes: [{key}], edges: [{source, target}]}) or an edge list
 * `{"num_nodes": n, "edges": [[u, v], …]}` with vertices 0..n-1 (the thesis-graphs entries and the structured
 * torch vectors are of this kind; their other scalar fields, e.g. graph and graph_nr, become graph attributes).
 */
import { writeFileAtomic } from "../files/atomic-file";
import { readTextFile } from "../files/read-file";
import { UndirectedGraph } from "graphology";
import { EdgePair, MAX_GRAPH_NODES, SimpleGraph, graphFromEdges, serializeGraph } from "./simple-graph";

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** An edge-list graph; scalar fields other than num_nodes and edges are kept as attributes. */
function fromEdgeList(entry: JsonObject): SimpleGraph {
  const n = entry.num_nodes;
  if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 1)
    throw new Error(`"num_nodes" must be a positive integer, got ${JSON.stringify(n)}`);
  if (n > MAX_GRAPH_NODES) throw new Error(`"num_nodes" is ${n}, above the lab's limit of ${MAX_GRAPH_NODES} nodes`);
  if (!Array.isArray(entry.edges)) throw new Error(`"edges" must be an array of [u, v] pairs`);
  const edges = entry.edges.map((edge: unknown, position): EdgePair => {
    if (!Array.isArray(edge) || edge.length !== 2 || !edge.every((end) => typeof end === "number")) {
      throw new Error(`edge ${position} must be a pair of vertex numbers [u, v], got ${JSON.stringify(edge)}`);
    }
    return [edge[0] as number, edge[1] as number];
  });
  const graph = graphFromEdges(n, edges);
  for (const [name, value] of Object.entries(entry)) {
    if (name === "num_nodes" || name === "edges") continue;
    if (value === null || ["string", "number", "boolean"].includes(typeof value)) graph.setAttribute(name, value);
  }
  return graph;
}

/** graphology's serialised form, as an undirected simple graph. */
function fromSerialized(entry: JsonObject): SimpleGraph {
  if (!Array.isArray(entry.nodes)) throw new Error(`"nodes" must be an array of {key} objects`);
  if (entry.edges !== undefined && !Array.isArray(entry.edges))
    throw new Error(`"edges" must be an array of {source, target} objects`);
  (entry.edges as unknown[] | undefined)?.forEach((edge, position) => {
    if (!isObject(edge) || edge.source === undefined || edge.target === undefined) {
      throw new Error(`edge ${position} must be an object with "source" and "target", got ${JSON.stringify(edge)}`);
    }
    if (String(edge.source) === String(edge.target))
      throw new Error(`edge ${position}: self-loops are not allowed (node ${String(edge.source)})`);
  });
  const graph = new UndirectedGraph({ multi: false, allowSelfLoops: false });
  // Only graph options we support are applied: the file's own options (e.g. multi) are overridden.
  graph.import({
    attributes: entry.attributes as JsonObject | undefined,
    nodes: entry.nodes,
    edges: (entry.edges as never[] | undefined) ?? [],
  });
  return graph;
}

/** Parse one graph entry, naming the entry in any error. */
function parseEntry(entry: unknown, where: string): SimpleGraph {
  try {
    if (!isObject(entry))
      throw new Error(`expected an object, got ${Array.isArray(entry) ? "an array" : JSON.stringify(entry)}`);
    if ("num_nodes" in entry) return fromEdgeList(entry);
    if ("nodes" in entry) return fromSerialized(entry);
    throw new Error(`expected graphology's serialised form {nodes, edges} or {"num_nodes", "edges"}`);
  } catch (error) {
    throw new Error(`${where}: ${(error as Error).message}`);
  }
}

/** Parse a graph file's text (one graph or an array); `source` names the file in errors. */
export function parseGraphs(text: string, source: string): SimpleGraph[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${source}: not valid JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(json)) return [parseEntry(json, source)];
  if (json.length === 0) throw new Error(`${source}: the array holds no graphs`);
  return json.map((entry, i) => parseEntry(entry, `${source}: graph ${i}`));
}

/** Read every graph of a graph file (one graph or an array; see the module comment for accepted forms). */
export function readGraphFile(path: string): SimpleGraph[] {
  return parseGraphs(readTextFile(path, "the graph file"), path);
}

/** Write graphs in graphology's serialised form (one graph as an object, several as an array), atomically. */
export function writeGraphFile(path: string, graphs: readonly SimpleGraph[]): void {
  const json = graphs.length === 1 ? serializeGraph(graphs[0]!) : graphs.map(serializeGraph);
  writeFileAtomic(path, JSON.stringify(json) + "\n");
}
