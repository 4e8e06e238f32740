#!/usr/bin/env node
// `npm test`: build the library and the tests, run every unit test with node's test runner,
// then execute every notebook through Jupyter in quick mode, then at full scale on the shipped results, and check
// the walkthrough book built from the full-scale ones.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromiumPath } from "./setup-environment.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const run = (cmd, args, env = {}) =>
  execFileSync(cmd, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });

// Filters match compiled paths; a source path (test/engine/timing.test.ts) names its compiled file.
const only = process.argv
  .slice(2)
  .filter((a) => !a.startsWith("--"))
  .map((a) => a.replace(/^(\.\/)?test\//, "").replace(/\.ts$/, ".js"));
// The whole suite checks the formatter first (Prettier, .prettierrc.json; `npm run format` fixes what it reports):
// cheap, and a layout diff should not wait for a ten-minute run to be found.
if (only.length === 0) {
  run(process.execPath, [
    join(root, "node_modules", "prettier", "bin", "prettier.cjs"),
    "--check",
    "--log-level",
    "warn",
    ".",
  ]);
}
run(process.execPath, [join(root, "scripts", "build.mjs")]);
// A clean test build, so a deleted or renamed test or module cannot run from a stale compiled copy.
rmSync(join(root, "build"), { recursive: true, force: true });
run(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.test.json"]);

const findTests = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return findTests(path);
    return name.endsWith(".test.js") ? [path] : [];
  });
const tests = findTests(join(root, "build", "test")).filter(
  (file) => only.length === 0 || only.some((pattern) => file.includes(pattern)),
);
// With no files, `node --test` would discover and run every test on its own: a filter that matches nothing is an error.
if (tests.length === 0) {
  console.error(`test: no compiled test file under build/test matches ${only.map((p) => `"${p}"`).join(", ")}`);
  console.error('filters match compiled paths, e.g. "engine/timing" or "experiments/shipped-results"');
  process.exit(1);
}
// Tests that time real daemons (the local Slurm cluster cancels a task while it runs) run after the others, alone:
// beside the rest of the suite their test process and the cluster's tasks wait for the CPU for seconds.
const alone = (file) => file.includes(join("test", "experiments", "slurm", "slurm-cluster"));
let failed = false;
for (const group of [tests.filter((file) => !alone(file)), tests.filter(alone)]) {
  if (group.length === 0) continue;
  try {
    run(process.execPath, ["--test", "--test-concurrency=2", ...group]);
  } catch {
    failed = true;
  }
}
if (failed) process.exit(1);
if (!process.argv.includes("--no-notebooks") && only.length === 0) {
  run(process.execPath, [join(root, "scripts", "run-notebooks.mjs")], { SPARSE_RNN_QUICK: "1" });
  // At full scale on the shipped results (results/full): every notebook, no job started, within the budget;
  // and without results, a notebook stops with the command that computes them.
  const fullScale = mkdtempSync(join(tmpdir(), "sparse-rnn-full-notebooks-"));
  run(process.execPath, [join(root, "scripts", "check-shipped-notebooks.mjs"), "--no-setup", `--out=${fullScale}`]);
  // The walkthrough book from the full-scale notebooks just executed, opened in headless Chromium: every page
  // offline, every chapter drawing at least one figure (src/book/site-check.ts; `sparse-rnn book --check`).
  const book = mkdtempSync(join(tmpdir(), "sparse-rnn-book-"));
  const check = chromiumPath() ? ["--check"] : [];
  if (check.length === 0) {
    process.stdout.write("test: SKIPPED the book's browser check: Chromium not found (apt-get install -y chromium)\n");
  }
  try {
    run(process.execPath, [
      join(root, "bin", "sparse-rnn.js"),
      "book",
      "--no-execute",
      "--executed",
      fullScale,
      "--out",
      book,
      ...check,
    ]);
  } catch {
    process.stderr.write(`test: the walkthrough book failed (see above); the site is kept in ${book}\n`);
    process.exit(1);
  }
  rmSync(book, { recursive: true, force: true });
}
