/**
 * From an undirected graph to a relational recurrent network (beyond the thesis): the relational graph of You,
 * Leskovec, He & Xie ("Graph Structure of Neural Networks", ICML 2020) applied to the recurrence.
 *
 * One recurrent layer has a unit per vertex. Its hidden-to-hidden weights follow the graph with self-loops: unit v
 * reads the previous state of itself and of its neighbours, in every gate block (as the "faithful" gate layout). One
 * round of message exchange happens per time step, as graph2nn's one round per layer, so the network's depth is the
 * same for every graph. The thesis's layered mapping (./layered-graph.ts) turns a graph into a stack whose depth
 * grows with the path lengths, which confounds the graph's C and L with depth.
 *
 * The input-to-hidden weights stay dense (every unit reads the embedding, as every graph2nn node reads the input), so
 * the complete graph K_n gives the dense one-layer model of n units: the sweep's baseline.
 */
import { gateCount, taskArchitecture, type RecurrentMode } from "../models/architecture";
import { maskTensor, type TensorMap } from "../models/named-tensors";
import { layerTensorName, recurrentLayerPrefix } from "../models/parameter-names";
import type { GraphArchitecture } from "./layered-graph";
import type { EdgePair } from "./simple-graph";

/** How a graph becomes a network: the thesis's layered stack, or one relational recurrent layer. */
export type GraphMapping = "layered" | "relational";

/** The mappings, the thesis's (the default) first. */
export const GRAPH_MAPPINGS: readonly GraphMapping[] = ["layered", "relational"];

/** Parse a user-supplied graph mapping, or throw naming the accepted ones. */
export function parseGraphMapping(text: string): GraphMapping {
  const mapping = GRAPH_MAPPINGS.find((name) => name === text.trim().toLowerCase());
  if (!mapping) throw new Error(`unknown graph mapping "${text}": expected ${GRAPH_MAPPINGS.join(" or ")}`);
  return mapping;
}

/**
 * The hidden-to-hidden mask of the relational layer: [G·n, n], entry (g·n + v, u) is 1 iff u = v or {u, v} is an
 * edge, for every gate block g.
 */
export function relationalRecurrentMask(vertexCount: number, edges: readonly EdgePair[], gates: number): Uint8Array {
  if (!Number.isSafeInteger(vertexCount) || vertexCount < 1)
    throw new Error(`a relational network needs at least one vertex, got ${vertexCount}`);
  if (!Number.isSafeInteger(gates) || gates < 1) throw new Error(`gate count must be a positive integer, got ${gates}`);
  const n = vertexCount;
  const data = new Uint8Array(gates * n * n);
  const connect = (v: number, u: number) => {
    for (let g = 0; g < gates; g++) data[(g * n + v) * n + u] = 1;
  };
  for (let v = 0; v < n; v++) connect(v, v);
  edges.forEach(([a, b], position) => {
    if (![a, b].every((end) => Number.isSafeInteger(end) && end >= 0 && end < n))
      throw new Error(`edge ${position} [${a}, ${b}]: vertices must be integers in [0, ${n - 1}]`);
    if (a === b) throw new Error(`edge ${position} [${a}, ${b}]: a self-loop (every unit already reads itself)`);
    connect(a, b);
    connect(b, a);
  });
  return data;
}

/** The relational recurrent network of a graph: one layer of n units, h2h masked by the graph plus self-loops. */
export function relationalArchitecture(
  mode: RecurrentMode,
  vertexCount: number,
  edges: readonly EdgePair[],
): GraphArchitecture {
  const gates = gateCount(mode);
  const architecture = taskArchitecture(mode, [vertexCount]);
  const prefix = recurrentLayerPrefix(0);
  const masks: TensorMap = new Map([
    [layerTensorName(prefix, "mask_i2h"), maskTensor([gates * vertexCount, vertexCount])],
    [
      layerTensorName(prefix, "mask_h2h"),
      maskTensor([gates * vertexCount, vertexCount], relationalRecurrentMask(vertexCount, edges, gates)),
    ],
  ]);
  return { architecture, masks };
}
