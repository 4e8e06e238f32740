/** The pruning study's trained base models, opened by variant and seed (`models/base-<mode>-r<k>.safetensors`). */
import { join } from "node:path";
import type { RecurrentMode } from "../models/architecture";
import { RecurrentModel } from "../models/recurrent-model";
import { readModelFile } from "../weights/model-file";

/** Options of `openBaseModel`. */
export interface BaseModelOptions {
  /** The seed (replicate) of the base model; default 0, the one whose weights are shipped. */
  readonly replicate?: number;
}

/** Path of one base model inside a pruning-study folder (the layout `experiment pruning` writes). */
export function baseModelPath(folder: string, mode: RecurrentMode, options: BaseModelOptions = {}): string {
  return join(folder, "models", `base-${mode.toLowerCase()}-r${options.replicate ?? 0}.safetensors`);
}

/** Read one base model of a pruning-study folder, ready to evaluate (its architecture comes from the file). */
export function openBaseModel(folder: string, mode: RecurrentMode, options: BaseModelOptions = {}): RecurrentModel {
  const path = baseModelPath(folder, mode, options);
  const file = readModelFile(path);
  if (file.architecture.mode !== mode)
    throw new Error(`${path} holds a ${file.architecture.mode} model, expected ${mode}`);
  return new RecurrentModel(file.architecture, file.tensors);
}
