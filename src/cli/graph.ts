/**
 * CLI: `sparse-rnn graph …` (thesis section 5.3): generate random graphs, compute the thesis's graph properties,
 * and show how a graph layers into a structured recurrent model.
 */
import type { Command } from "commander";
import {
  estimatedPropertySeconds,
  GRAPH_PROPERTY_COLUMNS,
  GraphProperties,
  graphProperties,
} from "../graphs/graph-properties";
import { LayeredGraph } from "../graphs/layered-graph";
import { GraphSpec, generateGraphs, parseGeneratorName } from "../graphs/random-graphs";
import { readGraphFile, writeGraphFile } from "../graphs/graph-file";
import { MAX_GRAPH_NODES, SimpleGraph } from "../graphs/simple-graph";
import { formatDuration } from "../experiments/runner";
import { parseSeedOption } from "./model-options";

/** Parse an integer option value, or throw naming the option. */
function integerOption(
  name: string,
  text: string | undefined,
  minimum: number,
  maximum = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < minimum || value > maximum) {
    const upTo = maximum < Number.MAX_SAFE_INTEGER ? ` and <= ${maximum}` : "";
    throw new Error(`--${name} must be an integer >= ${minimum}${upTo}, got "${text}"`);
  }
  return value;
}

/** Parse a probability option value, or throw naming the option. */
function probabilityOption(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === "" || !(value >= 0 && value <= 1))
    throw new Error(`--${name} must be a probability in [0, 1], got "${text}"`);
  return value;
}

interface GenerateOptions {
  generator: string;
  nodes: string;
  m?: string;
  k?: string;
  p?: string;
  tries: string;
  start: string;
  count: string;
  seed: string;
  out: string;
}

/** Parse --nodes: "N" or a range "A:B" (each graph draws its n uniformly from it, as the thesis's 10:50). */
function nodeRange(text: string): [number, number] {
  const parts = text.split(":");
  if (parts.length > 2) throw new Error(`--nodes must be N or A:B, got "${text}"`);
  const low = integerOption("nodes", parts[0], 1, MAX_GRAPH_NODES)!;
  const high = parts.length === 2 ? integerOption("nodes", parts[1], 1, MAX_GRAPH_NODES)! : low;
  if (high < low) throw new Error(`--nodes range ${text} is empty`);
  return [low, high];
}

/** The spec the generate options describe; m and k default to the thesis's n // 10 and n // 5, ws's p to 1. */
function specFromOptions(options: GenerateOptions, nodes: number): GraphSpec {
  const generator = parseGeneratorName(options.generator);
  switch (generator) {
    case "barabasi_albert": {
      if (options.start !== "empty" && options.start !== "star")
        throw new Error(`--start must be "empty" or "star", got "${options.start}"`);
      const m = integerOption("m", options.m, 1) ?? Math.floor(nodes / 10);
      if (m < 1) throw new Error(`the default m = nodes // 10 is 0 for ${nodes} nodes: give --m`);
      if (m >= nodes) throw new Error(`--m must be below the node count, got m=${m} for ${nodes} nodes`);
      return { generator, nodes, m, start: options.start };
    }
    case "watts_strogatz":
      return {
        generator,
        nodes,
        k: integerOption("k", options.k, 0) ?? Math.floor(nodes / 5),
        p: probabilityOption("p", options.p) ?? 1,
        tries: integerOption("tries", options.tries, 1)!,
      };
    case "erdos_renyi": {
      const p = probabilityOption("p", options.p);
      if (p === undefined) throw new Error("--generator er needs --p (the edge probability)");
      return { generator, nodes, p };
    }
  }
}

/** A parameter over several graphs: its value when all agree, else "smallest–largest". */
function spanText(values: readonly unknown[]): string {
  const distinct = [...new Set(values)];
  if (distinct.length === 1) return String(distinct[0]);
  return `${Math.min(...(distinct as number[]))}–${Math.max(...(distinct as number[]))}`;
}

/** Generate the graphs the options describe (see `generateGraphs` for the seeding) and write them. */
function generate(options: GenerateOptions): void {
  const [low, high] = nodeRange(options.nodes);
  const seed = parseSeedOption("--seed", options.seed);
  const count = integerOption("count", options.count, 1)!;
  const specs: GraphSpec[] = [];
  const graphs = generateGraphs(count, seed, (random) => {
    const spec = specFromOptions(options, low === high ? low : random.int(low, high));
    specs.push(spec);
    return spec;
  });
  writeGraphFile(options.out, graphs);
  const parameters = Object.keys(specs[0]!)
    .filter((name) => name !== "generator")
    .map((name) => `${name}=${spanText(specs.map((spec) => (spec as unknown as Record<string, unknown>)[name]))}`)
    .join(" ");
  const edges = spanText(graphs.map((graph) => graph.size));
  process.stdout.write(
    `wrote ${count} ${specs[0]!.generator} graph${count === 1 ? "" : "s"} (${parameters}; ` +
      `${edges} edges) to ${options.out}\n`,
  );
}

/** A fixed-width table: header row, then rows, columns right-aligned except the first. */
function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, c) => Math.max(title.length, ...rows.map((row) => row[c]!.length)));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ");
  return [line(header), ...rows.map(line)].join("\n") + "\n";
}

/** A number for reading: integers as is, others to 6 significant digits. */
function formatNumber(value: number): string {
  if (Number.isNaN(value)) return "n/a";
  return Number.isInteger(value) ? String(value) : value.toPrecision(6);
}

/** The graph's generator as recorded in its attributes (`generator`, or the thesis files' `graph`), else null. */
function graphLabel(graph: SimpleGraph): string | null {
  const label = graph.getAttribute("generator") ?? graph.getAttribute("graph");
  return typeof label === "string" ? label : null;
}

/** The graph's `graph_nr` attribute, else its index in the file. */
function graphNumber(graph: SimpleGraph, index: number): number {
  const graphNr = graph.getAttribute("graph_nr");
  return typeof graphNr === "number" ? graphNr : index;
}

/** A property row prefixed with the thesis's `graph` and `graph_nr` columns. */
function propertyRow(graph: SimpleGraph, index: number): { graph: string | null; graph_nr: number } & GraphProperties {
  return { graph: graphLabel(graph), graph_nr: graphNumber(graph, index), ...graphProperties(graph) };
}

/** Seconds of property computation above which `graph properties` warns first and reports each graph. */
const LONG_PROPERTY_RUN_SECONDS = 10;

function properties(file: string, options: { json?: boolean }): void {
  const graphs = readGraphFile(file);
  const estimates = graphs.map((graph) => estimatedPropertySeconds(graph.order, graph.size));
  const total = estimates.reduce((sum, seconds) => sum + seconds, 0);
  const long = total > LONG_PROPERTY_RUN_SECONDS;
  if (long) {
    const largest = graphs.reduce((a, b) => (b.order > a.order ? b : a));
    const largestText = `the largest of ${largest.order} nodes and ${largest.size} edges`;
    const expect = `expect about ${formatDuration(total)} (the time grows as n²(n + m))`;
    process.stderr.write(`graph properties: ${file}: ${graphs.length} graph(s), ${largestText}; ${expect}\n`);
  }
  const rows = graphs.map((graph, i) => {
    if (long && estimates[i]! > 1) {
      const about = formatDuration(estimates[i]!);
      process.stderr.write(`  graph ${i + 1}/${graphs.length}: ${graph.order} nodes, about ${about}\n`);
    }
    try {
      return propertyRow(graph, i);
    } catch (error) {
      throw new Error(`${file}: graph ${i}: ${(error as Error).message}`);
    }
  });
  if (options.json) {
    process.stdout.write(JSON.stringify(rows.length === 1 ? rows[0] : rows, null, 2) + "\n");
    return;
  }
  if (rows.length === 1) {
    const row = rows[0]!;
    process.stdout.write(
      formatTable(
        ["property", "value"],
        GRAPH_PROPERTY_COLUMNS.map((name) => [name, formatNumber(row[name])]),
      ),
    );
  } else {
    const header = ["graph", "graph_nr", ...GRAPH_PROPERTY_COLUMNS];
    process.stdout.write(
      formatTable(
        header,
        rows.map((row) => [
          row.graph ?? "-",
          String(row.graph_nr),
          ...GRAPH_PROPERTY_COLUMNS.map((name) => formatNumber(row[name])),
        ]),
      ),
    );
  }
  const disconnected = rows.filter((row) => Number.isNaN(row.diameter)).length;
  if (disconnected > 0)
    process.stderr.write(
      `note: ${disconnected} graph(s) are disconnected: diameter, path length and eccentricity are n/a\n`,
    );
}

function layers(file: string, options: { json?: boolean }): void {
  const summaries = readGraphFile(file).map((graph, i) => {
    const layered = LayeredGraph.fromGraph(graph);
    return {
      graph: graphLabel(graph),
      graph_nr: graphNumber(graph, i),
      nodes: graph.order,
      edges: graph.size,
      layer_sizes: layered.layerSizes,
      layers: layered.layers.map((layer) => [...layer]),
      skip_pairs: layered.skipPairs().map(({ source, target }) => [source, target]),
    };
  });
  if (options.json) {
    process.stdout.write(JSON.stringify(summaries.length === 1 ? summaries[0] : summaries, null, 2) + "\n");
    return;
  }
  const text = summaries.map((s) =>
    [
      `graph ${s.graph_nr}${s.graph ? ` (${s.graph})` : ""}: ` +
        `${s.nodes} nodes, ${s.edges} edges, ${s.layer_sizes.length} layers`,
      `  layer sizes: ${s.layer_sizes.join(" ")}`,
      "  skip pairs (source→target): " +
        `${s.skip_pairs.length === 0 ? "none" : s.skip_pairs.map(([a, b]) => `${a}→${b}`).join(" ")}`,
    ].join("\n"),
  );
  process.stdout.write(text.join("\n") + "\n");
}

/** Register the `graph` command group. */
export function registerGraphCommands(program: Command): void {
  const graph = program
    .command("graph")
    .description("random graphs, their layering into structured models, and their properties (thesis 5.3)");
  graph
    .command("generate")
    .description("generate random graphs with networkx's semantics, saved in graphology's JSON form")
    .requiredOption("--generator <name>", "ba (Barabási–Albert), ws (connected Watts–Strogatz) or er (Erdős–Rényi)")
    .requiredOption("--nodes <n>", "number of nodes, or a range A:B drawn per graph (the thesis: 10:50)")
    .option("--m <m>", "ba: edges per new node (default nodes // 10, as the thesis)")
    .option("--k <k>", "ws: ring neighbours (default nodes // 5, as the thesis)")
    .option("--p <p>", "ws: rewiring probability (default 1, as the thesis); er: edge probability (required)")
    .option("--tries <t>", "ws: attempts to get a connected graph", "10")
    .option(
      "--start <start>",
      "ba: initial graph, empty (networkx <= 2.5, the thesis) or star (networkx >= 2.6)",
      "empty",
    )
    .option("--count <c>", "number of graphs (written as an array when > 1)", "1")
    .requiredOption("--seed <s>", 'random seed (graph i uses the seed\'s stream "graph i")')
    .requiredOption("--out <file>", "output JSON file")
    .action((options: GenerateOptions) => generate(options));
  graph
    .command("properties")
    .description("the thesis's graph properties, one row per graph in its column names and order")
    .argument("<file>", "JSON: one graph or an array (graphology's form or {num_nodes, edges})")
    .option("--json", "machine-readable output")
    .action(properties);
  graph
    .command("layers")
    .description("layer sizes and skip pairs of the structured model built from each graph")
    .argument("<file>", "JSON: one graph or an array (graphology's form or {num_nodes, edges})")
    .option("--json", "machine-readable output")
    .action(layers);
}
