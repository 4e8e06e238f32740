/** Graph files (both accepted forms, clear errors) and the `sparse-rnn graph` commands, run as a process. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseGraphs, readGraphFile, writeGraphFile } from "../../src/graphs/graph-file";
import { estimatedPropertySeconds, GRAPH_PROPERTY_COLUMNS, graphProperties } from "../../src/graphs/graph-properties";
import { generateGraph, thesisGraphs } from "../../src/graphs/random-graphs";
import { edgePairs, serializeGraph } from "../../src/graphs/simple-graph";
import { SeededRandom } from "../../src/random/seeded-random";
import { cli, startCli } from "../support/cli";
import { referenceDir, skipWithoutReference } from "../support/reference";

const work = mkdtempSync(join(tmpdir(), "sparse-rnn-graphs-"));

test("write then read keeps nodes, edges and attributes; the JSON is the same for the same seed", () => {
  const spec = { generator: "watts_strogatz", nodes: 20, k: 4, p: 1, tries: 10 } as const;
  const graphs = [generateGraph(spec, new SeededRandom(1)), generateGraph(spec, new SeededRandom(2))];
  const path = join(work, "two.json");
  writeGraphFile(path, graphs);
  const text = readFileSync(path, "utf8");
  const back = readGraphFile(path);
  assert.equal(back.length, 2);
  back.forEach((graph, i) => {
    assert.deepEqual(edgePairs(graph), edgePairs(graphs[i]!));
    assert.deepEqual(graph.getAttributes(), { ...spec });
  });
  writeGraphFile(path, [generateGraph(spec, new SeededRandom(1)), generateGraph(spec, new SeededRandom(2))]);
  assert.equal(readFileSync(path, "utf8"), text);
  writeGraphFile(path, [graphs[0]!]);
  assert.equal(readGraphFile(path).length, 1);
});

test("edge-list form: num_nodes and edges, other scalar fields become attributes", () => {
  const [graph] = parseGraphs(
    JSON.stringify({
      graph: "watts_strogatz",
      graph_nr: 3,
      num_nodes: 4,
      edges: [
        [0, 1],
        [2, 3],
      ],
      thesis: {},
    }),
    "x.json",
  );
  assert.deepEqual(edgePairs(graph!), [
    [0, 1],
    [2, 3],
  ]);
  assert.equal(graph!.order, 4);
  assert.deepEqual(graph!.getAttributes(), { graph: "watts_strogatz", graph_nr: 3 });
});

test("malformed graph files name the file, the graph index and the problem", () => {
  const bad: [unknown, RegExp][] = [
    [
      [
        { num_nodes: 3, edges: [[0, 1]] },
        { num_nodes: 3, edges: [[0, 3]] },
      ],
      /f\.json: graph 1: edge 0 \[0, 3\]: vertex 3 is not an integer in \[0, 2\]/,
    ],
    [
      [
        {
          num_nodes: 3,
          edges: [
            [0, 1],
            [1, 0],
          ],
        },
      ],
      /graph 0: edge 1 \[1, 0\]: duplicate edge/,
    ],
    [{ num_nodes: 3, edges: [[1, 1]] }, /f\.json: edge 0 \[1, 1\]: self-loops are not allowed/],
    [{ num_nodes: 0, edges: [] }, /"num_nodes" must be a positive integer, got 0/],
    [{ num_nodes: 3, edges: [[0]] }, /edge 0 must be a pair of vertex numbers/],
    [[{ nodes: [{ key: "a" }], edges: [{ source: "a", target: "b" }] }], /graph 0: .*b/],
    [{ nodes: [{ key: "a" }], edges: [{ source: "a", target: "a" }] }, /self-loops are not allowed \(node a\)/],
    [[1], /graph 0: expected an object/],
    [{ vertices: 3 }, /expected graphology's serialised form/],
    [[], /the array holds no graphs/],
  ];
  for (const [json, message] of bad)
    assert.throws(() => parseGraphs(JSON.stringify(json), "f.json"), message, JSON.stringify(json));
  assert.throws(() => parseGraphs("{oops", "f.json"), /f\.json: not valid JSON/);
  assert.throws(
    () => readGraphFile(join(work, "missing.json")),
    /cannot read the graph file .*missing\.json: no such file/,
  );
});

test(
  "reads the thesis-graphs file and the structured torch vectors as graphs",
  { skip: skipWithoutReference("thesis-graphs") },
  () => {
    const graphs = readGraphFile(join(referenceDir!, "thesis-graphs", "gru.json"));
    assert.equal(graphs.length, 200);
    assert.equal(graphs[0]!.getAttribute("graph"), "barabasi_albert");
    assert.equal(readGraphFile(join(referenceDir!, "torch-vectors", "structured0-gru.json"))[0]!.size, 10);
  },
);

test("CLI: generate, then properties and layers (table and --json)", () => {
  const out = join(work, "ba.json");
  const generated = cli("graph", "generate", "--generator", "ba", "--nodes", "27", "--seed", "5", "--out", out);
  assert.equal(generated.status, 0, generated.stderr);
  assert.match(generated.stdout, /wrote 1 barabasi_albert graph \(nodes=27 m=2 start=empty; 50 edges\)/);
  const [graph] = readGraphFile(out);
  assert.deepEqual(graph!.getAttributes(), {
    generator: "barabasi_albert",
    nodes: 27,
    m: 2,
    start: "empty",
    seed: 5,
    graph_nr: 0,
  });
  // Graph 0 of seed 5 is the seed's stream "graph 0".
  assert.deepEqual(
    edgePairs(graph!),
    edgePairs(
      generateGraph(
        { generator: "barabasi_albert", nodes: 27, m: 2, start: "empty" },
        new SeededRandom(5).fork("graph 0"),
      ),
    ),
  );

  const json = cli("graph", "properties", out, "--json");
  assert.equal(json.status, 0, json.stderr);
  const row = JSON.parse(json.stdout);
  assert.deepEqual(Object.keys(row), ["graph", "graph_nr", ...GRAPH_PROPERTY_COLUMNS]);
  assert.deepEqual(row, { graph: "barabasi_albert", graph_nr: 0, ...graphProperties(graph!) });
  const table = cli("graph", "properties", out);
  assert.match(table.stdout, /^property\s+value\nlayers\s+\d+\n/);
  assert.match(table.stdout, /edge_betweenness_std\s+0\.\d+/);

  const layers = cli("graph", "layers", out, "--json");
  const summary = JSON.parse(layers.stdout);
  assert.equal(
    summary.layer_sizes.reduce((a: number, b: number) => a + b, 0),
    27,
  );
  assert.match(
    cli("graph", "layers", out).stdout,
    /graph 0 \(barabasi_albert\): 27 nodes, 50 edges, \d+ layers\n  layer sizes: [\d ]+\n  skip pairs/,
  );
});

test("CLI: several graphs, Watts–Strogatz defaults, Erdős–Rényi needs --p, disconnected graphs noted", () => {
  const out = join(work, "ws.json");
  const ws = cli(
    "graph",
    "generate",
    "--generator",
    "ws",
    "--nodes",
    "30",
    "--count",
    "3",
    "--seed",
    "1",
    "--out",
    out,
  );
  assert.equal(ws.status, 0, ws.stderr);
  assert.match(ws.stdout, /wrote 3 watts_strogatz graphs \(nodes=30 k=6 p=1 tries=10; 90 edges\)/);
  const rows = JSON.parse(cli("graph", "properties", out, "--json").stdout);
  assert.deepEqual(
    rows.map((r: { graph_nr: number }) => r.graph_nr),
    [0, 1, 2],
  );
  assert.equal(cli("graph", "properties", out).stdout.trim().split("\n").length, 4);

  const range = join(work, "range.json");
  const thesis = cli(
    "graph",
    "generate",
    "--generator",
    "ba",
    "--nodes",
    "10:50",
    "--count",
    "40",
    "--seed",
    "2",
    "--out",
    range,
  );
  assert.match(thesis.stdout, /wrote 40 barabasi_albert graphs \(nodes=\d+–\d+ m=\d–\d start=empty; \d+–\d+ edges\)/);
  const drawn = readGraphFile(range);
  assert.ok(drawn.every((g) => g.order >= 10 && g.order <= 50 && g.getAttribute("m") === Math.floor(g.order / 10)));
  assert.ok(new Set(drawn.map((g) => g.order)).size > 10);
  // The library's thesis set is exactly what the CLI writes for --nodes 10:50, and a longer run extends a shorter one.
  const library = thesisGraphs("barabasi_albert", 40, 2);
  assert.deepEqual(drawn.map(serializeGraph), library.map(serializeGraph));
  assert.deepEqual(thesisGraphs("barabasi_albert", 3, 2).map(serializeGraph), library.slice(0, 3).map(serializeGraph));
  assert.match(
    cli("graph", "generate", "--generator", "ba", "--nodes", "10:5", "--seed", "1", "--out", range).stderr,
    /--nodes range 10:5 is empty/,
  );

  const er = cli(
    "graph",
    "generate",
    "--generator",
    "er",
    "--nodes",
    "20",
    "--seed",
    "1",
    "--out",
    join(work, "er.json"),
  );
  assert.equal(er.status, 1);
  assert.match(er.stderr, /--generator er needs --p/);
  const disconnected = join(work, "disconnected.json");
  writeFileSync(disconnected, JSON.stringify({ num_nodes: 4, edges: [[0, 1]] }));
  const props = cli("graph", "properties", disconnected);
  assert.equal(props.status, 0);
  assert.match(props.stdout, /diameter\s+n\/a/);
  assert.match(props.stderr, /1 graph\(s\) are disconnected/);
  assert.equal(JSON.parse(cli("graph", "properties", disconnected, "--json").stdout).diameter, null);
});

test("CLI: bad input is a clear error", () => {
  const unknown = cli(
    "graph",
    "generate",
    "--generator",
    "xx",
    "--nodes",
    "20",
    "--seed",
    "1",
    "--out",
    join(work, "x.json"),
  );
  assert.match(unknown.stderr, /sparse-rnn: unknown generator "xx"/);
  const small = cli(
    "graph",
    "generate",
    "--generator",
    "ba",
    "--nodes",
    "5",
    "--seed",
    "1",
    "--out",
    join(work, "x.json"),
  );
  assert.match(small.stderr, /default m = nodes \/\/ 10 is 0 for 5 nodes: give --m/);
  const nodes = cli(
    "graph",
    "generate",
    "--generator",
    "ws",
    "--nodes",
    "ten",
    "--seed",
    "1",
    "--out",
    join(work, "x.json"),
  );
  assert.match(nodes.stderr, /--nodes must be an integer >= 1 and <= 100000, got "ten"/);
  const malformed = join(work, "malformed.json");
  writeFileSync(
    malformed,
    JSON.stringify([
      { num_nodes: 3, edges: [] },
      { num_nodes: 3, edges: [[0, 5]] },
    ]),
  );
  const result = cli("graph", "layers", malformed);
  assert.equal(result.status, 1);
  assert.match(result.stderr, /malformed\.json: graph 1: edge 0 \[0, 5\]: vertex 5 is not an integer in \[0, 2\]/);
});

test("a node count a file or flag implies is capped before anything is allocated, naming the field or flag", () => {
  const started = Date.now();
  assert.throws(
    () => parseGraphs('{"num_nodes":1000000000,"edges":[[0,1]]}', "huge.json"),
    /^Error: huge\.json: "num_nodes" is 1000000000, above the lab's limit of 100000 nodes$/,
  );
  assert.throws(
    () => parseGraphs('[{"num_nodes":3,"edges":[]},{"num_nodes":200000,"edges":[]}]', "f.json"),
    /f\.json: graph 1: "num_nodes" is 200000/,
  );
  assert.ok(Date.now() - started < 1000, "refused at once, not after allocating");
  const flag = cli(
    "graph",
    "generate",
    "--generator",
    "ws",
    "--nodes",
    "1000000000",
    "--seed",
    "1",
    "--out",
    join(work, "x.json"),
  );
  assert.match(flag.stderr, /--nodes must be an integer >= 1 and <= 100000, got "1000000000"/);
  const range = cli("experiment", "structure", "--nodes", "10..1000000", "--out", join(work, "never"));
  assert.match(range.stderr, /--nodes: "1000000" is not a number in \[2, 100000\]/);
});

test("graph properties warns with an estimate before a long run, and stays quiet on the study's graphs", async () => {
  const large = join(work, "large.json");
  writeFileSync(large, JSON.stringify({ num_nodes: 3000, edges: Array.from({ length: 2999 }, (_, i) => [i, i + 1]) }));
  assert.ok(estimatedPropertySeconds(3000, 2999) > 10);
  assert.ok(estimatedPropertySeconds(50, 250) < 0.01);
  // Only the warning is checked: the run itself takes a minute, so the child is stopped once it has spoken.
  const run = startCli("graph", "properties", large);
  for (let i = 0; i < 3000 && !run.stderr().includes("\n"); i++) await new Promise((r) => setTimeout(r, 5));
  run.child.kill("SIGKILL");
  assert.match(
    (await run.exited).stderr,
    new RegExp(
      /graph properties: .*large\.json: 1 graph\(s\), the largest of 3000 nodes and 2999 edges; expect /.source +
        /about [\dhms]+ \(the time grows as n²\(n \+ m\)\)/.source,
    ),
  );
  const small = join(work, "small.json");
  writeFileSync(small, JSON.stringify({ num_nodes: 30, edges: Array.from({ length: 29 }, (_, i) => [i, i + 1]) }));
  assert.equal(cli("graph", "properties", small).stderr, "");
});
