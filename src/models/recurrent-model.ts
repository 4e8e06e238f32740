/**
 * The lab's trainable model: the thesis's masked recurrent network for any `Architecture`, running on the
 * fused WebAssembly SIMD engine, with parameters and masks exchanged as `TensorMap`s under PyTorch's names.
 *
 * Initialisation (`initialParameters`) follows the thesis's PyTorch module: every recurrent parameter
 * (weights and biases of layers and skip layers) uniform in ±1/√H with H the layer's hidden size;
 * nn.Embedding's default N(0, 1); nn.Linear's default (kaiming-uniform with a=√5, i.e. weight and bias
 * uniform in ±1/√fan_in). Masks start all ones.
 *
 * Pruned weights stay inert: forward uses weight ⊙ mask and a weight's gradient is masked, so with masks set
 * before the optimizer's first step (a fresh optimizer per training run, as in the thesis) the moments of a
 * pruned weight stay 0 and Adam leaves its stored value unchanged, exactly as PyTorch does.
 */
import type { SparseThresholds } from "../engine/compressed-weight";
import type { Architecture } from "./architecture";
import { floatTensor, maskTensor, type TensorMap } from "./named-tensors";
import { parseLayerTensorName } from "./parameter-names";
import type { SeededRandom } from "../random/seeded-random";
import { modelTensorSpecs } from "./model-tensors";
import { AdamOptimizer, type OptimizerOptions } from "../engine/adam-optimizer";
import { DataParallelPartner, splitBatch } from "../engine/data-parallel";
import type { ModelInput } from "../data/batching";
import {
  FusedNetwork,
  checkBatch,
  type ForwardResult,
  type SkipInput,
  type StructuredPath,
} from "../engine/fused-network";
import { NonFiniteError, assertFinite } from "../engine/non-finite";
import { ParameterBlock } from "../engine/parameter-block";
import { KernelMemory, instantiateKernels, kernelVariant, type KernelVariant } from "../engine/wasm-kernels";

/** Standard normal sample (Box–Muller) from the seeded stream. */
function normal(rng: SeededRandom): number {
  const u = 1 - rng.random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.random());
}

/** Fresh parameters and all-ones masks for an architecture, drawn from `rng` in module order (see the module doc). */
export function initialParameters(arch: Architecture, rng: SeededRandom): TensorMap {
  const tensors: TensorMap = new Map();
  const lastHidden = arch.layerSizes[arch.layerSizes.length - 1]!;
  for (const spec of modelTensorSpecs(arch)) {
    if (spec.dtype === "bool") {
      tensors.set(spec.name, maskTensor(spec.shape));
      continue;
    }
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    if (spec.name === "embedding.weight") {
      for (let i = 0; i < size; i++) data[i] = normal(rng);
    } else {
      // Recurrent tensors: hidden size = rows / gates of the weight (or bias) shape; Linear: fan_in = lastHidden.
      const bound = spec.name.startsWith("out.")
        ? 1 / Math.sqrt(lastHidden)
        : 1 / Math.sqrt(hiddenSizeOf(arch, spec.name));
      for (let i = 0; i < size; i++) data[i] = rng.uniform(-bound, bound);
    }
    tensors.set(spec.name, floatTensor(spec.shape, data));
  }
  return tensors;
}

/** Hidden size of the recurrent or skip layer a parameter belongs to. */
function hiddenSizeOf(arch: Architecture, name: string): number {
  const parsed = parseLayerTensorName(name);
  if (parsed?.group === "recurrent_layers") return arch.layerSizes[parsed.index]!;
  if (parsed?.group === "skip_layers") return arch.layerSizes[arch.skips[parsed.index]!.target]!;
  throw new Error(`"${name}" is not a recurrent parameter`);
}

/** Options of a model. */
export interface RecurrentModelOptions {
  readonly optimizer?: OptimizerOptions;
  /** Only for demonstrating the skip semantics; the default "combined" is PyTorch's. */
  readonly skipInput?: SkipInput;
  /**
   * 2: training steps split each batch (of 8 or more strings) between this thread and a worker thread on its own
   * kernels (deterministic, but sums in another order than 1 thread, so results differ in the last bits). Call
   * `close()` when done. Default 1.
   */
  readonly threads?: 1 | 2;
  /**
   * Densities below which pruned weights use the sparse kernels (default SPARSE_THRESHOLDS; results are the same either
   * way).
   */
  readonly sparseThresholds?: SparseThresholds;
  /**
   * How a graph-structured model's units run: "units" (one by one, default) or "levels" (packed per level); results are
   * the same.
   */
  readonly structuredPath?: StructuredPath;
  /**
   * Which kernels compute (default `kernelVariant()`: native where built, else WebAssembly); results differ by
   * rounding.
   */
  readonly kernels?: KernelVariant;
}

/** Adam's step count and moments. */
export interface OptimizerState {
  readonly step: number;
  readonly moments: TensorMap;
}

/** Outcome of one training step. */
export interface TrainStepResult {
  /** Mean cross-entropy of the batch before the update. */
  readonly loss: number;
  /** Correctly classified strings of the batch (before the update). */
  readonly correct: number;
  /** Global gradient norm before clipping. */
  readonly gradNorm: number;
}

/** A masked recurrent model with its Adam state, on its own kernel instance. */
export class RecurrentModel {
  readonly architecture: Architecture;
  private readonly memory: KernelMemory;
  private readonly block: ParameterBlock;
  private readonly network: FusedNetwork;
  private readonly optimizer: AdamOptimizer;
  private readonly partner?: DataParallelPartner;

  /** A model holding `tensors` (parameters, masks optional: dense when absent). */
  constructor(architecture: Architecture, tensors: TensorMap, options: RecurrentModelOptions = {}) {
    this.architecture = architecture;
    const kernels = options.kernels ?? kernelVariant();
    this.memory = new KernelMemory(instantiateKernels(kernels));
    const threads = options.threads ?? 1;
    if (threads !== 1 && threads !== 2) throw new Error(`threads must be 1 or 2, got ${threads}`);
    this.block = new ParameterBlock(architecture, this.memory);
    this.optimizer = new AdamOptimizer(this.block, this.memory.kernels, options.optimizer);
    // The network comes last: its per-batch workspace is laid out above everything allocated before it.
    if (threads === 2)
      this.partner = new DataParallelPartner(
        architecture,
        options.skipInput ?? "combined",
        this.block,
        this.memory,
        kernels,
      );
    this.network = new FusedNetwork(
      architecture,
      this.block,
      this.memory,
      options.skipInput,
      options.sparseThresholds,
      options.structuredPath,
    );
    this.importTensors(tensors);
  }

  /** Levels the network runs, and how many of them pack several units into one recurrence. */
  get levelCounts(): { levels: number; packed: number } {
    return this.network.levelCounts;
  }

  /** Threads a training step uses. */
  get threads(): number {
    return this.partner ? 2 : 1;
  }

  /** Stop the worker thread of a two-thread model (a no-op otherwise). */
  close(): void {
    this.partner?.close();
  }

  /** A freshly initialised model (see `initialParameters`). */
  static initialised(
    architecture: Architecture,
    rng: SeededRandom,
    options: RecurrentModelOptions = {},
  ): RecurrentModel {
    return new RecurrentModel(architecture, initialParameters(architecture, rng), options);
  }

  /** Replace parameters and masks (checked against the architecture; `source` names them in errors). */
  importTensors(tensors: TensorMap, source?: string): void {
    this.block.load(tensors, source);
    this.network.refreshWeights();
    this.partner?.publishMasks();
    this.partner?.publishParameters();
  }

  /**
   * Replace only the masks present in `tensors` (parameters and optimizer state stay). As in PyTorch, a newly pruned
   * weight with non-zero Adam moments keeps drifting (without effect: it is masked) unless `resetOptimizer()` follows.
   */
  setMasks(tensors: TensorMap): void {
    this.block.loadMasks(tensors);
    this.network.refreshWeights();
    this.partner?.publishMasks();
  }

  /** Parameters and masks, copied out under PyTorch's names in module order. */
  exportTensors(): TensorMap {
    return this.block.export();
  }

  /** Steps the optimizer has taken. */
  get optimizerStep(): number {
    return this.optimizer.step;
  }

  /**
   * Adam's state (step and moments, under "exp_avg."/"exp_avg_sq." + parameter name, as PyTorch calls them), for
   * checkpoints.
   */
  optimizerState(): OptimizerState {
    return {
      step: this.optimizer.step,
      moments: new Map([
        ...this.block.exportCompanion(this.block.firstMoments, "exp_avg."),
        ...this.block.exportCompanion(this.block.secondMoments, "exp_avg_sq."),
      ]),
    };
  }

  /** Continue from a checkpointed optimizer state (the exact run continues bit for bit). */
  restoreOptimizerState(state: OptimizerState, source = "optimizer state"): void {
    if (!Number.isInteger(state.step) || state.step < 0)
      throw new Error(`${source}: step must be a non-negative integer, got ${state.step}`);
    this.block.importCompanion(this.block.firstMoments, state.moments, "exp_avg.", source);
    this.block.importCompanion(this.block.secondMoments, state.moments, "exp_avg_sq.", source);
    this.optimizer.step = state.step;
  }

  /** Start a fresh optimizer (zero moments, step 0). */
  resetOptimizer(): void {
    this.optimizer.reset();
  }

  /** Logits (and loss/correct when the batch has labels) without changing anything. */
  evaluate(batch: ModelInput): ForwardResult {
    return this.network.forward(batch);
  }

  /** Loss and the (masked, unclipped) gradients of one batch; nothing is updated. */
  lossAndGradients(batch: ModelInput): { result: ForwardResult; gradients: TensorMap; gradNorm: number } {
    const result = this.forwardBackward(batch);
    return { result, gradients: this.block.exportGradients(), gradNorm: this.optimizer.gradientNorm() };
  }

  /** One training step: forward, BPTT, clip to the global norm, Adam. Throws NonFiniteError naming the tensor. */
  trainStep(batch: ModelInput): TrainStepResult {
    if (!batch.labels) throw new Error("training needs a batch with labels");
    const result =
      this.partner && batch.size >= 8 ? this.parallelForwardBackward(batch, this.partner) : this.forwardBackward(batch);
    const gradNorm = this.optimizer.clip();
    this.optimizer.update();
    assertFinite(this.memory.kernels, this.block, this.block.parameters, "parameter");
    this.network.refreshWeights(false);
    this.partner?.publishParameters();
    return { loss: result.loss, correct: result.correct, gradNorm };
  }

  private forwardBackward(batch: ModelInput): ForwardResult {
    if (!batch.labels) throw new Error("training needs a batch with labels");
    const result = this.network.forward(batch);
    this.network.backward();
    this.checkLossAndGradients(result.loss);
    return result;
  }

  /** This thread takes the first strings (a multiple of 4 near half), the worker the rest. */
  private parallelForwardBackward(batch: ModelInput, partner: DataParallelPartner): { loss: number; correct: number } {
    checkBatch(batch, this.architecture);
    const [mine, theirs] = splitBatch(batch, Math.ceil(batch.size / 8) * 4);
    partner.start(theirs, batch.size);
    let own: ForwardResult | undefined;
    let failure: unknown;
    try {
      own = this.network.forward(mine, batch.size);
      this.network.backward();
    } catch (error) {
      failure = error;
    }
    // Always collect the worker's answer, so the next step starts in step.
    const other = partner.finish();
    if (!own) throw failure;
    const loss = own.loss + other.loss;
    this.checkLossAndGradients(loss);
    return { loss, correct: own.correct + other.correct };
  }

  private checkLossAndGradients(loss: number): void {
    if (!Number.isFinite(loss))
      throw new NonFiniteError("loss", "logits", `non-finite loss (${loss}) in logits (the activations overflowed)`);
    assertFinite(this.memory.kernels, this.block, this.block.gradients, "gradient");
  }
}
