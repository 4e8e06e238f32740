/**
 * The common shape of the four recurrent cells. Weight layout (PyTorch's, under `<layer>.`):
 *
 * | name        | shape       | meaning                                                        |
 * |-------------|-------------|----------------------------------------------------------------|
 * | `weight_ih` | [G·H, I]    | input → gates; G gate blocks of H rows (GRU r,z,n; LSTM i,f,g,o) |
 * | `weight_hh` | [G·H, H]    | previous hidden state → gates, same row blocks                   |
 * | `bias_ih`   | [G·H]       | bias added to the input projection                             |
 * | `bias_hh`   | [G·H]       | bias added to the hidden projection                            |
 * | `mask_i2h`  | [G·H, I]    | 1 keeps a `weight_ih` entry, 0 prunes it                       |
 * | `mask_h2h`  | [G·H, H]    | 1 keeps a `weight_hh` entry, 0 prunes it                       |
 *
 * A cell never sees the masks: the layer hands it the effective weights `weight ⊙ mask`, so autograd routes a
 * zero gradient to every pruned entry, exactly like PyTorch's `weight * mask` forward.
 */
import * as tf from "@tensorflow/tfjs";
import { RecurrentMode, gateCount } from "../models/architecture";

/** Effective (already masked) weights of one recurrent layer, in the layout above. */
export interface CellWeights {
  readonly weightIh: tf.Tensor2D;
  readonly weightHh: tf.Tensor2D;
  readonly biasIh: tf.Tensor1D;
  readonly biasHh: tf.Tensor1D;
}

/** Recurrent state for a batch: hidden state h [B, H], plus the cell state c [B, H] for an LSTM. */
export interface CellState {
  readonly h: tf.Tensor2D;
  readonly c?: tf.Tensor2D;
}

/** One recurrent variant: how a single time step maps (x_t, state_{t-1}) to state_t. */
export abstract class RecurrentCell {
  /** Gate blocks G in the weight rows. */
  readonly gates: number;

  constructor(
    readonly mode: RecurrentMode,
    readonly inputSize: number,
    readonly hiddenSize: number,
  ) {
    this.gates = gateCount(mode);
  }

  /** The zero state a layer starts from. */
  initialState(batchSize: number): CellState {
    return { h: tf.zeros([batchSize, this.hiddenSize]) };
  }

  /** One time step for the batch: x [B, I] and the previous state to the next state. */
  abstract step(x: tf.Tensor2D, state: CellState, weights: CellWeights): CellState;

  /** The two affine projections every variant starts from: x·W_ihᵀ + b_ih and h·W_hhᵀ + b_hh, each [B, G·H]. */
  protected projections(x: tf.Tensor2D, h: tf.Tensor2D, weights: CellWeights): [tf.Tensor2D, tf.Tensor2D] {
    const fromInput = tf.add(tf.matMul(x, weights.weightIh, false, true), weights.biasIh) as tf.Tensor2D;
    const fromHidden = tf.add(tf.matMul(h, weights.weightHh, false, true), weights.biasHh) as tf.Tensor2D;
    return [fromInput, fromHidden];
  }

  /** Split a [B, G·H] projection into its G gate blocks of [B, H]. */
  protected gateBlocks(projection: tf.Tensor2D): tf.Tensor2D[] {
    return tf.split(projection, this.gates, 1) as tf.Tensor2D[];
  }
}
