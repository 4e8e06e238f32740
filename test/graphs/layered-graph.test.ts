/**
 * Graph → layered model against the PyTorch reference (../shared/reference/torch-vectors/structured{0,1}-*.json):
 * layers, skip pairs, the architecture and every mask must match exactly; plus Algorithm 2 on hand-made DAGs, and
 * the faithful gate layout against the graph's adjacency, gate block by gate block.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { LayeredGraph, parseGateLayout } from "../../src/graphs/layered-graph";
import { barabasiAlbertGraph } from "../../src/graphs/barabasi-albert";
import { edgePairs, graphFromEdges, type EdgePair } from "../../src/graphs/simple-graph";
import { parseRecurrentMode, gateCount, type RecurrentMode } from "../../src/models/architecture";
import { SeededRandom } from "../../src/random/seeded-random";
import { readReferenceJson, skipWithoutReference } from "../support/reference";

interface StructuredVector {
  readonly mode: string;
  readonly num_nodes: number;
  readonly edges: [number, number][];
  readonly layers: number[][];
  readonly skip_pairs: [number, number][];
  readonly params?: Record<string, { shape: number[] }>;
  readonly masks: Record<string, { shape: number[]; data: number[] }>;
}

/** Layers, skip pairs, architecture and every mask (and, when given, that each mask fits its weight). */
function checkAgainstVector(vector: StructuredVector): void {
  const layered = LayeredGraph.fromGraph(graphFromEdges(vector.num_nodes, vector.edges));
  assert.deepEqual(layered.layers, vector.layers);
  assert.deepEqual(
    layered.skipPairs().map(({ source, target }) => [source, target]),
    vector.skip_pairs,
  );
  const { architecture, masks } = layered.toArchitecture(parseRecurrentMode(vector.mode));
  assert.deepEqual(
    architecture.layerSizes,
    vector.layers.map((layer) => layer.length),
  );
  assert.deepEqual(
    architecture.skips,
    vector.skip_pairs.map(([source, target]) => ({ source, target })),
  );
  assert.deepEqual([...masks.keys()], Object.keys(vector.masks));
  for (const [name, expected] of Object.entries(vector.masks)) {
    const mask = masks.get(name)!;
    assert.equal(mask.dtype, "bool", name);
    assert.deepEqual(mask.shape, expected.shape, `${name} shape`);
    assert.deepEqual([...mask.data], expected.data, `${name} data`);
    // A mask covers exactly its weight matrix.
    const weight = vector.params?.[name.replace("mask_i2h", "weight_ih").replace("mask_h2h", "weight_hh")];
    if (weight) assert.deepEqual(mask.shape, weight.shape, `${name} fits its weight`);
  }
}

for (const index of [0, 1]) {
  for (const mode of ["rnn_tanh", "rnn_relu", "lstm", "gru"]) {
    const file = `torch-vectors/structured${index}-${mode}.json`;
    test(`${file}: layers, skip pairs, architecture and every mask match`, { skip: skipWithoutReference(file) }, () => {
      checkAgainstVector(readReferenceJson<StructuredVector>(file));
    });
  }
}

test("Algorithm 2: layer = 1 + max parent layer, vertices ascending, sources and sinks", () => {
  // 0→2, 1→2, 2→3, 0→3, 3→4, 1→4: layers {0,1}, {2}, {3}, {4}; skips 0→2 (0→3) and 0→3 (1→4).
  const layered = LayeredGraph.fromEdges(5, [
    [2, 0],
    [1, 2],
    [2, 3],
    [0, 3],
    [4, 3],
    [1, 4],
  ]);
  assert.deepEqual(layered.layers, [[0, 1], [2], [3], [4]]);
  assert.deepEqual(layered.layerOf, [0, 0, 1, 2, 3]);
  assert.deepEqual(layered.edges, [
    [0, 2],
    [0, 3],
    [1, 2],
    [1, 4],
    [2, 3],
    [3, 4],
  ]);
  assert.equal(layered.sourceNodes, 2);
  assert.equal(layered.sinkNodes, 1);
  assert.deepEqual(layered.connectedLayerPairs(), [
    { source: 0, target: 1 },
    { source: 0, target: 2 },
    { source: 1, target: 2 },
    { source: 0, target: 3 },
    { source: 2, target: 3 },
  ]);
  assert.deepEqual(layered.skipPairs(), [
    { source: 0, target: 2 },
    { source: 0, target: 3 },
  ]);
});

test("masks repeat each target vertex's row once per gate, consecutively", () => {
  const layered = LayeredGraph.fromEdges(4, [
    [0, 2],
    [1, 3],
    [0, 3],
  ]);
  assert.deepEqual(layered.layers, [
    [0, 1],
    [2, 3],
  ]);
  const mask = layered.mask(0, 1, gateCount("GRU"));
  assert.deepEqual(mask.shape, [6, 2]);
  assert.deepEqual([...mask.data], [1, 0, 1, 0, 1, 0, 1, 1, 1, 1, 1, 1]);
  const { masks } = layered.toArchitecture("LSTM");
  assert.deepEqual(masks.get("recurrent.recurrent_layers.0.mask_i2h")!.shape, [8, 2]);
  assert.ok([...masks.get("recurrent.recurrent_layers.0.mask_i2h")!.data].every((x) => x === 1));
  assert.deepEqual(masks.get("recurrent.recurrent_layers.1.mask_h2h")!.shape, [8, 2]);
});

test("a graph without edges is one layer; bad input is a clear error", () => {
  const single = LayeredGraph.fromEdges(3, []);
  assert.deepEqual(single.layerSizes, [3]);
  assert.deepEqual(single.toArchitecture("RNN_TANH").architecture.skips, []);
  assert.throws(() => LayeredGraph.fromEdges(3, [[0, 3]]), /edge 0 \[0, 3\]: vertices must be integers in \[0, 2\]/);
  assert.throws(() => LayeredGraph.fromEdges(3, [[1, 1]]), /self-loops/);
  assert.throws(
    () =>
      LayeredGraph.fromEdges(3, [
        [0, 1],
        [1, 0],
      ]),
    /edge 1 \[1, 0\]: duplicate edge/,
  );
  assert.throws(() => single.mask(0, 1), /layer 1 does not exist: the graph has layers 0..0/);
});

test("non-numeric node keys keep insertion order as the vertex index", async () => {
  const { UndirectedGraph } = await import("graphology");
  const graph = new UndirectedGraph();
  for (const key of ["c", "a", "b"]) graph.addNode(key);
  graph.addEdge("a", "c"); // c (index 0) → a (index 1)
  graph.addEdge("b", "a"); // a (1) → b (2)
  assert.deepEqual(LayeredGraph.fromGraph(graph).layers, [[0], [1], [2]]);
});

/**
 * Every mask of the faithful layout against the graph, recomputed here from the undirected edge list: in each gate
 * block g (rows g·|t| .. (g+1)·|t|−1) entry (i, c) is 1 iff the graph joins the c-th vertex of the source layer and
 * the i-th vertex of the target layer; layer 0's i2h and every h2h mask are dense, as in the thesis layout.
 */
function checkFaithfulMasks(vertexCount: number, edges: readonly EdgePair[], mode: RecurrentMode): void {
  const layered = LayeredGraph.fromEdges(vertexCount, edges);
  const joined = new Set(edges.flatMap(([a, b]) => [`${a}-${b}`, `${b}-${a}`]));
  const gates = gateCount(mode);
  const { architecture, masks } = layered.toArchitecture(mode, "faithful");
  const sources = [
    ...architecture.layerSizes.map((_, l) => ({ prefix: `recurrent.recurrent_layers.${l}`, source: l - 1, target: l })),
    ...architecture.skips.map(({ source, target }, k) => ({ prefix: `recurrent.skip_layers.${k}`, source, target })),
  ];
  assert.equal(masks.size, 2 * sources.length);
  for (const { prefix, source, target } of sources) {
    const rows = layered.layers[target]!;
    const i2h = masks.get(`${prefix}.mask_i2h`)!;
    const h2h = masks.get(`${prefix}.mask_h2h`)!;
    const columns = source < 0 ? rows : layered.layers[source]!;
    assert.deepEqual(i2h.shape, [gates * rows.length, columns.length], `${prefix}.mask_i2h shape`);
    assert.deepEqual(h2h.shape, [gates * rows.length, rows.length], `${prefix}.mask_h2h shape`);
    assert.ok(
      h2h.data.every((x) => x === 1),
      `${prefix}.mask_h2h is dense`,
    );
    for (let g = 0; g < gates; g++) {
      rows.forEach((v, i) => {
        columns.forEach((u, c) => {
          const expected = source < 0 || joined.has(`${u}-${v}`) ? 1 : 0;
          const got = i2h.data[(g * rows.length + i) * columns.length + c];
          assert.equal(got, expected, `${mode} ${prefix}.mask_i2h gate ${g}: vertex ${u} → ${v}`);
        });
      });
    }
  }
}

test("faithful layout: each gate block of every mask is the graph's adjacency (GRU and LSTM, with skip layers)", () => {
  // Hand-made: layers {0,1}, {2}, {3}, {4} with skips 0→2 and 0→3.
  const hand: EdgePair[] = [
    [2, 0],
    [1, 2],
    [2, 3],
    [0, 3],
    [4, 3],
    [1, 4],
  ];
  const random = new SeededRandom(13);
  const graphs = [
    { n: 5, edges: hand },
    ...[18, 30].map((nodes) => {
      const graph = barabasiAlbertGraph({ nodes, m: 2, start: "empty" }, random.fork(`ba-${nodes}`));
      return { n: nodes, edges: edgePairs(graph) };
    }),
  ];
  for (const { n, edges } of graphs) {
    assert.ok(LayeredGraph.fromEdges(n, edges).skipPairs().length >= 2, "the graph has skip layers");
    for (const mode of ["GRU", "LSTM"] as const) checkFaithfulMasks(n, edges, mode);
  }
});

test("the layouts hold the same rows in another order, and agree for the single-gate RNNs", () => {
  const random = new SeededRandom(5);
  const layered = LayeredGraph.fromGraph(barabasiAlbertGraph({ nodes: 24, m: 2, start: "empty" }, random));
  for (const mode of ["RNN_TANH", "RNN_RELU", "GRU", "LSTM"] as const) {
    const gates = gateCount(mode);
    const thesis = layered.toArchitecture(mode).masks;
    const explicit = layered.toArchitecture(mode, "thesis").masks;
    const faithful = layered.toArchitecture(mode, "faithful").masks;
    for (const [name, mask] of thesis) {
      assert.deepEqual(explicit.get(name)!.data, mask.data, `${name}: "thesis" is the default`);
      const other = faithful.get(name)!;
      assert.deepEqual(other.shape, mask.shape);
      const [rowCount, columns] = mask.shape as [number, number];
      const units = rowCount / gates;
      // Thesis row i·G + g is faithful row g·H + i.
      for (let i = 0; i < units; i++)
        for (let g = 0; g < gates; g++)
          assert.deepEqual(
            other.data.subarray((g * units + i) * columns, (g * units + i + 1) * columns),
            mask.data.subarray((i * gates + g) * columns, (i * gates + g + 1) * columns),
            `${mode} ${name} unit ${i} gate ${g}`,
          );
      if (gates === 1) assert.deepEqual(other.data, mask.data, `${mode} ${name}: one gate, one layout`);
    }
  }
});

test("gate layouts parse by name; anything else is a clear error", () => {
  assert.equal(parseGateLayout("thesis"), "thesis");
  assert.equal(parseGateLayout(" Faithful "), "faithful");
  assert.throws(() => parseGateLayout("tiled"), /unknown gate layout "tiled": expected thesis or faithful/);
  const layered = LayeredGraph.fromEdges(2, [[0, 1]]);
  assert.throws(() => layered.mask(0, 1, 3, "tiled" as never), /gate layout must be thesis or faithful, got tiled/);
});
