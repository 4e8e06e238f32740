/** Teaching-grade reference cells and model in TensorFlow.js. */
export * from "./recurrent-cell";
export * from "./rnn-cell";
export * from "./lstm-cell";
export * from "./gru-cell";
export * from "./recurrent-layer";
export * from "./tensor-conversion";
export * from "./reference-model";
export * from "./reference-training";
export * from "./hand-step";
export * from "./forward-comparison";
export * from "./gradient-comparison";
export * from "./step-comparison";
