/** A pruned weight changes no logit and has gradient 0, while the same change to a kept weight does matter. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { stackedArchitecture } from "../../src/models/architecture";
import { maskTensor } from "../../src/models/named-tensors";
import { initialParameters } from "../../src/models/recurrent-model";
import { maskEffect } from "../../src/pruning/mask-effect";
import { SeededRandom } from "../../src/random/seeded-random";

const architecture = stackedArchitecture("GRU", [3, 3]);
/** "BTXE" and "BPVE", time-major. */
const tokens = Int32Array.from([66, 66, 84, 80, 88, 86, 69, 69]);
const batch = { size: 2, length: 4, tokens, labels: Int32Array.from([1, 0]) };

for (const weight of ["recurrent.recurrent_layers.1.weight_hh", "recurrent.recurrent_layers.0.weight_ih"]) {
  test(`${weight}: pruned entries are inert and get no gradient; kept, the same nudge moves the logits`, () => {
    const params = initialParameters(architecture, new SeededRandom(7));
    const effect = maskEffect({ architecture, params, batch, weight, pruned: [0, 4, 8, 13] });
    assert.deepEqual(
      [...effect.mask.keys()].filter((i) => effect.mask[i] === 0),
      [0, 4, 8, 13],
    );
    assert.equal(effect.logitChange, 0);
    assert.ok(effect.logitChangeIfKept > 1e-2, `kept entries move the logits by only ${effect.logitChangeIfKept}`);
    assert.equal(effect.prunedGradientsZero, true);
    for (const i of [0, 4, 8, 13]) assert.ok(effect.gradient[i] === 0, `gradient ${effect.gradient[i]} at ${i}`);
    const keptWithGradient = effect.gradient.filter((g, i) => effect.mask[i] === 1 && g !== 0).length;
    assert.ok(keptWithGradient > 10, "kept entries do get gradients");
  });
}

test("an existing mask is kept, and its pruned entries stay inert under the nudge as well", () => {
  const params = initialParameters(architecture, new SeededRandom(7));
  const weight = "recurrent.recurrent_layers.1.weight_hh";
  const earlier = new Uint8Array(27).fill(1);
  earlier[20] = 0;
  params.set("recurrent.recurrent_layers.1.mask_h2h", maskTensor([9, 3], earlier));
  const effect = maskEffect({ architecture, params, batch, weight, pruned: [2], nudge: 1e3 });
  assert.deepEqual([effect.mask[2], effect.mask[20]], [0, 0]);
  assert.equal(effect.logitChange, 0);
  assert.ok(effect.logitChangeIfKept > 1e-2, "entry 2 matters when kept");
  assert.equal(params.get("recurrent.recurrent_layers.1.mask_h2h")!.data[2], 1, "the given parameters are not changed");
});

test("a tensor that is not a recurrent weight, or an index outside it, is refused", () => {
  const params = initialParameters(architecture, new SeededRandom(7));
  assert.throws(
    () => maskEffect({ architecture, params, batch, weight: "out.weight", pruned: [0] }),
    /"out\.weight" is not a recurrent weight/,
  );
  assert.throws(
    () => maskEffect({ architecture, params, batch, weight: "recurrent.recurrent_layers.1.weight_hh", pruned: [27] }),
    /index 27 is outside "recurrent\.recurrent_layers\.1\.weight_hh" \(27 entries\)/,
  );
});
