/**
 * Structured pruning: remove whole hidden units (Wen et al. 2018, "Learning intrinsic sparse structures within
 * LSTM"; torch.nn.utils.prune.ln_structured over rows). A unit's importance is the L2 norm of its incoming rows in
 * every gate block of `weight_ih` and `weight_hh` (pruned entries count as zero); each layer loses the share p of its
 * units with the smallest norms. The result is a genuinely smaller dense model: the kept rows of each gate block,
 * the kept columns of the next layer's `weight_ih`, of the own `weight_hh` and of the output layer, under PyTorch's
 * names. The embedding keeps its width, so the architecture records `embeddingSize`.
 */
import { embeddingSizeOf, gateCount, type Architecture } from "../models/architecture";
import { floatTensor, maskTensor, type NamedTensor, type TensorMap } from "../models/named-tensors";
import {
  layerTensorName,
  maskNameOf,
  OUTPUT_WEIGHT,
  recurrentLayerPrefix,
  type LayerTensorPart,
} from "../models/parameter-names";

/** The outcome: the smaller model, the units each layer kept (original indices) and the weights it removed. */
export interface StructuredPruningResult {
  readonly architecture: Architecture;
  readonly params: TensorMap;
  readonly percent: number;
  readonly keptUnits: readonly (readonly number[])[];
  /** Recurrent weight entries (weight_ih and weight_hh of every layer) before and after. */
  readonly weightsBefore: number;
  readonly weightsAfter: number;
}

function tensorOf(params: TensorMap, prefix: string, part: LayerTensorPart): NamedTensor {
  const name = layerTensorName(prefix, part);
  const tensor = params.get(name);
  if (!tensor) throw new Error(`structured-pruning: the model has no tensor ${name}`);
  return tensor;
}

function checkStacked(arch: Architecture): void {
  if (arch.skips.length > 0)
    throw new Error(
      `structured-pruning: removes units of stacked models only; this one has ${arch.skips.length} skip layers`,
    );
}

/**
 * Each unit's importance in layer l: the L2 norm of its rows (all gate blocks) of the masked weight_ih and weight_hh.
 */
export function unitNorms(arch: Architecture, params: TensorMap, layer: number): number[] {
  const prefix = recurrentLayerPrefix(layer);
  const hidden = arch.layerSizes[layer]!;
  const squares = new Float64Array(hidden);
  for (const part of ["weight_ih", "weight_hh"] as const) {
    const weight = tensorOf(params, prefix, part);
    const mask = params.get(maskNameOf(layerTensorName(prefix, part)))?.data;
    const columns = weight.shape[1]!;
    for (let row = 0; row < weight.shape[0]!; row++) {
      const unit = row % hidden;
      for (let c = 0; c < columns; c++) {
        const at = row * columns + c;
        const value = mask && !mask[at] ? 0 : weight.data[at]!;
        squares[unit] += value * value;
      }
    }
  }
  return Array.from(squares, Math.sqrt);
}

/**
 * Whether removing the share `percent` of each layer's units leaves every layer at least one (a level `pruneUnits` runs
 * at).
 */
export function leavesEveryLayerAUnit(layerSizes: readonly number[], percent: number): boolean {
  return layerSizes.every((hidden) => Math.round((percent / 100) * hidden) < hidden);
}

/** The units a layer keeps: all but the round(p·H) smallest norms (ties: the lower index stays), ascending. */
export function keptUnitsOf(norms: readonly number[], percent: number): number[] {
  const remove = Math.round((percent / 100) * norms.length);
  if (remove >= norms.length)
    throw new Error(
      `structured-pruning: p = ${percent} would remove all ` +
        `${norms.length} units of a layer; a model needs at least one`,
    );
  const order = norms.map((norm, unit) => ({ norm, unit })).sort((a, b) => a.norm - b.norm || b.unit - a.unit);
  return order
    .slice(remove)
    .map((entry) => entry.unit)
    .sort((a, b) => a - b);
}

/** Rows of a [G·H, C] tensor for the kept units of every gate block, and the given columns (all when null). */
function slice(
  tensor: NamedTensor,
  hidden: number,
  gates: number,
  units: readonly number[],
  columns: readonly number[] | null,
): NamedTensor {
  const width = tensor.shape.length === 2 ? tensor.shape[1]! : 1;
  const cols = columns ?? Array.from({ length: width }, (_, c) => c);
  const rows = Array.from({ length: gates }, (_, g) => units.map((unit) => g * hidden + unit)).flat();
  const data =
    tensor.dtype === "bool" ? new Uint8Array(rows.length * cols.length) : new Float32Array(rows.length * cols.length);
  rows.forEach((row, r) => cols.forEach((col, c) => (data[r * cols.length + c] = tensor.data[row * width + col]!)));
  const shape = tensor.shape.length === 2 ? [rows.length, cols.length] : [rows.length];
  return tensor.dtype === "bool" ? maskTensor(shape, data as Uint8Array) : floatTensor(shape, data as Float32Array);
}

function recurrentWeightCount(arch: Architecture): number {
  const gates = gateCount(arch.mode);
  return arch.layerSizes.reduce((sum, h, l) => {
    const input = l === 0 ? embeddingSizeOf(arch) : arch.layerSizes[l - 1]!;
    return sum + gates * h * (input + h);
  }, 0);
}

/**
 * Remove the share `percent` of every layer's units by the L2 norm of their incoming rows; returns the smaller model.
 */
export function pruneUnits(arch: Architecture, params: TensorMap, percent: number): StructuredPruningResult {
  checkStacked(arch);
  if (!(percent >= 0 && percent <= 100))
    throw new Error(`structured-pruning: percent must lie in [0, 100], got ${percent}`);
  const gates = gateCount(arch.mode);
  const keptUnits = arch.layerSizes.map((_, l) => keptUnitsOf(unitNorms(arch, params, l), percent));
  const smaller: Architecture = {
    ...arch,
    layerSizes: keptUnits.map((units) => units.length),
    embeddingSize: embeddingSizeOf(arch),
  };
  const shrunk: TensorMap = new Map();
  for (const [name, tensor] of params) shrunk.set(name, tensor);
  arch.layerSizes.forEach((hidden, l) => {
    const prefix = recurrentLayerPrefix(l);
    const units = keptUnits[l]!;
    const inputs = l === 0 ? null : keptUnits[l - 1]!;
    const parts: [LayerTensorPart, readonly number[] | null][] = [
      ["weight_ih", inputs],
      ["weight_hh", units],
      ["bias_ih", null],
      ["bias_hh", null],
      ["mask_i2h", inputs],
      ["mask_h2h", units],
    ];
    for (const [part, columns] of parts) {
      const name = layerTensorName(prefix, part);
      const tensor = params.get(name);
      if (tensor) shrunk.set(name, slice(tensor, hidden, gates, units, columns));
    }
  });
  const out = params.get(OUTPUT_WEIGHT);
  if (!out) throw new Error(`structured-pruning: the model has no tensor ${OUTPUT_WEIGHT}`);
  // The output layer's rows are classes (one "gate" of outputSize rows): keep all, and the last layer's kept columns.
  shrunk.set(
    OUTPUT_WEIGHT,
    slice(
      out,
      out.shape[0]!,
      1,
      Array.from({ length: out.shape[0]! }, (_, c) => c),
      keptUnits.at(-1)!,
    ),
  );
  return {
    architecture: smaller,
    params: shrunk,
    percent,
    keptUnits,
    weightsBefore: recurrentWeightCount(arch),
    weightsAfter: recurrentWeightCount(smaller),
  };
}

/**
 * The same removal as masks on the original shapes: the removed units' rows, and their columns in `weight_hh` and
 * the next layer's `weight_ih`, are masked, and their output-layer columns set to zero. This model computes the
 * smaller one's logits (a removed unit still runs on its biases, but nothing reads it); tests compare the two.
 */
export function unitRemovalAsMasks(
  arch: Architecture,
  params: TensorMap,
  keptUnits: readonly (readonly number[])[],
): TensorMap {
  checkStacked(arch);
  const gates = gateCount(arch.mode);
  const masked: TensorMap = new Map(params);
  const keeps = keptUnits.map((units, l) => {
    const flags = new Uint8Array(arch.layerSizes[l]!);
    for (const unit of units) flags[unit] = 1;
    return flags;
  });
  arch.layerSizes.forEach((hidden, l) => {
    const prefix = recurrentLayerPrefix(l);
    for (const part of ["weight_ih", "weight_hh"] as const) {
      const weight = tensorOf(params, prefix, part);
      const maskName = maskNameOf(layerTensorName(prefix, part));
      const old = params.get(maskName)?.data;
      const columns = weight.shape[1]!;
      const columnKeep = part === "weight_hh" ? keeps[l]! : l === 0 ? null : keeps[l - 1]!;
      const mask = new Uint8Array(weight.data.length);
      for (let row = 0; row < gates * hidden; row++) {
        for (let c = 0; c < columns; c++) {
          const at = row * columns + c;
          mask[at] = (old ? old[at]! : 1) & keeps[l]![row % hidden]! & (columnKeep ? columnKeep[c]! : 1);
        }
      }
      masked.set(maskName, maskTensor(weight.shape, mask));
    }
  });
  const out = params.get(OUTPUT_WEIGHT)!;
  const last = keeps.at(-1)!;
  const width = out.shape[1]!;
  masked.set(
    OUTPUT_WEIGHT,
    floatTensor(
      out.shape,
      Float32Array.from(out.data, (value, at) => (last[at % width] ? value : 0)),
    ),
  );
  return masked;
}
