/**
 * Speed of the structure sweep's workload: training steps of graph-structured models on a fixed set of graphs
 * drawn with the thesis's recipe, on a batch of 128 strings padded to the mean padded length of the training set's
 * batches (37 steps for the shipped data: time grows linearly with it), and the full sweep's time estimated from them.
 *
 * A step's time grows linearly with the model's recurrent units (every layer's and skip layer's hidden
 * units: the cells dominate), which grow faster than the graph's nodes. The timed graphs are the sweep's first few,
 * not a fair sample of its node range (the first 3 + 3 average 38.7 nodes and 186 units against the sweep's 29.6 and
 * 106), so the estimate fits a line through their steps against their units and reads it at the sweep's mean
 * units. On the shipped sweep's records, the first graphs' plain mean overestimated the 800 models' summed time 1.78×
 * (the 3.1 h printed against 1.7 h measured), and scaling by units alone predicted it within 2% (per variant
 * 0.80–1.19×). On the native kernels a step's fixed part (optimizer, output layer, calls) weighs more: scaling by
 * units alone put the first native sweep at 31 min against 38.5 min measured; the line accounts for that part.
 */
import { meanPaddedLength } from "../data/batching";
import { loadSplit } from "../data/dataset-files";
import type { Timing } from "../engine/timing";
import { benchmarkBatch, timeModelSteps } from "../training/step-benchmark";
import { LayeredGraph } from "../graphs/layered-graph";
import type { Architecture, RecurrentMode } from "../models/architecture";
import type { StructuredPath } from "../engine/fused-network";
import type { KernelVariant } from "../engine/wasm-kernels";
import { initialParameters, RecurrentModel } from "../models/recurrent-model";
import { SeededRandom } from "../random/seeded-random";
import { structureJobs, type StructureJob } from "./structure-sweep";
import { FULL_SCALE } from "./study-scale";
import { structureSweepSettings } from "./study-stages";

/** One graph's training-step timing. */
export interface GraphStepTiming extends Timing {
  readonly graph: string;
  readonly nodes: number;
  readonly edges: number;
  readonly layers: number;
  readonly skips: number;
  /** Recurrent units: hidden units of every layer and skip layer. */
  readonly units: number;
}

/** Hidden units of every layer and skip layer (a skip layer has its target's size): what a step's time follows. */
export function recurrentUnits(architecture: Architecture): number {
  const sizes = architecture.layerSizes;
  return sizes.reduce((sum, h) => sum + h, 0) + architecture.skips.reduce((sum, { target }) => sum + sizes[target]!, 0);
}

/**
 * Mean recurrent units over all the graphs of a full-scale sweep with this seed (the same graphs serve every variant).
 */
export function sweepMeanUnits(seed = 0): number {
  const jobs = benchmarkGraphs(FULL_SCALE.structure.perGenerator, seed);
  const units = jobs.map((job) =>
    recurrentUnits(LayeredGraph.fromEdges(job.numNodes, job.edges).architecture(job.mode)),
  );
  return units.reduce((sum, u) => sum + u, 0) / units.length;
}

/**
 * The benchmark's graphs: the first `perGenerator` BA and WS graphs of a sweep with this seed (as
 * `{num_nodes, edges}`).
 */
export function benchmarkGraphs(perGenerator: number, seed = 0, mode: RecurrentMode = "GRU"): StructureJob[] {
  return structureJobs({
    ...structureSweepSettings(FULL_SCALE, seed),
    modes: [mode],
    perGenerator,
    trainRows: undefined,
    testRows: undefined,
  });
}

/** Steps of the sweep's typical batch: the shipped training set's mean padded length at this batch size, rounded. */
export function sweepBatchLength(batchSize = 128): number {
  return Math.round(meanPaddedLength(loadSplit().train, batchSize, new SeededRandom(0)));
}

/**
 * Median ms of one full training step (forward, BPTT, clip, Adam) per graph, at the sweep's batch size and typical
 * length.
 */
export function timeStructureSteps(
  jobs: readonly StructureJob[],
  options: {
    repeats?: number;
    warmup?: number;
    batchSize?: number;
    length?: number;
    path?: StructuredPath;
    kernels?: KernelVariant;
  } = {},
): GraphStepTiming[] {
  const batchSize = options.batchSize ?? 128;
  const batch = benchmarkBatch(batchSize, options.length ?? sweepBatchLength(batchSize), 0);
  return jobs.map((job) => {
    const layered = LayeredGraph.fromEdges(job.numNodes, job.edges);
    const { architecture, masks } = layered.toArchitecture(job.mode);
    const params = initialParameters(architecture, new SeededRandom(1));
    for (const [name, mask] of masks) params.set(name, mask);
    const model = new RecurrentModel(architecture, params, { structuredPath: options.path, kernels: options.kernels });
    try {
      const timing = timeModelSteps(model, batch, { warmup: options.warmup ?? 3, repeats: options.repeats ?? 15 });
      return {
        graph: job.id,
        nodes: job.numNodes,
        edges: job.edges.length,
        layers: architecture.layerSizes.length,
        skips: architecture.skips.length,
        units: recurrentUnits(architecture),
        ...timing,
      };
    } finally {
      model.close();
    }
  });
}

/**
 * The sweep's mean step time from timed graphs: a least-squares line ms = a + b·units through their steps, at the
 * sweep's mean recurrent units (the step's time follows the units; `a` is what every step pays whatever the graph:
 * the optimizer, the output layer, the engine's calls). With one unit count, or a line that does not rise, their time
 * per unit scaled to the sweep's units.
 */
export function sweepMeanStepMs(timings: readonly GraphStepTiming[], sweepUnits: number): number {
  const n = timings.length;
  const meanMs = timings.reduce((sum, t) => sum + t.medianMs, 0) / n;
  const meanUnits = timings.reduce((sum, t) => sum + t.units, 0) / n;
  const spread = timings.reduce((sum, t) => sum + (t.units - meanUnits) ** 2, 0);
  const slope = timings.reduce((sum, t) => sum + (t.units - meanUnits) * (t.medianMs - meanMs), 0) / spread;
  const intercept = meanMs - slope * meanUnits;
  if (spread > 0 && slope > 0 && intercept >= 0) return intercept + slope * sweepUnits;
  return (meanMs / meanUnits) * sweepUnits;
}

/**
 * Hours the full sweep needs on `cores` cores, from mean step times: every model trains `epochs` epochs of
 * ceil(trainRows / batch) steps, then evaluates the test rows once (a forward pass, counted as a third of a step).
 * Two models at once on two cores run about 1.3× slower each than one alone here (measured); pass `contention`.
 */
export function estimateSweepHours(
  meanStepMs: number,
  options: {
    models?: number;
    epochs?: number;
    trainRows?: number;
    testRows?: number;
    batchSize?: number;
    cores?: number;
    contention?: number;
  } = {},
): number {
  const batch = options.batchSize ?? 128;
  const stepsPerModel =
    Math.ceil((options.trainRows ?? 18750) / batch) * (options.epochs ?? 15) +
    Math.ceil((options.testRows ?? 6250) / batch) / 3;
  const totalMs = meanStepMs * stepsPerModel * (options.models ?? 800) * (options.contention ?? 1);
  return totalMs / (options.cores ?? 2) / 3_600_000;
}
