/** Conversions between the project's plain `NamedTensor`s and tfjs tensors. */
import * as tf from "@tensorflow/tfjs";
import { NamedTensor, floatTensor } from "../models/named-tensors";

/** A tfjs float32 tensor holding a named tensor's values (masks become 0/1 floats, ready to multiply). */
export function toTfTensor(tensor: NamedTensor): tf.Tensor {
  const values = tensor.dtype === "float32" ? (tensor.data as Float32Array) : Float32Array.from(tensor.data);
  return tf.tensor(values, [...tensor.shape], "float32");
}

/** A float32 named tensor copied out of a tfjs tensor (synchronous read). */
export function fromTfTensor(tensor: tf.Tensor): NamedTensor {
  return floatTensor(tensor.shape, Float32Array.from(tensor.dataSync() as Float32Array));
}
