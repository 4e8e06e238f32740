/**
 * The structure sweep (thesis 5.3 / 6.3): per variant, Barabási–Albert and connected Watts–Strogatz graphs
 * (n uniform in a range, m = n // 10, k = n // 5, p = 1, 10 tries), each turned into a graph-structured
 * recurrent network, trained, and recorded with its graph properties in the thesis's CSV columns.
 * The same graphs serve every variant (paired comparison); the thesis drew new graphs per variant.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { datasetFingerprint, loadSplit, shippedTaskDir, type ShippedTask } from "../data/dataset-files";
import type { RecurrentMode } from "../models/architecture";
import { initialParameters, RecurrentModel } from "../models/recurrent-model";
import { graphProperties, GRAPH_PROPERTY_COLUMNS } from "../graphs/graph-properties";
import { LayeredGraph, type GateLayout, type GraphArchitecture } from "../graphs/layered-graph";
import { relationalArchitecture, type GraphMapping } from "../graphs/relational-network";
import { generateGraphs, type GraphSpec } from "../graphs/random-graphs";
import { edgePairs, graphFromEdges, type EdgePair } from "../graphs/simple-graph";
import type { SeededRandom } from "../random/seeded-random";
import { trainModel } from "../training/trainer";
import { encodeModelFile } from "../weights/model-file";
import { checkModelSize } from "../models/model-tensors";
import { currentProvenance } from "./provenance";
import { writeFileAtomic } from "../files/atomic-file";
import { runExperiment, type JobContext, type ProgressMode } from "./runner";
import type { ResultRow, RunSummary, Shard } from "./runner";

/** The two graph families of the thesis's sweep. */
export type SweepGenerator = "barabasi_albert" | "watts_strogatz";

/** Settings of one structure sweep. */
export interface StructureSweepSettings {
  readonly modes: readonly RecurrentMode[];
  readonly generators: readonly SweepGenerator[];
  readonly perGenerator: number;
  readonly nodes: readonly [number, number];
  readonly epochs: number;
  readonly batchSize: number;
  readonly seed: number;
  readonly dataDir?: string;
  readonly trainRows?: number;
  readonly testRows?: number;
  /** Store each trained model's weights (safetensors) beside the results. */
  readonly saveWeights?: boolean;
  /** Evaluate the test rows after every epoch (learning curves in the stored records), not only after the last. */
  readonly curves?: boolean;
  /** How the graph's masks meet the gate blocks; absent means "thesis" (set only for "faithful", see below). */
  readonly gateLayout?: GateLayout;
  /** How a graph becomes a network; absent means the thesis's "layered" stack (set only for "relational"). */
  readonly graphMapping?: GraphMapping;
  /** A shipped task's data when `dataDir` is absent (absent: the thesis's Reber task); a name, so manifests compare. */
  readonly task?: ShippedTask;
}

/** The data set folder a sweep reads: `dataDir`, else its task's shipped data. */
export function sweepDataDir(settings: Pick<StructureSweepSettings, "dataDir" | "task">): string {
  return settings.dataDir ?? shippedTaskDir(settings.task ?? "reber");
}

/**
 * `settings` with its gate layout: "faithful" is recorded, "thesis" (the default) omitted, so the manifests and job
 * lists of folders made before the option existed stay equal and those folders still resume.
 */
export function withGateLayout(settings: StructureSweepSettings, gateLayout: GateLayout): StructureSweepSettings {
  const { gateLayout: _previous, ...rest } = settings;
  return gateLayout === "thesis" ? rest : { ...rest, gateLayout };
}

/** What a job needs to train its model: the sweep's settings without those that choose its graphs. */
export type StructureTrainingSettings = Omit<StructureSweepSettings, "generators" | "perGenerator" | "nodes">;

/** Training of one graph-structured model. */
export interface StructureJob {
  readonly id: string;
  readonly mode: RecurrentMode;
  /**
   * The thesis's sweep has BA and WS graphs; the small-world spectrum sweep (./spectrum-sweep.ts) WS-flex and complete.
   */
  readonly generator: GraphSpec["generator"];
  readonly graphNr: number;
  readonly numNodes: number;
  readonly edges: readonly EdgePair[];
  readonly spec: GraphSpec;
  readonly settings: StructureTrainingSettings;
}

/** The thesis's CSV columns of the sweep, in its order. */
export const STRUCTURE_COLUMNS = [
  "mode",
  "graph",
  "graph_nr",
  ...GRAPH_PROPERTY_COLUMNS,
  "test_acc",
  "test_loss",
  "time",
] as const;

/** The thesis's recipe with a node range: n uniform in [lo, hi], m = n // 10 or k = n // 5, p = 1, 10 tries. */
export function sweepGraphSpec(
  generator: SweepGenerator,
  nodes: readonly [number, number],
  random: SeededRandom,
): GraphSpec {
  const n = random.int(nodes[0], nodes[1]);
  return generator === "barabasi_albert"
    ? { generator, nodes: n, m: Math.max(1, Math.floor(n / 10)), start: "empty" }
    : { generator, nodes: n, k: Math.max(2, Math.floor(n / 5)), p: 1, tries: 10 };
}

/**
 * The sweep's jobs: per variant, every generator's graphs 0..perGenerator−1 (graphs depend only on seed and generator).
 */
export function structureJobs(given: StructureSweepSettings): StructureJob[] {
  const settings = withGateLayout(given, given.gateLayout ?? "thesis");
  const graphs = new Map(
    settings.generators.map((generator) => [
      generator,
      generateGraphs(settings.perGenerator, settings.seed, (random) =>
        sweepGraphSpec(generator, settings.nodes, random.fork(generator)),
      ),
    ]),
  );
  return settings.modes.flatMap((mode) =>
    settings.generators.flatMap((generator) =>
      graphs.get(generator)!.map((graph, graphNr) => ({
        id: `${mode.toLowerCase()}/${generator}/${graphNr}`,
        mode,
        generator,
        graphNr,
        numNodes: graph.order,
        edges: edgePairs(graph),
        spec: graph.getAttributes() as unknown as GraphSpec,
        settings,
      })),
    ),
  );
}

/** File name of a sweep job's stored model, inside `<experiment folder>/models/`. */
export function structureModelFile(job: Pick<StructureJob, "id">): string {
  return `${job.id.replaceAll("/", "-")}.safetensors`;
}

/**
 * Job handler (runs in a worker process): build the network from the graph, train it, record properties and accuracy.
 */
export async function runStructureJob(job: StructureJob, context: JobContext): Promise<ResultRow[]> {
  const started = performance.now();
  const { train, test } = loadSplit(sweepDataDir(job.settings));
  const trainRows = train.slice(0, job.settings.trainRows ?? train.length);
  const testRows = test.slice(0, job.settings.testRows ?? test.length);
  const layered = LayeredGraph.fromEdges(job.numNodes, job.edges);
  const gateLayout = job.settings.gateLayout ?? "thesis";
  const { architecture, masks } = structuredNetwork(job, layered);
  const params = initialParameters(architecture, context.rng.fork("initialisation"));
  for (const [name, mask] of masks) params.set(name, mask);
  const model = new RecurrentModel(architecture, params);
  const records = trainModel(model, trainRows, testRows, {
    runName: job.mode.toLowerCase(),
    epochs: job.settings.epochs,
    batchSize: job.settings.batchSize,
    rng: context.rng.fork("shuffling"),
    progress: false,
    // The sweep's row needs only the final test accuracy; evaluating every epoch would cost about 10% more.
    testEvaluation: job.settings.curves ? "every-epoch" : "last-epoch",
    callbacks: {
      onEpoch: (record) => {
        const accuracy = Number.isNaN(record.test_acc)
          ? `train acc ${record.train_acc.toFixed(3)}`
          : `acc ${record.test_acc.toFixed(3)}`;
        context.progress(record.epoch / job.settings.epochs, `epoch ${record.epoch} ${accuracy}`);
        return context.signal.aborted ? "stop" : undefined;
      },
    },
  });
  if (context.signal.aborted) throw new Error("aborted");
  const last = records[records.length - 1]!;
  if (job.settings.saveWeights) {
    const modelDir = join(context.outDir, "models");
    mkdirSync(modelDir, { recursive: true });
    // The runner's atomic write: its temp files name their process, so a resume can remove a killed one's.
    const file = encodeModelFile(architecture, model.exportTensors(), {
      "sparse_rnn.graph": JSON.stringify({
        num_nodes: job.numNodes,
        edges: job.edges,
        spec: job.spec,
        ...(gateLayout === "thesis" ? {} : { gate_layout: gateLayout }),
        ...(job.settings.graphMapping ? { graph_mapping: job.settings.graphMapping } : {}),
      }),
      "sparse_rnn.records": JSON.stringify(records),
    });
    writeFileAtomic(join(modelDir, structureModelFile(job)), file);
  }
  const properties = graphProperties(graphFromEdges(job.numNodes, job.edges), layered);
  return [
    {
      mode: job.mode,
      graph: job.generator,
      graph_nr: job.graphNr,
      ...properties,
      test_acc: last.test_acc,
      test_loss: last.test_loss,
      time: (performance.now() - started) / 1000,
    },
  ];
}

/** A job's network: the thesis's layered stack of its graph, or the relational layer (size checked before building). */
function structuredNetwork(job: StructureJob, layered: LayeredGraph): GraphArchitecture {
  const label = `graph of job "${job.id}" (${job.numNodes} nodes)`;
  if (job.settings.graphMapping === "relational") {
    if (job.settings.gateLayout !== undefined && job.settings.gateLayout !== "faithful")
      throw new Error(`${label}: the relational mapping wires every gate block as the graph ("faithful")`);
    const network = relationalArchitecture(job.mode, job.numNodes, job.edges);
    checkModelSize(network.architecture, label);
    return network;
  }
  checkModelSize(layered.architecture(job.mode), label);
  return layered.toArchitecture(job.mode, job.settings.gateLayout ?? "thesis");
}

/** Options of a sweep run besides its settings. */
export interface StructureSweepRunOptions {
  readonly outDir: string;
  readonly workers?: number;
  readonly shard?: Shard;
  /** Run only the jobs whose last attempt failed or was interrupted (the runner's `onlyFailed`). */
  readonly onlyFailed?: boolean;
  readonly quiet?: boolean;
  readonly isolation?: "process" | "inline";
  readonly signal?: AbortSignal;
  /** Progress display (default: the runner's "auto"). */
  readonly progress?: ProgressMode;
}

/** Run (or resume) a sweep, or one shard of it; `results.csv` appears when every job is finished. */
export async function runStructureSweep(
  settings: StructureSweepSettings,
  options: StructureSweepRunOptions,
): Promise<RunSummary> {
  return runExperiment({
    outDir: options.outDir,
    // The data's fingerprint too: a folder computed on another data set is refused rather than resumed.
    manifest: {
      ...JSON.parse(JSON.stringify(withGateLayout(settings, settings.gateLayout ?? "thesis"))),
      dataset: datasetFingerprint(sweepDataDir(settings)),
    },
    jobs: structureJobs(settings),
    handler: { module: __filename, export: "runStructureJob" },
    seed: settings.seed,
    workers: options.workers,
    shard: options.shard,
    onlyFailed: options.onlyFailed,
    quiet: options.quiet,
    progress: options.progress,
    provenance: { ...currentProvenance() },
    isolation: options.isolation,
    signal: options.signal,
    columns: STRUCTURE_COLUMNS,
    label: "structure sweep",
  });
}
