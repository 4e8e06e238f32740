/**
 * GRU cell (PyTorch's gate order r, z, n). With x_* = W_ih·x + b_ih and h_* = W_hh·h + b_hh per gate block:
 *
 *   r = σ(x_r + h_r)          reset gate
 *   z = σ(x_z + h_z)          update gate
 *   n = tanh(x_n + r ⊙ h_n)   candidate (the reset gate scales h_n, which includes b_hn)
 *   h' = (1 − z) ⊙ n + z ⊙ h = n + z ⊙ (h − n)
 */
import * as tf from "@tensorflow/tfjs";
import { CellState, CellWeights, RecurrentCell } from "./recurrent-cell";

/** GRU: r=σ(x_r+h_r), z=σ(x_z+h_z), n=tanh(x_n + r⊙h_n), h'=n+z⊙(h−n). */
export class GruCell extends RecurrentCell {
  constructor(inputSize: number, hiddenSize: number) {
    super("GRU", inputSize, hiddenSize);
  }

  override step(x: tf.Tensor2D, state: CellState, weights: CellWeights): CellState {
    const [fromInput, fromHidden] = this.projections(x, state.h, weights);
    const [xr, xz, xn] = this.gateBlocks(fromInput);
    const [hr, hz, hn] = this.gateBlocks(fromHidden);
    const r = tf.sigmoid(tf.add(xr, hr));
    const z = tf.sigmoid(tf.add(xz, hz));
    const n = tf.tanh(tf.add(xn, tf.mul(r, hn)));
    return { h: tf.add(n, tf.mul(z, tf.sub(state.h, n))) as tf.Tensor2D };
  }
}
