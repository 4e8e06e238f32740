/**
 * The shape of a recurrent model, independent of its weights: which variant, how many units per layer,
 * and which skip layers add into which layer. A stacked model (the base model) is the special case with no skips;
 * a graph-structured model (thesis 5.3) has one layer per DAG layer plus skip layers.
 */
import { CLASS_COUNT } from "../data/batching";
import { ASCII_VOCABULARY_SIZE } from "../data/encoding";

/** The four recurrent variants of the study. */
export type RecurrentMode = "RNN_TANH" | "RNN_RELU" | "LSTM" | "GRU";

/** All variants, in the thesis's order. */
export const RECURRENT_MODES: readonly RecurrentMode[] = ["RNN_TANH", "RNN_RELU", "LSTM", "GRU"];

/** Gate blocks per variant: rows of weight_ih/weight_hh are G·H (GRU r,z,n; LSTM i,f,g,o). */
export function gateCount(mode: RecurrentMode): number {
  return mode === "LSTM" ? 4 : mode === "GRU" ? 3 : 1;
}

/** Parse a user-supplied mode name (case-insensitive), or throw naming the accepted ones. */
export function parseRecurrentMode(text: string): RecurrentMode {
  const upper = text.toUpperCase() as RecurrentMode;
  if (!RECURRENT_MODES.includes(upper))
    throw new Error(`unknown mode "${text}": expected one of ${RECURRENT_MODES.join(", ")}`);
  return upper;
}

/** A skip layer: a full recurrent layer reading layer `source`'s output sequence, added to layer `target`'s output. */
export interface SkipConnection {
  readonly source: number;
  readonly target: number;
}

/**
 * Model layout: Embedding(vocabularySize, embeddingSizeOf(arch)) → recurrent layers → last time step of the last layer
 * → Linear(layerSizes[last], outputSize). Parameter names follow the thesis's PyTorch module:
 * `recurrent.recurrent_layers.<l>.*` for layers, `recurrent.skip_layers.<k>.*` for skips (in the order given here).
 */
export interface Architecture {
  readonly mode: RecurrentMode;
  readonly layerSizes: readonly number[];
  readonly skips: readonly SkipConnection[];
  readonly vocabularySize: number;
  readonly outputSize: number;
  /**
   * Width of the embedding (layer 0's input). Absent means `layerSizes[0]`, as the thesis's module ties them; only a
   * structurally pruned model, whose first layer lost units but whose embedding did not, sets it.
   */
  readonly embeddingSize?: number;
}

/** The embedding's width: `embeddingSize`, or the first layer's width as in the thesis's module. */
export function embeddingSizeOf(arch: Architecture): number {
  return arch.embeddingSize ?? arch.layerSizes[0]!;
}

/**
 * An architecture for the study's task: Embedding over the ASCII codes, the given layers and skips, and a
 * linear layer onto the two classes (valid, invalid).
 */
export function taskArchitecture(
  mode: RecurrentMode,
  layerSizes: readonly number[],
  skips: readonly SkipConnection[] = [],
): Architecture {
  if (layerSizes.length === 0 || layerSizes.some((size) => !Number.isInteger(size) || size < 1)) {
    throw new Error(`layer sizes must be positive integers, got [${layerSizes}]`);
  }
  return {
    mode,
    layerSizes: [...layerSizes],
    skips: [...skips],
    vocabularySize: ASCII_VOCABULARY_SIZE,
    outputSize: CLASS_COUNT,
  };
}

/** The thesis's stacked architecture: Embedding(128, H0), layers of the given sizes, Linear(H_last, 2). */
export function stackedArchitecture(mode: RecurrentMode, layerSizes: readonly number[] = [50, 50, 50]): Architecture {
  return taskArchitecture(mode, layerSizes);
}
