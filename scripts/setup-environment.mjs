#!/usr/bin/env node
// Make sure this machine can run the notebooks and export figures:
//   1. Node >= 20.19 and the npm dependencies (node_modules/.bin/tslab),
//   2. the Debian packages for Jupyter (nbconvert, nbclient, ipykernel), Chromium, the paper figures' serif font
//      (fonts-cmu) and poppler-utils (pdfinfo/pdffonts, which the figure export's tests read PDFs with),
//   3. the tslab kernel registered with Jupyter (`tslab install`), idempotently,
//   4. optionally, Slurm and munge for the Slurm integration test (which skips without them).
// As root it installs what is missing (apt-get, tslab install); otherwise it prints the exact commands.
// Usage: node scripts/setup-environment.mjs [--check] [--quiet]
//   --check  only report (exit 1 when something required is missing), change nothing.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, realpathSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Debian packages the notebook pipeline and the figure export use (fonts-cmu: Computer Modern as TrueType). */
export const DEBIAN_PACKAGES = [
  "jupyter-notebook",
  "jupyter-nbconvert",
  "python3-nbclient",
  "python3-ipykernel",
  "chromium",
  "fonts-cmu",
  "poppler-utils",
];

/**
 * Debian packages of the Slurm integration test (test/experiments/slurm/): slurmctld, slurmd and the client commands
 * (slurm-wlm, Slurm 22.05 on Debian 12) and munge, its authentication. Optional: without them that test is skipped.
 */
export const SLURM_PACKAGES = ["slurm-wlm", "munge"];

/** The Python that runs Jupyter: SPARSE_RNN_PYTHON, else Debian's /usr/bin/python3 (not a pyenv shim), else python3. */
export function jupyterPython() {
  if (process.env.SPARSE_RNN_PYTHON) return process.env.SPARSE_RNN_PYTHON;
  return existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
}

/** Environment for Python child processes: silence debugpy's frozen-module warning that pollutes output. */
export function pythonEnv(extra = {}) {
  return { ...process.env, PYDEVD_DISABLE_FILE_VALIDATION: "1", PYTHONWARNINGS: "ignore", ...extra };
}

/** The absolute path of this project's tslab launcher (what the kernel spec should start). */
export function tslabBinary() {
  return join(root, "node_modules", ".bin", "tslab");
}

const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;
const have = (cmd) => spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;

/** Debian packages from `names` that dpkg does not report as installed (null when this is not a Debian system). */
function missingDebianPackages(names) {
  if (!have("dpkg-query")) return null;
  return names.filter((name) => {
    const r = spawnSync("dpkg-query", ["-W", "-f=${Status}", name], { encoding: "utf8" });
    return r.status !== 0 || !r.stdout.includes("install ok installed");
  });
}

/** Python modules Jupyter execution needs that `python` cannot import. */
function missingPythonModules(python) {
  const modules = ["nbclient", "nbformat", "nbconvert", "jupyter_client"];
  const r = spawnSync(
    python,
    [
      "-c",
      `import importlib.util,sys; print(" ".join(m for m in sys.argv[1:] if importlib.util.find_spec(m) is None))`,
      ...modules,
    ],
    { encoding: "utf8", env: pythonEnv() },
  );
  if (r.error || r.status !== 0) return modules;
  return r.stdout.trim().split(/\s+/).filter(Boolean);
}

/** Chromium's path for figure export: SPARSE_RNN_CHROMIUM, /usr/bin/chromium, or chromium/google-chrome on PATH. */
export function chromiumPath() {
  if (process.env.SPARSE_RNN_CHROMIUM)
    return existsSync(process.env.SPARSE_RNN_CHROMIUM) ? process.env.SPARSE_RNN_CHROMIUM : null;
  for (const candidate of ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"])
    if (existsSync(candidate)) return candidate;
  return null;
}

/** Registered kernel specs, as `jupyter kernelspec list --json` reports them ({} when Jupyter is missing). */
export function kernelSpecs(python = jupyterPython()) {
  const r = spawnSync(python, ["-m", "jupyter_client.kernelspecapp", "list", "--json"], {
    encoding: "utf8",
    env: pythonEnv(),
  });
  if (r.error || r.status !== 0) return {};
  try {
    return JSON.parse(r.stdout).kernelspecs ?? {};
  } catch {
    return {};
  }
}

/** Why the registered tslab kernel cannot be used, or null when it can. */
function tslabKernelProblem(python) {
  const spec = kernelSpecs(python).tslab;
  if (!spec) return "no kernel named tslab is registered with Jupyter";
  const binary = spec.spec?.argv?.[0];
  if (!binary || !existsSync(binary))
    return `the registered tslab kernel starts ${binary ?? "nothing"}, which does not exist`;
  return null;
}

const tslabInstallArgs = (python) => ["install", `--python=${python}`, `--binary=${tslabBinary()}`];

/**
 * Check the environment and (unless `check`) repair what can be repaired.
 * Returns { ok, problems: string[], chromium: string|null } where ok means the notebooks can run.
 */
export function ensureEnvironment({ check = false, quiet = false } = {}) {
  const log = (line) => {
    if (!quiet) process.stdout.write(`setup: ${line}\n`);
  };
  const problems = [];
  const [major, minor] = process.versions.node.split(".").map(Number);
  if (major < 20 || (major === 20 && minor < 19))
    problems.push(`Node ${process.versions.node} is too old: the project needs Node >= 20.19 (require of ES modules)`);
  if (!existsSync(tslabBinary())) problems.push(`${tslabBinary()} is missing: run \`npm ci\` in ${root}`);

  const python = jupyterPython();
  let missing = missingDebianPackages(DEBIAN_PACKAGES);
  let updated = false;
  if (missing && missing.length > 0) {
    const command = `apt-get update && apt-get install -y ${missing.join(" ")}`;
    if (!check && isRoot()) {
      log(`installing Debian packages: ${missing.join(", ")}`);
      const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
      execFileSync("apt-get", ["update"], { stdio: quiet ? "ignore" : "inherit", env });
      updated = true;
      execFileSync("apt-get", ["install", "-y", "--no-install-recommends", ...missing], {
        stdio: quiet ? "ignore" : "inherit",
        env,
      });
      missing = missingDebianPackages(DEBIAN_PACKAGES);
    }
    if (missing.length > 0) log(`missing Debian packages ${missing.join(", ")}; run as root: ${command}`);
  }
  const missingSlurm = missingDebianPackages(SLURM_PACKAGES);
  if (missingSlurm && missingSlurm.length > 0) {
    const skipped = "the Slurm integration test is skipped";
    if (!check && isRoot()) {
      log(`installing Debian packages for the Slurm integration test: ${missingSlurm.join(", ")}`);
      const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
      const options = { stdio: quiet ? "ignore" : "inherit", env };
      try {
        if (!updated) execFileSync("apt-get", ["update"], options);
        execFileSync("apt-get", ["install", "-y", "--no-install-recommends", ...missingSlurm], options);
      } catch (error) {
        log(`could not install ${missingSlurm.join(", ")} (${error.message.split("\n")[0]}); ${skipped}`);
      }
    } else
      log(
        `optional Debian packages ${missingSlurm.join(", ")} absent: ` +
          `${skipped} (as root: apt-get install -y ${missingSlurm.join(" ")})`,
      );
  }
  const missingModules = missingPythonModules(python);
  if (missingModules.length > 0) {
    problems.push(
      `${python} cannot import ${missingModules.join(", ")}: install Jupyter (Debian: ` +
        "apt-get install -y jupyter-notebook jupyter-nbconvert python3-nbclient python3-ipykernel; " +
        `elsewhere: ${python} -m pip install nbclient nbconvert jupyter_client)`,
    );
  } else if (existsSync(tslabBinary())) {
    let problem = tslabKernelProblem(python);
    if (problem && !check) {
      log(`${problem}; registering it: ${tslabBinary()} ${tslabInstallArgs(python).join(" ")}`);
      const r = spawnSync(tslabBinary(), tslabInstallArgs(python), { encoding: "utf8", env: pythonEnv() });
      if (r.status !== 0) log(`tslab install failed:\n${r.stdout}${r.stderr}`);
      problem = tslabKernelProblem(python);
    }
    if (problem) problems.push(`${problem}; run: ${tslabBinary()} ${tslabInstallArgs(python).join(" ")}`);
  }
  const chromium = chromiumPath();
  if (!chromium)
    log(
      "Chromium not found: figures are still written as HTML, " +
        "SVG/PNG export is skipped (Debian: apt-get install -y chromium)",
    );
  for (const problem of problems) log(`PROBLEM: ${problem}`);
  if (problems.length === 0) log(`ready (python ${python}, tslab kernel, chromium ${chromium ?? "absent"})`);
  return { ok: problems.length === 0, problems, chromium };
}

const invokedDirectly =
  process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
if (invokedDirectly) {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => !["--check", "--quiet"].includes(a));
  if (unknown.length > 0) {
    process.stderr.write(`setup-environment: unknown option ${unknown.join(" ")} (expected --check, --quiet)\n`);
    process.exit(2);
  }
  const { ok } = ensureEnvironment({ check: args.includes("--check"), quiet: args.includes("--quiet") });
  process.exit(ok ? 0 : 1);
}
