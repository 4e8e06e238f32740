/** The training loop: thesis records, determinism, evaluation in data order, divergence reports, the CLI. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { makeBatches } from "../../src/data/batching";
import { formatLabelledCsv } from "../../src/data/labelled-csv";
import type { LabelledString } from "../../src/data/reber-dataset";
import { generateValidReber } from "../../src/data/reber-grammar";
import { generateInvalidReber } from "../../src/data/invalid-reber";
import { stackedArchitecture } from "../../src/models/architecture";
import { RecurrentModel } from "../../src/models/recurrent-model";
import { SeededRandom } from "../../src/random/seeded-random";
import { EPOCH_RECORD_COLUMNS, formatEpochRecords } from "../../src/training/epoch-records";
import { evaluateBatches } from "../../src/training/evaluation";
import {
  TrainingDivergedError,
  evaluationRecord,
  trainModel,
  trainModelInterruptibly,
} from "../../src/training/trainer";
import { buildProgram } from "../../src/cli/main";
import { readModelFile } from "../../src/weights/model-file";

const scratch = mkdtempSync(join(tmpdir(), "trainer-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** Half valid, half invalid Reber strings. */
function rows(count: number, seed: number): LabelledString[] {
  const rng = new SeededRandom(seed);
  return Array.from({ length: count }, (_, i) =>
    i % 2 === 0
      ? { string: generateValidReber(rng), valid: true }
      : { string: generateInvalidReber(rng, "relabelled"), valid: false },
  );
}

const train = rows(96, 1);
const test_ = rows(40, 2);
const arch = stackedArchitecture("GRU", [8, 8]);

test('testEvaluation "last-epoch" skips only the intermediate test passes: the same model and final record', () => {
  const run = (testEvaluation: "every-epoch" | "last-epoch") => {
    const model = RecurrentModel.initialised(arch, new SeededRandom(1));
    const records = trainModel(model, train, test_, {
      runName: "gru",
      epochs: 3,
      batchSize: 16,
      rng: new SeededRandom(2),
      progress: false,
      testEvaluation,
    });
    return { records, weights: model.exportTensors().get("recurrent.recurrent_layers.0.weight_hh")!.data };
  };
  const every = run("every-epoch");
  const last = run("last-epoch");
  assert.deepEqual([...last.weights], [...every.weights]);
  assert.ok(Number.isNaN(last.records[0]!.test_acc) && Number.isNaN(last.records[1]!.test_loss));
  assert.ok(!Number.isNaN(every.records[0]!.test_acc));
  for (const key of ["train_loss", "train_acc", "test_loss", "test_acc"] as const)
    assert.equal(last.records[2]![key], every.records[2]![key]);
});

test("records follow the thesis (loss = sum of batch means) and the model learns", () => {
  const model = RecurrentModel.initialised(arch, new SeededRandom(1));
  const seen: number[] = [];
  const records = trainModel(model, train, test_, {
    runName: "gru",
    epochs: 6,
    batchSize: 16,
    rng: new SeededRandom(2),
    progress: false,
    callbacks: { onBatch: (info) => seen.push(info.loss) },
  });
  assert.equal(records.length, 6);
  assert.deepEqual(
    records.map((r) => r.epoch),
    [1, 2, 3, 4, 5, 6],
  );
  assert.equal(seen.length, 6 * 6);
  assert.ok(Math.abs(records[0]!.train_loss - seen.slice(0, 6).reduce((a, b) => a + b, 0)) < 1e-9);
  assert.ok(records[5]!.train_loss < records[0]!.train_loss, "training lowers the loss");
  const test = evaluateBatches(model, makeBatches(test_, { batchSize: 16, order: "file" }));
  assert.equal(records[5]!.test_loss, test.loss);
  assert.equal(records[5]!.test_acc, test.accuracy);
  for (const r of records)
    assert.ok(r.mode === "gru" && r.prune === 0 && r.time > 0 && r.train_acc >= 0 && r.train_acc <= 1);
  const csv = formatEpochRecords(records).split("\n");
  assert.equal(csv[0], EPOCH_RECORD_COLUMNS.join(","));
  assert.equal(csv[1]!.split(",").length, 8);
});

test("the same seeds reproduce the records; onEpoch can stop; shuffling changes with the seed", () => {
  const run = (shuffleSeed: number, stopAfter = 99) =>
    trainModel(RecurrentModel.initialised(arch, new SeededRandom(1)), train, test_, {
      runName: "gru",
      epochs: 3,
      batchSize: 16,
      rng: new SeededRandom(shuffleSeed),
      progress: false,
      callbacks: { onEpoch: (r) => (r.epoch >= stopAfter ? "stop" : undefined) },
    }).map(({ time: _time, ...rest }) => rest);
  assert.deepEqual(run(5), run(5));
  assert.notDeepEqual(run(6), run(5));
  assert.equal(run(5, 2).length, 2);
});

test(
  "trainModelInterruptibly stops at the batch boundary after its signal fires, " + "keeping whole epochs only",
  async () => {
    const settings = { runName: "gru", epochs: 3, batchSize: 16, progress: false } as const;
    const controller = new AbortController();
    const result = await trainModelInterruptibly(RecurrentModel.initialised(arch, new SeededRandom(1)), train, test_, {
      ...settings,
      rng: new SeededRandom(2),
      signal: controller.signal,
      callbacks: { onBatch: (info) => (info.epoch === 2 && info.batch === 2 ? controller.abort() : undefined) },
    });
    assert.deepEqual(result.stoppedAt, { epoch: 2, batch: 3, batches: 6 });
    const straight = trainModel(RecurrentModel.initialised(arch, new SeededRandom(1)), train, test_, {
      ...settings,
      rng: new SeededRandom(2),
    });
    const { time: _a, ...first } = result.records[0]!;
    const { time: _b, ...expected } = straight[0]!;
    assert.deepEqual([result.records.length, first], [1, expected]);
    const unstopped = await trainModelInterruptibly(
      RecurrentModel.initialised(arch, new SeededRandom(1)),
      train,
      test_,
      {
        ...settings,
        rng: new SeededRandom(2),
        signal: new AbortController().signal,
      },
    );
    assert.equal(unstopped.stoppedAt, null);
    assert.deepEqual(
      unstopped.records.map((r) => r.test_acc),
      straight.map((r) => r.test_acc),
    );
  },
);

test("evaluation logits come back in data order whatever the batch order", () => {
  // The model reads the last step of the padded batch, so a row's logits depend on its batch's length; compare
  // each row with its own batch's output.
  const model = RecurrentModel.initialised(arch, new SeededRandom(3));
  const batches = makeBatches(test_, { batchSize: 7, order: "shuffled", rng: new SeededRandom(1) });
  const shuffled = evaluateBatches(model, batches, true);
  assert.equal(shuffled.logits!.length, test_.length * 2);
  for (const batch of batches) {
    const direct = model.evaluate(batch).logits;
    batch.rows.forEach((row, b) =>
      assert.deepEqual(
        Array.from(shuffled.logits!.subarray(2 * row, 2 * row + 2)),
        Array.from(direct.subarray(2 * b, 2 * b + 2)),
      ),
    );
  }
  const inFile = evaluateBatches(model, makeBatches(test_, { batchSize: 16, order: "file" }));
  const zero = evaluationRecord(model, train, test_, { runName: "gru_prune", prune: 40, batchSize: 16 });
  assert.equal(zero.epoch, 0);
  assert.equal(zero.prune, 40);
  assert.equal(zero.test_acc, inFile.accuracy);
});

test("divergence names the epoch, the batch and the tensor", () => {
  const model = new RecurrentModel(arch, RecurrentModel.initialised(arch, new SeededRandom(3)).exportTensors(), {
    optimizer: { learningRate: 1e38 },
  });
  assert.throws(
    () =>
      trainModel(model, train, test_, {
        runName: "gru",
        epochs: 1,
        batchSize: 16,
        rng: new SeededRandom(1),
        progress: false,
      }),
    (e: unknown) =>
      e instanceof TrainingDivergedError &&
      e.epoch === 1 &&
      new RegExp(`epoch 1, batch ${e.batch + 1}/6 .*non-finite .* in ${e.tensor.replace(/\./g, "\\.")}`).test(
        e.message,
      ),
  );
});

test("sparse-rnn train and evaluate write and read their files", async () => {
  const data = join(scratch, "data");
  mkdirSync(data);
  writeFileSync(join(data, "train.csv"), formatLabelledCsv(train));
  writeFileSync(join(data, "test.csv"), formatLabelledCsv(test_));
  // Both training runs below: the same LSTM, data and seed, so the same records.
  const trainArgs = [
    "node",
    "sparse-rnn",
    "train",
    "--mode",
    "lstm",
    "--hidden",
    "6,5",
    "--epochs",
    "2",
    "--batch-size",
    "16",
    "--seed",
    "3",
    "--data",
    data,
    "--out",
  ];
  const out = join(scratch, "run");
  const stdout = process.stdout.write;
  let printed = "";
  process.stdout.write = ((chunk: string) => ((printed += chunk), true)) as typeof process.stdout.write;
  try {
    await buildProgram().parseAsync([...trainArgs, out, "--quiet", "--json"]);
    const summary = JSON.parse(printed) as { final: { epoch: number; test_acc: number } };
    assert.equal(summary.final.epoch, 2);
    const csv = readFileSync(join(out, "epochs.csv"), "utf8").trim().split("\n");
    assert.equal(csv.length, 3);
    assert.match(csv[1]!, /^lstm,0,1,/);
    const saved = readModelFile(join(out, "model.safetensors"));
    assert.deepEqual(saved.architecture.layerSizes, [6, 5]);
    printed = "";
    const logits = join(scratch, "logits.json");
    await buildProgram().parseAsync([
      "node",
      "sparse-rnn",
      "evaluate",
      "--weights",
      join(out, "model.safetensors"),
      "--data",
      join(data, "test.csv"),
      "--json",
      "--logits",
      logits,
    ]);
    const evaluation = JSON.parse(printed) as { accuracy: number; rows: number };
    assert.equal(evaluation.rows, test_.length);
    assert.equal(evaluation.accuracy, summary.final.test_acc);
    assert.equal((JSON.parse(readFileSync(logits, "utf8")) as { logits: number[][] }).logits.length, test_.length);
    // Same seed, same records.
    printed = "";
    await buildProgram().parseAsync([...trainArgs, join(scratch, "run2"), "--quiet"]);
    const strip = (text: string) =>
      text
        .trim()
        .split("\n")
        .map((line) => line.split(",").slice(0, 7).join(","));
    assert.deepEqual(strip(readFileSync(join(scratch, "run2", "epochs.csv"), "utf8")), strip(csv.join("\n")));
  } finally {
    process.stdout.write = stdout;
  }
  assert.ok(existsSync(join(out, "summary.json")));
  // An interrupted run resumed with --resume ends exactly where an uninterrupted one does.
  const run = (dir: string, epochs: number, extra: string[] = []) =>
    buildProgram().parseAsync([
      "node",
      "sparse-rnn",
      "train",
      "--mode",
      "gru",
      "--hidden",
      "5",
      "--epochs",
      String(epochs),
      "--batch-size",
      "16",
      "--seed",
      "9",
      "--data",
      data,
      "--out",
      dir,
      "--quiet",
      ...extra,
    ]);
  const straight = join(scratch, "straight");
  const resumed = join(scratch, "resumed");
  await run(straight, 3);
  await run(resumed, 1);
  await run(resumed, 3, ["--resume"]);
  const strip = (dir: string) =>
    readFileSync(join(dir, "epochs.csv"), "utf8")
      .trim()
      .split("\n")
      .map((line) => line.split(",").slice(0, 7).join(","));
  assert.equal(strip(resumed).length, 4);
  assert.deepEqual(strip(resumed), strip(straight));
  const a = readModelFile(join(straight, "model.safetensors")).tensors;
  const b = readModelFile(join(resumed, "model.safetensors")).tensors;
  for (const [name, t] of a) assert.deepEqual(b.get(name)!.data, t.data, name);
  await assert.rejects(
    buildProgram().parseAsync([
      "node",
      "sparse-rnn",
      "train",
      "--mode",
      "gru",
      "--order",
      "random",
      "--data",
      data,
      "--out",
      out,
    ]),
    /--order: "random" is not "shuffled" or "file"/,
  );
});
