#!/usr/bin/env node
// `npm run reproduce [-- --full]`: build, check the environment, run every stage of the study
// (`sparse-rnn reproduce`, resumable: re-run after an interruption), then execute every notebook at the
// same scale so their figures show the results just computed (at full scale: runs/full, not the shipped
// results/full, which `sparse-rnn reproduce --full` compares them with). Extra arguments go to
// `sparse-rnn reproduce`; a part of the study (--replicates, --shard) skips the notebooks.
import { execFileSync } from "node:child_process";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const full = args.includes("--full");
const part = args.includes("--replicates") || args.includes("--shard");
const runsAt = args.indexOf("--runs");
const runDir = runsAt >= 0 ? args[runsAt + 1] : join(root, "runs", full ? "full" : "quick");
const run = (file, argv, env = {}) =>
  execFileSync(process.execPath, [join(root, file), ...argv], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, ...env },
  });
const started = Date.now();
try {
  run("scripts/build.mjs", []);
  run("bin/sparse-rnn.js", ["reproduce", ...args]);
  if (!part)
    run("scripts/run-notebooks.mjs", ["--html"], {
      SPARSE_RNN_QUICK: full ? "0" : "1",
      ...(full ? { SPARSE_RNN_RESULTS: runDir } : {}),
    });
} catch {
  process.stderr.write(
    "reproduce: a step failed (see above); finished work is kept, so re-running resumes where it stopped\n",
  );
  process.exit(1);
}
process.stdout.write(
  `reproduce: done in ${((Date.now() - started) / 60000).toFixed(1)} min; ` +
    `summary in ${runDir}/summary.md, executed notebooks in notebooks/executed/\n`,
);
