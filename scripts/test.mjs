#!/usr/bin/env node
// `npm test`: build the library and the tests, run every unit test with node's test runner,
// then execute every notebook through Jupyter in quick mode.
import { execFileSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const run = (cmd, args, env = {}) =>
  execFileSync(cmd, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });

run(process.execPath, [join(root, "scripts", "build.mjs")]);
run(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.test.json"]);

const findTests = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return findTests(path);
    return name.endsWith(".test.js") ? [path] : [];
  });
const only = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const tests = findTests(join(root, "build", "test")).filter(
  (file) => only.length === 0 || only.some((pattern) => file.includes(pattern)),
);
try {
  run(process.execPath, ["--test", "--test-concurrency=2", ...tests]);
} catch {
  process.exit(1);
}
if (!process.argv.includes("--no-notebooks") && only.length === 0) {
  run(process.execPath, [join(root, "scripts", "run-notebooks.mjs")], { SPARSE_RNN_QUICK: "1" });
}
