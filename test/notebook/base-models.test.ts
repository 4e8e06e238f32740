/** Opening a pruning study's base models by variant and seed. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stackedArchitecture } from "../../src/models/architecture";
import { initialParameters } from "../../src/models/recurrent-model";
import { baseModelPath, openBaseModel } from "../../src/notebook/base-models";
import { SeededRandom } from "../../src/random/seeded-random";
import { writeModelFile } from "../../src/weights/model-file";

test("baseModelPath: the study's layout, seed 0 by default", () => {
  assert.equal(baseModelPath("/s", "RNN_TANH"), join("/s", "models", "base-rnn_tanh-r0.safetensors"));
  assert.equal(baseModelPath("/s", "GRU", { replicate: 2 }), join("/s", "models", "base-gru-r2.safetensors"));
});

test("openBaseModel: the architecture comes from the file; a file of another variant is refused", () => {
  const folder = mkdtempSync(join(tmpdir(), "sparse-rnn-base-models-"));
  mkdirSync(join(folder, "models"));
  const architecture = stackedArchitecture("LSTM", [5, 4]);
  writeModelFile(
    baseModelPath(folder, "LSTM", { replicate: 1 }),
    architecture,
    initialParameters(architecture, new SeededRandom(0)),
  );
  const model = openBaseModel(folder, "LSTM", { replicate: 1 });
  assert.deepEqual(model.architecture.layerSizes, [5, 4]);
  assert.equal(model.architecture.mode, "LSTM");
  writeModelFile(baseModelPath(folder, "GRU"), architecture, initialParameters(architecture, new SeededRandom(0)));
  assert.throws(() => openBaseModel(folder, "GRU"), /holds a LSTM model, expected GRU/);
  assert.throws(() => openBaseModel(folder, "RNN_RELU"), /base-rnn_relu-r0/);
});
