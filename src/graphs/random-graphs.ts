/**
 * One entry point for the three random-graph families and the thesis's sampling recipe (section 5.3):
 * n uniform in [10, 50], Barabási–Albert with m = n // 10, connected Watts–Strogatz with k = n // 5, p = 1, 10 tries.
 * Beyond the thesis, a spec may also ask for graph2nn's connected WS-flex graph, the complete graph, or a connected
 * G(n, m) graph.
 */
import { SeededRandom } from "../random/seeded-random";
import { BarabasiAlbertStart, barabasiAlbertGraph } from "./barabasi-albert";
import { completeGraph } from "./complete-graph";
import { erdosRenyiGraph } from "./erdos-renyi";
import { connectedGnmRandomGraph } from "./gnm-random-graph";
import { SimpleGraph } from "./simple-graph";
import { connectedWattsStrogatzGraph } from "./watts-strogatz";
import { connectedWsFlexGraph } from "./ws-flex";

/** Generator names as the thesis's CSV spells them. */
export type GeneratorName = "barabasi_albert" | "watts_strogatz" | "erdos_renyi";

/** A fully specified graph: one of the thesis's families, or a WS-flex, complete or G(n, m) graph (not in its CSV). */
export type GraphSpec =
  | {
      readonly generator: "barabasi_albert";
      readonly nodes: number;
      readonly m: number;
      readonly start?: BarabasiAlbertStart;
    }
  | {
      readonly generator: "watts_strogatz";
      readonly nodes: number;
      readonly k: number;
      readonly p: number;
      readonly tries?: number;
    }
  | { readonly generator: "erdos_renyi"; readonly nodes: number; readonly p: number }
  | {
      readonly generator: "ws_flex";
      readonly nodes: number;
      /** Real-valued average degree in [2, n]. */
      readonly k: number;
      readonly p: number;
      readonly tries?: number;
    }
  | { readonly generator: "complete"; readonly nodes: number }
  | {
      /** Connected Erdős–Rényi G(n, m): exactly `edges` edges (the spectrum's random baseline at WS-flex's count). */
      readonly generator: "gnm";
      readonly nodes: number;
      readonly edges: number;
      readonly tries?: number;
    };

const SHORT_NAMES: Readonly<Record<string, GeneratorName>> = {
  ba: "barabasi_albert",
  barabasi_albert: "barabasi_albert",
  ws: "watts_strogatz",
  watts_strogatz: "watts_strogatz",
  er: "erdos_renyi",
  erdos_renyi: "erdos_renyi",
};

/** Parse "ba" | "ws" | "er" (or the long names), or throw naming the accepted ones. */
export function parseGeneratorName(text: string): GeneratorName {
  const name = SHORT_NAMES[text.toLowerCase()];
  if (!name) throw new Error(`unknown generator "${text}": expected ba, ws or er`);
  return name;
}

/**
 * Generate the graph a spec describes, drawing from `random`; the graph's attributes record the spec
 * (`generator` plus its parameters) so a saved file says how it was made.
 */
export function generateGraph(spec: GraphSpec, random: SeededRandom): SimpleGraph {
  let graph: SimpleGraph;
  switch (spec.generator) {
    case "barabasi_albert":
      graph = barabasiAlbertGraph(spec, random);
      break;
    case "watts_strogatz":
      graph = connectedWattsStrogatzGraph(spec, random);
      break;
    case "erdos_renyi":
      graph = erdosRenyiGraph(spec, random);
      break;
    case "ws_flex":
      graph = connectedWsFlexGraph(spec, random);
      break;
    case "complete":
      graph = completeGraph(spec);
      break;
    case "gnm":
      graph = connectedGnmRandomGraph(spec, random);
      break;
  }
  graph.replaceAttributes({ ...spec });
  return graph;
}

/** The thesis's spec for one graph of a family: n uniform in [10, 50], m = n // 10 or k = n // 5, p = 1, 10 tries. */
export function thesisGraphSpec(generator: "barabasi_albert" | "watts_strogatz", random: SeededRandom): GraphSpec {
  const nodes = random.int(10, 50);
  return generator === "barabasi_albert"
    ? { generator, nodes, m: Math.floor(nodes / 10), start: "empty" }
    : { generator, nodes, k: Math.floor(nodes / 5), p: 1, tries: 10 };
}

/**
 * `count` graphs from one seed: graph i uses the seed's independent stream "graph i", first to choose its spec
 * (`specFor`, which may draw e.g. its node count), then to generate it; attributes record the spec, seed and graph_nr.
 * Graph i does not depend on `count`, so a longer run extends a shorter one.
 */
export function generateGraphs(
  count: number,
  seed: number,
  specFor: (random: SeededRandom) => GraphSpec,
): SimpleGraph[] {
  if (!Number.isSafeInteger(count) || count < 1)
    throw new Error(`graph count must be a positive integer, got ${count}`);
  const root = new SeededRandom(seed);
  return Array.from({ length: count }, (_, i) => {
    const random = root.fork(`graph ${i}`);
    const graph = generateGraph(specFor(random), random);
    graph.mergeAttributes({ seed, graph_nr: i });
    return graph;
  });
}

/** The thesis's graphs of one family (100 per variant in the study), as `graph generate --nodes 10:50` makes them. */
export function thesisGraphs(
  generator: "barabasi_albert" | "watts_strogatz",
  count: number,
  seed: number,
): SimpleGraph[] {
  return generateGraphs(count, seed, (random) => thesisGraphSpec(generator, random));
}
