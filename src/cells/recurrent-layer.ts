/** A masked recurrent layer run over a whole time-major sequence with one of the four cells. */
import * as tf from "@tensorflow/tfjs";
import { RecurrentMode } from "../models/architecture";
import { GruCell } from "./gru-cell";
import { LstmCell } from "./lstm-cell";
import { CellWeights, RecurrentCell } from "./recurrent-cell";
import { RnnReluCell, RnnTanhCell } from "./rnn-cell";
import { layerTensorName, maskNameOf } from "../models/parameter-names";

/** The cell class for a variant. */
export function createCell(mode: RecurrentMode, inputSize: number, hiddenSize: number): RecurrentCell {
  switch (mode) {
    case "RNN_TANH":
      return new RnnTanhCell(inputSize, hiddenSize);
    case "RNN_RELU":
      return new RnnReluCell(inputSize, hiddenSize);
    case "LSTM":
      return new LstmCell(inputSize, hiddenSize);
    case "GRU":
      return new GruCell(inputSize, hiddenSize);
  }
}

/** Look-up of tfjs tensors by PyTorch name (parameters as float32, masks as float32 0/1). */
export type TensorLookup = (name: string) => tf.Tensor;

/**
 * Effective weights `weight ⊙ mask` of the layer `prefix` (e.g. "recurrent.recurrent_layers.0"); a missing mask means
 * dense.
 */
export function maskedCellWeights(
  lookup: TensorLookup,
  prefix: string,
  hasMask: (name: string) => boolean,
): CellWeights {
  const masked = (weight: "weight_ih" | "weight_hh"): tf.Tensor2D => {
    const w = lookup(layerTensorName(prefix, weight)) as tf.Tensor2D;
    const mask = maskNameOf(layerTensorName(prefix, weight));
    return hasMask(mask) ? (tf.mul(w, lookup(mask)) as tf.Tensor2D) : w;
  };
  return {
    weightIh: masked("weight_ih"),
    weightHh: masked("weight_hh"),
    biasIh: lookup(layerTensorName(prefix, "bias_ih")) as tf.Tensor1D,
    biasHh: lookup(layerTensorName(prefix, "bias_hh")) as tf.Tensor1D,
  };
}

/** Run a cell from the zero state over inputs [T, B, I]; returns every step's hidden state, [T, B, H]. */
export function runRecurrentLayer(cell: RecurrentCell, weights: CellWeights, inputs: tf.Tensor3D): tf.Tensor3D {
  const [length, batchSize] = inputs.shape;
  let state = cell.initialState(batchSize);
  const outputs: tf.Tensor2D[] = [];
  for (const x of tf.unstack(inputs, 0) as tf.Tensor2D[]) {
    state = cell.step(x, state, weights);
    outputs.push(state.h);
  }
  return length === 0 ? tf.zeros([0, batchSize, cell.hiddenSize]) : (tf.stack(outputs, 0) as tf.Tensor3D);
}
