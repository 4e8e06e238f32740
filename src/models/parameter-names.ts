/**
 * The one home of tensor names: how a model's parameters and masks are named, and how a name is read back.
 * The names are PyTorch's `state_dict` keys of the thesis's model (`recurrent.recurrent_layers.<l>.weight_ih`,
 * `recurrent.skip_layers.<k>.mask_h2h`, `embedding.weight`, `out.bias`), so weights load in either framework;
 * every module that builds, matches or converts a name goes through these functions.
 */

/** The embedding table's name. */
export const EMBEDDING_WEIGHT = "embedding.weight";
/** The output layer's weight name. */
export const OUTPUT_WEIGHT = "out.weight";
/** The output layer's bias name. */
export const OUTPUT_BIAS = "out.bias";

/** The tensors of one recurrent (or skip) layer, as PyTorch's `nn.RNN`/`nn.GRU`/`nn.LSTM` name them, plus its masks. */
export type LayerTensorPart = "weight_ih" | "weight_hh" | "bias_ih" | "bias_hh" | "mask_i2h" | "mask_h2h";

/** Which connections a recurrent weight or mask holds: input-to-hidden or hidden-to-hidden (the thesis's i2h/h2h). */
export type ConnectionKind = "i2h" | "h2h";

/** Whether a layer is one of the stacked layers or a skip layer of a graph-structured model. */
export type LayerGroup = "recurrent_layers" | "skip_layers";

/** A name read back by `parseLayerTensorName`. */
export interface LayerTensorName {
  /** `recurrent.recurrent_layers.<index>` or `recurrent.skip_layers.<index>`. */
  readonly prefix: string;
  readonly group: LayerGroup;
  /** The layer's index within its group (skip layers in the architecture's skip order). */
  readonly index: number;
  readonly part: LayerTensorPart;
}

const LAYER_TENSOR =
  /^(recurrent\.(recurrent_layers|skip_layers)\.(\d+))\.(weight_ih|weight_hh|bias_ih|bias_hh|mask_i2h|mask_h2h)$/;

/** Name prefix of stacked recurrent layer `index`. */
export function recurrentLayerPrefix(index: number): string {
  return `recurrent.recurrent_layers.${index}`;
}

/** Name prefix of skip layer `index` (in the architecture's skip order). */
export function skipLayerPrefix(index: number): string {
  return `recurrent.skip_layers.${index}`;
}

/** The full name of one tensor of the layer `prefix`. */
export function layerTensorName(prefix: string, part: LayerTensorPart): string {
  return `${prefix}.${part}`;
}

/** Read a layer tensor's name back into its layer and part; null for any other name (embedding, output, unknown). */
export function parseLayerTensorName(name: string): LayerTensorName | null {
  const match = LAYER_TENSOR.exec(name);
  if (!match) return null;
  return {
    prefix: match[1]!,
    group: match[2] as LayerGroup,
    index: Number(match[3]),
    part: match[4] as LayerTensorPart,
  };
}

/** The connection kind of a recurrent weight or mask part, or null for biases. */
export function connectionKindOf(part: LayerTensorPart): ConnectionKind | null {
  if (part === "weight_ih" || part === "mask_i2h") return "i2h";
  if (part === "weight_hh" || part === "mask_h2h") return "h2h";
  return null;
}

/** The weight part of a connection kind (`i2h` → `weight_ih`). */
export function weightPartOf(kind: ConnectionKind): "weight_ih" | "weight_hh" {
  return kind === "i2h" ? "weight_ih" : "weight_hh";
}

/** The mask part of a connection kind (`i2h` → `mask_i2h`). */
export function maskPartOf(kind: ConnectionKind): "mask_i2h" | "mask_h2h" {
  return kind === "i2h" ? "mask_i2h" : "mask_h2h";
}

/** Whether `name` is a recurrent (or skip) layer's weight matrix: what magnitude pruning chooses from. */
export function isRecurrentWeightName(name: string): boolean {
  const parsed = parseLayerTensorName(name);
  return parsed !== null && (parsed.part === "weight_ih" || parsed.part === "weight_hh");
}

/** Whether `name` is a recurrent (or skip) layer's mask. */
export function isMaskName(name: string): boolean {
  const parsed = parseLayerTensorName(name);
  return parsed !== null && (parsed.part === "mask_i2h" || parsed.part === "mask_h2h");
}

/** The mask that belongs to a recurrent weight (`…weight_ih` → `…mask_i2h`); throws for any other name. */
export function maskNameOf(weightName: string): string {
  const parsed = parseLayerTensorName(weightName);
  const kind = parsed && connectionKindOf(parsed.part);
  if (!parsed || !kind || !parsed.part.startsWith("weight_")) {
    throw new Error(`"${weightName}" is not a recurrent weight (expected e.g. ${recurrentLayerPrefix(0)}.weight_ih)`);
  }
  return layerTensorName(parsed.prefix, maskPartOf(kind));
}

/** The weight a mask belongs to (`…mask_h2h` → `…weight_hh`); throws for any other name. */
export function weightNameOfMask(maskName: string): string {
  const parsed = parseLayerTensorName(maskName);
  const kind = parsed && connectionKindOf(parsed.part);
  if (!parsed || !kind || !parsed.part.startsWith("mask_")) {
    throw new Error(`"${maskName}" is not a mask (expected e.g. ${recurrentLayerPrefix(0)}.mask_i2h)`);
  }
  return layerTensorName(parsed.prefix, weightPartOf(kind));
}
