/**
 * The relational mapping (one recurrent layer, hidden-to-hidden weights on the graph's edges and self-loops): its mask
 * against graphology's own adjacency, gate block by gate block; the complete graph as the dense one-layer model; and
 * the masked model computing what a dense model with the non-edges' weights zeroed computes.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { makeBatch } from "../../src/data/batching";
import { loadSplit } from "../../src/data/dataset-files";
import { completeGraph } from "../../src/graphs/complete-graph";
import { parseGraphMapping, relationalArchitecture } from "../../src/graphs/relational-network";
import { edgePairs, graphFromEdges, vertexOrder } from "../../src/graphs/simple-graph";
import { wsFlexGraph } from "../../src/graphs/ws-flex";
import { gateCount, RECURRENT_MODES, stackedArchitecture } from "../../src/models/architecture";
import { initialParameters, RecurrentModel } from "../../src/models/recurrent-model";
import { SeededRandom } from "../../src/random/seeded-random";

const H2H = "recurrent.recurrent_layers.0.mask_h2h";
const I2H = "recurrent.recurrent_layers.0.mask_i2h";

test("relational mapping: every gate block of the h2h mask is the graph's adjacency plus self-loops", () => {
  const graph = wsFlexGraph({ nodes: 12, k: 3.5, p: 0.4 }, new SeededRandom(3));
  const order = vertexOrder(graph);
  for (const mode of RECURRENT_MODES) {
    const gates = gateCount(mode);
    const { architecture, masks } = relationalArchitecture(mode, graph.order, edgePairs(graph));
    assert.deepEqual(architecture.layerSizes, [12]);
    assert.deepEqual(architecture.skips, []);
    assert.deepEqual(masks.get(H2H)!.shape, [gates * 12, 12]);
    assert.ok(
      masks.get(I2H)!.data.every((x) => x === 1),
      "every unit reads the embedding",
    );
    for (let g = 0; g < gates; g++)
      for (let v = 0; v < 12; v++)
        for (let u = 0; u < 12; u++) {
          const expected = u === v || graph.areNeighbors(order[u]!, order[v]!) ? 1 : 0;
          assert.equal(masks.get(H2H)!.data[(g * 12 + v) * 12 + u], expected, `${mode} gate ${g}: ${u} → ${v}`);
        }
  }
});

test("relational mapping: bad input names the edge; unknown mapping names the accepted ones", () => {
  assert.throws(
    () => relationalArchitecture("GRU", 4, [[0, 4]]),
    /edge 0 \[0, 4\]: vertices must be integers in \[0, 3\]/,
  );
  assert.throws(() => relationalArchitecture("GRU", 4, [[2, 2]]), /edge 0 \[2, 2\]: a self-loop/);
  assert.throws(() => parseGraphMapping("stacked"), /expected layered or relational/);
  assert.equal(parseGraphMapping(" Relational "), "relational");
});

test("relational mapping: K_n is the dense one-layer model, and a sparse graph computes the zeroed dense model", () => {
  const data = loadSplit();
  const batch = makeBatch(data.test, [0, 1, 2, 3, 4, 5]);
  for (const mode of ["GRU", "LSTM"] as const) {
    const dense = stackedArchitecture(mode, [10]);
    const params = initialParameters(dense, new SeededRandom(5));
    const complete = relationalArchitecture(mode, 10, edgePairs(completeGraph({ nodes: 10 })));
    assert.ok(complete.masks.get(H2H)!.data.every((x) => x === 1));
    assert.deepEqual(complete.architecture, dense);

    const graph = wsFlexGraph({ nodes: 10, k: 4, p: 0.3 }, new SeededRandom(8));
    const { architecture, masks } = relationalArchitecture(mode, 10, edgePairs(graph));
    const masked = new RecurrentModel(architecture, new Map([...params, ...masks])).evaluate(batch).logits;
    const mask = masks.get(H2H)!.data;
    const weight = params.get("recurrent.recurrent_layers.0.weight_hh")!;
    const zeroed = new Map(params).set("recurrent.recurrent_layers.0.weight_hh", {
      ...weight,
      data: Float32Array.from(weight.data as Float32Array, (value, i) => (mask[i] ? value : 0)),
    });
    const reference = new RecurrentModel(dense, zeroed).evaluate(batch).logits;
    const unmasked = new RecurrentModel(dense, params).evaluate(batch).logits;
    masked.forEach((value, i) => assert.ok(Math.abs(value - reference[i]!) < 1e-5, `${mode} logit ${i}`));
    assert.ok(
      masked.some((value, i) => Math.abs(value - unmasked[i]!) > 1e-4),
      `${mode}: the mask changes the logits`,
    );
  }
});
