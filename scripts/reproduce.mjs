#!/usr/bin/env node
// `npm run reproduce [-- --full]`: build, check the environment, run every stage of the study
// (`sparse-rnn reproduce`, resumable: re-run after an interruption), then execute every notebook at the
// same scale so their figures show the results just computed. Extra arguments go to `sparse-rnn reproduce`.
import { execFileSync } from "node:child_process";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const full = args.includes("--full");
const run = (file, argv, env = {}) => execFileSync(process.execPath, [join(root, file), ...argv], { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
const started = Date.now();
try {
  run("scripts/build.mjs", []);
  run("bin/sparse-rnn.js", ["reproduce", ...args]);
  run("scripts/run-notebooks.mjs", ["--html"], { SPARSE_RNN_QUICK: full ? "0" : "1" });
} catch {
  process.stderr.write("reproduce: a step failed (see above); finished work is kept, so re-running resumes where it stopped\n");
  process.exit(1);
}
process.stdout.write(`reproduce: done in ${((Date.now() - started) / 60000).toFixed(1)} min; summary in runs/${full ? "full" : "quick"}/summary.md, executed notebooks in notebooks/executed/\n`);
