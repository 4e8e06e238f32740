/**
 * How sparse a model is, read from its masks: kept and total entries per mask, and per recurrent layer and
 * connection kind (i2h, h2h). Independent of how the masks were chosen.
 */
import type { TensorMap } from "../models/named-tensors";
import {
  connectionKindOf,
  type ConnectionKind,
  isMaskName,
  isRecurrentWeightName,
  parseLayerTensorName,
  weightNameOfMask,
} from "../models/parameter-names";

/** Kept and total weights of one pruned tensor. */
export interface TensorSparsity {
  readonly weight: string;
  readonly mask: string;
  readonly kept: number;
  readonly total: number;
}

function countNonZero(values: ArrayLike<number>): number {
  let count = 0;
  for (let i = 0; i < values.length; i++) if (values[i]) count++;
  return count;
}

/** Kept and total entries of every mask in a model (its sparsity per tensor), for reports. */
export function maskSparsity(params: TensorMap): TensorSparsity[] {
  return [...params.entries()]
    .filter(([name]) => isMaskName(name))
    .map(([name, mask]) => ({
      weight: weightNameOfMask(name),
      mask: name,
      kept: countNonZero(mask.data),
      total: mask.data.length,
    }));
}

/** Kept weights of one recurrent layer of a pruned model, per weight kind. */
export interface LayerSparsity {
  /** Tensor prefix, e.g. `recurrent.recurrent_layers.0`. */
  readonly layer: string;
  readonly i2h: { readonly kept: number; readonly total: number };
  readonly h2h: { readonly kept: number; readonly total: number };
}

/** Kept/total weights per recurrent layer (from the masks; a layer without masks counts as dense). */
export function layerSparsity(params: TensorMap): LayerSparsity[] {
  const layers = new Map<string, { i2h: { kept: number; total: number }; h2h: { kept: number; total: number } }>();
  for (const [name, tensor] of params) {
    const parsed = parseLayerTensorName(name);
    const kind = parsed && isRecurrentWeightName(name) ? connectionKindOf(parsed.part) : null;
    if (!parsed || !kind) continue;
    const entry = layers.get(parsed.prefix) ?? { i2h: { kept: 0, total: 0 }, h2h: { kept: 0, total: 0 } };
    // Dense until a mask says otherwise.
    entry[kind] = { kept: tensor.data.length, total: tensor.data.length };
    layers.set(parsed.prefix, entry);
  }
  for (const mask of maskSparsity(params)) {
    const parsed = parseLayerTensorName(mask.weight);
    const kind = parsed && connectionKindOf(parsed.part);
    const entry = parsed && layers.get(parsed.prefix);
    if (entry && kind) entry[kind] = { kept: mask.kept, total: mask.total };
  }
  return [...layers.entries()].map(([layer, counts]) => ({ layer, ...counts }));
}

/** The share (0–1) of a kind's recurrent weights that the masks remove; 0 for a model without masks. */
export function prunedShare(params: TensorMap, kind: "both" | ConnectionKind): number {
  const parts = kind === "both" ? (["i2h", "h2h"] as const) : [kind];
  let kept = 0;
  let total = 0;
  for (const layer of layerSparsity(params)) {
    for (const part of parts) {
      kept += layer[part].kept;
      total += layer[part].total;
    }
  }
  return total === 0 ? 0 : 1 - kept / total;
}
