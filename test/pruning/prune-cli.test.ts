import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildProgram } from "../../src/cli/main";
import { stackedArchitecture } from "../../src/models/architecture";
import { floatTensor, maskTensor, type TensorMap } from "../../src/models/named-tensors";
import { SeededRandom } from "../../src/random/seeded-random";
import { modelTensorSpecs } from "../../src/models/model-tensors";
import { readModelFile, writeModelFile } from "../../src/weights/model-file";

async function runCli(args: string[]): Promise<string> {
  const chunks: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string) => (chunks.push(String(chunk)), true)) as typeof process.stdout.write;
  try {
    await buildProgram().parseAsync(["node", "sparse-rnn", ...args]);
  } finally {
    process.stdout.write = write;
  }
  return chunks.join("");
}

function randomModel(seed: number): TensorMap {
  const rng = new SeededRandom(seed);
  const arch = stackedArchitecture("LSTM", [6, 5, 4]);
  const tensors: TensorMap = new Map();
  for (const spec of modelTensorSpecs(arch)) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    tensors.set(
      spec.name,
      spec.dtype === "bool"
        ? maskTensor(spec.shape)
        : floatTensor(
            spec.shape,
            Float32Array.from({ length: size }, () => rng.uniform(-1, 1)),
          ),
    );
  }
  return tensors;
}

test("sparse-rnn prune writes the masked model and reports threshold and kept fractions", async () => {
  const dir = mkdtempSync(join(tmpdir(), "prune-cli-"));
  const arch = stackedArchitecture("LSTM", [6, 5, 4]);
  const tensors = randomModel(1);
  writeModelFile(join(dir, "base.safetensors"), arch, tensors);
  const out = join(dir, "pruned.safetensors");
  const report = JSON.parse(
    await runCli([
      "prune",
      "--weights",
      join(dir, "base.safetensors"),
      "--percent",
      "70",
      "--kind",
      "h2h",
      "--out",
      out,
      "--json",
    ]),
  );
  assert.equal(report.kind, "h2h");
  assert.equal(report.tensors.length, 3);
  assert.ok(Math.abs(report.keptFraction - 0.3) < 0.01, `kept ${report.keptFraction}`);
  const pruned = readModelFile(out);
  assert.deepEqual(pruned.architecture, arch);
  for (let layer = 0; layer < 3; layer++) {
    const weight = pruned.tensors.get(`recurrent.recurrent_layers.${layer}.weight_hh`)!;
    const mask = pruned.tensors.get(`recurrent.recurrent_layers.${layer}.mask_h2h`)!;
    weight.data.forEach((w, i) => assert.equal(mask.data[i], Math.abs(w) >= report.threshold ? 1 : 0));
    assert.ok(pruned.tensors.get(`recurrent.recurrent_layers.${layer}.mask_i2h`)!.data.every((bit) => bit === 1));
  }
  const text = await runCli(["prune", "--weights", join(dir, "base.safetensors"), "--percent", "100", "--out", out]);
  assert.match(text, /overall\s+kept\s+1 \//);
});

test("sparse-rnn prune rejects a bad percent or kind with a clear message", async () => {
  const dir = mkdtempSync(join(tmpdir(), "prune-cli-"));
  writeModelFile(join(dir, "m.safetensors"), stackedArchitecture("LSTM", [6, 5, 4]), randomModel(2));
  await assert.rejects(
    runCli(["prune", "--weights", join(dir, "m.safetensors"), "--percent", "120", "--out", join(dir, "o")]),
    /--percent: "120" is not a number in \[0, 100\]/,
  );
  await assert.rejects(
    runCli([
      "prune",
      "--weights",
      join(dir, "m.safetensors"),
      "--percent",
      "10",
      "--kind",
      "all",
      "--out",
      join(dir, "o"),
    ]),
    /unknown prune kind "all"/,
  );
  await assert.rejects(
    runCli(["prune", "--weights", join(dir, "missing.safetensors"), "--percent", "10", "--out", join(dir, "o")]),
    /missing\.safetensors/,
  );
});

test("sparse-rnn prune refuses NaN or infinite weights, naming the tensor, and writes nothing", async () => {
  const dir = mkdtempSync(join(tmpdir(), "prune-cli-"));
  for (const [value, shown] of [
    [NaN, "NaN"],
    [Infinity, "Infinity"],
  ] as const) {
    const tensors = randomModel(3);
    tensors.get("recurrent.recurrent_layers.1.weight_hh")!.data[7] = value;
    writeModelFile(join(dir, "diverged.safetensors"), stackedArchitecture("LSTM", [6, 5, 4]), tensors);
    const out = join(dir, "pruned.safetensors");
    await assert.rejects(
      runCli(["prune", "--weights", join(dir, "diverged.safetensors"), "--percent", "50", "--out", out]),
      new RegExp(
        "magnitude-pruning: recurrent\\.recurrent_layers\\.1\\.weight_hh " +
          `holds ${shown} at index 7 \\(1 non-finite value\\(s\\)\\)`,
      ),
    );
    assert.ok(!existsSync(out));
  }
});

test("an explicit --hidden that disagrees with the weights file is an error in prune and evaluate", async () => {
  const dir = mkdtempSync(join(tmpdir(), "prune-cli-"));
  const weights = join(dir, "m.safetensors");
  writeModelFile(weights, stackedArchitecture("LSTM", [6, 5, 4]), randomModel(4));
  const message = /--hidden 4,4 disagrees with .*m\.safetensors, which holds layers 6,5,4; omit --hidden/;
  await assert.rejects(
    runCli(["prune", "--weights", weights, "--hidden", "4,4", "--percent", "10", "--out", join(dir, "o")]),
    message,
  );
  const data = join(dir, "rows.csv");
  writeFileSync(data, "string,valid\nBTXSE,True\nBPVVE,True\nBTTTE,False\n");
  await assert.rejects(runCli(["evaluate", "--weights", weights, "--hidden", "4,4", "--data", data]), message);
  // The sizes the file holds, given or not, are fine.
  assert.match(await runCli(["evaluate", "--weights", weights, "--hidden", "6,5,4", "--data", data]), /accuracy/);
  assert.match(await runCli(["evaluate", "--weights", weights, "--data", data]), /accuracy/);
});

test("sparse-rnn prune --method random keeps magnitude's counts per tensor, and the seed picks the masks", async () => {
  const dir = mkdtempSync(join(tmpdir(), "prune-cli-"));
  const arch = stackedArchitecture("LSTM", [6, 5, 4]);
  writeModelFile(join(dir, "base.safetensors"), arch, randomModel(2));
  const run = async (method: string, seed: string, out: string) =>
    JSON.parse(
      await runCli([
        "prune",
        "--weights",
        join(dir, "base.safetensors"),
        "--percent",
        "60",
        "--method",
        method,
        "--seed",
        seed,
        "--out",
        join(dir, out),
        "--json",
      ]),
    ) as { kept: number; tensors: { kept: number }[]; method: string };
  const magnitude = await run("magnitude", "0", "m.safetensors");
  const random = await run("random", "1", "r1.safetensors");
  await run("random", "1", "r1b.safetensors");
  await run("random", "2", "r2.safetensors");
  assert.equal(random.method, "random");
  assert.deepEqual(
    random.tensors.map((t) => t.kept),
    magnitude.tensors.map((t) => t.kept),
  );
  const mask = (file: string) =>
    readModelFile(join(dir, file)).tensors.get("recurrent.recurrent_layers.0.mask_h2h")!.data;
  assert.deepEqual(mask("r1.safetensors"), mask("r1b.safetensors"));
  assert.notDeepEqual(mask("r1.safetensors"), mask("r2.safetensors"));
});

test("sparse-rnn prune --method structured writes a smaller model, and gradual is sent to the experiment", async () => {
  const dir = mkdtempSync(join(tmpdir(), "prune-cli-"));
  writeModelFile(join(dir, "base.safetensors"), stackedArchitecture("LSTM", [6, 5, 4]), randomModel(3));
  const out = join(dir, "small.safetensors");
  const report = JSON.parse(
    await runCli([
      "prune",
      "--weights",
      join(dir, "base.safetensors"),
      "--percent",
      "50",
      "--method",
      "structured",
      "--out",
      out,
      "--json",
    ]),
  ) as { layerSizes: number[] };
  assert.deepEqual(report.layerSizes, [3, 2, 2]);
  const small = readModelFile(out);
  assert.deepEqual(small.architecture.layerSizes, [3, 2, 2]);
  assert.equal(small.architecture.embeddingSize, 6);
  assert.deepEqual(small.tensors.get("recurrent.recurrent_layers.1.weight_hh")!.shape, [4 * 2, 2]);
  await assert.rejects(
    runCli([
      "prune",
      "--weights",
      join(dir, "base.safetensors"),
      "--percent",
      "50",
      "--method",
      "gradual",
      "--out",
      out,
    ]),
    /prunes while training: run `sparse-rnn experiment pruning --methods gradual`/,
  );
});
