/**
 * Speed of training with the fused engine: one full training step (forward, BPTT, clip, Adam) of the thesis's
 * base model on a fixed batch, and one epoch over a training set. `sparse-rnn bench` reports these beside the
 * PyTorch peer's times measured in the same run.
 */
import { makeBatches, type ModelInput } from "../data/batching";
import type { LabelledString } from "../data/reber-dataset";
import { timeCalls, type Timing } from "../engine/timing";
import type { KernelVariant } from "../engine/wasm-kernels";
import { stackedArchitecture, type RecurrentMode } from "../models/architecture";
import { RecurrentModel } from "../models/recurrent-model";
import { SeededRandom } from "../random/seeded-random";

/** A fixed batch of `size` strings of `length` Reber letters with random labels, drawn from `seed`. */
export function benchmarkBatch(size = 32, length = 25, seed = 0): ModelInput & { labels: Int32Array } {
  const rng = new SeededRandom(seed);
  const letters = "BTPSXVE";
  const tokens = Int32Array.from({ length: size * length }, () => letters.charCodeAt(rng.int(0, letters.length - 1)));
  return { size, length, tokens, labels: Int32Array.from({ length: size }, () => rng.int(0, 1)) };
}

/** Median time of one training step of the base model (Embedding(128,50), 3×50, Linear(50,2)) on a fixed batch. */
export function timeTrainingStep(
  mode: RecurrentMode,
  options: {
    repeats?: number;
    warmup?: number;
    threads?: 1 | 2;
    kernels?: KernelVariant;
    batch?: ModelInput & { labels: Int32Array };
  } = {},
): Timing {
  const model = RecurrentModel.initialised(stackedArchitecture(mode), new SeededRandom(1), {
    threads: options.threads,
    kernels: options.kernels,
  });
  try {
    return timeModelSteps(model, options.batch ?? benchmarkBatch(), {
      warmup: options.warmup ?? 10,
      repeats: options.repeats ?? 50,
    });
  } finally {
    model.close();
  }
}

/** Time `repeats` training steps of `model` on `batch` after `warmup` unmeasured ones (the model trains meanwhile). */
export function timeModelSteps(
  model: RecurrentModel,
  batch: ModelInput & { labels: Int32Array },
  options: { warmup: number; repeats: number },
): Timing {
  return timeCalls(() => model.trainStep(batch), options);
}

/** Seconds for one training epoch of the base model over `rows` (batches of 32, shuffled). */
export function timeEpoch(
  mode: RecurrentMode,
  rows: readonly LabelledString[],
  options: { batchSize?: number; threads?: 1 | 2; kernels?: KernelVariant } = {},
): { seconds: number; batches: number } {
  const model = RecurrentModel.initialised(stackedArchitecture(mode), new SeededRandom(1), {
    threads: options.threads,
    kernels: options.kernels,
  });
  try {
    const batches = makeBatches(rows, {
      batchSize: options.batchSize ?? 32,
      order: "shuffled",
      rng: new SeededRandom(2),
    });
    const started = performance.now();
    for (const batch of batches) model.trainStep(batch);
    return { seconds: (performance.now() - started) / 1000, batches: batches.length };
  } finally {
    model.close();
  }
}
