/**
 * `sparse-rnn train` as a hostile user runs it: killed at any moment, interrupted with Ctrl-C, resumed with other
 * options, pointed at a finished run, given absurd sizes, rates and seeds. Run as processes.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadSplit } from "../../src/data/dataset-files";
import { writeLabelledCsv } from "../../src/data/labelled-csv";
import { readModelFile } from "../../src/weights/model-file";
import { cli, startCli, type RunningCli } from "../support/cli";

const work = mkdtempSync(join(tmpdir(), "train-cli-"));
const data = join(work, "data");
mkdirSync(data);
const split = loadSplit();
writeLabelledCsv(join(data, "train.csv"), split.train.slice(0, 32));
writeLabelledCsv(join(data, "test.csv"), split.test.slice(0, 16));

/** A tiny run: two batches per epoch, so most of its time goes to writing checkpoints (where a kill does harm). */
const tiny = (out: string, epochs: number, ...extra: string[]): string[] => [
  ...["train", "--mode", "GRU", "--hidden", "4", "--epochs", String(epochs), "--batch-size", "16", "--seed", "5"],
  ...["--data", data, "--out", out, ...extra],
];

/** The records without the wall-clock column. */
const records = (dir: string): string[] =>
  readFileSync(join(dir, "epochs.csv"), "utf8")
    .trim()
    .split("\n")
    .map((line) => line.split(",").slice(0, 7).join(","));

function assertSameRun(dir: string, reference: string): void {
  assert.deepEqual(records(dir), records(reference));
  const expected = readModelFile(join(reference, "model.safetensors")).tensors;
  const actual = readModelFile(join(dir, "model.safetensors")).tensors;
  for (const [name, tensor] of expected) assert.deepEqual(actual.get(name)!.data, tensor.data, name);
}

/** Resolve once the run has printed a finished epoch (it is then checkpointing every few milliseconds) or ended. */
async function firstEpoch(run: RunningCli): Promise<void> {
  let ended = false;
  void run.exited.then(() => (ended = true));
  for (let i = 0; i < 6000 && !ended && !/epoch \d+: train loss/.test(run.stderr()); i++) {
    await new Promise((r) => setTimeout(r, 5));
  }
}

const straight = join(work, "straight");
const EPOCHS = 60;

test("an uninterrupted reference run", () => {
  const run = cli(...tiny(straight, EPOCHS, "--quiet"));
  assert.equal(run.status, 0, run.stderr);
});

test("SIGKILL at many points, then --resume: the same records and weights as an uninterrupted run", async () => {
  const dir = join(work, "killed");
  const delays = [0, 3, 6, 9, 13, 17, 22, 28, 35, 45, 60];
  for (const delay of delays) {
    const run = startCli(...tiny(dir, EPOCHS, ...(existsSync(dir) ? ["--resume"] : [])));
    await firstEpoch(run);
    await new Promise((r) => setTimeout(r, delay));
    run.child.kill("SIGKILL");
    const { code, stderr } = await run.exited;
    assert.ok(code === null || code === 0, `delay ${delay} ms: ${stderr}`);
  }
  const resumed = cli(...tiny(dir, EPOCHS, "--resume", "--quiet"));
  assert.equal(resumed.status, 0, resumed.stderr);
  assertSameRun(dir, straight);
  // Whole checkpoints only, at most the newest two, and no temporary folder or file left behind.
  assert.deepEqual(
    readdirSync(join(dir, "checkpoints")).filter((name) => !/^epoch-\d{6}$/.test(name)),
    [],
  );
  assert.ok(readdirSync(join(dir, "checkpoints")).length <= 2);
  assert.deepEqual(
    readdirSync(dir).filter((name) => /\.\d+$/.test(name)),
    [],
  );
});

test(
  "Ctrl-C stops at a batch boundary with status 130, " + "keeps the last whole epoch, and --resume finishes",
  async () => {
    const dir = join(work, "interrupted");
    const run = startCli(...tiny(dir, EPOCHS));
    await firstEpoch(run);
    run.child.kill("SIGINT");
    const { code, stderr } = await run.exited;
    assert.equal(code, 130, stderr);
    const stopped = new RegExp(
      /interrupted in epoch (\d+) \(batch \d\/2, dropped\); the checkpoint of epoch (\d+) is in .*; run the /.source +
        /same command with --resume/.source,
    ).exec(stderr);
    assert.ok(stopped, stderr);
    assert.equal(Number(stopped[2]), Number(stopped[1]) - 1);
    assert.ok(Number(stopped[1]) < EPOCHS, "the run went on to the end");
    assert.ok(!existsSync(join(dir, "summary.json")), "an interrupted run has no summary");
    const resumed = cli(...tiny(dir, EPOCHS, "--resume", "--quiet"));
    assert.equal(resumed.status, 0, resumed.stderr);
    assertSameRun(dir, straight);
  },
);

test("--resume with other options is refused naming each; train into a run folder without --resume is refused", () => {
  const dir = join(work, "options");
  assert.equal(cli(...tiny(dir, 1, "--quiet")).status, 0);
  const changed = cli(...tiny(dir, 2, "--resume", "--lr", "0.01", "--seed", "6", "--batch-size", "8"));
  assert.equal(changed.status, 1);
  assert.match(changed.stderr, /refusing to resume the run in .*options with other options: /);
  assert.match(
    changed.stderr,
    /--batch-size 16 in .*run\.json, 8 now; --lr 0\.001 in .*run\.json, 0\.01 now; --seed 5 in .*run\.json, 6 now\./,
  );
  const other = cli(...tiny(dir, 2, "--resume").map((arg) => (arg === "GRU" ? "LSTM" : arg)));
  assert.match(other.stderr, /--mode "GRU" in .*, "LSTM" now/);
  const overwrite = cli(...tiny(dir, 1));
  assert.equal(overwrite.status, 1);
  assert.match(
    overwrite.stderr,
    new RegExp(
      /--out .*options already holds a training run \(run\.json, checkpoints, epochs\.csv, /.source +
        /model\.safetensors, summary\.json\): add --resume/.source,
    ),
  );
  // The same options may extend the run.
  const longer = cli(...tiny(dir, 2, "--resume", "--quiet", "--json"));
  assert.equal(longer.status, 0, longer.stderr);
  assert.equal(JSON.parse(longer.stdout).final.epoch, 2);
});

test("sizes, rates and seeds that make no sense are refused or warned about, naming the flag", () => {
  const dir = join(work, "sense");
  const huge = cli("train", "--mode", "GRU", "--hidden", "1000000000", "--data", data, "--out", dir);
  assert.match(
    huge.stderr,
    new RegExp(
      /--hidden 1000000000: a GRU model of 1 layer\(s\) of up to 1000000000 units has [\d.]+e\+18 trainable /.source +
        /parameters, above the lab's limit of 50000000/.source,
    ),
  );
  const graph = join(work, "g.json");
  assert.equal(cli("graph", "generate", "--generator", "ba", "--nodes", "12", "--seed", "1", "--out", graph).status, 0);
  const both = cli("train", "--mode", "GRU", "--graph", graph, "--hidden", "4,4", "--data", data, "--out", dir);
  assert.match(
    both.stderr,
    /--hidden 4,4 with --graph .*g\.json: a graph-structured model takes its layer sizes from the graph/,
  );
  assert.ok(!existsSync(dir), "nothing was written");
  const rate = cli(...tiny(dir, 1, "--lr", "1e30", "--quiet"));
  assert.match(rate.stderr, /warning: --lr 1e30 is far outside Adam's usual 1e-4 to 1e-2/);
  for (const [args, seed] of [
    [["train", "--mode", "GRU", "--data", data, "--out", join(work, "never")], "4294967296"],
    [["graph", "generate", "--generator", "ba", "--nodes", "12", "--out", join(work, "never.json")], "-1"],
    [["experiment", "structure", "--out", join(work, "never")], "1.5"],
    [["predict", "--results", join(work, "never.csv")], "4294967296"],
  ] as const) {
    const run = cli(...args, "--seed", seed);
    assert.equal(run.status, 1);
    const message = `--seed: "${seed.replace(".", "\\.")}" is not an integer seed in \\[0, 4294967295\\]`;
    assert.match(run.stderr, new RegExp(message), args[0]);
  }
});

test("--threads is documented as changing the last bits of the results", () => {
  const help = cli("train", "--help").stdout.replace(/\s+/g, " ");
  assert.match(help, /--threads <n> 1, or 2 .* deterministic, but results differ from 1 thread in the last bits/);
});
