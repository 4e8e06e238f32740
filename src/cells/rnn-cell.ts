/** The Elman cells RNN_TANH and RNN_RELU: one gate block, h' = act(W_ih·x + b_ih + W_hh·h + b_hh). */
import * as tf from "@tensorflow/tfjs";
import { RecurrentMode } from "../models/architecture";
import { CellState, CellWeights, RecurrentCell } from "./recurrent-cell";

/** An Elman cell with a given activation: h' = act(W_ih·x + b_ih + W_hh·h + b_hh). */
export abstract class ElmanCell extends RecurrentCell {
  constructor(
    mode: RecurrentMode,
    inputSize: number,
    hiddenSize: number,
    private readonly activation: (preActivation: tf.Tensor2D) => tf.Tensor2D,
  ) {
    super(mode, inputSize, hiddenSize);
  }

  override step(x: tf.Tensor2D, state: CellState, weights: CellWeights): CellState {
    const [fromInput, fromHidden] = this.projections(x, state.h, weights);
    return { h: this.activation(tf.add(fromInput, fromHidden)) };
  }
}

/** RNN_TANH: h' = tanh(W_ih·x + b_ih + W_hh·h + b_hh). */
export class RnnTanhCell extends ElmanCell {
  constructor(inputSize: number, hiddenSize: number) {
    super("RNN_TANH", inputSize, hiddenSize, (z) => tf.tanh(z));
  }
}

/** RNN_RELU: h' = relu(W_ih·x + b_ih + W_hh·h + b_hh). */
export class RnnReluCell extends ElmanCell {
  constructor(inputSize: number, hiddenSize: number) {
    super("RNN_RELU", inputSize, hiddenSize, (z) => tf.relu(z));
  }
}
