/**
 * A model's parameters and masks as plain named arrays, under PyTorch's names
 * (`embedding.weight`, `recurrent.recurrent_layers.<l>.weight_ih`, `…mask_i2h`, `out.bias` …).
 * This is the exchange format between the engine, the safetensors files, pruning and the reference vectors.
 */

/** Element type of a named tensor: weights are float32, masks are booleans stored one byte each. */
export type NamedTensorDtype = "float32" | "bool";

/** One tensor: row-major data with its shape. */
export interface NamedTensor {
  readonly shape: readonly number[];
  readonly dtype: NamedTensorDtype;
  readonly data: Float32Array | Uint8Array;
}

/** Named tensors in a stable insertion order. */
export type TensorMap = Map<string, NamedTensor>;

/** Number of elements a shape holds. */
export function shapeSize(shape: readonly number[]): number {
  return shape.reduce((product, dim) => product * dim, 1);
}

/** A float32 tensor, checking that the data fits the shape. */
export function floatTensor(shape: readonly number[], data?: Float32Array): NamedTensor {
  const size = shapeSize(shape);
  const values = data ?? new Float32Array(size);
  if (values.length !== size)
    throw new Error(`float tensor of shape [${shape}] needs ${size} values, got ${values.length}`);
  return { shape: [...shape], dtype: "float32", data: values };
}

/** A boolean mask tensor (1 keeps a weight, 0 removes it), all ones unless data is given. */
export function maskTensor(shape: readonly number[], data?: Uint8Array): NamedTensor {
  const size = shapeSize(shape);
  const values = data ?? new Uint8Array(size).fill(1);
  if (values.length !== size) throw new Error(`mask of shape [${shape}] needs ${size} values, got ${values.length}`);
  return { shape: [...shape], dtype: "bool", data: values };
}
