/**
 * Forward comparison: one string through the same model three ways (by hand in float64, the tfjs reference model,
 * the fused WebAssembly engine), to show that they compute the same logits.
 */
import { stackedArchitecture, type Architecture, type RecurrentMode } from "../models/architecture";
import { floatTensor, type TensorMap } from "../models/named-tensors";
import { RecurrentModel, initialParameters } from "../models/recurrent-model";
import { SeededRandom } from "../random/seeded-random";
import { handForward } from "./hand-step";
import { referenceForward } from "./reference-model";

/** Options of `identityReadoutParameters`. */
export interface IdentityReadoutOptions {
  readonly mode: RecurrentMode;
  /** Units of the single recurrent layer, and the embedding's width (at least 2). */
  readonly units: number;
  /** Seed of the other parameters (the thesis's initialisation). */
  readonly seed: number;
}

/** The logits of one string computed three ways, and the largest gap between the hand values and the others. */
export interface ForwardComparison {
  readonly hand: readonly number[];
  readonly reference: readonly number[];
  readonly fused: readonly number[];
  /** max |hand − reference| and |hand − fused| over the logits. */
  readonly gap: number;
}

/** Parameters of a one-layer model whose output layer passes h_T's first two units through: logits = (h_1, h_2). */
export function identityReadoutParameters(options: IdentityReadoutOptions): TensorMap {
  const { mode, units, seed } = options;
  if (!(Number.isInteger(units) && units >= 2)) {
    throw new Error(`forward-comparison: units must be an integer ≥ 2, got ${units}`);
  }
  const params = initialParameters(stackedArchitecture(mode, [units]), new SeededRandom(seed));
  // V = [I₂ | 0] (shape [2, units]) and c = 0, so the logits are the first two units of the last hidden state.
  const readout = new Float32Array(2 * units);
  readout[0] = 1;
  readout[units + 1] = 1;
  params.set("out.weight", floatTensor([2, units], readout));
  params.set("out.bias", floatTensor([2], new Float32Array(2)));
  return params;
}

/** Run one string (its codes) through `arch` with `params` by hand, with the reference model and with the engine. */
export function compareForward(arch: Architecture, params: TensorMap, codes: ArrayLike<number>): ForwardComparison {
  const hand = handForward(arch, params, codes).logits;
  const batch = { size: 1, length: codes.length, tokens: Int32Array.from(codes) };
  const reference = [...referenceForward(arch, params, batch).logits];
  const fused = [...new RecurrentModel(arch, params).evaluate(batch).logits];
  const gap = Math.max(...hand.map((v, j) => Math.max(Math.abs(v - reference[j]!), Math.abs(v - fused[j]!))));
  return { hand, reference, fused, gap };
}
