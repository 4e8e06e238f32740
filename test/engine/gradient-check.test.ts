/**
 * Finite-difference checks of the hand-written BPTT: for every variant, a small model with pruned weights on both
 * weight kinds and skip layers (including a skip into a skip's source), the analytic gradient's projection on
 * random unit directions matches central differences of the loss, on both structured paths (units packed per level,
 * and each unit on its own). Also: perturbing a pruned weight changes nothing.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { RECURRENT_MODES, type Architecture } from "../../src/models/architecture";
import { RecurrentModel, initialParameters } from "../../src/models/recurrent-model";
import { STRUCTURED_PATHS } from "../../src/engine/fused-network";
import { floatTensor, maskTensor, type TensorMap } from "../../src/models/named-tensors";
import { SeededRandom } from "../../src/random/seeded-random";

/** A model with skips 0→2, 1→3, 2→4 and 0→4, and ~30% of every recurrent weight pruned. */
function smallModel(mode: Architecture["mode"], seed: number): { arch: Architecture; tensors: TensorMap } {
  const arch: Architecture = {
    mode,
    layerSizes: [3, 4, 3, 2, 3],
    skips: [
      { source: 0, target: 2 },
      { source: 1, target: 3 },
      { source: 2, target: 4 },
      { source: 0, target: 4 },
    ],
    vocabularySize: 128,
    outputSize: 2,
  };
  const rng = new SeededRandom(seed);
  const tensors = initialParameters(arch, rng);
  for (const [name, tensor] of tensors) {
    if (tensor.dtype === "bool")
      tensors.set(
        name,
        maskTensor(
          tensor.shape,
          Uint8Array.from(tensor.data, () => (rng.random() < 0.3 ? 0 : 1)),
        ),
      );
  }
  return { arch, tensors };
}

/** A batch of 5 strings (not a multiple of 4, so padding columns are exercised) of length 6. */
function smallBatch(rng: SeededRandom) {
  const size = 5;
  const length = 6;
  const tokens = Int32Array.from({ length: size * length }, () => rng.int(0, 127));
  return { size, length, tokens, labels: Int32Array.from({ length: size }, () => rng.int(0, 1)) };
}

/** Parameters moved by `step` along `direction` (float tensors only). */
function moved(tensors: TensorMap, direction: Map<string, Float64Array>, step: number): TensorMap {
  const out: TensorMap = new Map();
  for (const [name, tensor] of tensors) {
    const d = direction.get(name);
    if (!d) out.set(name, tensor);
    else
      out.set(
        name,
        floatTensor(
          tensor.shape,
          Float32Array.from(tensor.data, (v, i) => v + step * d[i]!),
        ),
      );
  }
  return out;
}

for (const mode of RECURRENT_MODES) {
  for (const structuredPath of STRUCTURED_PATHS)
    test(`${mode}: BPTT gradients agree with central differences (masks and skips; ${structuredPath} path)`, () => {
      const { arch, tensors } = smallModel(mode, 11);
      const rng = new SeededRandom(5);
      const batch = smallBatch(rng);
      const model = new RecurrentModel(arch, tensors, { structuredPath });
      if (structuredPath === "levels") assert.ok(model.levelCounts.packed > 0, "levels are packed");
      const { gradients, gradNorm } = model.lossAndGradients(batch);
      assert.ok(gradNorm > 1e-3, `gradient norm ${gradNorm} too small for a meaningful check`);
      const lossAt = (t: TensorMap): number => {
        model.importTensors(t);
        return model.evaluate(batch).loss;
      };
      for (let trial = 0; trial < 6; trial++) {
        // A random unit direction over every parameter (masked entries included: their derivative must be 0).
        const direction = new Map<string, Float64Array>();
        let norm = 0;
        for (const [name, tensor] of tensors) {
          if (tensor.dtype !== "float32") continue;
          const d = Float64Array.from(tensor.data, () => rng.random() * 2 - 1);
          d.forEach((v) => (norm += v * v));
          direction.set(name, d);
        }
        let analytic = 0;
        for (const [name, d] of direction) {
          d.forEach((v, i) => (d[i] = v / Math.sqrt(norm)));
          const g = gradients.get(name)!.data;
          d.forEach((v, i) => (analytic += v * g[i]!));
        }
        const h = 1e-2;
        const numeric = (lossAt(moved(tensors, direction, h)) - lossAt(moved(tensors, direction, -h))) / (2 * h);
        const error = Math.abs(numeric - analytic) / gradNorm;
        assert.ok(
          error < 2e-3,
          `direction ${trial}: analytic ${analytic}, ` +
            `central difference ${numeric} (error ${error.toExponential(2)} of |g|)`,
        );
      }
    });

  test(`${mode}: a pruned weight has no effect and no gradient`, () => {
    const { arch, tensors } = smallModel(mode, 3);
    const batch = smallBatch(new SeededRandom(9));
    const model = new RecurrentModel(arch, tensors);
    const { result, gradients } = model.lossAndGradients(batch);
    let checked = 0;
    for (const [name, mask] of tensors) {
      if (mask.dtype !== "bool") continue;
      const weightName = name.replace(/mask_i2h$/, "weight_ih").replace(/mask_h2h$/, "weight_hh");
      const grad = gradients.get(weightName)!.data;
      const changed = new Map(tensors);
      const values = Float32Array.from(tensors.get(weightName)!.data);
      mask.data.forEach((keep, i) => {
        if (keep) return;
        assert.ok(grad[i] === 0, `${weightName}[${i}] is pruned but has gradient ${grad[i]}`);
        values[i] = 1e3;
        checked++;
      });
      changed.set(weightName, floatTensor(mask.shape, values));
      model.importTensors(changed);
      assert.deepEqual(
        model.evaluate(batch).logits,
        result.logits,
        `changing pruned entries of ${weightName} changed the logits`,
      );
    }
    assert.ok(checked > 20, `only ${checked} pruned weights checked`);
  });
}
