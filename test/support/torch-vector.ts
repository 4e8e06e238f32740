/**
 * Loads one PyTorch reference vector (`../shared/reference/torch-vectors/*.json`) into the project's own types:
 * an `Architecture`, the parameters and masks as a `TensorMap`, time-major tokens and the expected results.
 * The JSON stores `inputs` as [batch][time]; `TorchVector.tokens` is time-major ([time][batch]) like the models.
 */
import { readFileSync } from "node:fs";
import { Architecture, parseRecurrentMode, SkipConnection } from "../../src/models/architecture";
import { NamedTensor, TensorMap, floatTensor, maskTensor, shapeSize } from "../../src/models/named-tensors";
import type { ModelInput } from "../../src/data/batching";

/** A reference vector converted to project types. */
export interface TorchVector {
  /** File the vector came from. */
  readonly path: string;
  /** "stacked" or "structured". */
  readonly kind: string;
  readonly architecture: Architecture;
  /** Initial parameters and masks (masks as dtype "bool"), in module order: each layer's weights then its masks. */
  readonly params: TensorMap;
  /** Time-major tokens. */
  readonly tokens: ModelInput;
  /** Class per string, batch order. */
  readonly targets: Int32Array;
  /** Expected logits, [batch, outputSize] row-major. */
  readonly logits: Float32Array;
  /** Expected mean cross-entropy. */
  readonly loss: number;
  /** Expected gradients before clipping, one per parameter (no masks). */
  readonly grads: TensorMap;
  /** Expected global L2 norm of the gradients before clipping. */
  readonly gradNorm: number;
  /** Expected parameters after clipping to norm 5 and one Adam step (no masks). */
  readonly paramsAfterStep: TensorMap;
  /** The raw JSON (prune settings, edges, layers … for tests that need them). */
  readonly raw: Readonly<Record<string, unknown>>;
}

interface JsonTensor {
  shape: number[];
  data: (number | boolean)[];
}

/** Read a torch-vector JSON file and convert it; throws naming the file and field when something is malformed. */
export function loadTorchVector(path: string): TorchVector {
  const raw = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  const field = <T>(name: string): T => {
    if (!(name in raw)) throw new Error(`${path}: missing field "${name}"`);
    return raw[name] as T;
  };
  const kind = field<string>("kind");
  const mode = parseRecurrentMode(field<string>("mode"));
  const layerSizes =
    kind === "structured" ? field<number[][]>("layers").map((layer) => layer.length) : field<number[]>("hidden_layers");
  const skips: SkipConnection[] =
    kind === "structured"
      ? field<[number, number][]>("skip_pairs").map(([source, target]) => ({ source, target }))
      : [];
  const architecture: Architecture = { mode, layerSizes, skips, vocabularySize: 128, outputSize: 2 };

  const floats = (group: string): TensorMap => {
    const map: TensorMap = new Map();
    for (const [name, tensor] of Object.entries(field<Record<string, JsonTensor>>(group))) {
      map.set(name, toTensor(`${path}: ${group}.${name}`, tensor, "float32"));
    }
    return map;
  };
  const params = floats("params");
  const masks = new Map<string, NamedTensor>();
  for (const [name, tensor] of Object.entries(field<Record<string, JsonTensor>>("masks"))) {
    masks.set(name, toTensor(`${path}: masks.${name}`, tensor, "bool"));
  }
  const inputs = field<number[][]>("inputs");
  const size = inputs.length;
  const length = size === 0 ? 0 : inputs[0].length;
  const data = new Int32Array(length * size);
  inputs.forEach((row, b) => {
    if (row.length !== length) throw new Error(`${path}: inputs[${b}] has ${row.length} steps, expected ${length}`);
    row.forEach((code, t) => (data[t * size + b] = code));
  });
  return {
    path,
    kind,
    architecture,
    params: withMasks(params, masks),
    tokens: { length, size, tokens: data },
    targets: Int32Array.from(field<number[]>("targets")),
    logits: Float32Array.from(field<number[][]>("logits").flat()),
    loss: field<number>("loss"),
    grads: floats("grads"),
    gradNorm: field<number>("grad_norm"),
    paramsAfterStep: floats("params_after_step"),
    raw,
  };
}

/** Insert each layer's masks right after that layer's last parameter, so the map reads module by module. */
function withMasks(params: TensorMap, masks: TensorMap): TensorMap {
  const merged: TensorMap = new Map();
  const pending = new Map(masks);
  const entries = [...params];
  entries.forEach(([name, tensor], index) => {
    merged.set(name, tensor);
    const prefix = name.slice(0, name.lastIndexOf(".") + 1);
    const next = entries[index + 1];
    if (next && next[0].startsWith(prefix)) return;
    for (const suffix of ["mask_i2h", "mask_h2h"]) {
      const mask = pending.get(prefix + suffix);
      if (mask) (merged.set(prefix + suffix, mask), pending.delete(prefix + suffix));
    }
  });
  for (const [name, mask] of pending) merged.set(name, mask);
  return merged;
}

function toTensor(where: string, tensor: JsonTensor, dtype: "float32" | "bool"): NamedTensor {
  if (!tensor || !Array.isArray(tensor.shape) || !Array.isArray(tensor.data)) {
    throw new Error(`${where}: expected {shape, data}`);
  }
  if (tensor.data.length !== shapeSize(tensor.shape)) {
    throw new Error(
      `${where}: shape [${tensor.shape}] needs ${shapeSize(tensor.shape)} values, got ${tensor.data.length}`,
    );
  }
  return dtype === "float32"
    ? floatTensor(tensor.shape, Float32Array.from(tensor.data as number[]))
    : maskTensor(
        tensor.shape,
        Uint8Array.from(tensor.data, (value) => (value ? 1 : 0)),
      );
}
