/** The tensor set of a model, its validation, and self-describing model files. */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Architecture, stackedArchitecture } from "../../src/models/architecture";
import { TensorMap, floatTensor, maskTensor } from "../../src/models/named-tensors";
import { modelTensorSpecs, parameterCounts, parameterSpecs, validateModelTensors } from "../../src/models";
import { readModelFile, writeModelFile, writeSafetensors } from "../../src/weights";
import { referenceDir, skipWithoutReference } from "../support/reference";
import { loadTorchVector } from "../support/torch-vector";

const structured: Architecture = {
  mode: "GRU",
  layerSizes: [3, 4, 2, 1],
  skips: [
    { source: 0, target: 3 },
    { source: 1, target: 3 },
  ],
  vocabularySize: 128,
  outputSize: 2,
};

function zeroModel(arch: Architecture): TensorMap {
  return new Map(
    modelTensorSpecs(arch).map((spec) => [
      spec.name,
      spec.dtype === "bool" ? maskTensor(spec.shape) : floatTensor(spec.shape),
    ]),
  );
}

describe("model tensor specs", () => {
  test("parameterCounts: embedding, prunable recurrent weights, biases and output layer of each base model", () => {
    // 3 layers of 50 units, G gate blocks: G·50·50 for weight_ih and again for weight_hh per layer, 2·G·50 biases.
    const counts = (arch: Architecture) => Object.values(parameterCounts(arch));
    // embedding, recurrent weights, recurrent biases, output layer, total
    assert.deepEqual(counts(stackedArchitecture("RNN_TANH")), [6400, 15_000, 300, 102, 21_802]);
    assert.deepEqual(counts(stackedArchitecture("GRU")), [6400, 45_000, 900, 102, 52_402]);
    assert.deepEqual(counts(stackedArchitecture("LSTM", [10])), [1280, 800, 80, 22, 2182]);
    assert.deepEqual(Object.keys(parameterCounts(structured)), [
      "embedding",
      "recurrentWeights",
      "recurrentBiases",
      "output",
      "total",
    ]);
    // Skip layers' weights are recurrent weights too: G·H·(input + H) per layer of GRU [3, 4, 2, 1], then skips 0→3 and
    // 1→3.
    const layers = 3 * 3 * (3 + 3) + 3 * 4 * (3 + 4) + 3 * 2 * (4 + 2) + 3 * 1 * (2 + 1);
    const skips = 3 * 1 * (3 + 1) + 3 * 1 * (4 + 1);
    assert.equal(parameterCounts(structured).recurrentWeights, layers + skips);
    assert.equal(parameterCounts(structured).recurrentBiases, 2 * 3 * (3 + 4 + 2 + 1 + 1 + 1));
  });

  test("the thesis's base GRU: names, shapes and parameter count", () => {
    const specs = modelTensorSpecs(stackedArchitecture("GRU"));
    assert.equal(specs.length, 1 + 3 * 6 + 2);
    assert.deepEqual(specs[0], { name: "embedding.weight", shape: [128, 50], dtype: "float32" });
    assert.deepEqual(specs[1], { name: "recurrent.recurrent_layers.0.weight_ih", shape: [150, 50], dtype: "float32" });
    assert.deepEqual(specs[6], { name: "recurrent.recurrent_layers.0.mask_h2h", shape: [150, 50], dtype: "bool" });
    assert.deepEqual(specs.at(-2), { name: "out.weight", shape: [2, 50], dtype: "float32" });
    const count = parameterSpecs(stackedArchitecture("GRU")).reduce(
      (sum, spec) => sum + spec.shape.reduce((a, b) => a * b, 1),
      0,
    );
    // PyTorch: 128·50 embedding + 3 layers × (2·150·50 + 2·150) + 50·2 + 2
    assert.equal(count, 6400 + 3 * (15000 + 300) + 102);
  });

  test("skip layers read the source layer's width and write the target's", () => {
    const specs = new Map(modelTensorSpecs(structured).map((spec) => [spec.name, spec.shape]));
    assert.deepEqual(specs.get("recurrent.skip_layers.1.weight_ih"), [3, 4]);
    assert.deepEqual(specs.get("recurrent.skip_layers.1.weight_hh"), [3, 1]);
  });

  test(
    "matches the names and shapes of every PyTorch reference vector",
    { skip: skipWithoutReference("torch-vectors") },
    () => {
      for (const file of ["stacked-lstm.json", "structured1-gru.json", "structured0-rnn_tanh.json"]) {
        const vector = loadTorchVector(join(referenceDir!, "torch-vectors", file));
        validateModelTensors(vector.architecture, vector.params);
        assert.deepEqual(
          modelTensorSpecs(vector.architecture).map((spec) => spec.name),
          [...vector.params.keys()],
          file,
        );
      }
    },
  );

  test("rejects skips that are not s <= t-2", () => {
    assert.throws(
      () => modelTensorSpecs({ ...structured, skips: [{ source: 2, target: 3 }] }),
      /skip layer 0 \(2 -> 3\) must connect layers s <= t-2/,
    );
  });
});

describe("validateModelTensors", () => {
  const expectError = (edit: (tensors: TensorMap) => void, message: RegExp, options = {}) => {
    const tensors = zeroModel(structured);
    edit(tensors);
    assert.throws(
      () => validateModelTensors(structured, tensors, { source: "m.safetensors", ...options }),
      (error: Error) => {
        assert.match(
          error.message,
          /^m\.safetensors: model tensors do not match the architecture \(GRU, layers \[3,4,2,1\], 2 skips\)/,
        );
        assert.match(error.message, message);
        return true;
      },
    );
  };
  test("accepts exactly the complete model: without any one of its tensors it is refused, naming that tensor", () => {
    const complete = zeroModel(structured);
    assert.equal(validateModelTensors(structured, complete), undefined);
    assert.equal(complete.size, modelTensorSpecs(structured).length);
    for (const name of complete.keys()) {
      const partial = new Map(complete);
      partial.delete(name);
      assert.throws(
        () => validateModelTensors(structured, partial),
        new RegExp(`missing tensor "${name.replace(/\./g, "\\.")}"`),
        name,
      );
    }
  });
  test("missing tensor", () =>
    expectError((t) => t.delete("out.bias"), /missing tensor "out.bias" \(expected float32 \[2\]\)/));
  test("wrong shape", () =>
    expectError(
      (t) => t.set("recurrent.recurrent_layers.1.weight_hh", floatTensor([12, 3])),
      /"recurrent.recurrent_layers.1.weight_hh" is float32 \[12, 3\], expected float32 \[12, 4\]/,
    ));
  test("wrong dtype", () =>
    expectError(
      (t) => t.set("recurrent.skip_layers.0.mask_i2h", floatTensor([3, 3])),
      /"recurrent.skip_layers.0.mask_i2h" is float32 \[3, 3\], expected bool \[3, 3\]/,
    ));
  test("wrong name", () =>
    expectError(
      (t) => t.set("recurrent.skip_layers.2.bias_ih", floatTensor([3])),
      /unexpected tensor "recurrent.skip_layers.2.bias_ih"/,
    ));
  test("masks may be optional", () => {
    const tensors = zeroModel(structured);
    for (const name of [...tensors.keys()]) if (name.includes("mask")) tensors.delete(name);
    validateModelTensors(structured, tensors, { masksOptional: true });
    expectError(
      (t) => t.delete("recurrent.recurrent_layers.0.mask_i2h"),
      /missing tensor "recurrent.recurrent_layers.0.mask_i2h" \(expected bool \[9, 3\]\)/,
    );
  });
});

describe("model files", () => {
  const dir = mkdtempSync(join(tmpdir(), "model-file-"));
  test("store the architecture in the metadata and read back self-described", () => {
    const path = join(dir, "structured.safetensors");
    const tensors = zeroModel(structured);
    writeModelFile(path, structured, tensors, { epochs: "15" });
    const file = readModelFile(path);
    assert.deepEqual(file.architecture, structured);
    assert.equal(file.metadata.epochs, "15");
    assert.deepEqual([...file.tensors.keys()], [...tensors.keys()]);
    assert.deepEqual(readModelFile(path, structured).architecture, structured);
  });
  test("refuse a file whose architecture differs from the expected one", () => {
    const path = join(dir, "stacked.safetensors");
    writeModelFile(path, stackedArchitecture("LSTM", [4, 4]), zeroModel(stackedArchitecture("LSTM", [4, 4])));
    assert.throws(
      () => readModelFile(path, stackedArchitecture("LSTM", [4, 5])),
      /holds LSTM layers \[4,4\] with 0 skips, expected LSTM layers \[4,5\]/,
    );
  });
  test("a file without architecture metadata needs one passed in, and is validated", () => {
    const path = join(dir, "plain.safetensors");
    const tensors = zeroModel(structured);
    writeSafetensors(path, tensors);
    assert.throws(() => readModelFile(path), /no "sparse_rnn.architecture" metadata/);
    assert.deepEqual(readModelFile(path, structured).architecture, structured);
    assert.throws(
      () => readModelFile(path, stackedArchitecture("GRU", [3, 4])),
      /plain\.safetensors: model tensors do not match/,
    );
  });
  test("writing an inconsistent model fails before touching the disk", () => {
    assert.throws(
      () => writeModelFile(join(dir, "bad.safetensors"), structured, new Map()),
      /bad\.safetensors: model tensors do not match.*missing tensor "embedding.weight"/,
    );
  });
});
