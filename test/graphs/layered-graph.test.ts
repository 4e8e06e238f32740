/**
 * Graph → layered model against the PyTorch reference (../shared/reference/torch-vectors/structured{0,1}-*.json):
 * layers, skip pairs, the architecture and every mask must match exactly; plus Algorithm 2 on hand-made DAGs.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { LayeredGraph } from "../../src/graphs/layered-graph";
import { graphFromEdges } from "../../src/graphs/simple-graph";
import { parseRecurrentMode, gateCount } from "../../src/models/architecture";
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
