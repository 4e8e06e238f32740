/**
 * Global gradient-norm clipping and Adam over a `ParameterBlock`, each one SIMD pass over the whole model,
 * with PyTorch 1.13's semantics (`clip_grad_norm_(params, 5)` then `Adam(lr=1e-3, betas=(0.9, 0.999), eps=1e-8)`).
 */
import type { ParameterBlock } from "./parameter-block";
import type { KernelExports } from "./kernel-exports";

/** Adam and clipping settings (defaults: the thesis's). */
export interface OptimizerOptions {
  readonly learningRate?: number;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
  /** Global L2 norm the gradients are clipped to (Infinity disables clipping). */
  readonly maxGradNorm?: number;
}

/** The thesis's optimizer settings. */
export const THESIS_OPTIMIZER: Required<OptimizerOptions> = Object.freeze({
  learningRate: 1e-3,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
  maxGradNorm: 5,
});

/** Clip-then-Adam over one parameter block; the moments live in the block. */
export class AdamOptimizer {
  readonly options: Required<OptimizerOptions>;
  /** Steps taken so far. */
  step = 0;

  constructor(
    private readonly block: ParameterBlock,
    private readonly kernels: KernelExports,
    options: OptimizerOptions = {},
  ) {
    this.options = { ...THESIS_OPTIMIZER, ...options };
    for (const [name, value] of Object.entries(this.options)) {
      if (!(typeof value === "number" && value > 0))
        throw new Error(`optimizer option ${name} must be a positive number, got ${value}`);
    }
  }

  /** Global L2 norm of the current gradients (accumulated in float64, rounded to float32 like PyTorch's). */
  gradientNorm(): number {
    return Math.fround(Math.sqrt(this.kernels.sumOfSquares(this.block.gradients, this.block.length)));
  }

  /**
   * Scale the gradients by maxNorm/(norm+1e-6) when that is below 1 (PyTorch's clip_grad_norm_); returns the norm
   * before clipping.
   */
  clip(): number {
    const norm = this.gradientNorm();
    const coefficient = Math.fround(this.options.maxGradNorm / Math.fround(norm + 1e-6));
    if (coefficient < 1) this.kernels.scaleInPlace(this.block.gradients, coefficient, this.block.length);
    return norm;
  }

  /** One Adam step with the current gradients (bias-corrected as in PyTorch: p -= lr/bc1 · m / (√v/√bc2 + ε)). */
  update(): void {
    const { learningRate, beta1, beta2, epsilon } = this.options;
    this.step += 1;
    const bc1 = 1 - beta1 ** this.step;
    const bc2Sqrt = Math.sqrt(1 - beta2 ** this.step);
    const b = this.block;
    this.kernels.adam(
      b.parameters,
      b.gradients,
      b.firstMoments,
      b.secondMoments,
      b.length,
      beta1,
      beta2,
      learningRate / bc1,
      bc2Sqrt,
      epsilon,
    );
  }

  /** Forget the moments and the step count (a fresh optimizer, as each thesis training run starts with). */
  reset(): void {
    this.step = 0;
    const floats = new Float32Array(this.kernels.memory.buffer);
    floats.fill(0, this.block.firstMoments >> 2, (this.block.firstMoments >> 2) + this.block.length);
    floats.fill(0, this.block.secondMoments >> 2, (this.block.secondMoments >> 2) + this.block.length);
  }
}
