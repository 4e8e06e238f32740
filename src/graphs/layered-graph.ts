/**
 * From an undirected graph to a layered network (thesis section 5.3, Algorithm 2).
 *
 * Each edge {u, v} becomes u → v for u < v (vertex index), which makes a DAG whose topological order is 0..n-1.
 * A vertex's layer is 1 + the largest layer of its parents, 0 without parents: the longest path from a source.
 * Vertices are taken in ascending index inside a layer. Every vertex of layer l ≥ 1 has a parent in layer l − 1,
 * so consecutive layers are always connected; an edge s → t with s ≤ t − 2 needs a skip layer.
 *
 * Mask layout: a mask from layer s to layer t has shape [G·|t|, |s|] (G gate blocks: 1 RNN, 3 GRU, 4 LSTM).
 * In the "thesis" layout (checked against the PyTorch reference) row r stands for the t-vertex ⌊r / G⌋: the thesis
 * repeats each vertex's row G times in a row (PyTorch `repeat_interleave`), so the gate blocks (rows g·|t| ..
 * (g+1)·|t|−1) are not wired as the graph says. The "faithful" layout tiles the graph's mask once per gate block:
 * row r stands for the t-vertex r mod |t|. Entry (r, c) is 1 iff there is an edge from the c-th vertex of layer s
 * to that t-vertex. The two layouts agree for RNN_TANH and RNN_RELU (G = 1).
 */
import { Architecture, RecurrentMode, SkipConnection, gateCount, taskArchitecture } from "../models/architecture";
import { NamedTensor, TensorMap, maskTensor } from "../models/named-tensors";
import { EdgePair, SimpleGraph, edgePairs } from "./simple-graph";
import { layerTensorName, recurrentLayerPrefix, skipLayerPrefix } from "../models/parameter-names";

/** How a graph's mask rows meet the gate blocks: "thesis" repeats each row G times, "faithful" masks every block. */
export type GateLayout = "thesis" | "faithful";

/** The gate layouts, the thesis's (the default, for parity) first. */
export const GATE_LAYOUTS: readonly GateLayout[] = ["thesis", "faithful"];

/** Parse a user-supplied gate layout, or throw naming the accepted ones. */
export function parseGateLayout(text: string): GateLayout {
  const layout = GATE_LAYOUTS.find((name) => name === text.trim().toLowerCase());
  if (!layout) throw new Error(`unknown gate layout "${text}": expected ${GATE_LAYOUTS.join(" or ")}`);
  return layout;
}

/** A layered model's architecture with the masks that wire it like the graph. */
export interface GraphArchitecture {
  readonly architecture: Architecture;
  /** Masks under PyTorch's names, per layer `mask_i2h` then `mask_h2h`, layers first, then skip layers. */
  readonly masks: TensorMap;
}

/** A DAG layered by longest path from the sources, with the masks and architecture it induces. */
export class LayeredGraph {
  /** Number of vertices. */
  readonly vertexCount: number;
  /** Oriented edges u → v (u < v), sorted by u then v. */
  readonly edges: readonly EdgePair[];
  /** Layer index of each vertex. */
  readonly layerOf: readonly number[];
  /** Vertices of each layer, ascending. */
  readonly layers: readonly (readonly number[])[];
  private readonly edgeKeys: ReadonlySet<number>;

  private constructor(vertexCount: number, edges: readonly EdgePair[]) {
    this.vertexCount = vertexCount;
    this.edges = edges;
    const parents: number[][] = Array.from({ length: vertexCount }, () => []);
    for (const [u, v] of edges) parents[v]!.push(u);
    // Ascending index is a topological order, so every parent's layer is known when a vertex is reached.
    const layerOf: number[] = [];
    for (let v = 0; v < vertexCount; v++)
      layerOf.push(parents[v]!.reduce((layer, u) => Math.max(layer, layerOf[u]! + 1), 0));
    const layers: number[][] = Array.from({ length: layerOf.reduce((a, b) => Math.max(a, b), 0) + 1 }, () => []);
    for (let v = 0; v < vertexCount; v++) layers[layerOf[v]!]!.push(v);
    this.layerOf = layerOf;
    this.layers = layers;
    this.edgeKeys = new Set(edges.map(([u, v]) => u * vertexCount + v));
  }

  /** Layer a graph given as a vertex count and undirected index-pair edges (either order; oriented low → high). */
  static fromEdges(vertexCount: number, edges: readonly EdgePair[]): LayeredGraph {
    if (!Number.isSafeInteger(vertexCount) || vertexCount < 1)
      throw new Error(`a layered graph needs at least one vertex, got ${vertexCount}`);
    const seen = new Set<number>();
    const oriented = edges.map(([a, b], position): EdgePair => {
      if (![a, b].every((end) => Number.isSafeInteger(end) && end >= 0 && end < vertexCount)) {
        throw new Error(`edge ${position} [${a}, ${b}]: vertices must be integers in [0, ${vertexCount - 1}]`);
      }
      if (a === b) throw new Error(`edge ${position} [${a}, ${b}]: self-loops cannot be oriented`);
      const pair: EdgePair = a < b ? [a, b] : [b, a];
      const key = pair[0] * vertexCount + pair[1];
      if (seen.has(key)) throw new Error(`edge ${position} [${a}, ${b}]: duplicate edge`);
      seen.add(key);
      return pair;
    });
    return new LayeredGraph(
      vertexCount,
      oriented.sort((x, y) => x[0] - y[0] || x[1] - y[1]),
    );
  }

  /** Layer a graphology graph (vertex indices as `vertexOrder` defines them). */
  static fromGraph(graph: SimpleGraph): LayeredGraph {
    return LayeredGraph.fromEdges(graph.order, edgePairs(graph));
  }

  /** Number of layers. */
  get layerCount(): number {
    return this.layers.length;
  }

  /** Units per layer. */
  get layerSizes(): number[] {
    return this.layers.map((layer) => layer.length);
  }

  /** Size of layer 0 (the thesis's `source_nodes`). */
  get sourceNodes(): number {
    return this.layers[0]!.length;
  }

  /** Size of the last layer (the thesis's `sink_nodes`). */
  get sinkNodes(): number {
    return this.layers[this.layers.length - 1]!.length;
  }

  /** Whether the oriented edge u → v exists. */
  hasEdge(u: number, v: number): boolean {
    return this.edgeKeys.has(u * this.vertexCount + v);
  }

  /** Every layer pair (s, t) with at least one edge s → t, ascending by t then s. */
  connectedLayerPairs(): SkipConnection[] {
    const keys = new Set(this.edges.map(([u, v]) => this.layerOf[v]! * this.layerCount + this.layerOf[u]!));
    return [...keys]
      .sort((a, b) => a - b)
      .map((key) => ({ source: key % this.layerCount, target: Math.floor(key / this.layerCount) }));
  }

  /** The pairs that need a skip layer (s ≤ t − 2), in skip-layer order: ascending t, then s. */
  skipPairs(): SkipConnection[] {
    return this.connectedLayerPairs().filter(({ source, target }) => source <= target - 2);
  }

  /**
   * The mask from layer `source` to layer `target`: [gates·|t|, |s|], row r for t-vertex ⌊r / gates⌋ ("thesis") or
   * r mod |t| ("faithful": the graph's mask in every gate block).
   */
  mask(source: number, target: number, gates = 1, layout: GateLayout = "thesis"): NamedTensor {
    this.checkLayer(source);
    this.checkLayer(target);
    if (!Number.isSafeInteger(gates) || gates < 1)
      throw new Error(`gate count must be a positive integer, got ${gates}`);
    if (!GATE_LAYOUTS.includes(layout))
      throw new Error(`gate layout must be ${GATE_LAYOUTS.join(" or ")}, got ${layout}`);
    const rows = this.layers[target]!;
    const columns = this.layers[source]!;
    const data = new Uint8Array(gates * rows.length * columns.length);
    const row =
      layout === "thesis" ? (i: number, g: number) => i * gates + g : (i: number, g: number) => g * rows.length + i;
    rows.forEach((v, i) => {
      columns.forEach((u, c) => {
        if (!this.hasEdge(u, v)) return;
        for (let g = 0; g < gates; g++) data[row(i, g) * columns.length + c] = 1;
      });
    });
    return maskTensor([gates * rows.length, columns.length], data);
  }

  /** The structured model's architecture without its masks (cheap: to check its size before building it). */
  architecture(mode: RecurrentMode): Architecture {
    return taskArchitecture(mode, this.layerSizes, this.skipPairs());
  }

  /**
   * The structured model for a recurrent variant: one layer per DAG layer (layer 0 dense on an embedding of
   * |layer 0|), `mask_i2h` from the edges l−1 → l, dense `mask_h2h`, and one skip layer per `skipPairs()` entry.
   * `layout` places the graph's rows in the gate blocks (see the module comment); dense masks are the same in both.
   */
  toArchitecture(mode: RecurrentMode, layout: GateLayout = "thesis"): GraphArchitecture {
    const gates = gateCount(mode);
    const architecture = this.architecture(mode);
    const { layerSizes: sizes, skips } = architecture;
    const masks: TensorMap = new Map();
    sizes.forEach((size, l) => {
      const prefix = recurrentLayerPrefix(l);
      masks.set(
        layerTensorName(prefix, "mask_i2h"),
        l === 0 ? maskTensor([gates * size, size]) : this.mask(l - 1, l, gates, layout),
      );
      masks.set(layerTensorName(prefix, "mask_h2h"), maskTensor([gates * size, size]));
    });
    skips.forEach(({ source, target }, k) => {
      const prefix = skipLayerPrefix(k);
      masks.set(layerTensorName(prefix, "mask_i2h"), this.mask(source, target, gates, layout));
      masks.set(layerTensorName(prefix, "mask_h2h"), maskTensor([gates * sizes[target]!, sizes[target]!]));
    });
    return { architecture, masks };
  }

  private checkLayer(layer: number): void {
    if (!Number.isSafeInteger(layer) || layer < 0 || layer >= this.layerCount) {
      throw new Error(`layer ${layer} does not exist: the graph has layers 0..${this.layerCount - 1}`);
    }
  }
}
