/**
 * The small-world spectrum sweep (issue 13, beyond the thesis): graph-structured networks from WS-flex graphs over a
 * grid of average degree k and rewiring probability p at one node count n, as You, Leskovec, He & Xie ("Graph
 * Structure of Neural Networks", ICML 2020) sweep theirs, plus the complete graph K_n as the dense baseline. Every
 * graph trains `replicates` times (one job per graph, variant and training seed), on the structure sweep's job
 * handler and runner (resumable, shardable); each row gains the replicate, k, p, and the relational measures C and
 * transitivity. L is the thesis's `average_shortest_path_length` column already (the same networkx definition), so
 * it is not repeated. The same sweep with `generator: "gnm"` trains the random baseline: connected G(n, m) graphs
 * with WS-flex's edge count at each k, so a random graph and the small-world graphs of a k have the same weights.
 */
import { datasetFingerprint } from "../data/dataset-files";
import { generateGraph, type GraphSpec } from "../graphs/random-graphs";
import { relationalMeasures } from "../graphs/relational-measures";
import { edgePairs, graphFromEdges } from "../graphs/simple-graph";
import { wsFlexEdgeCount } from "../graphs/ws-flex";
import { SeededRandom } from "../random/seeded-random";
import { currentProvenance } from "./provenance";
import { runExperiment, type JobContext, type ResultRow, type RunSummary } from "./runner";
import {
  runStructureJob,
  STRUCTURE_COLUMNS,
  sweepDataDir,
  type StructureJob,
  type StructureSweepRunOptions,
  type StructureTrainingSettings,
} from "./structure-sweep";

/** Settings of one spectrum sweep: the structure sweep's training settings and the WS-flex grid. */
export interface SpectrumSweepSettings extends StructureTrainingSettings {
  /**
   * The grid's graphs: WS-flex (absent, the default), or the random baseline, connected G(n, m) graphs with WS-flex's
   * edge count round(k·n / 2) at each k of the grid (so the same weights), for which the p grid is empty.
   */
  readonly generator?: "gnm";
  /** Node count n of every graph (graph2nn fixes n, so C and L compare across graphs). */
  readonly nodes: number;
  /** Average degrees of the grid, each in [2, n]. */
  readonly k: readonly number[];
  /** Rewiring probabilities of the grid, each in [0, 1]. */
  readonly p: readonly number[];
  /** WS-flex graphs drawn per (k, p) point. */
  readonly graphSeeds: number;
  /** Trainings (seeds) per WS-flex graph. */
  readonly replicates: number;
  /** Trainings of the complete graph per variant (default: `replicates`; 0: none); more give a tighter baseline. */
  readonly completeReplicates?: number;
}

/** One training of one spectrum graph: a structure job plus its training seed (replicate). */
export interface SpectrumJob extends StructureJob {
  readonly replicate: number;
  readonly settings: SpectrumSweepSettings;
}

/** The spectrum sweep's columns: the thesis's, then replicate, k, p and the relational measures C and transitivity. */
export const SPECTRUM_COLUMNS = [
  ...STRUCTURE_COLUMNS,
  "replicate",
  "k",
  "p",
  "average_clustering",
  "transitivity",
] as const;

/**
 * The grid's graph specs, each with its own random-stream label: WS-flex k-major then p then graph seed; or G(n, m)
 * per k then graph seed.
 */
export function spectrumGraphSpecs(settings: SpectrumSweepSettings): { spec: GraphSpec; stream: string }[] {
  const random = settings.generator === "gnm";
  if (random && settings.p.length > 0)
    throw new Error(`spectrum sweep: G(n, m) graphs have no rewiring, so the p grid must be empty, got ${settings.p}`);
  const grids: [string, readonly number[]][] = random
    ? [["k", settings.k]]
    : [
        ["k", settings.k],
        ["p", settings.p],
      ];
  for (const [name, values] of grids) {
    if (values.length === 0) throw new Error(`spectrum sweep: the ${name} grid is empty`);
    if (new Set(values).size !== values.length)
      throw new Error(`spectrum sweep: the ${name} grid lists a value twice: ${values.join(", ")}`);
  }
  if (!Number.isSafeInteger(settings.graphSeeds) || settings.graphSeeds < 1)
    throw new Error(`spectrum sweep: graphSeeds must be a positive integer, got ${settings.graphSeeds}`);
  if (random)
    return settings.k.flatMap((k) =>
      Array.from({ length: settings.graphSeeds }, (_, g) => ({
        spec: { generator: "gnm" as const, nodes: settings.nodes, edges: wsFlexEdgeCount(settings.nodes, k) },
        stream: `gnm k=${k} graph ${g}`,
      })),
    );
  return settings.k.flatMap((k) =>
    settings.p.flatMap((p) =>
      Array.from({ length: settings.graphSeeds }, (_, g) => ({
        spec: { generator: "ws_flex" as const, nodes: settings.nodes, k, p },
        // Keyed by the point, not its index, so a graph stays the same when the grid grows.
        stream: `k=${k} p=${p} graph ${g}`,
      })),
    ),
  );
}

/**
 * The sweep's jobs: per variant, the complete graph (`completeReplicates` trainings), then every graph of
 * the grid (`replicates` trainings each). Graphs depend only on the seed and their grid point, and serve every variant.
 */
export function spectrumJobs(settings: SpectrumSweepSettings): SpectrumJob[] {
  const root = new SeededRandom(settings.seed).fork("ws_flex");
  const graphs = [
    { spec: { generator: "complete" as const, nodes: settings.nodes }, graphNr: 0, random: root.fork("complete") },
    ...spectrumGraphSpecs(settings).map(({ spec, stream }, graphNr) => ({ spec, graphNr, random: root.fork(stream) })),
  ].map(({ spec, graphNr, random }) => {
    const graph = generateGraph(spec, random);
    return { spec: spec as GraphSpec, graphNr, numNodes: graph.order, edges: edgePairs(graph) };
  });
  const trainings = (spec: GraphSpec) =>
    spec.generator === "complete" ? (settings.completeReplicates ?? settings.replicates) : settings.replicates;
  return settings.modes.flatMap((mode) =>
    graphs.flatMap((graph) =>
      Array.from({ length: trainings(graph.spec) }, (_, replicate) => ({
        id: `${mode.toLowerCase()}/${graph.spec.generator}/${graph.graphNr}/r${replicate}`,
        mode,
        generator: graph.spec.generator,
        ...graph,
        replicate,
        settings,
      })),
    ),
  );
}

/** A spectrum graph's k and p columns: its grid point; K_n and G(n, m) by their average degree. */
function gridPoint(spec: GraphSpec): { k: number; p: number | null } {
  if (spec.generator === "ws_flex") return { k: spec.k, p: spec.p };
  // K_n is WS-flex at k = n − 1 for any p; p = 0 keeps the column numeric.
  if (spec.generator === "complete") return { k: spec.nodes - 1, p: 0 };
  // G(n, m) has no rewiring probability: p is left empty.
  if (spec.generator === "gnm") return { k: (2 * spec.edges) / spec.nodes, p: null };
  throw new Error(`a spectrum sweep has no ${spec.generator} graphs`);
}

/** Job handler (runs in a worker process): the structure job's row, plus the replicate, k, p, C and transitivity. */
export async function runSpectrumJob(job: SpectrumJob, context: JobContext): Promise<ResultRow[]> {
  const [row] = await runStructureJob(job, context);
  const measures = relationalMeasures(graphFromEdges(job.numNodes, job.edges));
  const { k, p } = gridPoint(job.spec);
  return [
    {
      ...row!,
      replicate: job.replicate,
      k,
      p,
      average_clustering: measures.averageClustering,
      transitivity: measures.transitivity,
    },
  ];
}

/** Options of a spectrum sweep run: a structure sweep's, and optionally only some training seeds (a part of it). */
export interface SpectrumSweepRunOptions extends StructureSweepRunOptions {
  /** Run only the trainings with these replicate numbers (WS-flex and complete graphs alike). */
  readonly replicates?: readonly number[];
}

/**
 * Run (or resume) a spectrum sweep, or a part of it (some replicates, one shard, or both); `results.csv` appears when
 * every job is finished.
 */
export async function runSpectrumSweep(
  settings: SpectrumSweepSettings,
  { replicates, ...options }: SpectrumSweepRunOptions,
): Promise<RunSummary> {
  return runExperiment({
    ...options,
    ...(replicates
      ? {
          select: (job) => replicates.includes((job as unknown as SpectrumJob).replicate),
          selectionLabel: `replicates ${replicates.join(",")}`,
        }
      : {}),
    manifest: {
      sweep: settings.generator === "gnm" ? "small-world spectrum, random baseline" : "small-world spectrum",
      ...JSON.parse(JSON.stringify(settings)),
      dataset: datasetFingerprint(sweepDataDir(settings)),
    },
    jobs: spectrumJobs(settings),
    handler: { module: __filename, export: "runSpectrumJob" },
    seed: settings.seed,
    provenance: { ...currentProvenance() },
    columns: SPECTRUM_COLUMNS,
    label: "spectrum sweep",
  });
}
