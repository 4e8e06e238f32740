#!/usr/bin/env node
// The notebooks at full scale, through Jupyter, on the shipped results (results/full):
//   1. with the shipped results, every notebook executes without starting a single job, within the two-minute budget;
//   2. with the results folder missing, a notebook stops with the message naming the command, and starts no job.
// "No job" is checked on disk: SPARSE_RNN_RUNS points at an empty folder that must stay empty (every stage
// computes into <runs>/<scale>/…), and no executed output may hold the runner's progress lines.
// Usage: node scripts/check-shipped-notebooks.mjs [--no-setup] [--out=DIR]
//   --out  where the full-scale executed copies go (default: a temp folder), e.g. to build the book from them
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const BUDGET_SECONDS = 120;
const passSetup = process.argv.includes("--no-setup") ? ["--no-setup"] : [];

function fail(message) {
  process.stderr.write(`shipped notebooks: ${message}\n`);
  process.exit(1);
}

/**
 * Run notebooks through scripts/run-notebooks.mjs with the given environment, `jobs` side by side (safe here: they
 * only read); returns status, output and seconds.
 */
function runNotebooks(filters, env, out, jobs = 1) {
  const started = Date.now();
  const r = spawnSync(
    process.execPath,
    [
      join(root, "scripts", "run-notebooks.mjs"),
      ...filters,
      `--out=${out}`,
      "--timeout=300",
      `--jobs=${jobs}`,
      ...passSetup,
    ],
    {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, SPARSE_RNN_QUICK: "0", SPARSE_RNN_COMPUTE: "0", ...env },
    },
  );
  return { status: r.status, output: `${r.stdout}${r.stderr}`, seconds: (Date.now() - started) / 1000 };
}

/** All text a notebook's outputs hold (streams, HTML, errors). */
function outputText(path) {
  const notebook = JSON.parse(readFileSync(path, "utf8"));
  return notebook.cells
    .flatMap((cell) => cell.outputs ?? [])
    .map((o) =>
      [o.text, o.data?.["text/plain"], o.data?.["text/html"], o.evalue, ...(o.traceback ?? [])]
        .flat()
        .filter(Boolean)
        .join(""),
    )
    .join("\n");
}

function assertNoJobRan(runs, executedDir, what) {
  const made = readdirSync(runs);
  if (made.length > 0)
    fail(`${what}: a notebook computed into ${runs} (${made.join(", ")}); notebooks must not train unasked`);
  for (const name of readdirSync(executedDir).filter((n) => n.endsWith(".ipynb"))) {
    if (/\d+\/\d+ jobs done/.test(outputText(join(executedDir, name))))
      fail(`${what}: ${name} shows the runner's progress: a job ran`);
  }
}

const shipped = join(root, "results", "full");
if (!existsSync(join(shipped, "manifest.json")))
  fail(`${shipped}/manifest.json is missing: the shipped results are part of the repository`);

// 1. Shipped results present: every notebook, no job, within the budget, two at a time as a reader with two cores
// would open them (one notebook leaves a core idle: its kernel and Chromium take turns).
const runs = mkdtempSync(join(tmpdir(), "shipped-notebooks-runs-"));
const outArg = process.argv.find((a) => a.startsWith("--out="));
const executed = outArg ? outArg.slice("--out=".length) : mkdtempSync(join(tmpdir(), "shipped-notebooks-out-"));
const all = runNotebooks([], { SPARSE_RNN_RUNS: runs, SPARSE_RNN_RESULTS: shipped }, executed, 2);
process.stdout.write(
  all.output
    .split("\n")
    .filter((l) => l.startsWith("notebooks: "))
    .join("\n") + "\n",
);
if (all.status !== 0) fail(`the notebooks failed at full scale on ${shipped}`);
assertNoJobRan(runs, executed, "shipped results");
if (all.seconds > BUDGET_SECONDS)
  fail(`the notebooks took ${all.seconds.toFixed(1)} s at full scale; the budget is ${BUDGET_SECONDS} s`);

// 2. Results missing: the notebook stops with the command and starts nothing.
const empty = mkdtempSync(join(tmpdir(), "shipped-notebooks-empty-"));
const missingOut = mkdtempSync(join(tmpdir(), "shipped-notebooks-missing-"));
for (const [notebook, stage] of [
  ["04-pruning", "pruning"],
  ["05-random-structure", "structure"],
]) {
  const r = runNotebooks([notebook], { SPARSE_RNN_RUNS: runs, SPARSE_RNN_RESULTS: empty }, missingOut);
  if (r.status === 0) fail(`${notebook} ran to the end without its results; it should stop at its first cell`);
  const text = outputText(join(missingOut, `${notebook}.ipynb`));
  const command = `npx sparse-rnn reproduce --full --stages ${stage}`;
  if (!text.includes(command) || !/measured on the 2-core lab machine/.test(text))
    fail(`${notebook} stopped without naming \`${command}\` and its measured time:\n${text.slice(0, 800)}`);
}
assertNoJobRan(runs, missingOut, "results missing");
process.stdout.write(
  `shipped notebooks: all ran at full scale on the shipped results in ${all.seconds.toFixed(1)} s ` +
    `(budget ${BUDGET_SECONDS} s) without starting a job; without results, 04 and 05 stop with the command\n`,
);
