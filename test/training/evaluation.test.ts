/** Evaluating labelled rows in file order: accuracy and counts, batch by batch as in training. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { stackedArchitecture } from "../../src/models/architecture";
import { floatTensor } from "../../src/models/named-tensors";
import { initialParameters, RecurrentModel } from "../../src/models/recurrent-model";
import { SeededRandom } from "../../src/random/seeded-random";
import { evaluateRows } from "../../src/training/evaluation";

test(
  "evaluateRows: a model that always answers 'valid' scores the share of valid rows, " + "whatever the batch size",
  () => {
    const architecture = stackedArchitecture("RNN_TANH", [3]);
    const params = initialParameters(architecture, new SeededRandom(2));
    params.set("out.weight", floatTensor([2, 3]));
    params.set("out.bias", floatTensor([2], Float32Array.from([0, 1])));
    const model = new RecurrentModel(architecture, params);
    const rows = ["BTXSE", "BPVVE", "BTSSXSE", "BQE", "BPE"].map((string, i) => ({ string, valid: i < 3 }));
    for (const batchSize of [1, 2, 32]) {
      const result = evaluateRows(model, rows, { batchSize });
      assert.equal(result.rows, 5);
      assert.equal(result.correct, 3);
      assert.equal(result.accuracy, 0.6);
    }
  },
);
