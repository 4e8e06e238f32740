/**
 * Random graph generators: structure that networkx guarantees, determinism per seed, and distributions compared
 * with networkx's. The reference statistics were computed once with /usr/bin/python3 (networkx 3.6.1) over seeds
 * 0..3999: `nx.barabasi_albert_graph(30, 3)` for the star start, networkx 2.5's algorithm (m isolated nodes, ported
 * line by line) for the empty start, `nx.connected_watts_strogatz_graph(30, 6, p, tries=10)`; each value is the mean
 * over graphs of the statistic with its standard error. Tolerances are 6 combined standard errors.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { SeededRandom } from "../../src/random/seeded-random";
import { barabasiAlbertGraph, BarabasiAlbertStart } from "../../src/graphs/barabasi-albert";
import { connectedWattsStrogatzGraph, wattsStrogatzGraph } from "../../src/graphs/watts-strogatz";
import { erdosRenyiGraph } from "../../src/graphs/erdos-renyi";
import { generateGraph, parseGeneratorName, thesisGraphSpec } from "../../src/graphs/random-graphs";
import { SimpleGraph, edgePairs, isConnected } from "../../src/graphs/simple-graph";
import { graphProperties } from "../../src/graphs/graph-properties";

/** Reference: [mean, standard error] of each statistic over 4000 networkx graphs. */
type Reference = Record<"max_degree" | "degree_var" | "degree_node0" | "diameter" | "aspl", [number, number]>;

const NETWORKX: Record<string, Reference> = {
  "ba 30 3 empty": {
    max_degree: [15.4288, 0.037],
    degree_var: [10.8159, 0.0381],
    degree_node0: [6.9495, 0.058],
    diameter: [3.5965, 0.0078],
    aspl: [2.0551, 0.0005],
  },
  "ba 30 3 star": {
    max_degree: [15.3835, 0.0367],
    degree_var: [10.7776, 0.0379],
    degree_node0: [13.4787, 0.0537],
    diameter: [3.6008, 0.0077],
    aspl: [2.0547, 0.0005],
  },
  "ws 30 6 1": {
    max_degree: [9.7263, 0.0158],
    degree_var: [2.7148, 0.011],
    degree_node0: [5.947, 0.0256],
    diameter: [3.3822, 0.0077],
    aspl: [2.0065, 0.0003],
  },
  "ws 30 6 0.2": {
    max_degree: [8.2662, 0.0105],
    degree_var: [1.0935, 0.0054],
    degree_node0: [5.9935, 0.0162],
    diameter: [4.0077, 0.0038],
    aspl: [2.1713, 0.001],
  },
};

const SAMPLES = 1000;

function degrees(graph: SimpleGraph): number[] {
  return graph.mapNodes((node) => graph.degree(node));
}

/** Compare our generator's statistics over SAMPLES seeds with networkx's over 4000. */
function compareWithNetworkx(name: string, make: (random: SeededRandom) => SimpleGraph): void {
  const reference = NETWORKX[name]!;
  const sums = { max_degree: 0, degree_var: 0, degree_node0: 0, diameter: 0, aspl: 0 };
  const squares = { ...sums };
  const root = new SeededRandom(2021);
  for (let i = 0; i < SAMPLES; i++) {
    const graph = make(root.fork(`sample ${i}`));
    const d = degrees(graph);
    const mean = d.reduce((a, b) => a + b, 0) / d.length;
    const row = graphProperties(graph);
    const values = {
      max_degree: Math.max(...d),
      degree_var: d.reduce((a, b) => a + (b - mean) ** 2, 0) / (d.length - 1),
      degree_node0: graph.degree("0"),
      diameter: row.diameter,
      aspl: row.average_shortest_path_length,
    };
    for (const key of Object.keys(sums) as (keyof typeof sums)[]) {
      sums[key] += values[key];
      squares[key] += values[key] ** 2;
    }
  }
  for (const key of Object.keys(sums) as (keyof typeof sums)[]) {
    const mean = sums[key] / SAMPLES;
    const standardError = Math.sqrt((squares[key] / SAMPLES - mean * mean) / SAMPLES);
    const [expected, expectedError] = reference[key];
    const tolerance = 6 * Math.hypot(standardError, expectedError);
    assert.ok(
      Math.abs(mean - expected) <= tolerance,
      `${name} ${key}: mean ${mean.toFixed(4)}, networkx ${expected} (tolerance ${tolerance.toFixed(4)})`,
    );
  }
}

for (const start of ["empty", "star"] as BarabasiAlbertStart[]) {
  test(`Barabási–Albert (${start} start) matches networkx's distribution`, () => {
    compareWithNetworkx(`ba 30 3 ${start}`, (random) => barabasiAlbertGraph({ nodes: 30, m: 3, start }, random));
  });
}

test(
  "Barabási–Albert structure: m(n−m) edges, " +
    "each new node joins m earlier nodes, node m joins 0..m−1 (thesis start)",
  () => {
    const root = new SeededRandom(7);
    for (let i = 0; i < 200; i++) {
      const n = root.int(10, 50);
      const m = Math.max(1, Math.floor(n / 10));
      const graph = barabasiAlbertGraph({ nodes: n, m }, root.fork(`g${i}`));
      assert.equal(graph.order, n);
      assert.equal(graph.size, m * (n - m));
      const lower = Array.from({ length: n }, () => [] as number[]);
      for (const [u, v] of edgePairs(graph)) lower[v]!.push(u);
      assert.deepEqual(
        lower[m],
        Array.from({ length: m }, (_, j) => j),
      );
      for (let v = 0; v < n; v++) assert.equal(lower[v]!.length, v < m ? 0 : m, `node ${v} of n=${n}, m=${m}`);
      assert.ok(isConnected(graph));
    }
    const star = barabasiAlbertGraph({ nodes: 12, m: 3, start: "star" }, new SeededRandom(1));
    assert.equal(star.size, 3 * 9);
    assert.ok(["1", "2", "3"].every((leaf) => star.hasEdge("0", leaf)));
  },
);

test("Watts–Strogatz (p = 1 and p = 0.2) matches networkx's distribution", () => {
  compareWithNetworkx("ws 30 6 1", (random) =>
    connectedWattsStrogatzGraph({ nodes: 30, k: 6, p: 1, tries: 10 }, random),
  );
  compareWithNetworkx("ws 30 6 0.2", (random) =>
    connectedWattsStrogatzGraph({ nodes: 30, k: 6, p: 0.2, tries: 10 }, random),
  );
});

test(
  "Watts–Strogatz structure: connected, n·(k//2) edges, " +
    "thesis k = n // 5, p = 1 keeps k//2 rewired edges per node",
  () => {
    const root = new SeededRandom(11);
    for (let i = 0; i < 200; i++) {
      const spec = thesisGraphSpec("watts_strogatz", root);
      if (spec.generator !== "watts_strogatz") throw new Error("unexpected spec");
      assert.equal(spec.k, Math.floor(spec.nodes / 5));
      const graph = generateGraph(spec, root.fork(`g${i}`));
      assert.ok(isConnected(graph));
      assert.equal(graph.size, spec.nodes * Math.floor(spec.k / 2));
      // At p = 1 every lattice edge (u, u+j) is rewired from u, so u keeps its k//2 edges.
      assert.ok(degrees(graph).every((d) => d >= Math.floor(spec.k / 2)));
    }
  },
);

test("Watts–Strogatz limits: p = 0 is the ring lattice, k = n is complete, k > n and hopeless tries are errors", () => {
  const ring = wattsStrogatzGraph({ nodes: 8, k: 4, p: 0 }, new SeededRandom(1));
  assert.deepEqual(edgePairs(ring), [
    [0, 1],
    [0, 2],
    [0, 6],
    [0, 7],
    [1, 2],
    [1, 3],
    [1, 7],
    [2, 3],
    [2, 4],
    [3, 4],
    [3, 5],
    [4, 5],
    [4, 6],
    [5, 6],
    [5, 7],
    [6, 7],
  ]);
  assert.equal(wattsStrogatzGraph({ nodes: 6, k: 6, p: 1 }, new SeededRandom(1)).size, 15);
  assert.throws(() => wattsStrogatzGraph({ nodes: 5, k: 6, p: 1 }, new SeededRandom(1)), /k <= n, got k=6, n=5/);
  assert.throws(
    () => connectedWattsStrogatzGraph({ nodes: 10, k: 1, p: 1, tries: 3 }, new SeededRandom(1)),
    /no connected Watts–Strogatz graph in 3 tries/,
  );
});

test("Erdős–Rényi: p = 0 empty, p = 1 complete, edge count binomial(C(n,2), p)", () => {
  assert.equal(erdosRenyiGraph({ nodes: 9, p: 0 }, new SeededRandom(1)).size, 0);
  assert.equal(erdosRenyiGraph({ nodes: 9, p: 1 }, new SeededRandom(1)).size, 36);
  const root = new SeededRandom(5);
  let total = 0;
  for (let i = 0; i < SAMPLES; i++) total += erdosRenyiGraph({ nodes: 30, p: 0.2 }, root).size;
  // Mean of SAMPLES binomial(435, 0.2) counts: 87 ± 6·sqrt(435·0.2·0.8 / SAMPLES).
  assert.ok(
    Math.abs(total / SAMPLES - 87) <= 6 * Math.sqrt((435 * 0.2 * 0.8) / SAMPLES),
    `mean edges ${total / SAMPLES}`,
  );
  assert.throws(() => erdosRenyiGraph({ nodes: 5, p: 1.5 }, new SeededRandom(1)), /probability p in \[0, 1\], got 1.5/);
});

test("every generator is deterministic per seed and differs across seeds", () => {
  const specs = [
    { generator: "barabasi_albert", nodes: 25, m: 2 },
    { generator: "watts_strogatz", nodes: 25, k: 5, p: 1, tries: 10 },
    { generator: "erdos_renyi", nodes: 25, p: 0.2 },
  ] as const;
  for (const spec of specs) {
    const a = edgePairs(generateGraph(spec, new SeededRandom(42)));
    const b = edgePairs(generateGraph(spec, new SeededRandom(42)));
    const c = edgePairs(generateGraph(spec, new SeededRandom(43)));
    assert.deepEqual(a, b, spec.generator);
    assert.notDeepEqual(a, c, spec.generator);
    assert.deepEqual(generateGraph(spec, new SeededRandom(42)).getAttributes(), { ...spec });
  }
});

test("thesis specs: n in [10, 50], m = n // 10, k = n // 5, p = 1, 10 tries; generator names parse", () => {
  const root = new SeededRandom(3);
  const seen = new Set<number>();
  for (let i = 0; i < 500; i++) {
    const spec = thesisGraphSpec("barabasi_albert", root);
    assert.ok(spec.nodes >= 10 && spec.nodes <= 50);
    seen.add(spec.nodes);
    assert.deepEqual(spec, {
      generator: "barabasi_albert",
      nodes: spec.nodes,
      m: Math.floor(spec.nodes / 10),
      start: "empty",
    });
  }
  assert.equal(seen.size, 41);
  const ws = thesisGraphSpec("watts_strogatz", new SeededRandom(1));
  assert.deepEqual(ws, { generator: "watts_strogatz", nodes: ws.nodes, k: Math.floor(ws.nodes / 5), p: 1, tries: 10 });
  assert.equal(parseGeneratorName("BA"), "barabasi_albert");
  assert.equal(parseGeneratorName("ws"), "watts_strogatz");
  assert.equal(parseGeneratorName("erdos_renyi"), "erdos_renyi");
  assert.throws(() => parseGeneratorName("xx"), /unknown generator "xx": expected ba, ws or er/);
});
