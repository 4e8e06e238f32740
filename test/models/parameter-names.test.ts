/** Tensor names: built and read back in one place, matching PyTorch's state_dict keys of the thesis's model. */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { stackedArchitecture } from "../../src/models/architecture";
import {
  connectionKindOf,
  isMaskName,
  isRecurrentWeightName,
  layerTensorName,
  maskNameOf,
  parseLayerTensorName,
  recurrentLayerPrefix,
  skipLayerPrefix,
  weightNameOfMask,
} from "../../src/models/parameter-names";
import { modelTensorSpecs } from "../../src/models/model-tensors";

describe("parameter names", () => {
  test("build PyTorch's keys and read them back", () => {
    assert.equal(layerTensorName(recurrentLayerPrefix(2), "weight_hh"), "recurrent.recurrent_layers.2.weight_hh");
    assert.equal(layerTensorName(skipLayerPrefix(11), "mask_i2h"), "recurrent.skip_layers.11.mask_i2h");
    assert.deepEqual(parseLayerTensorName("recurrent.skip_layers.11.mask_i2h"), {
      prefix: "recurrent.skip_layers.11",
      group: "skip_layers",
      index: 11,
      part: "mask_i2h",
    });
    for (const name of [
      "embedding.weight",
      "out.bias",
      "recurrent.recurrent_layers.x.weight_ih",
      "recurrent.recurrent_layers.0.weight_ih.extra",
    ]) {
      assert.equal(parseLayerTensorName(name), null, name);
    }
  });

  test("weights and masks pair up in both directions, and nothing else converts", () => {
    assert.equal(maskNameOf("recurrent.recurrent_layers.0.weight_ih"), "recurrent.recurrent_layers.0.mask_i2h");
    assert.equal(maskNameOf("recurrent.skip_layers.3.weight_hh"), "recurrent.skip_layers.3.mask_h2h");
    assert.equal(weightNameOfMask("recurrent.skip_layers.3.mask_h2h"), "recurrent.skip_layers.3.weight_hh");
    assert.throws(
      () => maskNameOf("recurrent.recurrent_layers.0.bias_ih"),
      /"recurrent.recurrent_layers.0.bias_ih" is not a recurrent weight/,
    );
    assert.throws(() => maskNameOf("recurrent.recurrent_layers.0.mask_i2h"), /is not a recurrent weight/);
    assert.throws(() => weightNameOfMask("out.weight"), /"out.weight" is not a mask/);
    assert.equal(connectionKindOf("bias_hh"), null);
    assert.equal(connectionKindOf("mask_h2h"), "h2h");
  });

  test("every tensor of a skip-connected GRU is classified the way the model file lays it out", () => {
    const arch = { ...stackedArchitecture("GRU", [3, 4, 5]), skips: [{ source: 0, target: 2 }] };
    const specs = modelTensorSpecs(arch);
    const weights = specs.filter((s) => isRecurrentWeightName(s.name));
    const masks = specs.filter((s) => isMaskName(s.name));
    assert.equal(weights.length, 8, "two weights per layer, 3 layers + 1 skip layer");
    assert.deepEqual(
      masks.map((m) => m.name),
      weights.map((w) => maskNameOf(w.name)),
    );
    for (const w of weights) assert.deepEqual(specs.find((s) => s.name === maskNameOf(w.name))!.shape, w.shape);
  });
});
