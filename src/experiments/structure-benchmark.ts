/**
 * Speed of the structure sweep's workload: training steps of graph-structured models on a fixed set of graphs
 * drawn with the thesis's recipe (batch 128, strings of length 25), and the full sweep's time estimated from them.
 */
import { benchmarkBatch, timeModelSteps, type Timing } from "../engine/benchmark";
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
  return structureJobs({ ...structureSweepSettings(FULL_SCALE, seed), modes: [mode], perGenerator, trainRows: undefined, testRows: undefined });
}

/** Median ms of one full training step (forward, BPTT, clip, Adam) per graph, at the sweep's batch size. */
export function timeStructureSteps(jobs: readonly StructureJob[], options: { repeats?: number; warmup?: number; batchSize?: number; length?: number } = {}): GraphStepTiming[] {
  const batch = benchmarkBatch(options.batchSize ?? 128, options.length ?? 25, 0);
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
 * ceil(trainRows / batch) steps (evaluation adds about one forward pass per test row, counted as a third of a step).
 */
export function estimateSweepHours(meanStepMs: number, options: { models?: number; epochs?: number; trainRows?: number; testRows?: number; batchSize?: number; cores?: number } = {}): number {
  const batch = options.batchSize ?? 128;
  const stepsPerEpoch = Math.ceil((options.trainRows ?? 18750) / batch) + Math.ceil((options.testRows ?? 6250) / batch) / 3;
  const totalMs = meanStepMs * stepsPerEpoch * (options.epochs ?? 15) * (options.models ?? 800);
  return totalMs / (options.cores ?? 2) / 3_600_000;
}
