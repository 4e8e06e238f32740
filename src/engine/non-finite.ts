/** Detection of NaN/Inf during training, reported with the tensor where it first appeared. */
import type { ParameterBlock } from "./parameter-block";
import type { KernelExports } from "./kernel-exports";

/** A non-finite value appeared; `tensor` names where, `stage` when (loss, gradient, parameter update). */
export class NonFiniteError extends Error {
  constructor(
    readonly stage: "loss" | "gradient" | "parameter",
    readonly tensor: string,
    message: string,
  ) {
    super(message);
    this.name = "NonFiniteError";
  }
}

/** Throw a NonFiniteError naming the first parameter tensor whose companion vector at `base` holds NaN/Inf. */
export function assertFinite(
  kernels: KernelExports,
  block: ParameterBlock,
  base: number,
  stage: "gradient" | "parameter",
): void {
  const index = kernels.firstNonFinite(base, block.length);
  if (index < 0) return;
  const tensor = block.nameAt(index);
  const value = new Float32Array(kernels.memory.buffer, base + 4 * index, 1)[0];
  throw new NonFiniteError(stage, tensor, `non-finite ${stage} (${value}) in ${tensor}`);
}
