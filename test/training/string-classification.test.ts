/** Hand-typed strings classified by a model: P(valid) from the softmax of its two logits, and the verdict. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { stackedArchitecture } from "../../src/models/architecture";
import { floatTensor } from "../../src/models/named-tensors";
import { initialParameters, RecurrentModel } from "../../src/models/recurrent-model";
import { SeededRandom } from "../../src/random/seeded-random";
import { classifyStrings } from "../../src/training/string-classification";

/** A GRU whose output ignores the strings: zero output weights, so its logits are the output bias. */
function constantModel(bias: [number, number]): RecurrentModel {
  const architecture = stackedArchitecture("GRU", [4]);
  const params = initialParameters(architecture, new SeededRandom(1));
  params.set("out.weight", floatTensor([2, 4]));
  params.set("out.bias", floatTensor([2], Float32Array.from(bias)));
  return new RecurrentModel(architecture, params);
}

test("P(valid) is the softmax of the logits; the verdict follows the larger one", () => {
  const verdicts = classifyStrings(constantModel([0, Math.log(3)]), ["BTXSE", "BPQ"]);
  assert.deepEqual(
    verdicts.map((v) => v.string),
    ["BTXSE", "BPQ"],
  );
  for (const v of verdicts) {
    assert.ok(Math.abs(v.pValid - 0.75) < 1e-6, `P(valid) ${v.pValid}, expected 3 / (1 + 3)`);
    assert.equal(v.predictedValid, true);
  }
  const [invalid] = classifyStrings(constantModel([1, 0]), ["BTXSE"]);
  assert.ok(Math.abs(invalid!.pValid - 1 / (1 + Math.E)) < 1e-6);
  assert.equal(invalid!.predictedValid, false);
});

test(
  "a string depends on its own letters only: " + "the same string alone or beside a long one gives the same P(valid)",
  () => {
    const architecture = stackedArchitecture("LSTM", [3]);
    const model = new RecurrentModel(architecture, initialParameters(architecture, new SeededRandom(4)));
    const alone = classifyStrings(model, ["BTXSE"])[0]!.pValid;
    const [first, second] = classifyStrings(model, ["BTXSE", "BPTTTTTTTTTTTTVVE"]);
    assert.equal(first!.pValid, alone);
    assert.notEqual(second!.pValid, alone);
  },
);

test("an empty string or a character outside ASCII is refused", () => {
  const model = constantModel([0, 0]);
  assert.throws(() => classifyStrings(model, [""]), /empty string/);
  assert.throws(() => classifyStrings(model, ["BTé"]), /é|ASCII/);
});
