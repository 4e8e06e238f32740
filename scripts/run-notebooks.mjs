#!/usr/bin/env node
// Execute the notebooks through the real Jupyter protocol (nbclient + the tslab kernel) and fail on any
// cell error, naming the notebook and the cell. Executed copies go to notebooks/executed/ (gitignored).
//
// Usage: node scripts/run-notebooks.mjs [FILTER...] [--html] [--timeout=SECONDS] [--jobs=N] [--dir=DIR] [--out=DIR]
//                                       [--no-setup] [--no-build]
//   FILTER        run only notebooks whose file name contains one of these (e.g. `01`)
//   --html        also convert each executed notebook to HTML beside it (nbconvert)
//   --timeout     per-cell limit (default 600 s in quick mode, 7200 s at full scale)
//   --jobs        notebooks executed side by side (default 1). Only for notebooks that read results: two that
//                 compute the same stage into one runs folder would race for it, and timing cells see a busy machine.
//   --dir/--out   notebooks folder / output folder (defaults notebooks/, notebooks/executed/)
//   --no-setup    skip the environment check (scripts/setup-environment.mjs)
//   --no-build    do not rebuild dist/ even when src/ is newer
// Quick mode (SPARSE_RNN_QUICK=1) is passed to the kernels through the environment.
// Notebooks run with their own folder as working directory and import the compiled library from ../dist/.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureEnvironment, jupyterPython, pythonEnv } from "./setup-environment.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Newest modification time of the files under `dir` whose names end with `suffix` (0 when none). */
function newestFile(dir, suffix) {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { withFileTypes: true }).reduce((newest, entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return Math.max(newest, newestFile(path, suffix));
    return entry.name.endsWith(suffix) ? Math.max(newest, statSync(path).mtimeMs) : newest;
  }, 0);
}

/** Build dist/ when a source is newer than the last build (notebooks import the compiled library). */
function buildIfStale() {
  const builtAt = newestFile(join(root, "dist"), ".js");
  if (builtAt > 0 && newestFile(join(root, "src"), ".ts") <= builtAt) return;
  process.stdout.write("notebooks: building dist/ (sources changed)\n");
  const r = spawnSync(process.execPath, [join(root, "scripts", "build.mjs")], { cwd: root, stdio: "inherit" });
  if (r.status !== 0) throw new Error("the build failed; notebooks import ../dist/, so they cannot run");
}

/** Parse the command line. */
function parseArgs(argv) {
  const options = {
    filters: [],
    html: false,
    timeout: undefined,
    dir: join(root, "notebooks"),
    out: undefined,
    setup: true,
    build: true,
    jobs: 1,
  };
  for (const arg of argv) {
    if (arg === "--html") options.html = true;
    else if (arg === "--no-setup") options.setup = false;
    else if (arg === "--no-build") options.build = false;
    else if (arg.startsWith("--timeout=")) {
      options.timeout = Number(arg.slice("--timeout=".length));
      if (!Number.isInteger(options.timeout) || options.timeout <= 0)
        throw new Error(`bad ${arg}: expected a positive number of seconds`);
    } else if (arg.startsWith("--jobs=")) {
      options.jobs = Number(arg.slice("--jobs=".length));
      if (!Number.isInteger(options.jobs) || options.jobs <= 0)
        throw new Error(`bad ${arg}: expected a positive whole number of notebooks`);
    } else if (arg.startsWith("--dir=")) options.dir = resolve(arg.slice("--dir=".length));
    else if (arg.startsWith("--out=")) options.out = resolve(arg.slice("--out=".length));
    else if (arg.startsWith("--"))
      throw new Error(
        `unknown option ${arg} (expected --html, --timeout=S, --jobs=N, --dir=D, --out=D, --no-setup, --no-build)`,
      );
    else options.filters.push(arg);
  }
  options.out ??= join(options.dir, "executed");
  return options;
}

const quick = ["1", "true", "yes", "on"].includes(
  String(process.env.SPARSE_RNN_QUICK ?? "")
    .trim()
    .toLowerCase(),
);

/** Run a command to its end without blocking the event loop; resolves with its status and output. */
function runAsync(command, args, env) {
  return new Promise((resolvePromise) => {
    const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    const out = [];
    const err = [];
    child.stdout.on("data", (chunk) => out.push(chunk));
    child.stderr.on("data", (chunk) => err.push(chunk));
    child.on("error", (error) => resolvePromise({ error, status: null, stdout: "", stderr: "" }));
    child.on("close", (status) =>
      resolvePromise({
        status,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
      }),
    );
  });
}

/** Execute one notebook; resolves with null on success or a failure description. */
async function executeNotebook(path, output, timeout) {
  const r = await runAsync(
    jupyterPython(),
    [
      join(root, "scripts", "execute-notebook.py"),
      path,
      output,
      "--kernel",
      "tslab",
      "--timeout",
      String(timeout),
      "--cwd",
      dirname(path),
    ],
    pythonEnv(),
  );
  if (r.error) return `cannot start ${jupyterPython()}: ${r.error.message}`;
  if (r.status === 0) return null;
  const line = r.stdout.trim().split("\n").pop() ?? "";
  try {
    const report = JSON.parse(line);
    const source = report.source
      .split("\n")
      .slice(0, 6)
      .map((l) => `    | ${l}`)
      .join("\n");
    // tslab puts the whole stack in evalue: headline the line naming the error, show the rest below.
    const lines = [report.evalue, report.traceback]
      .filter(Boolean)
      .join("\n")
      .split("\n")
      .filter((l) => l.trim() !== "");
    const headline = lines.find((l) => /^\w*(Error|Exception)\b/.test(l)) ?? lines[0] ?? report.ename ?? "error";
    const detail = lines
      .slice(0, 12)
      .map((l) => `    ${l}`)
      .join("\n");
    return `cell ${report.cell} (code cell ${report.code_cell}) failed: ${headline}\n${source}\n${detail}`;
  } catch {
    return `${(r.stderr || r.stdout).trim().split("\n").slice(-8).join("\n")} (exit ${r.status})`;
  }
}

/** Convert an executed notebook to HTML beside it. */
function convertToHtml(executed) {
  const r = spawnSync(jupyterPython(), ["-m", "nbconvert", "--to", "html", executed], {
    encoding: "utf8",
    env: pythonEnv(),
  });
  if (r.status !== 0)
    process.stdout.write(`notebooks: HTML conversion of ${basename(executed)} failed:\n${r.stderr}\n`);
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options.setup) {
    const env = ensureEnvironment({ quiet: false });
    if (!env.ok) {
      process.stderr.write(`notebooks: cannot run the notebooks:\n${env.problems.map((p) => `  - ${p}`).join("\n")}\n`);
      process.exit(1);
    }
  }
  if (options.build) buildIfStale();
  if (!existsSync(options.dir)) throw new Error(`no notebooks folder ${options.dir}`);
  const all = readdirSync(options.dir)
    .filter((name) => name.endsWith(".ipynb"))
    .sort();
  const chosen =
    options.filters.length === 0 ? all : all.filter((name) => options.filters.some((f) => name.includes(f)));
  if (options.filters.length > 0 && chosen.length === 0)
    throw new Error(
      `no notebook in ${options.dir} matches ${options.filters.join(", ")} (have: ${all.join(", ") || "none"})`,
    );
  mkdirSync(options.out, { recursive: true });
  const timeout = options.timeout ?? (quick ? 600 : 7200);
  process.stdout.write(
    `notebooks: running ${chosen.length} notebook(s) ` +
      `${quick ? "in quick mode" : "at full scale"} (per-cell limit ${timeout} s` +
      `${options.jobs > 1 ? `, ${options.jobs} side by side` : ""})\n`,
  );
  const failures = [];
  const started = Date.now();
  const queue = [...chosen];
  // Each worker takes the next notebook in name order; lines print as notebooks finish.
  const worker = async () => {
    for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
      const t0 = Date.now();
      const output = join(options.out, name);
      const failure = await executeNotebook(join(options.dir, name), output, timeout);
      const seconds = ((Date.now() - t0) / 1000).toFixed(1);
      if (failure) {
        failures.push(name);
        process.stdout.write(
          `notebooks: FAIL ${name} (${seconds} s): ${failure}\n  executed copy with the error: ${output}\n`,
        );
      } else {
        process.stdout.write(`notebooks: ok   ${name} (${seconds} s)\n`);
        if (options.html) convertToHtml(output);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.jobs, chosen.length) }, worker));
  failures.sort();
  const total = ((Date.now() - started) / 1000).toFixed(1);
  if (failures.length > 0) {
    process.stderr.write(
      `notebooks: ${failures.length} of ${chosen.length} failed (${failures.join(", ")}) in ${total} s\n`,
    );
    process.exit(1);
  }
  process.stdout.write(`notebooks: all ${chosen.length} passed in ${total} s\n`);
}

main().catch((error) => {
  process.stderr.write(`notebooks: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
