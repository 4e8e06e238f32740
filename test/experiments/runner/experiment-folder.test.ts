/** Experiment folders: rows edited by hand, folders that would nest, temp files of killed writers, merge targets. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import {
  collectResults,
  ExperimentFolder,
  makeManifest,
  mergeExperimentFolders,
  runExperiment,
} from "../../../src/experiments/runner";
import type { RunExperimentOptions } from "../../../src/experiments/runner";
import { TOY_HANDLER, toyJobs, type ToyJob } from "./toy-handler";

const scratch = mkdtempSync(join(tmpdir(), "experiment-folder-test-"));
/** A path for a new experiment folder (its parent exists and is no experiment folder). */
const newFolder = (): string => join(mkdtempSync(join(scratch, "run-")), "experiment");
const JOBS = toyJobs(4, { sleepMs: 0 });

function options(outDir: string, manifest: object = { experiment: "toy", count: 4 }): RunExperimentOptions<ToyJob> {
  const quiet = { quiet: true, handleSigint: false, isolation: "inline" } as const;
  return { outDir, manifest: manifest as never, jobs: JOBS, handler: TOY_HANDLER, seed: 42, ...quiet };
}

/** The result file of the first job, parsed, and a way to write it back. */
function firstResult(dir: string): { path: string; stored: { rows: { value: number }[]; rowsDigest?: string } } {
  const name = readdirSync(join(dir, "results")).filter((n) => n.startsWith("toy_000"))[0]!;
  const path = join(dir, "results", name);
  return { path, stored: JSON.parse(readFileSync(path, "utf8")) };
}

test("a result file whose rows were edited by hand is refused, naming the file and the job", async () => {
  const dir = newFolder();
  await runExperiment(options(dir));
  const { path, stored } = firstResult(dir);
  assert.match(stored.rowsDigest ?? "", /^[0-9a-f]{64}$/);
  stored.rows[0]!.value = 0.99;
  writeFileSync(path, JSON.stringify(stored) + "\n");
  assert.throws(
    () => collectResults(dir),
    (error: Error) => {
      assert.ok(error.message.startsWith(path), error.message);
      assert.match(
        error.message,
        /the rows of job "toy\/000" do not match their digest \(edited by hand\?\); delete the file/,
      );
      return true;
    },
  );
});

test("result files written before the rows digest existed still read and merge as before", async () => {
  const dir = newFolder();
  await runExperiment(options(dir));
  const before = readFileSync(join(dir, "results.csv"), "utf8");
  for (const name of readdirSync(join(dir, "results"))) {
    const path = join(dir, "results", name);
    const { rowsDigest: _digest, ...legacy } = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
    writeFileSync(path, JSON.stringify(legacy) + "\n");
  }
  const merged = join(scratch, "legacy.csv");
  mergeExperimentFolders([dir], merged);
  assert.equal(readFileSync(merged, "utf8"), before);
  assert.equal((await runExperiment(options(dir))).skipped, 4);
});

test("an experiment folder inside another or around others is refused (structure --out a pruning folder)", async () => {
  // A pruning study keeps its two experiment folders in base/ and prune/ of its --out.
  const study = newFolder();
  await runExperiment(options(join(study, "base")));
  await assert.rejects(runExperiment(options(study, { experiment: "other" })), (error: Error) => {
    assert.match(
      error.message,
      /refusing to make .* an experiment folder: it holds other experiments \(.*base\); give this/,
    );
    return true;
  });
  assert.ok(!existsSync(join(study, "manifest.json")), "nothing was written");
  // The reverse: a study's parts inside a (structure) experiment folder.
  const sweep = newFolder();
  await runExperiment(options(sweep));
  await assert.rejects(
    runExperiment(options(join(sweep, "base"), { experiment: "other" })),
    /refusing to make .*base an experiment folder: .* is itself one/,
  );
  // A folder whose manifest is not an experiment's (the shipped results') may hold experiment folders.
  const shipped = newFolder();
  mkdirSync(shipped);
  writeFileSync(join(shipped, "manifest.json"), JSON.stringify({ format: "sparse-rnn-shipped-results/1" }));
  await runExperiment(options(join(shipped, "structure")));
});

test("resuming removes the temp files killed writers left anywhere in the folder, and only those", async () => {
  const dir = newFolder();
  await runExperiment(options(dir));
  const dead = spawnSync(process.execPath, ["-e", ""]).pid!;
  const stale = (name: string, pid: number): string => `.${name}.tmp-${hostname()}-${pid}-abcdefgh`;
  const places = ["", "results", "failures", "sessions", "models"];
  mkdirSync(join(dir, "sessions"), { recursive: true });
  mkdirSync(join(dir, "models"), { recursive: true });
  for (const place of places) writeFileSync(join(dir, place, stale("x.json", dead)), "half");
  const live = join(dir, "models", stale("y.safetensors", process.pid));
  const otherHost = join(dir, "models", `.z.safetensors.tmp-another-host-${dead}-abcdefgh`);
  writeFileSync(live, "being written");
  writeFileSync(otherHost, "being written elsewhere");
  await runExperiment(options(dir));
  for (const place of places) {
    assert.ok(
      !existsSync(join(dir, place, stale("x.json", dead))),
      `${place || "the folder"} still holds a stale temp file`,
    );
  }
  assert.ok(existsSync(live), "a live writer's temp file was removed");
  assert.ok(existsSync(otherHost), "another host's temp file was removed");
});

test("merge -o a folder (or into a missing folder) is a clear error, not EISDIR", async () => {
  const dir = newFolder();
  await runExperiment(options(dir));
  assert.throws(
    () => mergeExperimentFolders([dir], scratch),
    (error: Error) => {
      const example = join(scratch, "results.csv");
      assert.equal(
        error.message,
        `cannot write the merged CSV to ${scratch}: it is a folder (give a file path, e.g. ${example})`,
      );
      return true;
    },
  );
  assert.throws(
    () => mergeExperimentFolders([dir], join(scratch, "no", "such", "x.csv")),
    /cannot write the merged CSV to .*x\.csv: the folder .*such does not exist/,
  );
});

test("a job list over 1 MiB is stored gzipped and reads back the same; a small one stays plain JSON", () => {
  const dir = mkdtempSync(join(tmpdir(), "runner-jobs-"));
  const padding = "x".repeat(1000);
  const big = Array.from({ length: 1200 }, (_, i) => ({ id: `job/${i}`, padding }));
  const manifest = makeManifest({ study: "big" }, 0, big);
  ExperimentFolder.create(join(dir, "big"), manifest, big);
  assert.ok(existsSync(join(dir, "big", "jobs.json.gz")) && !existsSync(join(dir, "big", "jobs.json")));
  assert.ok(readFileSync(join(dir, "big", "jobs.json.gz")).length < 100_000, "the repeated text compresses");
  assert.deepEqual(ExperimentFolder.open(join(dir, "big")).jobs, big);
  const small = big.slice(0, 3);
  ExperimentFolder.create(join(dir, "small"), makeManifest({ study: "small" }, 0, small), small);
  assert.ok(existsSync(join(dir, "small", "jobs.json")) && !existsSync(join(dir, "small", "jobs.json.gz")));
  assert.deepEqual(ExperimentFolder.open(join(dir, "small")).jobs, small);
  mkdirSync(join(dir, "empty"));
  writeFileSync(join(dir, "empty", "manifest.json"), readFileSync(join(dir, "big", "manifest.json")));
  assert.throws(
    () => ExperimentFolder.open(join(dir, "empty")),
    /the job list \(jobs.json or jobs.json.gz\) is missing/,
  );
});
