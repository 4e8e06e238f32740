import { test, before } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import {
  addRunnerOptions,
  collectResults,
  experimentStatus,
  formatCsv,
  jobSeed,
  mergeExperimentFolders,
  parseShard,
  runExperiment,
  RunFailedError,
  registerResultCommands,
  runnerOptionsFrom,
  type RunExperimentOptions,
} from "../../../src/experiments/runner";
import { TOY_HANDLER, toyJobs, type ToyJob } from "./toy-handler";

const scratch = mkdtempSync(join(tmpdir(), "runner-test-"));
let folderCount = 0;
const newFolder = (): string => join(scratch, `run-${folderCount++}`);
const csvOf = (dir: string): string => readFileSync(join(dir, "results.csv"), "utf8");

const MANIFEST = { experiment: "toy", count: 24 };
const JOBS = toyJobs(24, { sleepMs: 10 });

function options(outDir: string, extra: Partial<RunExperimentOptions<ToyJob>> = {}): RunExperimentOptions<ToyJob> {
  return {
    outDir,
    manifest: MANIFEST,
    jobs: JOBS,
    handler: TOY_HANDLER,
    seed: 42,
    quiet: true,
    handleSigint: false,
    ...extra,
  };
}

/** The reference: the same experiment run sequentially in this process. */
let sequentialCsv = "";
before(async () => {
  const dir = newFolder();
  const summary = await runExperiment(options(dir, { isolation: "inline" }));
  assert.equal(summary.completed, 24);
  sequentialCsv = csvOf(dir);
});

test("the sequential reference CSV has every job's rows in job order, quoting and NaN intact", () => {
  const lines = sequentialCsv.trimEnd().split("\n");
  assert.equal(lines[0], "job,k,value,draw,odd,note");
  // sizes cycle 1..4, and jobs of size > 2 add a NaN row: 24 jobs → 6 × (1+2+4+5) = 72 rows.
  assert.equal(lines.length - 1, 72);
  assert.match(lines[1]!, /^toy\/000,0,0\.\d+,\d,false,"a ""quoted"", text"$/);
  assert.ok(lines.includes("toy/003,-1,NaN,,false,nan"));
  const jobOrder = lines.slice(1).map((line) => line.split(",")[0]);
  assert.deepEqual(jobOrder, [...jobOrder].sort());
});

test("two worker processes give exactly the sequential run's CSV", async () => {
  const dir = newFolder();
  const seen: string[] = [];
  const summary = await runExperiment(options(dir, { workers: 2, onResult: (job) => seen.push(job.id) }));
  assert.deepEqual(
    { ...summary, csvPath: null },
    {
      total: 24,
      completed: 24,
      skipped: 0,
      failed: [],
      remaining: 0,
      claimedElsewhere: 0,
      interrupted: false,
      csvPath: null,
    },
  );
  assert.equal(summary.csvPath, join(dir, "results.csv"));
  assert.equal(csvOf(dir), sequentialCsv);
  assert.deepEqual(
    seen.sort(),
    JOBS.map((j) => j.id),
  );
  // A second run resumes into a finished experiment: nothing to do, same CSV.
  const again = await runExperiment(options(dir, { workers: 2 }));
  assert.equal(again.completed, 0);
  assert.equal(again.skipped, 24);
  assert.equal(csvOf(dir), sequentialCsv);
});

test("a job's seed depends on the run seed and its id only", () => {
  assert.equal(jobSeed(42, "toy/001"), jobSeed(42, "toy/001"));
  assert.notEqual(jobSeed(42, "toy/001"), jobSeed(42, "toy/002"));
  assert.notEqual(jobSeed(42, "toy/001"), jobSeed(43, "toy/001"));
});

/** The uninterrupted CSV of the 16-job toy experiment (rows do not depend on the sleep, so run it without). */
async function referenceCsv(count: number): Promise<string> {
  const dir = newFolder();
  await runExperiment({
    ...options(dir),
    manifest: { experiment: "toy", count },
    jobs: toyJobs(count, { sleepMs: 0 }),
    isolation: "inline",
  });
  return csvOf(dir);
}

/** Spawn the toy experiment as a runner process. */
function spawnRunner(dir: string, count: number, sleepMs: number, pidDir?: string) {
  const child = spawn(
    process.execPath,
    [join(__dirname, "toy-experiment.js"), dir, String(count), String(sleepMs), ...(pidDir ? [pidDir] : [])],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal, stderr })),
  );
  return { child, exited };
}

/** Resolve once `dir/results` holds at least `count` result files. */
async function waitForResults(dir: string, count: number): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const folder = join(dir, "results");
    if (existsSync(folder) && readdirSync(folder).filter((n) => n.endsWith(".json")).length >= count) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`no ${count} results in ${dir} after 10 s`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test(
  "SIGKILL mid-run, then resume: " + "the same CSV as an uninterrupted run, no duplicates, no orphan workers",
  async () => {
    const count = 16;
    const sleepMs = 120;
    const dir = newFolder();
    const pidDir = mkdtempSync(join(scratch, "pids-"));
    const { child, exited } = spawnRunner(dir, count, sleepMs, pidDir);
    await waitForResults(dir, 4);
    child.kill("SIGKILL");
    assert.equal((await exited).signal, "SIGKILL");

    const before = experimentStatus(dir);
    assert.ok(
      before.finished >= 4 && before.finished < count,
      `finished ${before.finished} of ${count} before the kill`,
    );
    // Workers notice the lost runner and exit by themselves.
    const pids = readdirSync(pidDir).map(Number);
    assert.ok(pids.length >= 1);
    for (let i = 0; i < 250 && pids.some(alive); i++) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(pids.filter(alive), [], "worker processes outlived the killed runner");

    const jobs = toyJobs(count, { sleepMs, pidDir });
    const summary = await runExperiment({ ...options(dir), manifest: { experiment: "toy", count }, jobs, workers: 2 });
    assert.equal(summary.skipped, before.finished);
    assert.equal(summary.completed, count - before.finished);
    assert.equal(csvOf(dir), await referenceCsv(count));
    const rows = collectResults(dir).rows;
    assert.equal(new Set(rows.map((r) => `${r.job}#${r.k}`)).size, rows.length, "duplicate rows");
  },
);

test("SIGINT stops dispatching, lets running jobs finish, keeps results and says how to resume", async () => {
  const count = 16;
  const sleepMs = 120;
  const dir = newFolder();
  const { child, exited } = spawnRunner(dir, count, sleepMs);
  await waitForResults(dir, 2);
  child.kill("SIGINT");
  const { code, stderr } = await exited;
  assert.equal(code, 130, stderr);
  assert.match(stderr, /interrupted: finishing running jobs/);
  assert.match(stderr, /run the same command again to resume/);
  assert.match(stderr, /\[experiment\] \d+\/16 jobs done/);
  const status = experimentStatus(dir);
  assert.ok(status.finished >= 2 && status.finished < count);
  assert.deepEqual(status.failures, [], "interrupted jobs are not failures");

  const summary = await runExperiment({
    ...options(dir),
    manifest: { experiment: "toy", count },
    jobs: toyJobs(count, { sleepMs }),
    workers: 2,
  });
  assert.equal(summary.skipped + summary.completed, count);
  assert.equal(csvOf(dir), await referenceCsv(count));
});

test("shards 0/2 and 1/2 merge into the single-machine CSV; a missing shard is named", async () => {
  const a = newFolder();
  const b = newFolder();
  const s0 = await runExperiment(options(a, { workers: 1, shard: parseShard("0/2") }));
  assert.equal(s0.total, 12);
  assert.equal(s0.csvPath, null, "a shard alone does not make results.csv");
  assert.throws(
    () => mergeExperimentFolders([a], join(scratch, "partial.csv")),
    (error: Error) => {
      assert.match(error.message, /12 of 24 jobs have no result/);
      assert.match(error.message, /"toy\/001", "toy\/003"/);
      return true;
    },
  );
  await runExperiment(options(b, { workers: 1, shard: parseShard("1/2") }));
  const merged = join(scratch, "merged.csv");
  mergeExperimentFolders([a, b], merged);
  assert.equal(readFileSync(merged, "utf8"), sequentialCsv);

  // Both shards into one shared folder: the last one to finish writes results.csv.
  const shared = newFolder();
  await runExperiment(options(shared, { workers: 1, shard: parseShard("1/2") }));
  const last = await runExperiment(options(shared, { workers: 1, shard: parseShard("0/2") }));
  assert.equal(last.csvPath, join(shared, "results.csv"));
  assert.equal(csvOf(shared), sequentialCsv);
});

test("resuming into a folder of another experiment is refused, naming the difference", async () => {
  const dir = newFolder();
  await runExperiment(options(dir, { jobs: JOBS.slice(0, 2), isolation: "inline" }));
  await assert.rejects(
    runExperiment(
      options(dir, { jobs: JOBS.slice(0, 2), manifest: { experiment: "toy", count: 25 }, isolation: "inline" }),
    ),
    (error: Error) => {
      assert.match(error.message, /refusing to resume into .*parameters\.count: 24 in the folder, 25 now/);
      return true;
    },
  );
  await assert.rejects(
    runExperiment(options(dir, { jobs: JOBS.slice(0, 3), isolation: "inline" })),
    /refusing to resume.*jobCount: 2 in the folder, 3 now/,
  );
  await assert.rejects(
    runExperiment(options(dir, { jobs: JOBS.slice(0, 2), seed: 7, isolation: "inline" })),
    /seed: 42 in the folder, 7 now/,
  );
});

test("a throwing job and a crashing worker are reported with their ids; other results are kept", async () => {
  const dir = newFolder();
  const jobs: ToyJob[] = JOBS.slice(0, 8).map((job, i) =>
    i === 2 ? { ...job, fail: true } : i === 5 ? { ...job, crash: true } : job,
  );
  await assert.rejects(runExperiment(options(dir, { jobs, workers: 2 })), (error: Error) => {
    assert.ok(error instanceof RunFailedError);
    assert.match(error.message, /2 of 8 jobs failed \(6 done/);
    assert.match(error.message, /toy\/002: Error: toy failure in toy\/002/);
    assert.match(error.message, /toy\/005: worker process exited \(code 7\) while running job "toy\/005"/);
    assert.match(error.message, /run the same command again to retry/);
    return true;
  });
  const status = experimentStatus(dir);
  assert.equal(status.finished, 6);
  assert.deepEqual(status.missing, ["toy/002", "toy/005"]);
  assert.deepEqual(
    status.failures.map((f) => f.id),
    ["toy/002", "toy/005"],
  );
  assert.equal(existsSync(join(dir, "results.csv")), false);
});

test("failed jobs are retried on resume (and by --retries within a run), giving the uninterrupted CSV", async () => {
  const marker = (name: string): string => join(scratch, `${name}-${folderCount}`);
  const dir = newFolder();
  const jobs: ToyJob[] = JOBS.map((job, i) => (i === 3 ? { ...job, failUnless: marker("once") } : job));
  const first = await runExperiment(options(dir, { jobs, workers: 2, failures: "report" }));
  assert.deepEqual(
    first.failed.map((f) => f.id),
    ["toy/003"],
  );
  assert.equal(first.completed, 23);
  const second = await runExperiment(options(dir, { jobs, workers: 2 }));
  assert.deepEqual([second.completed, second.skipped, second.failed.length], [1, 23, 0]);
  assert.deepEqual(experimentStatus(dir).failures, [], "the failure record is cleared");
  assert.equal(csvOf(dir), sequentialCsv);

  const retried = newFolder();
  const retryJobs: ToyJob[] = JOBS.map((job, i) => (i === 7 ? { ...job, failUnless: marker("retry") } : job));
  const summary = await runExperiment(options(retried, { jobs: retryJobs, workers: 2, retries: 1 }));
  assert.equal(summary.completed, 24);
  assert.equal(csvOf(retried), sequentialCsv);
});

test("invalid rows fail their job with a message naming job, row and column", async () => {
  const jobs: ToyJob[] = [{ ...JOBS[0]!, badRow: true }];
  const summary = await runExperiment(options(newFolder(), { jobs, workers: 1, failures: "report" }));
  assert.match(
    summary.failed[0]!.error,
    /job "toy\/000": row 0 column "values" is an array, expected a string, number, boolean or null/,
  );
});

test("recycleAfter replaces worker processes without changing results", async () => {
  const pidDir = mkdtempSync(join(scratch, "recycle-"));
  const jobs = toyJobs(24, { sleepMs: 10, pidDir });
  const dir = newFolder();
  await runExperiment(options(dir, { jobs, workers: 1, recycleAfter: 8 }));
  assert.equal(readdirSync(pidDir).length, 3, "24 jobs, a new process every 8");
  assert.equal(csvOf(dir), sequentialCsv);
});

test("fail-fast stops dispatching at the first failure", async () => {
  const dir = newFolder();
  const jobs: ToyJob[] = JOBS.map((job, i) => (i === 0 ? { ...job, fail: true } : job));
  const summary = await runExperiment(options(dir, { jobs, isolation: "inline", failFast: true, failures: "report" }));
  assert.deepEqual(
    summary.failed.map((f) => f.id),
    ["toy/000"],
  );
  assert.equal(summary.completed, 0);
  assert.equal(summary.remaining, 24);
});

test("an external abort signal in abort mode stops running jobs without recording failures", async () => {
  const dir = newFolder();
  const controller = new AbortController();
  const jobs = toyJobs(6, { sleepMs: 400 });
  let results = 0;
  const summary = await runExperiment(
    options(dir, {
      jobs,
      workers: 2,
      signal: controller.signal,
      onInterrupt: "abort",
      onResult: () => {
        if (++results === 2) controller.abort();
      },
    }),
  );
  assert.equal(summary.interrupted, true);
  assert.ok(summary.completed >= 2 && summary.completed < 6, `completed ${summary.completed}`);
  assert.deepEqual(summary.failed, []);
  assert.deepEqual(experimentStatus(dir).failures, []);
});

test("bad input gets clear errors", async () => {
  assert.throws(() => parseShard("2/2"), /shard index i must be in 0\.\.1/);
  assert.throws(() => parseShard("1-2"), /expected "i\/n"/);
  assert.deepEqual(parseShard(" 3/8 "), { index: 3, count: 8 });
  const dir = newFolder();
  await assert.rejects(
    runExperiment(options(dir, { jobs: [JOBS[0]!, JOBS[0]!] })),
    /duplicate job ids: "toy\/000" \(jobs 0 and 1\)/,
  );
  await assert.rejects(
    runExperiment(options(newFolder(), { handler: { module: TOY_HANDLER.module, export: "nope" }, workers: 1 })),
    /has no exported function "nope" \(functions: toyJob, toyJobs\)/,
  );
  await assert.rejects(
    runExperiment(options(newFolder(), { handler: { module: join(scratch, "missing.js"), export: "x" }, workers: 1 })),
    /cannot load job handler module/,
  );
  assert.throws(() => formatCsv([{ a: 1 }, { b: 2 }], ["a"]), /row 2 has column "b"/);
  writeFileSync(join(scratch, "not-an-experiment"), "");
  assert.throws(() => collectResults(scratch), /is not an experiment folder/);
});

/** Run a command group built from the runner's CLI pieces, capturing stdout. */
async function runCli(args: string[]): Promise<string> {
  const program = new Command("t").exitOverride();
  registerResultCommands(program);
  addRunnerOptions(program.command("run")).action(() => undefined);
  const write = process.stdout.write.bind(process.stdout);
  let out = "";
  process.stdout.write = ((chunk: string) => ((out += chunk), true)) as typeof process.stdout.write;
  try {
    await program.parseAsync(args, { from: "user" });
  } finally {
    process.stdout.write = write;
  }
  return out;
}

test("CLI pieces: runner options are validated; merge and status work on shard folders", async () => {
  const parsed = new Command("t").exitOverride();
  addRunnerOptions(parsed).parse(["-j", "3", "--shard", "1/4", "--fail-fast", "--on-interrupt", "abort"], {
    from: "user",
  });
  assert.deepEqual(runnerOptionsFrom(parsed.opts()), {
    workers: 3,
    shard: { index: 1, count: 4 },
    retries: 0,
    failFast: true,
    onlyFailed: false,
    onInterrupt: "abort",
    progress: "auto",
    quiet: false,
  });
  assert.throws(() => runnerOptionsFrom({ workers: "0" }), /--workers must be an integer >= 1, got "0"/);
  assert.throws(() => runnerOptionsFrom({ shard: "4/4" }), /shard index i must be in 0\.\.3/);

  const a = newFolder();
  const b = newFolder();
  await runExperiment(options(a, { workers: 1, shard: parseShard("0/2") }));
  const status = JSON.parse(await runCli(["status", a, "--json"])) as { finished: number; missing: string[] };
  assert.equal(status.finished, 12);
  assert.equal(status.missing[0], "toy/001");
  await runExperiment(options(b, { workers: 1, shard: parseShard("1/2") }));
  assert.match(await runCli(["status", a, b]), /^24\/24 jobs finished, 0 missing, 0 failed/);
  const out = join(scratch, "cli-merged.csv");
  assert.match(await runCli(["merge", a, b, "-o", out]), /wrote 72 rows of 24 jobs/);
  assert.equal(readFileSync(out, "utf8"), sequentialCsv);
});

test("a cost function starts the costliest jobs first; the CSV keeps the job order", async () => {
  const dir = newFolder();
  const started: string[] = [];
  // Cost = the job's number modulo 5, so the dispatch order differs from the list order.
  const cost = (job: ToyJob) => Number(job.id.split("/")[1]) % 5;
  await runExperiment(options(dir, { isolation: "inline", cost, onResult: (job) => started.push(job.id) }));
  const expected = [...JOBS]
    .sort((a, b) => cost(b) - cost(a) || JOBS.indexOf(a) - JOBS.indexOf(b))
    .map((job) => job.id);
  assert.deepEqual(started, expected);
  assert.equal(csvOf(dir), sequentialCsv);
});
