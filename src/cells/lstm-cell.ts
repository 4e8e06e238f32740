/**
 * LSTM cell (PyTorch's gate order i, f, g, o). With x_* = W_ih·x + b_ih and h_* = W_hh·h + b_hh per gate block:
 *
 *   i = σ(x_i + h_i)   input gate          f = σ(x_f + h_f)   forget gate
 *   g = tanh(x_g + h_g) candidate          o = σ(x_o + h_o)   output gate
 *   c' = f ⊙ c + i ⊙ g                     h' = o ⊙ tanh(c')
 */
import * as tf from "@tensorflow/tfjs";
import { CellState, CellWeights, RecurrentCell } from "./recurrent-cell";

/** LSTM: c' = σ(f)⊙c + σ(i)⊙tanh(g), h' = σ(o)⊙tanh(c'); state carries h and c. */
export class LstmCell extends RecurrentCell {
  constructor(inputSize: number, hiddenSize: number) {
    super("LSTM", inputSize, hiddenSize);
  }

  override initialState(batchSize: number): CellState {
    return { h: tf.zeros([batchSize, this.hiddenSize]), c: tf.zeros([batchSize, this.hiddenSize]) };
  }

  override step(x: tf.Tensor2D, state: CellState, weights: CellWeights): CellState {
    if (!state.c) throw new Error("LSTM step needs a cell state c");
    const [fromInput, fromHidden] = this.projections(x, state.h, weights);
    // For an LSTM both biases and projections simply add up before the gates.
    const [i, f, g, o] = this.gateBlocks(tf.add(fromInput, fromHidden));
    const c = tf.add(tf.mul(tf.sigmoid(f), state.c), tf.mul(tf.sigmoid(i), tf.tanh(g))) as tf.Tensor2D;
    const h = tf.mul(tf.sigmoid(o), tf.tanh(c)) as tf.Tensor2D;
    return { h, c };
  }
}
