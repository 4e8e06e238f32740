/**
 * Graph properties against networkx: every column of every thesis graph (400 graphs, networkx 2.8 values in
 * ../shared/reference/thesis-graphs) and small graphs whose values were computed once with networkx 3.6
 * (`nx.degree_centrality`, `nx.closeness_centrality`, `nx.betweenness_centrality`, `nx.edge_betweenness_centrality`,
 * `nx.eccentricity`, `statistics.mean/variance`).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { GRAPH_PROPERTY_COLUMNS, graphProperties } from "../../src/graphs/graph-properties";
import { parseGraphs } from "../../src/graphs/graph-file";
import { graphFromEdges } from "../../src/graphs/simple-graph";
import { readReferenceJson, skipWithoutReference } from "../support/reference";
import { assertClose } from "./assert-close";

interface ThesisGraph {
  readonly graph: string;
  readonly graph_nr: number;
  readonly num_nodes: number;
  readonly edges: [number, number][];
  readonly thesis: Record<string, number | string>;
}

for (const variant of ["gru", "lstm"]) {
  test(
    `every property of the 200 ${variant.toUpperCase()} thesis graphs equals the thesis's row`,
    { skip: skipWithoutReference("thesis-graphs") },
    () => {
      const entries = readReferenceJson<ThesisGraph[]>(`thesis-graphs/${variant}.json`);
      const graphs = parseGraphs(JSON.stringify(entries), `${variant}.json`);
      assert.equal(graphs.length, 200);
      graphs.forEach((graph, i) => {
        const row = graphProperties(graph);
        assert.deepEqual(Object.keys(row), [...GRAPH_PROPERTY_COLUMNS]);
        for (const column of GRAPH_PROPERTY_COLUMNS) {
          assertClose(
            row[column],
            entries[i]!.thesis[column] as number,
            `${variant} graph ${i} (${entries[i]!.graph} ${entries[i]!.graph_nr}) ${column}`,
          );
        }
      });
    },
  );
}

test("column order is the thesis's: layers … edge_betweenness_std (23 features)", () => {
  assert.equal(GRAPH_PROPERTY_COLUMNS.length, 23);
  assert.equal(GRAPH_PROPERTY_COLUMNS[0], "layers");
  assert.equal(GRAPH_PROPERTY_COLUMNS[22], "edge_betweenness_std");
});

/** networkx 3.6 values: [mean, sample variance] per centrality, plus diameter, path length, eccentricity. */
const NETWORKX_SMALL = [
  {
    name: "path on 5 nodes",
    nodes: 5,
    edges: [
      [0, 1],
      [1, 2],
      [2, 3],
      [3, 4],
    ] as [number, number][],
    diameter: 4,
    aspl: 2.0,
    ecc: [3.2, 0.7],
    degree: [0.4, 0.01875],
    closeness: [0.5219047619047619, 0.013895691609977317],
    betweenness: [0.3333333333333333, 0.09722222222222221],
    edgeBetweenness: [0.5, 0.013333333333333343],
  },
  {
    name: "star on 5 nodes",
    nodes: 5,
    edges: [
      [0, 1],
      [0, 2],
      [0, 3],
      [0, 4],
    ] as [number, number][],
    diameter: 2,
    aspl: 1.6,
    ecc: [1.8, 0.2],
    degree: [0.4, 0.1125],
    closeness: [0.6571428571428571, 0.036734693877551024],
    betweenness: [0.2, 0.2],
    edgeBetweenness: [0.4, 0.0],
  },
];

for (const c of NETWORKX_SMALL) {
  test(`${c.name}: networkx's values`, () => {
    const row = graphProperties(graphFromEdges(c.nodes, c.edges));
    assertClose(row.diameter, c.diameter, "diameter");
    assertClose(row.average_shortest_path_length, c.aspl, "average_shortest_path_length");
    assertClose(row.density, c.edges.length / (c.nodes * (c.nodes - 1)), "density (edges / n(n-1))");
    const pairs = [
      ["eccentricity", c.ecc],
      ["degree", c.degree],
      ["closeness", c.closeness],
      ["nodes_betweenness", c.betweenness],
      ["edge_betweenness", c.edgeBetweenness],
    ] as const;
    for (const [prefix, [mean, variance]] of pairs) {
      const r = row as unknown as Record<string, number>;
      assertClose(r[`${prefix}_mean`]!, mean!, `${prefix}_mean`);
      assertClose(r[`${prefix}_var`]!, variance!, `${prefix}_var`, 1e-9, 1e-15);
      assertClose(r[`${prefix}_std`]!, Math.sqrt(variance!), `${prefix}_std`, 1e-9, 1e-7);
    }
  });
}

test("disconnected graph: Wasserman–Faust closeness and betweenness as networkx, distance columns NaN", () => {
  const row = graphProperties(
    graphFromEdges(6, [
      [0, 1],
      [1, 2],
      [3, 4],
    ]),
  );
  assertClose(row.degree_mean, 0.2, "degree_mean");
  assertClose(row.degree_var, 0.016, "degree_var");
  assertClose(row.closeness_mean, 0.22222222222222224, "closeness_mean");
  assertClose(row.closeness_var, 0.017185185185185185, "closeness_var");
  assertClose(row.nodes_betweenness_mean, 0.016666666666666666, "nodes_betweenness_mean");
  assertClose(row.nodes_betweenness_var, 0.0016666666666666668, "nodes_betweenness_var");
  assertClose(row.edge_betweenness_mean, 0.1111111111111111, "edge_betweenness_mean");
  assertClose(row.edge_betweenness_var, 0.0014814814814814814, "edge_betweenness_var");
  assert.ok(
    Number.isNaN(row.diameter) && Number.isNaN(row.average_shortest_path_length) && Number.isNaN(row.eccentricity_mean),
  );
  assert.equal(row.layers, 3);
  assert.equal(row.source_nodes, 3); // vertices 0, 3 and the isolated 5
});

test("fewer than two nodes is a clear error", () => {
  assert.throws(() => graphProperties(graphFromEdges(1, [])), /at least 2 nodes, got 1/);
});
