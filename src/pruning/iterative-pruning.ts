/**
 * Iterative magnitude pruning with rewinding (Frankle & Carbin 2019; late rewinding: Frankle et al. 2020, which
 * Yu et al. 2020 needed to find lottery tickets in LSTMs): each round prunes the surviving weights by global
 * magnitude to the round's sparsity, sets every parameter back to its value at epoch k of the base model's training
 * (k = 0: the initialisation, the original lottery ticket), and trains again with the masks fixed.
 */
import type { TensorMap } from "../models/named-tensors";
import { isMaskName } from "../models/parameter-names";

/** The rounds' sparsities (fractions): the requested percentages ascending, each round going further. */
export function iterativeRoundSparsities(percents: readonly number[]): number[] {
  const sorted = [...new Set(percents)].sort((a, b) => a - b);
  if (sorted.length === 0 || sorted.some((p) => !(p > 0 && p <= 100)))
    throw new Error(`imp: the rounds' percentages must lie in (0, 100], got [${percents}]`);
  return sorted.map((p) => p / 100);
}

/**
 * `pruned`'s masks with every parameter taken from `rewindPoint` (the base model at epoch k): the next round
 * starts from the rewound weights. Throws naming a tensor the rewind point lacks or holds in another shape.
 */
export function rewindParameters(pruned: TensorMap, rewindPoint: TensorMap, source = "the rewind point"): TensorMap {
  const rewound: TensorMap = new Map();
  for (const [name, tensor] of pruned) {
    if (isMaskName(name)) {
      rewound.set(name, tensor);
      continue;
    }
    const earlier = rewindPoint.get(name);
    if (!earlier) throw new Error(`imp: ${source} has no tensor ${name}`);
    if (earlier.data.length !== tensor.data.length)
      throw new Error(`imp: ${source}'s ${name} has ${earlier.data.length} entries, the model ${tensor.data.length}`);
    rewound.set(name, { ...earlier, data: earlier.data.slice() });
  }
  return rewound;
}
