import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { projectRoot } from "../support/reference";

const runner = join(projectRoot, "scripts", "run-notebooks.mjs");
const ready =
  spawnSync(process.execPath, [join(projectRoot, "scripts", "setup-environment.mjs"), "--check", "--quiet"]).status ===
  0;
const skip = ready ? false : "Jupyter or the tslab kernel is not set up (run node scripts/setup-environment.mjs)";

/** A minimal tslab notebook with the given code cells. */
function notebook(...sources: string[]): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" } },
    cells: [
      { cell_type: "markdown", id: "m0", metadata: {}, source: "# test" },
      ...sources.map((source, i) => ({
        cell_type: "code",
        id: `c${i}`,
        metadata: {},
        execution_count: null,
        outputs: [],
        source,
      })),
    ],
  });
}

const dir = mkdtempSync(join(tmpdir(), "run-notebooks-"));
test.after(() => rmSync(dir, { recursive: true, force: true }));

/** Run the runner on `dir` and return its exit status and output. */
function run(...args: string[]) {
  const r = spawnSync(
    process.execPath,
    [runner, `--dir=${dir}`, `--out=${join(dir, "executed")}`, "--no-setup", "--no-build", ...args],
    {
      encoding: "utf8",
      env: { ...process.env, SPARSE_RNN_QUICK: "1" },
    },
  );
  return { status: r.status, output: r.stdout + r.stderr };
}

test("the runner executes notebooks through Jupyter and names the notebook and cell that fail", { skip }, () => {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "a-good.ipynb"),
    notebook("const n: number = 6 * 7;\nconsole.log(`answer ${n} quick=${process.env.SPARSE_RNN_QUICK}`);"),
  );
  writeFileSync(
    join(dir, "b-throws.ipynb"),
    notebook("console.log('first');", 'throw new Error("boom in cell two");', "console.log('never');"),
  );
  writeFileSync(join(dir, "c-type-error.ipynb"), notebook('const s: number = "text";'));
  const { status, output } = run();
  assert.equal(status, 1, output);
  assert.match(output, /ok {3}a-good\.ipynb \(\d+\.\d s\)/);
  assert.match(output, /FAIL b-throws\.ipynb .*cell 3 \(code cell 2\) failed: .*boom in cell two/);
  assert.match(output, /\| throw new Error\("boom in cell two"\);/);
  assert.match(output, /FAIL c-type-error\.ipynb .*cell 2 \(code cell 1\) failed: .*not assignable to type 'number'/);
  assert.match(output, /2 of 3 failed \(b-throws\.ipynb, c-type-error\.ipynb\)/);
  const executed = JSON.parse(readFileSync(join(dir, "executed", "a-good.ipynb"), "utf8"));
  assert.match(JSON.stringify(executed.cells[1].outputs), /answer 42 quick=1/, "quick mode reaches the kernel");
  assert.ok(
    existsSync(join(dir, "executed", "b-throws.ipynb")),
    "the failed notebook's executed copy is kept for reading",
  );
});

test("side by side (--jobs=2) the runner gives each notebook the same verdict, and rejects --jobs=0", { skip }, () => {
  const { status, output } = run("--jobs=2", "b-throws", "c-type-error");
  assert.equal(status, 1, output);
  assert.match(output, /running 2 notebook\(s\) in quick mode \(per-cell limit 600 s, 2 side by side\)/);
  assert.match(output, /FAIL b-throws\.ipynb .*cell 3 \(code cell 2\) failed: .*boom in cell two/);
  assert.match(output, /FAIL c-type-error\.ipynb .*not assignable to type 'number'/);
  assert.match(output, /2 of 2 failed \(b-throws\.ipynb, c-type-error\.ipynb\)/);
  const zero = run("--jobs=0");
  assert.equal(zero.status, 1);
  assert.match(zero.output, /bad --jobs=0: expected a positive whole number of notebooks/);
});

test("the runner runs a subset by name and rejects a filter that matches nothing", { skip }, () => {
  const subset = run("a-good");
  assert.equal(subset.status, 0, subset.output);
  assert.match(subset.output, /running 1 notebook\(s\) in quick mode/);
  const none = run("zz-missing");
  assert.equal(none.status, 1);
  assert.match(none.output, /no notebook in .* matches zz-missing/);
});
