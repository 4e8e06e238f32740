/**
 * Speed of the structure sweep's workload: training steps of graph-structured models on a fixed set of graphs
 * drawn with the thesis's recipe, on a batch of 128 strings padded to the mean padded length of the training set's
 * batches (37 steps for the shipped data: time grows linearly with it), and the full sweep's time estimated from them.
 */
import { meanPaddedLength } from "../data/batching";
import { loadSplit } from "../data/dataset-files";
import type { Timing } from "../engine/timing";
import { benchmarkBatch, timeModelSteps } from "../training/step-benchmark";
import { LayeredGraph } from "../graphs/layered-graph";
import type { RecurrentMode } from "../models/architecture";
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
}

/** The benchmark's graphs: the first `perGenerator` BA and WS graphs of a sweep with this seed (as `{num_nodes, edges}`). */
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

/** Median ms of one full training step (forward, BPTT, clip, Adam) per graph, at the sweep's batch size and typical length. */
export function timeStructureSteps(
  jobs: readonly StructureJob[],
  options: { repeats?: number; warmup?: number; batchSize?: number; length?: number } = {},
): GraphStepTiming[] {
  const batchSize = options.batchSize ?? 128;
  const batch = benchmarkBatch(batchSize, options.length ?? sweepBatchLength(batchSize), 0);
  return jobs.map((job) => {
    const layered = LayeredGraph.fromEdges(job.numNodes, job.edges);
    const { architecture, masks } = layered.toArchitecture(job.mode);
    const params = initialParameters(architecture, new SeededRandom(1));
    for (const [name, mask] of masks) params.set(name, mask);
    const model = new RecurrentModel(architecture, params);
    try {
      const timing = timeModelSteps(model, batch, { warmup: options.warmup ?? 3, repeats: options.repeats ?? 15 });
      return {
        graph: job.id,
        nodes: job.numNodes,
        edges: job.edges.length,
        layers: architecture.layerSizes.length,
        skips: architecture.skips.length,
        ...timing,
      };
    } finally {
      model.close();
    }
  });
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
