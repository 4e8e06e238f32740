/**
 * The pruning methods the lab compares, by name. One-shot methods turn a trained model into a masked one
 * (`pruneOnce`); `gradual` and `imp` prune during training and `structured` changes the shapes, so the experiment
 * runs those through their own modules (src/experiments/pruning-method-runs.ts).
 */
import type { TensorMap } from "../models/named-tensors";
import type { SeededRandom } from "../random/seeded-random";
import { pruneLayerwise } from "./layerwise-pruning";
import { pruneByMagnitude, type PruneKind, type PruningResult } from "./magnitude-pruning";
import { pruneRandomly } from "./random-pruning";

/**
 * Every method: the thesis's one-shot global magnitude, its random control, per-tensor magnitude, the schedules, unit
 * removal.
 */
export const PRUNING_METHODS = ["magnitude", "random", "layerwise", "gradual", "imp", "structured"] as const;

/** A pruning method's name. */
export type PruningMethod = (typeof PRUNING_METHODS)[number];

/** The methods that prune a trained model once, keeping its shapes. */
export const ONE_SHOT_METHODS = ["magnitude", "random", "layerwise"] as const;

/** A one-shot method's name. */
export type OneShotMethod = (typeof ONE_SHOT_METHODS)[number];

/** Parse a user-supplied method, or throw naming the accepted ones. */
export function parsePruningMethod(text: string): PruningMethod {
  const name = text.trim().toLowerCase();
  if (!(PRUNING_METHODS as readonly string[]).includes(name))
    throw new Error(`unknown pruning method "${text}": expected one of ${PRUNING_METHODS.join(", ")}`);
  return name as PruningMethod;
}

/** Whether a method prunes once without training or changing shapes. */
export function isOneShotMethod(method: PruningMethod): method is OneShotMethod {
  return (ONE_SHOT_METHODS as readonly string[]).includes(method);
}

/** Prune a trained model once by a one-shot method (`rng` draws the random control's masks). */
export function pruneOnce(
  method: OneShotMethod,
  params: TensorMap,
  percent: number,
  kind: PruneKind,
  rng: SeededRandom,
): PruningResult {
  if (method === "random") return pruneRandomly(params, percent, kind, rng);
  if (method === "layerwise") return pruneLayerwise(params, percent, kind);
  return pruneByMagnitude(params, percent, kind);
}
