import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { experimentCli } from "../../support/cli";
import { experimentStatus } from "../../../src/experiments/runner";
import { formatArrayIndices, shellQuote, writeSlurmFiles, type SlurmPlan } from "../../../src/experiments/slurm";

const scratch = mkdtempSync(join(tmpdir(), "slurm-scripts-"));

const sparseRnn = experimentCli;

/** A tiny structure sweep: 6 RNN_RELU networks of 10–11 vertices, one epoch on a few rows. */
const SWEEP_OPTIONS = [
  "--mode",
  "RNN_RELU",
  "--per-generator",
  "3",
  "--nodes",
  "10..11",
  "--epochs",
  "1",
  "--train-rows",
  "64",
  "--test-rows",
  "32",
  "--no-weights",
];

/** A launcher for this test build's CLI, as a compute node would run it. */
function launcher(): string {
  const path = join(scratch, "sparse-rnn.js");
  const main = resolve(__dirname, "../../../src/cli/main.js");
  writeFileSync(
    path,
    `require(${JSON.stringify(main)}).main(process.argv)` +
      `.catch((e) => { console.error(e.message); process.exitCode = 1; });\n`,
  );
  return path;
}

test("array lists and shell words", () => {
  assert.equal(formatArrayIndices([0, 1, 2, 3]), "0-3");
  assert.equal(formatArrayIndices([5, 0, 1, 2, 1, 7, 8]), "0-2,5,7-8");
  assert.equal(formatArrayIndices([3]), "3");
  assert.equal(shellQuote("/data/run-1/out.csv"), "/data/run-1/out.csv");
  assert.equal(shellQuote("it's here"), `'it'\\''s here'`);
  assert.equal(shellQuote("$HOME"), `'$HOME'`);
});

test("bad arguments are refused with the option named", async () => {
  const plan: SlurmPlan = {
    outDir: scratch,
    arraySize: 0,
    command: ["node", "x.js"],
    stages: [],
    merge: [],
    sbatch: { jobName: "j", cpusPerTask: 1, time: "10", mem: null, partition: null, account: null, extra: [] },
  };
  assert.throws(() => writeSlurmFiles(plan), /slurm-scripts: invalid array size 0/);
  const out = join(scratch, "bad");
  await assert.rejects(
    sparseRnn(["experiment", "slurm", "structure", "--out", out, "--array-size", "0"]),
    /--array-size/,
  );
  await assert.rejects(
    sparseRnn(["experiment", "slurm", "structure", "--out", out, "--array-size", "2", "--mode", "XYZ"]),
    /XYZ/,
  );
  await assert.rejects(sparseRnn(["experiment", "slurm", "structure", "--out", out]), /--array-size/);
  await assert.rejects(sparseRnn(["experiment", "pruning", "--out", out, "--shard", "0/2"]), /--stage base/);
});

test("the structure sweep's scripts: sbatch options, the study's options, shard and workers from Slurm", async () => {
  const out = join(scratch, "sweep");
  const printed = await sparseRnn([
    "experiment",
    "slurm",
    "structure",
    ...SWEEP_OPTIONS,
    "--out",
    out,
    "--array-size",
    "5",
    "--cpus-per-task",
    "8",
    "--time",
    "1:00:00",
    "--mem",
    "8G",
    "--partition",
    "short",
    "--sbatch=--qos=low",
    "--command",
    `${process.execPath} ${launcher()}`,
  ]);
  const dir = join(out, "slurm");
  assert.match(printed, new RegExp(`wrote 3 files to ${dir}\\nsubmit with:\\n  bash ${dir}/submit.sh\\n`));
  const array = readFileSync(join(dir, "structure.sbatch"), "utf8");
  for (const line of [
    "--array=0-4",
    "--cpus-per-task=8",
    "--time=1:00:00",
    "--mem=8G",
    "--partition=short",
    "--qos=low",
    "--job-name=sparse-rnn-structure",
  ]) {
    assert.ok(array.includes(`#SBATCH ${line}\n`), `${line} in\n${array}`);
  }
  assert.ok(array.includes(`#SBATCH --output=${dir}/logs/structure-%A_%a.out\n`));
  assert.match(
    array,
    / experiment structure --mode RNN_RELU --generators ba,ws --per-generator 3 --nodes 10\.\.11 --epochs 1 /,
  );
  assert.match(array, / --epochs 1 --batch-size 128 --seed 0 /);
  assert.match(array, / --train-rows 64 --test-rows 32 --no-weights --out /);
  assert.match(
    array,
    /--shard "\$SLURM_ARRAY_TASK_ID\/5" --workers "\$\{SLURM_CPUS_PER_TASK:-1\}" --progress lines\n$/,
  );
  const merge = readFileSync(join(dir, "merge.sbatch"), "utf8");
  assert.ok(merge.includes(`experiment merge ${out} -o ${out}/results.csv\n`));
  assert.ok(merge.includes("#SBATCH --cpus-per-task=1\n"));
  const submit = readFileSync(join(dir, "submit.sh"), "utf8");
  assert.match(submit, /sbatch --parsable --array="\$tasks" \$\{previous:\+--dependency=afterok:\$previous\}/);
  assert.match(
    submit,
    /merge=\$\(sbatch --parsable \$\{previous:\+--dependency=afterok:\$previous\} "\$here\/merge.sbatch"\)/,
  );
  execFileSync("bash", ["-n", join(dir, "submit.sh")]);
  execFileSync("bash", ["-n", join(dir, "structure.sbatch")]);

  // The task script runs as it is, outside Slurm too: task 2 of 5 computes exactly shard 2/5.
  execFileSync("bash", [join(dir, "structure.sbatch")], {
    env: { ...process.env, SLURM_ARRAY_TASK_ID: "2", SLURM_CPUS_PER_TASK: "1" },
    stdio: "pipe",
  });
  const status = experimentStatus(out);
  assert.equal(status.shardCount, 5);
  assert.deepEqual(
    status.shards.map((shard) => shard.state),
    ["incomplete", "incomplete", "complete", "incomplete", "incomplete"],
  );
  assert.ok(!existsSync(join(out, "results.csv")));

  // A failed-only plan takes the shards with work left.
  const again = JSON.parse(
    await sparseRnn([
      "experiment",
      "slurm",
      "structure",
      ...SWEEP_OPTIONS,
      "--out",
      out,
      "--array-size",
      "5",
      "--only-failed",
      "--json",
    ]),
  ) as { tasks: Record<string, number[]>; submit: string };
  assert.deepEqual(again.tasks, { structure: [0, 1, 3, 4] });
  assert.equal(again.submit, `bash ${dir}/submit.sh 0-1,3-4`);
});

test("the pruning study's scripts: the base array, then the prune array after it, then the records", async () => {
  const out = join(scratch, "pruning");
  const printed = await sparseRnn([
    "experiment",
    "slurm",
    "pruning",
    "--mode",
    "GRU",
    "--seeds",
    "2",
    "--percents",
    "50,90",
    "--out",
    out,
    "--array-size",
    "2",
    "--only-failed",
  ]);
  const dir = join(out, "slurm");
  assert.match(printed, /submit \(only base tasks 0-1, prune tasks 0-1\) with:/);
  assert.match(
    readFileSync(join(dir, "base.sbatch"), "utf8"),
    / experiment pruning --mode GRU .* --seeds 2 --seed 0 --out \S+ --stage base \\\n/,
  );
  assert.match(readFileSync(join(dir, "prune.sbatch"), "utf8"), / --stage prune \\\n/);
  assert.match(
    readFileSync(join(dir, "merge.sbatch"), "utf8"),
    / experiment pruning .* --workers 1 --progress lines\n/,
  );
  const submit = readFileSync(join(dir, "submit.sh"), "utf8");
  assert.match(submit, /submit_array base "\$\{1:-0-1\}"\nsubmit_array prune "\$\{2:-0-1\}"\n/);
});
