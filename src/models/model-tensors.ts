/**
 * The tensors a model of a given `Architecture` consists of, under PyTorch's names, and a check that a
 * `TensorMap` (e.g. read from a safetensors file) is exactly that set.
 */
import { Architecture, embeddingSizeOf, gateCount } from "../models/architecture";
import { NamedTensorDtype, TensorMap } from "../models/named-tensors";
import {
  EMBEDDING_WEIGHT,
  OUTPUT_BIAS,
  OUTPUT_WEIGHT,
  isRecurrentWeightName,
  layerTensorName,
  recurrentLayerPrefix,
  skipLayerPrefix,
} from "../models/parameter-names";

/** Name, shape and dtype one tensor of a model must have. */
export interface TensorSpec {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: NamedTensorDtype;
}

/** Every tensor of the model in module order: embedding, recurrent layers, skip layers, output layer. */
export function modelTensorSpecs(arch: Architecture): TensorSpec[] {
  const gates = gateCount(arch.mode);
  const sizes = arch.layerSizes;
  const recurrent = (prefix: string, inputSize: number, hiddenSize: number): TensorSpec[] => [
    { name: layerTensorName(prefix, "weight_ih"), shape: [gates * hiddenSize, inputSize], dtype: "float32" },
    { name: layerTensorName(prefix, "weight_hh"), shape: [gates * hiddenSize, hiddenSize], dtype: "float32" },
    { name: layerTensorName(prefix, "bias_ih"), shape: [gates * hiddenSize], dtype: "float32" },
    { name: layerTensorName(prefix, "bias_hh"), shape: [gates * hiddenSize], dtype: "float32" },
    { name: layerTensorName(prefix, "mask_i2h"), shape: [gates * hiddenSize, inputSize], dtype: "bool" },
    { name: layerTensorName(prefix, "mask_h2h"), shape: [gates * hiddenSize, hiddenSize], dtype: "bool" },
  ];
  arch.skips.forEach(({ source, target }, k) => {
    if (!(source >= 0 && target < sizes.length && source <= target - 2)) {
      throw new Error(
        `skip layer ${k} (${source} -> ${target}) must connect layers s <= t-2 within 0..${sizes.length - 1}`,
      );
    }
  });
  return [
    { name: EMBEDDING_WEIGHT, shape: [arch.vocabularySize, embeddingSizeOf(arch)], dtype: "float32" },
    ...sizes.flatMap((size, l) =>
      recurrent(recurrentLayerPrefix(l), l === 0 ? embeddingSizeOf(arch) : sizes[l - 1], size),
    ),
    ...arch.skips.flatMap(({ source, target }, k) => recurrent(skipLayerPrefix(k), sizes[source], sizes[target])),
    { name: OUTPUT_WEIGHT, shape: [arch.outputSize, sizes[sizes.length - 1]], dtype: "float32" },
    { name: OUTPUT_BIAS, shape: [arch.outputSize], dtype: "float32" },
  ];
}

/** The trainable parameters (every float32 tensor; masks excluded), in module order. */
export function parameterSpecs(arch: Architecture): TensorSpec[] {
  return modelTensorSpecs(arch).filter((spec) => spec.dtype === "float32");
}

/** A model's trainable parameters by part, and the recurrent weight matrices magnitude pruning chooses from. */
export interface ParameterCounts {
  /** The embedding table (vocabulary × first layer's width). */
  readonly embedding: number;
  /** Entries of every `weight_ih` and `weight_hh` of the recurrent (and skip) layers: what pruning may remove. */
  readonly recurrentWeights: number;
  /** Every `bias_ih` and `bias_hh` of the recurrent (and skip) layers. */
  readonly recurrentBiases: number;
  /** The output layer's weight and bias. */
  readonly output: number;
  /** All of the above (masks are not parameters). */
  readonly total: number;
}

/** Count a model's trainable parameters from its architecture alone (no weights needed). */
export function parameterCounts(arch: Architecture): ParameterCounts {
  const counts = { embedding: 0, recurrentWeights: 0, recurrentBiases: 0, output: 0, total: 0 };
  for (const spec of parameterSpecs(arch)) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const part =
      spec.name === EMBEDDING_WEIGHT
        ? "embedding"
        : spec.name === OUTPUT_WEIGHT || spec.name === OUTPUT_BIAS
          ? "output"
          : isRecurrentWeightName(spec.name)
            ? "recurrentWeights"
            : "recurrentBiases";
    counts[part] += size;
    counts.total += size;
  }
  return counts;
}

/**
 * The most trainable parameters a model of the lab may have: 50 million (200 MB of float32; training holds about four
 * times that with gradients and Adam's moments). The thesis's models have tens of thousands.
 */
export const MAX_MODEL_PARAMETERS = 50_000_000;

/** Throw naming `source` (the flag or file that implied it) when `arch` is too large; allocates nothing. */
export function checkModelSize(arch: Architecture, source: string): void {
  const total = parameterCounts(arch).total;
  if (total <= MAX_MODEL_PARAMETERS) return;
  const widest = Math.max(...arch.layerSizes);
  throw new Error(
    `${source}: a ${arch.mode} model of ${arch.layerSizes.length} layer(s) of up to ${widest} units has ` +
      `${total.toPrecision(3)} trainable parameters, above the lab's limit of ${MAX_MODEL_PARAMETERS} (model-tensors)`,
  );
}

/** Options for `validateModelTensors`. */
export interface ValidateOptions {
  /** Accept a model without mask tensors (treated as dense). Default false. */
  readonly masksOptional?: boolean;
  /** Where the tensors came from, for error messages (e.g. a file path). */
  readonly source?: string;
}

/** Throw a clear error unless `tensors` holds exactly the model's tensors with the right shapes and dtypes. */
export function validateModelTensors(arch: Architecture, tensors: TensorMap, options: ValidateOptions = {}): void {
  const where = options.source ? `${options.source}: ` : "";
  const describe = (shape: readonly number[], dtype: string): string => `${dtype} [${shape.join(", ")}]`;
  const problems: string[] = [];
  const specs = modelTensorSpecs(arch);
  for (const spec of specs) {
    const tensor = tensors.get(spec.name);
    if (!tensor) {
      if (!(spec.dtype === "bool" && options.masksOptional))
        problems.push(`missing tensor "${spec.name}" (expected ${describe(spec.shape, spec.dtype)})`);
      continue;
    }
    const sameShape =
      tensor.shape.length === spec.shape.length && tensor.shape.every((dim, i) => dim === spec.shape[i]);
    if (!sameShape || tensor.dtype !== spec.dtype) {
      problems.push(
        `tensor "${spec.name}" is ${describe(tensor.shape, tensor.dtype)}, ` +
          `expected ${describe(spec.shape, spec.dtype)}`,
      );
    }
  }
  const known = new Set(specs.map((spec) => spec.name));
  for (const name of tensors.keys())
    if (!known.has(name)) problems.push(`unexpected tensor "${name}" (not part of this ${arch.mode} model)`);
  if (problems.length > 0) {
    const shown = problems.slice(0, 8).join("; ") + (problems.length > 8 ? `; … ${problems.length - 8} more` : "");
    throw new Error(
      `${where}model tensors do not match the architecture (${arch.mode}, ` +
        `layers [${arch.layerSizes}], ${arch.skips.length} skips): ${shown}`,
    );
  }
}
