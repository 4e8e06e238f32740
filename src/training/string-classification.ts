/**
 * Classify hand-typed strings with a trained model: the probability it gives "valid" (softmax of its two logits) and
 * its verdict. Each string is read alone, as a batch of one, so no padding follows its last letter.
 */
import { makeBatch } from "../data/batching";
import type { RecurrentModel } from "../models/recurrent-model";

/** One string's classification. */
export interface StringVerdict {
  readonly string: string;
  /** Softmax probability of class 1 ("valid"). */
  readonly pValid: number;
  /** Whether the model's larger logit is "valid". */
  readonly predictedValid: boolean;
}

/** P(valid) and the predicted label of each string (ASCII only; the encoder names a character it cannot encode). */
export function classifyStrings(model: RecurrentModel, strings: readonly string[]): StringVerdict[] {
  const outputs = model.architecture.outputSize;
  if (outputs !== 2) throw new Error(`classifyStrings: the model has ${outputs} outputs, expected 2 (invalid, valid)`);
  return strings.map((string) => {
    if (string.length === 0) throw new Error("classifyStrings: an empty string has no last time step to classify");
    const [invalid, valid] = model.evaluate(makeBatch([{ string, valid: false }], [0], "typed string")).logits;
    const pValid = 1 / (1 + Math.exp(invalid! - valid!));
    return { string, pValid, predictedValid: valid! > invalid! };
  });
}
