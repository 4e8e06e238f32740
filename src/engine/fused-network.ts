/**
 * The fused forward pass and hand-written backpropagation through time of a masked recurrent model
 * (Embedding → recurrent layers with skip layers → last time step → Linear), on the WebAssembly SIMD kernels.
 *
 * Layout: activations are batch-innermost ([unit][batch] per time step, batch padded to a multiple of 4 with
 * padding columns whose loss gradient is zero), so every product is a SIMD loop over the batch. Each layer
 * first projects its whole input sequence (W_ih·x_t + b_ih for all t; for layer 0 a gather from the per-token
 * table W_ih·Eᵀ + b_ih, so the embedding is never materialised), then runs the recurrent steps; all
 * activations stay in kernel memory for BPTT, and the backward pass accumulates each weight gradient once per
 * layer over the whole sequence. Forward uses weight ⊙ mask; the gradient of a weight is the gradient of the
 * effective weight times its mask (so a pruned weight's gradient is exactly 0), as PyTorch's autograd gives
 * for the thesis's `weight * mask`.
 *
 * Skip layers: skip k (source s, target t) reads the sequence that leaves layer s, i.e. s's own output plus
 * the skip layers that target s ("combined"; pinned by the structured1 torch vectors, which contain skips
 * into a skip's source layer), and its output is added to layer t's output before layer t+1 reads it.
 *
 * Levels: the units run level by level. Level j (j ≥ 1) is layer j with the skip layers leaving layer j − 1: they all
 * read the sequence leaving layer j − 1, which the levels before have finished, and nothing in the level reads
 * another's output. On the "levels" path a level of several units runs as one `PackedLevel` (one product and one
 * cell call per step for all of them); the default "units" path runs every unit on its own, which measured faster on
 * the structure sweep's graphs (see README.md). Both give the same numbers bit for bit.
 */
import type { ModelInput } from "../data/batching";
import { embeddingSizeOf, gateCount, type Architecture } from "../models/architecture";
import { layerTensorName, recurrentLayerPrefix, skipLayerPrefix } from "../models/parameter-names";
import { CompressedWeight, SPARSE_THRESHOLDS, type SparseThresholds } from "./compressed-weight";
import { PackedLevel } from "./packed-level";
import { ParameterBlock } from "./parameter-block";
import type { KernelExports } from "./kernel-exports";
import type { KernelMemory } from "./wasm-kernels";
import { isTaped } from "./native-kernels";

/**
 * Which sequence a skip layer reads from its source layer (only "combined" matches PyTorch; "own" exists to prove it).
 */
export type SkipInput = "combined" | "own";

/** How the units of a graph-structured model run: each on its own (default), or packed per level (same numbers). */
export type StructuredPath = "levels" | "units";

/** The structured paths, for option parsing. */
export const STRUCTURED_PATHS: readonly StructuredPath[] = ["units", "levels"];

/** Throw a clear error unless the batch's shape, tokens and labels fit the architecture. */
export function checkBatch(batch: ModelInput, arch: Architecture): void {
  const { size: B, length: T, tokens, labels } = batch;
  if (!(Number.isInteger(B) && Number.isInteger(T) && B >= 1 && T >= 1) || tokens.length !== B * T) {
    throw new Error(`batch of ${B} strings × ${T} steps needs ${B * T} tokens, got ${tokens.length}`);
  }
  const V = arch.vocabularySize;
  for (let i = 0; i < tokens.length; i++) {
    const code = tokens[i]!;
    if (!(code >= 0 && code < V))
      throw new Error(
        `token ${code} at step ${Math.floor(i / B)} of string ${i % B} is outside the vocabulary 0..${V - 1}`,
      );
  }
  if (!labels) return;
  if (labels.length !== B) throw new Error(`batch of ${B} strings has ${labels.length} labels`);
  const C = arch.outputSize;
  labels.forEach((label, b) => {
    if (!(label >= 0 && label < C)) throw new Error(`label ${label} of string ${b} is not a class 0..${C - 1}`);
  });
}

/**
 * State rows of a packed level at most (more units run in several levels): a level's whole-sequence buffers should stay
 * in cache.
 */
const PACKED_STATE_ROWS = 16;

/** Recorded passes kept per network (each some 100 KB for the sweep's largest models). */
const MAX_RECORDINGS = 256;

/** Marks layer 0's input: the batch's tokens through the embedding (no real buffer has address -1). */
const TOKENS = -1;

/** One masked recurrent layer (a stacked layer or a skip layer) and its parameter addresses. */
interface Unit {
  readonly prefix: string;
  readonly inputSize: number;
  readonly hidden: number;
  readonly rows: number;
  readonly wih: number;
  readonly whh: number;
  readonly bih: number;
  readonly bhh: number;
  /** Effective weights W ⊙ M, and their transposes for the backward products. */
  readonly wihE: number;
  readonly whhE: number;
  readonly wihT: number;
  readonly whhT: number;
  /** Compressed forms for the sparse products (layer 0's W_ih has none: its products go through the vocabulary). */
  readonly wihSparse?: CompressedWeight;
  readonly whhSparse: CompressedWeight;
}

/** Which kernels a unit's weights use for the current masks. */
interface SparseUse {
  wihProduct: boolean;
  wihGradient: boolean;
  whhProduct: boolean;
  whhGradient: boolean;
}

/** Activation buffers of one unit for one (length, padded batch) shape. */
interface UnitBuffers {
  /** [T][G·H][N]: input projections, then gate activations. */
  readonly gates: number;
  /** [T+1][H][N]: hidden states, h_0 = 0. */
  readonly h: number;
  /** LSTM [T+1][H][N] cell states. */
  readonly c: number;
  /** GRU [G·H][N] recurrent projection of the current step, and [T][H][N] saved h_n. */
  readonly hg: number;
  readonly hn: number;
  /** [T][G·H][N] gradients of the input-side and recurrent-side pre-activations (the same buffer except GRU). */
  readonly dgi: number;
  readonly dgh: number;
  /** [H][N] recurrent hidden gradient and LSTM cell gradient carried backwards. */
  readonly dhRec: number;
  readonly dc: number;
}

/** What differs between running one unit and a packed level: the products (the cell steps are shared). */
interface LevelProducts {
  /** State rows H and gate rows G·H. */
  readonly hidden: number;
  readonly rows: number;
  /** gates_t = b_ih + W_ih·x_t for t < T (input [T][I][N], or the batch's tokens for layer 0). */
  project(gates: number, input: number, T: number, N: number): void;
  /** out = (accumulate ? out : 0) + b_hh + W_hh·h for one step. */
  recurrent(out: number, h: number, N: number, accumulate: number): void;
  /** dhRec = (accumulate ? dhRec : 0) + W_hhᵀ·dg for one step. */
  recurrentGradient(dhRec: number, dg: number, N: number, accumulate: number): void;
  /**
   * Parameter gradients from the gate gradients dgi/dgh and states h, and dInput_t += W_ihᵀ·dgi_t (the embedding's, for
   * tokens).
   */
  gradients(dgi: number, dgh: number, h: number, input: number, dInput: number, T: number, N: number): void;
}

/** A unit of a level (a layer or a skip layer) and its first state row in the level. */
interface Member {
  readonly layer: boolean;
  readonly index: number;
  readonly unit: Unit;
  readonly offset: number;
}

/** Units that run their time steps together: a layer and the skip layers reading the same sequence, or one unit. */
interface Level {
  readonly members: readonly Member[];
  /** Layer whose outgoing sequence the level reads (TOKENS for layer 0). */
  readonly input: number;
  readonly products: LevelProducts;
  readonly packed?: PackedLevel;
}

/** Where a unit runs: its level and its place in it. */
interface Place {
  readonly level: number;
  readonly member: Member;
}

/** Buffers of one batch shape. */
interface Workspace {
  readonly T: number;
  readonly N: number;
  readonly tokens: number;
  readonly levels: UnitBuffers[];
  /** Per packed level: [T][ΣH][N] gradient of its units' outputs, gathered from their targets' dy (0 for one unit). */
  readonly dOut: number[];
  /**
   * Per layer: [T][H][N] sequence leaving the layer (own output + incoming skips), its gradient, and the extra gradient
   * of skips reading the layer's own output.
   */
  readonly y: number[];
  readonly dy: number[];
  readonly extra: number[];
  readonly logits: number;
  readonly dlogits: number;
  readonly mark: number;
}

/** Result of a forward pass: logits [B][C] row-major, in batch order. */
export interface ForwardResult {
  readonly logits: Float32Array;
  /** Mean cross-entropy (when labels were given). */
  readonly loss: number;
  /** Strings whose arg-max class equals the label. */
  readonly correct: number;
}

/** Forward and backward passes of one architecture over one parameter block. */
export class FusedNetwork {
  readonly kernels: KernelExports;
  private readonly layers: Unit[];
  private readonly skips: Unit[];
  private readonly levels: Level[];
  private readonly layerPlaces: Place[];
  private readonly skipPlaces: Place[];
  private readonly outWT: number;
  /**
   * Layer 0's input projection per token P = W_ih·Eᵀ + b_ih [R][V], Eᵀ [I][V], and the per-token gradient sums
   * S [R][V], Sᵀ [V][R].
   */
  private readonly projection: number;
  private readonly embeddingT: number;
  private readonly tokenGrad: number;
  private readonly tokenGradT: number;
  private readonly relu: number;
  /** Strings in the last forward batch (the workspace's N includes padding columns). */
  private batchSize = 0;
  private workspace?: Workspace;
  private readonly workspaceMark: number;

  /** Per unit running on its own: whether its products and gradients currently run sparse. */
  private sparseUse = new Map<Unit, SparseUse>();
  /** Native kernel calls recorded per pass and shape, replayed while the masks stay (see `replayable`). */
  private readonly recordings = new Map<string, Int32Array>();

  constructor(
    readonly architecture: Architecture,
    readonly block: ParameterBlock,
    private readonly memory: KernelMemory,
    readonly skipInput: SkipInput = "combined",
    /** Densities below which pruned weights use the sparse kernels (same results, less work). */
    readonly sparseThresholds: SparseThresholds = SPARSE_THRESHOLDS,
    /** "units" runs each unit on its own; "levels" packs each level's units (not with the skip input "own"). */
    readonly path: StructuredPath = "units",
  ) {
    this.kernels = memory.kernels;
    const gates = gateCount(architecture.mode);
    const sizes = architecture.layerSizes;
    const unit = (prefix: string, inputSize: number, hidden: number, viaTokens = false): Unit => {
      const rows = gates * hidden;
      const wih = block.slot(layerTensorName(prefix, "weight_ih")).address;
      const whh = block.slot(layerTensorName(prefix, "weight_hh")).address;
      return {
        prefix,
        inputSize,
        hidden,
        rows,
        wih: block.slot(layerTensorName(prefix, "weight_ih")).address,
        whh: block.slot(layerTensorName(prefix, "weight_hh")).address,
        bih: block.slot(layerTensorName(prefix, "bias_ih")).address,
        bhh: block.slot(layerTensorName(prefix, "bias_hh")).address,
        wihE: memory.allocate(rows * inputSize),
        whhE: memory.allocate(rows * hidden),
        wihT: memory.allocate(rows * inputSize),
        whhT: memory.allocate(rows * hidden),
        wihSparse: viaTokens ? undefined : new CompressedWeight(memory, wih, block.maskDelta, rows, inputSize),
        whhSparse: new CompressedWeight(memory, whh, block.maskDelta, rows, hidden),
      };
    };
    this.layers = sizes.map((h, l) =>
      unit(recurrentLayerPrefix(l), l === 0 ? embeddingSizeOf(architecture) : sizes[l - 1]!, h, l === 0),
    );
    this.skips = architecture.skips.map(({ source, target }, k) =>
      unit(skipLayerPrefix(k), sizes[source]!, sizes[target]!),
    );
    this.levels = this.planLevels(path === "levels" && skipInput === "combined");
    const layerPlaces: Place[] = [];
    const skipPlaces: Place[] = [];
    this.levels.forEach((level, i) => {
      for (const member of level.members)
        (member.layer ? layerPlaces : skipPlaces)[member.index] = { level: i, member };
    });
    this.layerPlaces = layerPlaces;
    this.skipPlaces = skipPlaces;
    this.outWT = memory.allocate(architecture.outputSize * sizes[sizes.length - 1]!);
    const V = architecture.vocabularySize;
    const rows0 = this.layers[0]!.rows;
    this.projection = memory.allocate(rows0 * V);
    this.embeddingT = memory.allocate(V * embeddingSizeOf(architecture));
    this.tokenGrad = memory.allocate(rows0 * V);
    this.tokenGradT = memory.allocate(rows0 * V);
    this.relu = architecture.mode === "RNN_RELU" ? 1 : 0;
    // Batch workspaces are laid out from here up: nothing may be allocated in this memory after the network.
    this.workspaceMark = memory.mark();
  }

  /**
   * The levels in running order: per layer j, the layer, then the skip layers leaving layer j − 1 (ascending index),
   * together as one packed level when `pack` and there are several, else each as a level of its own.
   */
  private planLevels(pack: boolean): Level[] {
    const sizes = this.architecture.layerSizes;
    const single = (layer: boolean, index: number, input: number): Level => {
      const u = layer ? this.layers[index]! : this.skips[index]!;
      return { members: [{ layer, index, unit: u, offset: 0 }], input, products: this.unitProducts(u) };
    };
    const levels: Level[] = [];
    sizes.forEach((_, j) => {
      const input = j === 0 ? TOKENS : j - 1;
      const skips = this.architecture.skips.flatMap(({ source }, k) => (j > 0 && source === j - 1 ? [k] : []));
      if (!pack || skips.length === 0) {
        levels.push(single(true, j, input));
        for (const k of skips) levels.push(single(false, k, input));
        return;
      }
      // Consecutive units up to PACKED_STATE_ROWS state rows share a packed level.
      const all = [{ layer: true, index: j }, ...skips.map((k) => ({ layer: false, index: k }))];
      let chunk: { layer: boolean; index: number }[] = [];
      let rows = 0;
      const flush = () => {
        if (chunk.length === 1) levels.push(single(chunk[0]!.layer, chunk[0]!.index, input));
        else if (chunk.length > 1) levels.push(this.packedLevel(chunk, input));
        chunk = [];
        rows = 0;
      };
      for (const member of all) {
        const h = member.layer ? sizes[member.index]! : sizes[this.architecture.skips[member.index]!.target]!;
        if (rows + h > PACKED_STATE_ROWS) flush();
        chunk.push(member);
        rows += h;
      }
      flush();
    });
    return levels;
  }

  /** Several units reading the same input, as one packed level. */
  private packedLevel(chosen: readonly { layer: boolean; index: number }[], input: number): Level {
    const units = chosen.map(({ layer, index }) => (layer ? this.layers[index]! : this.skips[index]!));
    const packed = new PackedLevel(
      this.memory,
      units,
      gateCount(this.architecture.mode),
      this.architecture.layerSizes[input]!,
      this.block.maskDelta,
      this.block.gradientDelta,
    );
    const members = chosen.map(({ layer, index }, i) => ({
      layer,
      index,
      unit: units[i]!,
      offset: packed.offsets[i]!,
    }));
    return { members, input, products: packed, packed };
  }

  /**
   * Recompute the effective (masked) weights and their transposes: call after the parameters changed, with
   * `masksChanged` (default) also after the masks changed, which re-decides where the sparse kernels pay.
   */
  refreshWeights(masksChanged = true): void {
    const rebuild = masksChanged || this.sparseUse.size === 0;
    if (rebuild) this.recordings.clear();
    else return this.replayable("refresh", () => this.refreshCalls(false));
    this.refreshCalls(true);
  }

  /** The kernel calls that bring the weights' derived forms up to date (after `rebuild`ing the sparse forms). */
  private refreshCalls(rebuild: boolean): void {
    const k = this.kernels;
    const maskDelta = this.block.maskDelta;
    const { product, gradient } = this.sparseThresholds;
    for (const level of this.levels) {
      if (level.packed) {
        if (rebuild) level.packed.rebuild();
        else level.packed.refreshValues();
        continue;
      }
      const u = level.members[0]!.unit;
      if (rebuild) {
        u.wihSparse?.rebuild();
        u.whhSparse.rebuild();
        const wih = u.wihSparse ? u.wihSparse.density : Infinity;
        const whh = u.whhSparse.density;
        this.sparseUse.set(u, {
          wihProduct: wih <= product,
          wihGradient: wih <= gradient,
          whhProduct: whh <= product,
          whhGradient: whh <= gradient,
        });
      }
      const use = this.sparseUse.get(u)!;
      // Each weight needs only the forms its path reads: compressed values for sparse products (a sparse gradient
      // reads only the pattern), dense masked copies and transposes otherwise.
      if (use.wihProduct) {
        if (!rebuild) u.wihSparse!.refreshValues();
      } else {
        k.multiply(u.wihE, u.wih, u.wih + maskDelta, u.rows * u.inputSize);
        k.maskedTranspose(u.wihT, u.wih, u.wih + maskDelta, u.rows, u.inputSize);
      }
      if (use.whhProduct) {
        if (!rebuild) u.whhSparse.refreshValues();
      } else {
        k.multiply(u.whhE, u.whh, u.whh + maskDelta, u.rows * u.hidden);
        k.maskedTranspose(u.whhT, u.whh, u.whh + maskDelta, u.rows, u.hidden);
      }
    }
    const out = this.block.slot("out.weight");
    k.maskedTranspose(this.outWT, out.address, out.address + maskDelta, this.architecture.outputSize, out.shape[1]!);
    const first = this.layers[0]!;
    const V = this.architecture.vocabularySize;
    k.transpose(this.embeddingT, this.block.slot("embedding.weight").address, V, first.inputSize);
    k.gemm(this.projection, first.wihE, this.embeddingT, first.bih, first.rows, first.inputSize, V, 0);
  }

  /**
   * Run `calls`, a pass's kernel calls. On the native kernels the first run of each `key` records them and later runs
   * replay the recording: a pass's calls and their arguments depend only on its shape (the key) and on the masks
   * (a mask change clears the recordings), so the JavaScript that works them out (about 10,000 calls a step for a
   * structured model) runs once per shape instead of every step.
   */
  private replayable(key: string, calls: () => void): void {
    const k = this.kernels;
    if (!isTaped(k)) return calls();
    const recording = this.recordings.get(key);
    if (recording) return k.replay(recording);
    k.startCapture();
    try {
      calls();
    } catch (error) {
      k.stopCapture();
      throw error;
    }
    const captured = k.stopCapture();
    // Shapes repeat (a data set's batches have a few dozen lengths); bound the memory all the same.
    if (this.recordings.size >= MAX_RECORDINGS) this.recordings.clear();
    if (captured) this.recordings.set(key, captured);
  }

  /** Levels this network runs and how many of them are packed (several units in one recurrence). */
  get levelCounts(): { levels: number; packed: number } {
    return { levels: this.levels.length, packed: this.levels.filter((level) => level.packed).length };
  }

  /** Buffers for a batch of this shape (reused while shapes repeat; memory only grows). */
  private workspaceFor(T: number, N: number): Workspace {
    const w = this.workspace;
    if (w && w.T === T && w.N === N) return w;
    const m = this.memory;
    m.release(this.workspaceMark);
    const mode = this.architecture.mode;
    const sizes = this.architecture.layerSizes;
    // Scratch a unit only needs while it runs (its step's recurrent projection, and in BPTT its pre-activation
    // gradients, consumed by its weight gradients before the next unit starts) is shared by all units: one buffer
    // that stays in cache instead of one per unit that leaves it (a structured model has hundreds of units).
    const rows = Math.max(...this.levels.map((level) => level.products.rows));
    const hidden = Math.max(...this.levels.map((level) => level.products.hidden));
    const sharedDgi = m.allocate(T * rows * N);
    const shared = {
      dgi: sharedDgi,
      dgh: mode === "GRU" ? m.allocate(T * rows * N) : sharedDgi,
      hg: mode === "GRU" ? m.allocate(rows * N) : 0,
      dhRec: m.allocate(hidden * N),
      dc: mode === "LSTM" ? m.allocate(hidden * N) : 0,
    };
    const buffers = (u: LevelProducts): UnitBuffers => {
      const HN = u.hidden * N;
      return {
        gates: m.allocate(T * u.rows * N),
        h: m.allocate((T + 1) * HN),
        c: mode === "LSTM" ? m.allocate((T + 1) * HN) : 0,
        hn: mode === "GRU" ? m.allocate(T * HN) : 0,
        ...shared,
      };
    };
    const levels = this.levels.map((level) => buffers(level.products));
    const dOut = this.levels.map((level) => (level.packed ? m.allocate(T * level.products.hidden * N) : 0));
    const targeted = new Set(this.architecture.skips.map((s) => s.target));
    const ownSources = new Set(this.skipInput === "own" ? this.architecture.skips.map((s) => s.source) : []);
    // A layer's outgoing sequence is its own output where nothing is added and the output is contiguous.
    const y = sizes.map((h, l) => {
      const { level } = this.layerPlaces[l]!;
      return targeted.has(l) || this.levels[level]!.packed ? m.allocate(T * h * N) : levels[level]!.h + 4 * h * N;
    });
    const dy = sizes.map((h) => m.allocate(T * h * N));
    const extra = sizes.map((h, l) => (ownSources.has(l) ? m.allocate(T * h * N) : 0));
    const C = this.architecture.outputSize;
    const workspace: Workspace = {
      T,
      N,
      tokens: m.allocate(T * N),
      levels,
      dOut,
      y,
      dy,
      extra,
      logits: m.allocate(C * N),
      dlogits: m.allocate(C * N),
      mark: m.mark(),
    };
    this.workspace = workspace;
    return workspace;
  }

  /** Output [T][H][N] of a unit inside its level's states (address of step 0, and the byte stride between steps). */
  private outputOf(place: Place, w: Workspace): { address: number; stride: number } {
    const hidden = this.levels[place.level]!.products.hidden;
    const stride = 4 * hidden * w.N;
    return { address: w.levels[place.level]!.h + stride + 4 * place.member.offset * w.N, stride };
  }

  /**
   * The sequence a level reads: the tokens, or what leaves its input layer (that layer's own output for skips reading
   * "own").
   */
  private levelInput(level: Level, w: Workspace): number {
    if (level.input === TOKENS) return TOKENS;
    if (this.skipInput === "combined" || level.members[0]!.layer) return w.y[level.input]!;
    return this.outputOf(this.layerPlaces[level.input]!, w).address;
  }

  /**
   * Forward pass over a batch; keeps every activation for `backward`. The loss (and its gradient) is the sum of
   * the strings' cross-entropies divided by `lossDivisor` (default: the batch's size, i.e. the mean; a data-parallel
   * part of a larger batch divides by the whole batch's size so the parts' losses and gradients add up).
   */
  forward(batch: ModelInput, lossDivisor = batch.size): ForwardResult {
    checkBatch(batch, this.architecture);
    const { size: B, length: T } = batch;
    const N = Math.ceil(B / 4) * 4;
    const w = this.workspaceFor(T, N);
    const tokens = this.memory.i32(w.tokens, T * N);
    tokens.fill(0);
    for (let t = 0; t < T; t++) tokens.set(batch.tokens.subarray(t * B, (t + 1) * B), t * N);
    this.batchSize = B;
    this.replayable(`forward ${T} ${N}`, () => this.forwardCalls(w, T, N));
    return this.lossAndGradientOfLogits(batch, w, lossDivisor);
  }

  /** The kernel calls of a forward pass (their arguments depend only on the workspace's shape and the masks). */
  private forwardCalls(w: Workspace, T: number, N: number): void {
    const k = this.kernels;
    const sizes = this.architecture.layerSizes;
    const skips = this.architecture.skips;
    this.levels.forEach((level, i) => {
      this.runForward(level.products, w.levels[i]!, this.levelInput(level, w), T, N);
      const first = level.members[0]!;
      if (!first.layer) return;
      const l = first.index;
      const own = this.outputOf(this.layerPlaces[l]!, w);
      if (w.y[l] === own.address) return;
      // y[l] = own output + the skips into l (index order); those ran in earlier levels.
      const HN = sizes[l]! * N;
      k.copyRows(w.y[l]!, own.address, HN, T, 4 * HN, own.stride, 0);
      skips.forEach(({ target }, s) => {
        if (target !== l) return;
        const out = this.outputOf(this.skipPlaces[s]!, w);
        k.copyRows(w.y[l]!, out.address, HN, T, 4 * HN, out.stride, 1);
      });
    });
    const last = sizes.length - 1;
    const H = sizes[last]!;
    const C = this.architecture.outputSize;
    const out = this.block.slot("out.weight");
    k.gemm(w.logits, out.address, w.y[last]! + 4 * (T - 1) * H * N, this.block.slot("out.bias").address, C, H, N, 0);
  }

  private lossAndGradientOfLogits(batch: ModelInput, w: Workspace, divisor: number): ForwardResult {
    const B = batch.size;
    const N = w.N;
    const C = this.architecture.outputSize;
    const raw = this.memory.f32(w.logits, C * N);
    const dlogits = this.memory.f32(w.dlogits, C * N);
    dlogits.fill(0);
    const logits = new Float32Array(B * C);
    let loss = 0;
    let correct = 0;
    const labels = batch.labels;
    for (let b = 0; b < B; b++) {
      let max = -Infinity;
      let best = 0;
      for (let c = 0; c < C; c++) {
        const v = raw[c * N + b]!;
        logits[b * C + c] = v;
        if (v > max) {
          max = v;
          best = c;
        }
      }
      if (!labels) continue;
      const label = labels[b]!;
      let sum = 0;
      for (let c = 0; c < C; c++) sum += Math.exp(raw[c * N + b]! - max);
      const logSum = Math.log(sum) + max;
      loss -= raw[label * N + b]! - logSum;
      for (let c = 0; c < C; c++)
        dlogits[c * N + b] = (Math.exp(raw[c * N + b]! - logSum) - (c === label ? 1 : 0)) / divisor;
      if (best === label) correct++;
    }
    return { logits, loss: labels ? loss / divisor : NaN, correct };
  }

  /** Backward pass of the last `forward` (which must have had labels): fills the block's gradients (masked). */
  backward(): void {
    const w = this.workspace;
    if (!w) throw new Error("backward() needs a forward() first");
    this.replayable(`backward ${w.T} ${w.N} ${this.batchSize}`, () => this.backwardCalls(w));
    this.memory.flush();
  }

  /** The kernel calls of BPTT (their arguments depend only on the workspace's shape, the batch size and the masks). */
  private backwardCalls(w: Workspace): void {
    const { T, N } = w;
    const k = this.kernels;
    const m = this.memory;
    const block = this.block;
    const sizes = this.architecture.layerSizes;
    m.zero(block.gradients, block.length);
    sizes.forEach((h, l) => {
      m.zero(w.dy[l]!, T * h * N);
      if (w.extra[l]) m.zero(w.extra[l]!, T * h * N);
    });
    const gd = block.gradientDelta;
    const last = sizes.length - 1;
    const H = sizes[last]!;
    const C = this.architecture.outputSize;
    const lastY = w.y[last]! + 4 * (T - 1) * H * N;
    k.outerAccumulate(block.slot("out.weight").address + gd, w.dlogits, lastY, C, H, N, 1, 0, 0);
    k.rowSumAccumulate(block.slot("out.bias").address + gd, w.dlogits, C, N, 1, 0);
    k.gemm(w.dy[last]! + 4 * (T - 1) * H * N, this.outWT, w.dlogits, 0, H, C, N, 1);
    const skips = this.architecture.skips;
    // Reverse running order: a level's output gradients are complete once every later level is done.
    for (let i = this.levels.length - 1; i >= 0; i--) {
      const level = this.levels[i]!;
      const hidden = level.products.hidden;
      /** Gradient of a member's output: its target's dy (a layer reading "own" skips also gets their extra). */
      const gradientOf = (member: Member): number => {
        if (!member.layer) return w.dy[skips[member.index]!.target]!;
        const l = member.index;
        if (!w.extra[l]) return w.dy[l]!;
        // The skips into l still need dy[l] alone, so the sum goes into extra[l].
        k.addInPlace(w.extra[l]!, w.dy[l]!, T * sizes[l]! * N);
        return w.extra[l]!;
      };
      let dOut: number;
      if (level.packed) {
        dOut = w.dOut[i]!;
        for (const member of level.members) {
          const HN = member.unit.hidden * N;
          k.copyRows(dOut + 4 * member.offset * N, gradientOf(member), HN, T, 4 * hidden * N, 4 * HN, 0);
        }
      } else dOut = gradientOf(level.members[0]!);
      const input = this.levelInput(level, w);
      const dInput =
        level.input === TOKENS
          ? 0
          : this.skipInput === "combined" || level.members[0]!.layer
            ? w.dy[level.input]!
            : w.extra[level.input]!;
      this.runBackward(level.products, w.levels[i]!, dOut, input, dInput, T, N);
    }
    k.multiplyInPlace(block.gradients, block.gradientMask, block.length);
  }

  /** The products of one unit running on its own: dense or sparse as its masks' densities decide. */
  private unitProducts(u: Unit): LevelProducts {
    const k = this.kernels;
    const use = () => this.sparseUse.get(u)!;
    return {
      hidden: u.hidden,
      rows: u.rows,
      project: (gates, input, T, N) => {
        const GN = u.rows * N;
        if (input === TOKENS)
          k.tokenProjectionGather(
            gates,
            this.projection,
            this.workspace!.tokens,
            u.rows,
            this.architecture.vocabularySize,
            N,
            T,
          );
        else if (use().wihProduct) {
          const c = u.wihSparse!.rowsForm;
          for (let t = 0; t < T; t++)
            k.sparseGemm(
              gates + 4 * t * GN,
              c.vals,
              c.cols,
              c.rowStart,
              input + 4 * t * u.inputSize * N,
              u.bih,
              u.rows,
              N,
              0,
              u.rows & ~3,
            );
        } else
          for (let t = 0; t < T; t++)
            k.gemm(gates + 4 * t * GN, u.wihE, input + 4 * t * u.inputSize * N, u.bih, u.rows, u.inputSize, N, 0);
      },
      recurrent: (out, h, N, accumulate) => {
        if (use().whhProduct) {
          const c = u.whhSparse.rowsForm;
          k.sparseGemm(out, c.vals, c.cols, c.rowStart, h, u.bhh, u.rows, N, accumulate, u.rows & ~3);
        } else k.gemm(out, u.whhE, h, u.bhh, u.rows, u.hidden, N, accumulate);
      },
      recurrentGradient: (dhRec, dg, N, accumulate) => {
        if (use().whhProduct) {
          const c = u.whhSparse.transposedForm;
          k.sparseGemm(dhRec, c.vals, c.cols, c.rowStart, dg, 0, u.hidden, N, accumulate, u.hidden & ~3);
        } else k.gemm(dhRec, u.whhT, dg, 0, u.hidden, u.rows, N, accumulate);
      },
      gradients: (dgi, dgh, h, input, dInput, T, N) => this.unitGradients(u, use(), dgi, dgh, h, input, dInput, T, N),
    };
  }

  /** One level over the whole sequence: input [T][I][N] (or the batch's tokens) → states h[1..T]. */
  private runForward(p: LevelProducts, b: UnitBuffers, input: number, T: number, N: number): void {
    const k = this.kernels;
    const HN = p.hidden * N;
    const GN = p.rows * N;
    p.project(b.gates, input, T, N);
    this.memory.zero(b.h, HN);
    const mode = this.architecture.mode;
    if (mode === "LSTM") this.memory.zero(b.c, HN);
    for (let t = 0; t < T; t++) {
      const g = b.gates + 4 * t * GN;
      const hPrev = b.h + 4 * t * HN;
      const hNext = hPrev + 4 * HN;
      if (mode === "GRU") {
        p.recurrent(b.hg, hPrev, N, 0);
        k.gruForward(g, b.hg, hPrev, hNext, b.hn + 4 * t * HN, HN);
      } else {
        p.recurrent(g, hPrev, N, 1);
        if (mode === "LSTM") k.lstmForward(g, b.c + 4 * t * HN, b.c + 4 * (t + 1) * HN, hNext, HN);
        else k.rnnForward(hNext, g, HN, this.relu);
      }
    }
  }

  /** BPTT of one level: dOut [T][H][N] → parameter gradients, and dInput [T][I][N] += input gradient. */
  private runBackward(
    p: LevelProducts,
    b: UnitBuffers,
    dOut: number,
    input: number,
    dInput: number,
    T: number,
    N: number,
  ): void {
    const k = this.kernels;
    const HN = p.hidden * N;
    const GN = p.rows * N;
    const mode = this.architecture.mode;
    this.memory.zero(b.dhRec, HN);
    if (mode === "LSTM") this.memory.zero(b.dc, HN);
    for (let t = T - 1; t >= 0; t--) {
      const dOutT = dOut + 4 * t * HN;
      const hPrev = b.h + 4 * t * HN;
      if (mode === "GRU") {
        k.gruBackward(
          b.dgi + 4 * t * GN,
          b.dgh + 4 * t * GN,
          b.gates + 4 * t * GN,
          b.hn + 4 * t * HN,
          hPrev,
          dOutT,
          b.dhRec,
          HN,
        );
        if (t > 0) p.recurrentGradient(b.dhRec, b.dgh + 4 * t * GN, N, 1);
      } else {
        if (mode === "LSTM")
          k.lstmBackward(
            b.dgi + 4 * t * GN,
            b.gates + 4 * t * GN,
            b.c + 4 * t * HN,
            b.c + 4 * (t + 1) * HN,
            dOutT,
            b.dhRec,
            b.dc,
            HN,
          );
        else k.rnnBackward(b.dgi + 4 * t * GN, hPrev + 4 * HN, dOutT, b.dhRec, HN, this.relu);
        if (t > 0) p.recurrentGradient(b.dhRec, b.dgi + 4 * t * GN, N, 0);
      }
    }
    p.gradients(b.dgi, b.dgh, b.h, input, dInput, T, N);
  }

  /** A single unit's parameter gradients over the sequence, and dInput += W_ihᵀ·dgi (the embedding's, for tokens). */
  private unitGradients(
    u: Unit,
    use: SparseUse,
    dgi: number,
    dgh: number,
    h: number,
    input: number,
    dInput: number,
    T: number,
    N: number,
  ): void {
    const k = this.kernels;
    const HN = u.hidden * N;
    const GN = u.rows * N;
    const gd = this.block.gradientDelta;
    // h_0 = 0 contributes nothing to dW_hh, so the recurrent weight gradient sums steps 1..T-1 only.
    if (T > 1) {
      const c = u.whhSparse.rowsForm;
      if (use.whhGradient)
        k.sparseOuterAccumulate(
          u.whh + gd,
          c.cols,
          c.rowStart,
          dgh + 4 * GN,
          h + 4 * HN,
          u.rows,
          u.hidden,
          N,
          T - 1,
          4 * GN,
          4 * HN,
        );
      else k.outerAccumulate(u.whh + gd, dgh + 4 * GN, h + 4 * HN, u.rows, u.hidden, N, T - 1, 4 * GN, 4 * HN);
    }
    // Bias gradients: rows where dgh equals dgi (all of them but GRU's n block) have the same sums, so db_hh copies
    // db_ih there (both are 0 before: each bias gets one sum per step) instead of summing the sequence again.
    k.rowSumAccumulate(u.bih + gd, dgi, u.rows, N, T, 4 * GN);
    const sameRows = dgh === dgi ? u.rows : 2 * u.hidden;
    k.addInPlace(u.bhh + gd, u.bih + gd, sameRows);
    if (sameRows < u.rows)
      k.rowSumAccumulate(u.bhh + gd + 4 * sameRows, dgh + 4 * sameRows * N, u.rows - sameRows, N, T, 4 * GN);
    if (input === TOKENS) {
      const V = this.architecture.vocabularySize;
      const embedding = this.block.slot("embedding.weight").address;
      this.memory.zero(this.tokenGradT, V * u.rows);
      k.tokenScatter(this.tokenGradT, dgi, this.workspace!.tokens, u.rows, N, this.batchSize, T);
      k.transpose(this.tokenGrad, this.tokenGradT, V, u.rows);
      k.gemm(u.wih + gd, this.tokenGrad, embedding, 0, u.rows, V, u.inputSize, 1);
      k.gemm(embedding + gd, this.tokenGradT, u.wihE, 0, V, u.rows, u.inputSize, 1);
      return;
    }
    const ih = u.wihSparse!;
    if (use.wihGradient)
      k.sparseOuterAccumulate(
        u.wih + gd,
        ih.rowsForm.cols,
        ih.rowsForm.rowStart,
        dgi,
        input,
        u.rows,
        u.inputSize,
        N,
        T,
        4 * GN,
        4 * u.inputSize * N,
      );
    else k.outerAccumulate(u.wih + gd, dgi, input, u.rows, u.inputSize, N, T, 4 * GN, 4 * u.inputSize * N);
    if (use.wihProduct) {
      const c = ih.transposedForm;
      for (let t = 0; t < T; t++)
        k.sparseGemm(
          dInput + 4 * t * u.inputSize * N,
          c.vals,
          c.cols,
          c.rowStart,
          dgi + 4 * t * GN,
          0,
          u.inputSize,
          N,
          1,
          u.inputSize & ~3,
        );
    } else
      for (let t = 0; t < T; t++)
        k.gemm(dInput + 4 * t * u.inputSize * N, u.wihT, dgi + 4 * t * GN, 0, u.inputSize, u.rows, N, 1);
  }
}
