/**
 * A model saved as one safetensors file: the tensors under PyTorch's names, and the architecture in the
 * metadata ("sparse_rnn.architecture", JSON) so the file describes itself. PyTorch reads it with
 * `safetensors.torch.load_file` (the metadata is ignored there).
 */
import { Architecture, SkipConnection, parseRecurrentMode } from "../models/architecture";
import { TensorMap } from "../models/named-tensors";
import { encodeSafetensors, readSafetensorsContent, writeSafetensors } from "./safetensors";
import { validateModelTensors } from "../models/model-tensors";

/** Metadata key holding the architecture as JSON. */
export const ARCHITECTURE_METADATA_KEY = "sparse_rnn.architecture";

/** A model read from a file. */
export interface ModelFile {
  readonly architecture: Architecture;
  readonly tensors: TensorMap;
  /** All metadata of the file (including the architecture entry). */
  readonly metadata: Record<string, string>;
}

/** Extra metadata plus the architecture entry. */
function withArchitecture(architecture: Architecture, metadata: Record<string, string>): Record<string, string> {
  return { ...metadata, [ARCHITECTURE_METADATA_KEY]: JSON.stringify(normalise(architecture)) };
}

/** Check the tensors against the architecture, then write both (plus extra metadata) atomically. */
export function writeModelFile(
  path: string,
  architecture: Architecture,
  tensors: TensorMap,
  metadata: Record<string, string> = {},
): void {
  validateModelTensors(architecture, tensors, { source: path });
  writeSafetensors(path, tensors, withArchitecture(architecture, metadata));
}

/** The bytes `writeModelFile` writes, for a caller with its own atomic write (e.g. the experiment runner's). */
export function encodeModelFile(
  architecture: Architecture,
  tensors: TensorMap,
  metadata: Record<string, string> = {},
): Uint8Array {
  validateModelTensors(architecture, tensors);
  return encodeSafetensors(tensors, withArchitecture(architecture, metadata));
}

/**
 * Read a model file and check its tensors. The architecture comes from the file's metadata, or from `expected`
 * for a file without it (e.g. written by PyTorch); when both exist they must agree.
 */
export function readModelFile(path: string, expected?: Architecture): ModelFile {
  const { tensors, metadata } = readSafetensorsContent(path);
  const stored = metadata[ARCHITECTURE_METADATA_KEY];
  const fromFile = stored === undefined ? undefined : parseArchitecture(stored, path);
  const architecture = fromFile ?? expected;
  if (!architecture)
    throw new Error(
      `${path}: no "${ARCHITECTURE_METADATA_KEY}" metadata; pass the architecture the file was saved with`,
    );
  if (fromFile && expected && JSON.stringify(fromFile) !== JSON.stringify(normalise(expected))) {
    throw new Error(`${path}: the file holds ${describe(fromFile)}, expected ${describe(expected)}`);
  }
  validateModelTensors(architecture, tensors, { source: path });
  return { architecture, tensors, metadata };
}

/** Parse an architecture from its JSON text, checking every field. */
export function parseArchitecture(text: string, source = "architecture"): Architecture {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`${source}: architecture metadata is not JSON (${(error as Error).message})`);
  }
  const positive = (x: unknown): x is number => Number.isInteger(x) && (x as number) >= 1;
  const { mode, layerSizes, skips, vocabularySize, outputSize, embeddingSize } = value ?? {};
  if (!Array.isArray(layerSizes) || layerSizes.length === 0 || !layerSizes.every(positive)) {
    throw new Error(
      `${source}: architecture layerSizes must be a non-empty ` +
        `list of positive integers, got ${JSON.stringify(layerSizes)}`,
    );
  }
  if (!Array.isArray(skips) || !skips.every((s) => Number.isInteger(s?.source) && Number.isInteger(s?.target))) {
    throw new Error(`${source}: architecture skips must be a list of {source, target}, got ${JSON.stringify(skips)}`);
  }
  if (!positive(vocabularySize) || !positive(outputSize)) {
    throw new Error(`${source}: architecture vocabularySize and outputSize must be positive integers`);
  }
  if (embeddingSize !== undefined && !positive(embeddingSize)) {
    throw new Error(
      `${source}: architecture embeddingSize must be a positive integer, got ${JSON.stringify(embeddingSize)}`,
    );
  }
  return normalise({
    mode: parseRecurrentMode(String(mode)),
    layerSizes,
    skips: skips as SkipConnection[],
    vocabularySize,
    outputSize,
    ...(embeddingSize === undefined ? {} : { embeddingSize }),
  });
}

/** The architecture with its fields in a fixed order (so two equal ones serialise alike). */
function normalise(arch: Architecture): Architecture {
  return {
    mode: arch.mode,
    layerSizes: [...arch.layerSizes],
    skips: arch.skips.map(({ source, target }) => ({ source, target })),
    vocabularySize: arch.vocabularySize,
    outputSize: arch.outputSize,
    // Written only when it differs from the first layer's width: every other model file stays as it was.
    ...(arch.embeddingSize === undefined || arch.embeddingSize === arch.layerSizes[0]
      ? {}
      : { embeddingSize: arch.embeddingSize }),
  };
}

function describe(arch: Architecture): string {
  return `${arch.mode} layers [${arch.layerSizes}] with ${arch.skips.length} skips`;
}
