#!/usr/bin/env node
// Print, as JSON on stdout, edge lists of graphs made by the lab's own generators (dist/, so `npm run build` first):
// the graphs of test/fixtures/networkx-clustering.json whose "source" is "ours". scripts/make-networkx-vectors.py
// runs this and adds networkx's measures of each graph; the test regenerates each graph from its spec and seed.
import { createRequire } from "node:module";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { edgePairs, generateGraph } = createRequire(import.meta.url)(join(root, "dist", "graphs", "index.js"));
const { SeededRandom } = createRequire(import.meta.url)(join(root, "dist", "random", "seeded-random.js"));

const specs = [
  ...[0, 0.05, 0.2, 0.5, 1].map((p) => ({ generator: "watts_strogatz", nodes: 30, k: 6, p, tries: 100 })),
  { generator: "watts_strogatz", nodes: 64, k: 8, p: 0.1, tries: 100 },
  { generator: "barabasi_albert", nodes: 30, m: 3, start: "empty" },
  { generator: "barabasi_albert", nodes: 50, m: 5, start: "star" },
  { generator: "erdos_renyi", nodes: 30, p: 0.08 },
  { generator: "erdos_renyi", nodes: 40, p: 0.3 },
  // graph2nn's setting: n = 64, real-valued k across its range, p from lattice to random.
  ...[2.6, 5.3, 12.4, 31.5, 63].flatMap((k) =>
    [0, 0.04, 0.25, 1].map((p) => ({ generator: "ws_flex", nodes: 64, k, p, tries: 100 })),
  ),
  { generator: "ws_flex", nodes: 15, k: 4.6, p: 0.3, tries: 100 },
  { generator: "ws_flex", nodes: 16, k: 3.3, p: 0, tries: 100 },
  ...[1, 2, 10, 64].map((nodes) => ({ generator: "complete", nodes })),
];

const graphs = specs.map((spec, seed) => {
  const graph = generateGraph(spec, new SeededRandom(seed));
  return { source: "ours", spec, seed, nodes: graph.order, edges: edgePairs(graph) };
});
process.stdout.write(JSON.stringify(graphs) + "\n");
