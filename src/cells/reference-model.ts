/**
 * The thesis's whole model written plainly with tfjs ops, as the readable reference the fast engine is checked
 * against. Data flow (time-major throughout):
 *
 *   tokens [T, B] → Embedding(128, H0) → layer 0 → layer 1 → … → layer L−1 → last step [B, H_last] → Linear → logits
 *
 * Each layer runs over the whole sequence before the next one starts. A skip layer k (source s, target t ≥ s+2)
 * is a full masked recurrent layer with its own zero state; it reads layer s's output sequence and its output is
 * added to layer t's output, and that sum is what layer t+1 (or the output layer) reads. The sequence a skip reads
 * is what leaves layer s, i.e. after s's own incoming skips are added (pinned by the structured1 torch vectors;
 * reading s's output before its skips changes structured1's logits by up to 49%).
 * The last time step includes padding (code 0), as in the thesis.
 */
import * as tf from "@tensorflow/tfjs";
import type { ModelInput } from "../data/batching";
import { Architecture, embeddingSizeOf } from "../models/architecture";
import { TensorMap } from "../models/named-tensors";
import { recurrentLayerPrefix, skipLayerPrefix } from "../models/parameter-names";
import { parameterSpecs, validateModelTensors } from "../models/model-tensors";
import { TensorLookup, createCell, maskedCellWeights, runRecurrentLayer } from "./recurrent-layer";
import { fromTfTensor, toTfTensor } from "./tensor-conversion";

/** Result of `referenceForward`: logits [size, outputSize] row-major. */
export interface ReferenceForward {
  readonly logits: Float32Array;
}

/** Result of `referenceLossAndGradients`. */
export interface ReferenceLossAndGradients extends ReferenceForward {
  /** Mean cross-entropy over the batch. */
  readonly loss: number;
  /** d loss / d parameter for every float32 parameter (masks excluded), before clipping. */
  readonly gradients: TensorMap;
  /** Global L2 norm over all gradients, before clipping. */
  readonly gradNorm: number;
}

/** Logits [B, outputSize] of the model for time-major token ids [T, B]; every tensor comes from `lookup`. */
export function modelLogits(
  arch: Architecture,
  lookup: TensorLookup,
  hasTensor: (name: string) => boolean,
  tokens: tf.Tensor2D,
): tf.Tensor2D {
  const layer = (prefix: string, inputSize: number, hiddenSize: number, inputs: tf.Tensor3D): tf.Tensor3D =>
    runRecurrentLayer(
      createCell(arch.mode, inputSize, hiddenSize),
      maskedCellWeights(lookup, prefix, hasTensor),
      inputs,
    );
  const sizes = arch.layerSizes;
  // outputs[l] is what leaves layer l: its own output plus the skip layers that target it.
  const outputs: tf.Tensor3D[] = [];
  let sequence = embed(lookup("embedding.weight") as tf.Tensor2D, tokens);
  for (let l = 0; l < sizes.length; l++) {
    sequence = layer(recurrentLayerPrefix(l), l === 0 ? embeddingSizeOf(arch) : sizes[l - 1], sizes[l], sequence);
    arch.skips.forEach(({ source, target }, k) => {
      if (target === l)
        sequence = tf.add(sequence, layer(skipLayerPrefix(k), sizes[source], sizes[target], outputs[source]));
    });
    outputs.push(sequence);
  }
  const [length, batchSize, hidden] = sequence.shape;
  const last = tf.reshape(tf.slice(sequence, [length - 1, 0, 0], [1, batchSize, hidden]), [
    batchSize,
    hidden,
  ]) as tf.Tensor2D;
  return tf.add(tf.matMul(last, lookup("out.weight"), false, true), lookup("out.bias")) as tf.Tensor2D;
}

/**
 * Embedding look-up [T, B] → [T, B, H0], written as one-hot(tokens) · E: the same numbers as a gather, and its
 * gradient is a plain matMul, which every tfjs backend has (the wasm backend lacks gather's UnsortedSegmentSum).
 */
export function embed(embedding: tf.Tensor2D, tokens: tf.Tensor2D): tf.Tensor3D {
  const [length, batchSize] = tokens.shape;
  const [vocabulary, width] = embedding.shape;
  const oneHot = tf.reshape(tf.oneHot(tf.reshape(tokens, [-1]), vocabulary), [length * batchSize, vocabulary]);
  return tf.reshape(tf.matMul(oneHot, embedding), [length, batchSize, width]) as tf.Tensor3D;
}

/** Mean cross-entropy of logits [B, C] against integer classes. */
export function crossEntropy(logits: tf.Tensor2D, targets: tf.Tensor1D): tf.Scalar {
  const classes = logits.shape[1];
  return tf.neg(tf.mean(tf.sum(tf.mul(tf.oneHot(targets, classes), tf.logSoftmax(logits)), 1))) as tf.Scalar;
}

/** Forward pass of the whole model: logits for a time-major token batch. */
export function referenceForward(arch: Architecture, params: TensorMap, batch: ModelInput): ReferenceForward {
  checkInputs(arch, params, batch);
  const logits = tf.tidy(() => {
    const tensors = new Map([...params].map(([name, tensor]) => [name, toTfTensor(tensor)]));
    return modelLogits(arch, lookupIn(tensors), (name) => tensors.has(name), tokenTensor(batch));
  });
  const values = Float32Array.from(logits.dataSync() as Float32Array);
  logits.dispose();
  return { logits: values };
}

/** Loss, logits, every parameter's gradient (tfjs autograd) and the global gradient norm for one batch. */
export function referenceLossAndGradients(
  arch: Architecture,
  params: TensorMap,
  batch: ModelInput,
  targets: Int32Array,
): ReferenceLossAndGradients {
  checkInputs(arch, params, batch);
  if (targets.length !== batch.size)
    throw new Error(`got ${targets.length} targets for a batch of ${batch.size} strings`);
  const badTarget = targets.findIndex((value) => !(value >= 0 && value < arch.outputSize));
  if (badTarget >= 0)
    throw new Error(`target ${badTarget} is ${targets[badTarget]}, expected a class in 0..${arch.outputSize - 1}`);
  const names = parameterSpecs(arch).map((spec) => spec.name);
  const result = tf.tidy(() => {
    const constants = new Map(
      [...params].filter(([, t]) => t.dtype === "bool").map(([name, t]) => [name, toTfTensor(t)]),
    );
    const variables = names.map((name) => toTfTensor(params.get(name)!));
    const tokenIds = tokenTensor(batch);
    const classes = tf.tensor1d(targets, "int32");
    let logits: tf.Tensor2D | undefined;
    const lossOf = (...values: tf.Tensor[]): tf.Scalar => {
      const tensors = new Map(constants);
      names.forEach((name, i) => tensors.set(name, values[i]));
      logits = tf.keep(modelLogits(arch, lookupIn(tensors), (name) => tensors.has(name), tokenIds));
      return crossEntropy(logits, classes);
    };
    const { value, grads } = tf.valueAndGrads(lossOf)(variables);
    const gradNorm = tf.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g)))));
    return { loss: value, logits: logits!, grads, gradNorm };
  });
  const gradients: TensorMap = new Map(names.map((name, i) => [name, fromTfTensor(result.grads[i])]));
  const output = {
    loss: result.loss.dataSync()[0],
    logits: Float32Array.from(result.logits.dataSync() as Float32Array),
    gradients,
    gradNorm: result.gradNorm.dataSync()[0],
  };
  tf.dispose(result);
  return output;
}

function lookupIn(tensors: Map<string, tf.Tensor>): TensorLookup {
  return (name) => {
    const tensor = tensors.get(name);
    if (!tensor) throw new Error(`model tensor "${name}" is missing`);
    return tensor;
  };
}

function tokenTensor(batch: ModelInput): tf.Tensor2D {
  return tf.tensor2d(batch.tokens, [batch.length, batch.size], "int32");
}

function checkInputs(arch: Architecture, params: TensorMap, batch: ModelInput): void {
  validateModelTensors(arch, params, { masksOptional: true });
  if (!(batch.length >= 1 && batch.size >= 1) || batch.tokens.length !== batch.length * batch.size) {
    throw new Error(
      `token batch must be ${batch.length} steps × ${batch.size} strings = ` +
        `${batch.length * batch.size} codes (at least 1×1), got ${batch.tokens.length}`,
    );
  }
  const bad = batch.tokens.findIndex((code) => !(code >= 0 && code < arch.vocabularySize));
  if (bad >= 0) {
    throw new Error(
      `token at step ${Math.floor(bad / batch.size)}, string ${bad % batch.size} ` +
        `is ${batch.tokens[bad]}, expected a code in 0..${arch.vocabularySize - 1}`,
    );
  }
}
