/**
 * One training step on the reference path, as PyTorch does it in the thesis:
 * `clip_grad_norm_(params, 5)` then `Adam(lr=1e-3, betas=(0.9, 0.999), eps=1e-8).step()`.
 */
import * as tf from "@tensorflow/tfjs";
import { Architecture } from "../models/architecture";
import { TensorMap } from "../models/named-tensors";
import type { ModelInput } from "../data/batching";
import { ReferenceLossAndGradients, referenceLossAndGradients } from "./reference-model";
import { fromTfTensor, toTfTensor } from "./tensor-conversion";

/** Adam's hyper-parameters (defaults: the thesis's lr 1e-3, betas 0.9/0.999, eps 1e-8). */
export interface AdamOptions {
  readonly learningRate?: number;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
}

/** Adam's running state: steps taken and the first/second moment of every parameter. */
export interface AdamState {
  readonly step: number;
  readonly m: TensorMap;
  readonly v: TensorMap;
}

/** Result of `clipGradientNorm`. */
export interface ClippedGradients {
  readonly gradients: TensorMap;
  /** Global L2 norm before clipping. */
  readonly norm: number;
  /** Factor applied to every gradient (1 when the norm was already small enough). */
  readonly scale: number;
}

/** PyTorch's clip_grad_norm_: scale every gradient by maxNorm/(norm+1e-6) when that factor is below 1. */
export function clipGradientNorm(gradients: TensorMap, maxNorm = 5): ClippedGradients {
  let squares = 0;
  for (const g of gradients.values()) for (const value of g.data) squares += value * value;
  const norm = Math.fround(Math.sqrt(squares));
  const coefficient = Math.fround(maxNorm / (norm + 1e-6));
  if (coefficient >= 1) return { gradients, norm, scale: 1 };
  const clipped: TensorMap = new Map();
  for (const [name, g] of gradients) {
    clipped.set(name, {
      shape: g.shape,
      dtype: "float32",
      data: (g.data as Float32Array).map((value) => value * coefficient),
    });
  }
  return { gradients: clipped, norm, scale: coefficient };
}

/**
 * One Adam step in PyTorch's form: m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g²,
 * p ← p − (lr / (1−β1^t)) · m / (√v / √(1−β2^t) + ε). Parameters without a gradient (masks) pass through unchanged.
 */
export function referenceAdamStep(
  params: TensorMap,
  gradients: TensorMap,
  state?: AdamState,
  options: AdamOptions = {},
): { params: TensorMap; state: AdamState } {
  const { learningRate = 1e-3, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8 } = options;
  const step = (state?.step ?? 0) + 1;
  const biasCorrection1 = 1 - beta1 ** step;
  const biasCorrection2Sqrt = Math.sqrt(1 - beta2 ** step);
  const next: TensorMap = new Map();
  const m: TensorMap = new Map();
  const v: TensorMap = new Map();
  for (const [name, param] of params) {
    const gradient = gradients.get(name);
    if (!gradient) {
      next.set(name, param);
      continue;
    }
    const [p1, m1, v1] = tf.tidy(() => {
      const g = toTfTensor(gradient);
      const m0 = state?.m.get(name) ? toTfTensor(state.m.get(name)!) : tf.zerosLike(g);
      const v0 = state?.v.get(name) ? toTfTensor(state.v.get(name)!) : tf.zerosLike(g);
      const mNew = tf.add(tf.mul(m0, beta1), tf.mul(g, 1 - beta1));
      const vNew = tf.add(tf.mul(v0, beta2), tf.mul(tf.square(g), 1 - beta2));
      const denominator = tf.add(tf.div(tf.sqrt(vNew), biasCorrection2Sqrt), epsilon);
      const pNew = tf.sub(toTfTensor(param), tf.mul(tf.div(mNew, denominator), learningRate / biasCorrection1));
      return [pNew, mNew, vNew];
    });
    next.set(name, fromTfTensor(p1));
    m.set(name, fromTfTensor(m1));
    v.set(name, fromTfTensor(v1));
    tf.dispose([p1, m1, v1]);
  }
  return { params: next, state: { step, m, v } };
}

/** Result of `referenceTrainingStep`: the batch's loss and gradients, and the updated parameters and Adam state. */
export interface ReferenceTrainingStep extends ReferenceLossAndGradients {
  readonly params: TensorMap;
  readonly state: AdamState;
}

/** A full training step: forward, autograd backward, clip to norm 5, one Adam step. */
export function referenceTrainingStep(
  arch: Architecture,
  params: TensorMap,
  batch: ModelInput,
  targets: Int32Array,
  state?: AdamState,
  options: AdamOptions & { readonly maxGradNorm?: number } = {},
): ReferenceTrainingStep {
  const result = referenceLossAndGradients(arch, params, batch, targets);
  const clipped = clipGradientNorm(result.gradients, options.maxGradNorm ?? 5);
  const updated = referenceAdamStep(params, clipped.gradients, state, options);
  return { ...result, params: updated.params, state: updated.state };
}
