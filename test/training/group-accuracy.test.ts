/** Accuracy per group of rows: the groups partition the rows and their correct counts add up to the evaluation's. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { makeBatches } from "../../src/data/batching";
import { buildReberDataset, familyOfStrings } from "../../src/data/reber-dataset";
import { stackedArchitecture } from "../../src/models/architecture";
import { RecurrentModel } from "../../src/models/recurrent-model";
import { SeededRandom } from "../../src/random/seeded-random";
import { evaluateBatches } from "../../src/training/evaluation";
import { accuracyByGroup } from "../../src/training/group-accuracy";
import { trainModel } from "../../src/training/trainer";

test("accuracy per family: groups partition the rows, counts agree with the plain evaluation", () => {
  const dataset = buildReberDataset();
  const families = familyOfStrings(dataset);
  assert.equal(families.size, 25_000);
  const rows = dataset.test.slice(0, 300);
  const model = RecurrentModel.initialised(stackedArchitecture("GRU", [8]), new SeededRandom(3));
  trainModel(model, dataset.train.slice(0, 256), rows, {
    runName: "gru",
    epochs: 2,
    batchSize: 32,
    rng: new SeededRandom(4),
    progress: false,
  });
  const groups = accuracyByGroup(model, rows, (row) => families.get(row.string)!);
  const plain = evaluateBatches(model, makeBatches(rows, { batchSize: 32, order: "file" }));
  assert.equal(
    groups.reduce((n, g) => n + g.rows, 0),
    rows.length,
  );
  assert.equal(
    groups.reduce((n, g) => n + g.correct, 0),
    plain.correct,
  );
  assert.deepEqual(groups.map((g) => g.group).sort(), ["mislabelled", "relabelled", "valid", "wrong-branch"]);
  for (const g of groups) assert.equal(g.accuracy, g.correct / g.rows);
});
