/**
 * Hand step: a recurrent cell's step worked out with plain loops over the weight arrays, in float64, so that a reader
 * can follow every sum and gate; the numbers the reference cells and the fused engine are checked against.
 *
 * With x̂_k = U_k·x + b_ih,k and ĥ_k = W_k·h + b_hh,k the projections of gate block k
 * (rows k·H … k·H + H − 1):
 *
 *   RNN_TANH  h' = tanh(x̂ + ĥ)                   RNN_RELU  h' = max(0, x̂ + ĥ)
 *   LSTM      i = σ(x̂_i + ĥ_i), f = σ(x̂_f + ĥ_f), g = tanh(x̂_g + ĥ_g), o = σ(x̂_o + ĥ_o);
 *             c' = f ⊙ c + i ⊙ g, h' = o ⊙ tanh(c')
 *   GRU       r = σ(x̂_r + ĥ_r), z = σ(x̂_z + ĥ_z), n = tanh(x̂_n + r ⊙ ĥ_n), h' = (1 − z) ⊙ n + z ⊙ h
 */
import { gateCount, type Architecture, type RecurrentMode } from "../models/architecture";
import type { NamedTensor, TensorMap } from "../models/named-tensors";
import { layerTensorName, maskNameOf, recurrentLayerPrefix, type LayerTensorPart } from "../models/parameter-names";

/** One layer's weights as plain row-major arrays in PyTorch's layout, masks already applied (weight ⊙ mask). */
export interface PlainLayerWeights {
  readonly inputSize: number;
  readonly hiddenSize: number;
  /** [G·H, I]: row k·H + j feeds unit j of gate block k. */
  readonly weightIh: ArrayLike<number>;
  /** [G·H, H], the same row blocks. */
  readonly weightHh: ArrayLike<number>;
  /** [G·H] */
  readonly biasIh: ArrayLike<number>;
  /** [G·H] */
  readonly biasHh: ArrayLike<number>;
}

/** A layer's state: the hidden state h and the cell state c (the LSTM's; it stays zero for the other cells). */
export interface HandState {
  readonly h: readonly number[];
  readonly c: readonly number[];
}

/** The state after one step, with every gate's values by name (none for the plain RNNs). */
export interface HandStep extends HandState {
  readonly gates: Readonly<Record<string, readonly number[]>>;
}

/** A whole forward pass by hand: the last layer's step after each input code, and the output layer's logits. */
export interface HandForward {
  readonly steps: readonly HandStep[];
  readonly logits: readonly number[];
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** The zero state a layer of `hiddenSize` units starts from. */
export function zeroState(hiddenSize: number): HandState {
  return { h: new Array<number>(hiddenSize).fill(0), c: new Array<number>(hiddenSize).fill(0) };
}

/** One step of a cell by hand: input x [I] and the previous state to the next state and the gates. */
export function handStep(
  mode: RecurrentMode,
  weights: PlainLayerWeights,
  x: readonly number[],
  state: HandState,
): HandStep {
  const { inputSize: I, hiddenSize: H } = weights;
  checkSizes(mode, weights, x, state);
  // Unit j of gate block k: row k·H + j of the weights, a plain dot product plus bias.
  const fromInput = (k: number, j: number) => {
    let sum = weights.biasIh[k * H + j]!;
    for (let i = 0; i < I; i++) sum += weights.weightIh[(k * H + j) * I + i]! * x[i]!;
    return sum;
  };
  const fromHidden = (k: number, j: number) => {
    let sum = weights.biasHh[k * H + j]!;
    for (let i = 0; i < H; i++) sum += weights.weightHh[(k * H + j) * H + i]! * state.h[i]!;
    return sum;
  };
  const units = (f: (j: number) => number) => Array.from({ length: H }, (_, j) => f(j));
  const gate = (k: number, squash: (z: number) => number) => units((j) => squash(fromInput(k, j) + fromHidden(k, j)));
  switch (mode) {
    case "RNN_TANH":
      return { h: gate(0, Math.tanh), c: [...state.c], gates: {} };
    case "RNN_RELU":
      return { h: gate(0, (z) => Math.max(0, z)), c: [...state.c], gates: {} };
    case "LSTM": {
      const [i, f, g, o] = [gate(0, sigmoid), gate(1, sigmoid), gate(2, Math.tanh), gate(3, sigmoid)];
      const c = units((j) => f[j]! * state.c[j]! + i[j]! * g[j]!);
      return { h: units((j) => o[j]! * Math.tanh(c[j]!)), c, gates: { i, f, g, o } };
    }
    case "GRU": {
      const [r, z] = [gate(0, sigmoid), gate(1, sigmoid)];
      // PyTorch's detail: the reset gate scales ĥ_n including its bias b_hh,n.
      const n = units((j) => Math.tanh(fromInput(2, j) + r[j]! * fromHidden(2, j)));
      return { h: units((j) => (1 - z[j]!) * n[j]! + z[j]! * state.h[j]!), c: [...state.c], gates: { r, z, n } };
    }
  }
}

/** Layer `layer`'s weights from a model's tensors, each weight multiplied by its mask when the mask is present. */
export function plainLayerWeights(params: TensorMap, layer: number): PlainLayerWeights {
  const prefix = recurrentLayerPrefix(layer);
  const tensor = (part: LayerTensorPart): NamedTensor => {
    const found = params.get(layerTensorName(prefix, part));
    if (!found) throw new Error(`hand-step: the model has no tensor "${layerTensorName(prefix, part)}"`);
    return found;
  };
  const masked = (part: "weight_ih" | "weight_hh"): number[] => {
    const weight = tensor(part);
    const mask = params.get(maskNameOf(layerTensorName(prefix, part)));
    return Array.from(weight.data, (value, i) => (mask && mask.data[i] === 0 ? 0 : value));
  };
  const weightIh = tensor("weight_ih");
  return {
    inputSize: weightIh.shape[1]!,
    hiddenSize: tensor("weight_hh").shape[1]!,
    weightIh: masked("weight_ih"),
    weightHh: masked("weight_hh"),
    biasIh: tensor("bias_ih").data,
    biasHh: tensor("bias_hh").data,
  };
}

/** The embedding row of one input code: the vector x that layer 0 reads for that letter. */
export function embeddingRow(params: TensorMap, code: number): number[] {
  const embedding = params.get("embedding.weight");
  if (!embedding) throw new Error('hand-step: the model has no tensor "embedding.weight"');
  const [vocabulary, width] = embedding.shape as [number, number];
  if (!(Number.isInteger(code) && code >= 0 && code < vocabulary)) {
    throw new Error(`hand-step: code ${code} is outside the embedding's vocabulary 0..${vocabulary - 1}`);
  }
  return Array.from(embedding.data.subarray(code * width, (code + 1) * width));
}

/** The whole stacked model by hand over one string's codes: embedding, every layer in turn, the output layer. */
export function handForward(arch: Architecture, params: TensorMap, codes: ArrayLike<number>): HandForward {
  if (arch.skips.length > 0) {
    throw new Error("hand-step: handForward covers stacked models only (this one has skip layers)");
  }
  if (codes.length === 0) throw new Error("hand-step: handForward needs at least one code");
  let sequence: number[][] = Array.from(codes, (code) => embeddingRow(params, code));
  let steps: HandStep[] = [];
  arch.layerSizes.forEach((size, l) => {
    const weights = plainLayerWeights(params, l);
    let state: HandState = zeroState(size);
    steps = [];
    for (const x of sequence) {
      const step = handStep(arch.mode, weights, x, state);
      steps.push(step);
      state = step;
    }
    sequence = steps.map((step) => [...step.h]);
  });
  const out = params.get("out.weight");
  const bias = params.get("out.bias");
  if (!out || !bias) throw new Error('hand-step: the model needs "out.weight" and "out.bias"');
  const last = sequence[sequence.length - 1]!;
  // logits = V·h_T + c, with V [C, H] row-major.
  const logits = Array.from(bias.data, (b, c) =>
    last.reduce((sum, h, j) => sum + out.data[c * last.length + j]! * h, b),
  );
  return { steps, logits };
}

/** Throw, naming the sizes, when the weights, input and state do not fit together. */
function checkSizes(mode: RecurrentMode, weights: PlainLayerWeights, x: readonly number[], state: HandState): void {
  const { inputSize: I, hiddenSize: H } = weights;
  const rows = gateCount(mode) * H;
  const expected: [string, number, number][] = [
    ["weight_ih", weights.weightIh.length, rows * I],
    ["weight_hh", weights.weightHh.length, rows * H],
    ["bias_ih", weights.biasIh.length, rows],
    ["bias_hh", weights.biasHh.length, rows],
    ["input x", x.length, I],
    ["state h", state.h.length, H],
    ["state c", state.c.length, H],
  ];
  for (const [what, got, want] of expected) {
    if (got !== want) {
      throw new Error(`hand-step: ${mode} with ${I} inputs and ${H} units needs ${want} values in ${what}, got ${got}`);
    }
  }
}
