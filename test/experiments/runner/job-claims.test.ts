import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import {
  experimentStatus,
  incompleteShards,
  JobClaims,
  parseShard,
  readClaims,
  readSessions,
  registerResultCommands,
  runExperiment,
  slurmTaskIds,
  type JobClaim,
  type RunExperimentOptions,
  type RunSummary,
} from "../../../src/experiments/runner";
import { jobFileKey } from "../../../src/experiments/runner/experiment-folder";
import { TOY_HANDLER, toyJobs, type ToyJob } from "./toy-handler";

const scratch = mkdtempSync(join(tmpdir(), "claims-test-"));
let folderCount = 0;
const newFolder = (): string => join(scratch, `run-${folderCount++}`);
const csvOf = (dir: string): string => readFileSync(join(dir, "results.csv"), "utf8");

function options(
  outDir: string,
  count: number,
  sleepMs: number,
  extra: Partial<RunExperimentOptions<ToyJob>> = {},
): RunExperimentOptions<ToyJob> {
  return {
    outDir,
    manifest: { experiment: "toy", count },
    jobs: toyJobs(count, { sleepMs }),
    handler: TOY_HANDLER,
    seed: 42,
    quiet: true,
    handleSigint: false,
    ...extra,
  };
}

/** The toy experiment's CSV from an uninterrupted in-process run. */
async function referenceCsv(count: number, sleepMs: number): Promise<string> {
  const dir = newFolder();
  await runExperiment(options(dir, count, sleepMs, { isolation: "inline" }));
  return csvOf(dir);
}

/** The toy experiment (test/experiments/runner/toy-experiment.ts) as its own runner process. */
function spawnRunner(dir: string, count: number, sleepMs: number) {
  const child = spawn(process.execPath, [join(__dirname, "toy-experiment.js"), dir, String(count), String(sleepMs)], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>(
    (resolve) => child.on("exit", (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, exited };
}

async function waitFor(what: string, condition: () => boolean): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (condition()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const resultCount = (dir: string): number =>
  existsSync(join(dir, "results"))
    ? readdirSync(join(dir, "results")).filter((n) => n.endsWith(".json") && !n.startsWith(".")).length
    : 0;

test("a running job is claimed with host, pid and shard; the claim goes when the job ends", async () => {
  const dir = newFolder();
  const seen: JobClaim[][] = [];
  const poll = setInterval(() => seen.push(readClaims(dir)), 5);
  const summary = await runExperiment(options(dir, 6, 150, { workers: 2, shard: parseShard("0/1") }));
  clearInterval(poll);
  assert.equal(summary.completed, 6);
  const claims = seen.flat();
  assert.ok(claims.length > 0, "no claim seen while jobs ran");
  for (const claim of claims) {
    assert.equal(claim.host, hostname());
    assert.equal(claim.pid, process.pid);
    assert.equal(claim.shard, "0/1");
    assert.equal((claim as { state?: string }).state, "running");
  }
  assert.ok(Math.max(...seen.map((list) => list.length)) <= 2, "at most one claim per worker");
  assert.deepEqual(readClaims(dir), [], "claims are released when jobs end");
});

test("SIGKILL leaves stale claims: status says interrupted, --only-failed reruns those, resume the rest", async () => {
  const count = 16;
  const sleepMs = 150;
  const dir = newFolder();
  const { child, exited } = spawnRunner(dir, count, sleepMs);
  await waitFor("4 results", () => resultCount(dir) >= 4);
  child.kill("SIGKILL");
  await exited;

  const status = experimentStatus(dir);
  assert.equal(status.running.length, 0, "the killed runner's claims are not running");
  assert.ok(
    status.interrupted.length >= 1 && status.interrupted.length <= 2,
    `interrupted: ${status.interrupted.length}`,
  );
  assert.equal(status.shards[0]!.state, "incomplete");
  assert.equal(status.shards[0]!.interrupted, status.interrupted.length);
  assert.equal(status.shards[0]!.notStarted, count - status.finished - status.interrupted.length);
  const interruptedIds = status.interrupted.map((claim) => claim.id).sort();

  const ran: string[] = [];
  const retried = await runExperiment(
    options(dir, count, sleepMs, { workers: 2, onlyFailed: true, onResult: (job) => ran.push(job.id) }),
  );
  assert.deepEqual(ran.sort(), interruptedIds, "--only-failed runs the interrupted jobs only");
  assert.equal(retried.remaining, 0);
  assert.equal(retried.csvPath, null, "jobs never started are not run by --only-failed");
  assert.equal(readSessions(dir).at(-1)!.selection, "only failed");
  assert.equal(experimentStatus(dir).interrupted.length, 0);

  const resumed = await runExperiment(options(dir, count, sleepMs, { workers: 2 }));
  assert.equal(resumed.skipped + resumed.completed, count);
  assert.equal(csvOf(dir), await referenceCsv(count, sleepMs));
});

test("SIGTERM (scancel) stops running jobs at once and marks them interrupted, not failed", async () => {
  const count = 12;
  const sleepMs = 400;
  const dir = newFolder();
  const { child, exited } = spawnRunner(dir, count, sleepMs);
  await waitFor("a result", () => resultCount(dir) >= 1);
  child.kill("SIGTERM");
  const { code, stderr } = await exited;
  assert.equal(code, 130, stderr);
  assert.match(stderr, /SIGTERM: stopping running jobs/);
  assert.doesNotMatch(stderr, /failed/, "interrupted jobs are not shown as failed");
  const status = experimentStatus(dir);
  assert.deepEqual(status.failures, []);
  assert.ok(status.interrupted.length >= 1, "the aborted jobs are interrupted");
  for (const claim of status.interrupted) assert.ok(claim.interruptedAt, "marked by the runner itself");
  assert.equal(readSessions(dir).at(-1)!.interrupted, true);
});

test("two runners of the same shard at once share the work: no job runs twice, one CSV", async () => {
  const count = 12;
  const sleepMs = 300;
  const dir = newFolder();
  // Create the folder first, so both processes start on an existing experiment.
  await runExperiment(options(dir, count, sleepMs, { select: () => false }));
  const a = spawnRunner(dir, count, sleepMs);
  const b = spawnRunner(dir, count, sleepMs);
  const [ra, rb] = await Promise.all([a.exited, b.exited]);
  assert.equal(ra.code, 0, ra.stderr);
  assert.equal(rb.code, 0, rb.stderr);
  const sa = JSON.parse(ra.stdout) as RunSummary;
  const sb = JSON.parse(rb.stdout) as RunSummary;
  assert.equal(sa.completed + sb.completed, count, `each job once: ${sa.completed} + ${sb.completed}`);
  assert.ok(sa.completed > 0 && sb.completed > 0, "both runners worked");
  assert.equal(csvOf(dir), await referenceCsv(count, sleepMs));
  assert.deepEqual(readClaims(dir), []);
});

test("another host's claim is live while its heartbeat is fresh and taken over once it is stale", async () => {
  const count = 4;
  const dir = newFolder();
  await runExperiment(options(dir, count, 0, { select: () => false }));
  const running = join(dir, "running");
  mkdirSync(running, { recursive: true });
  const foreign = (id: string, ageMs: number): void => {
    const at = new Date(Date.now() - ageMs).toISOString();
    const claim: JobClaim = {
      id,
      index: 0,
      host: "node-elsewhere",
      pid: 1,
      shard: "0/1",
      slurm: null,
      startedAt: at,
      heartbeatAt: at,
    };
    writeFileSync(join(running, `${jobFileKey(id)}.json`), JSON.stringify(claim));
  };
  foreign("toy/000", 1_000);
  foreign("toy/001", 60 * 60_000);
  const states = Object.fromEntries(readClaims(dir).map((claim) => [claim.id, claim.state]));
  assert.deepEqual(states, { "toy/000": "running", "toy/001": "interrupted" });

  const summary = await runExperiment(options(dir, count, 0, { workers: 1 }));
  assert.equal(summary.claimedElsewhere, 1, "the live foreign claim is left alone");
  assert.equal(summary.completed, 3, "the stale one is taken over");
  assert.equal(summary.csvPath, null);
  const status = experimentStatus(dir);
  assert.deepEqual(
    status.running.map((claim) => [claim.id, claim.host]),
    [["toy/000", "node-elsewhere"]],
  );
  assert.equal(status.shards[0]!.state, "running");

  // A claim file cannot be taken twice: the exclusive create refuses a live one.
  const claims = new JobClaims(dir, "0/1");
  assert.equal(claims.claim("toy/000", 0), false);
  claims.close();
});

test("status per shard: complete, incomplete with a failure, and never started; the CLI prints it", async () => {
  const count = 12;
  const dir = newFolder();
  const jobs = toyJobs(count, { sleepMs: 0 }).map((job, i) => (i === 5 ? { ...job, fail: true } : job));
  const run = (shard: string) =>
    runExperiment({ ...options(dir, count, 0), jobs, workers: 1, failures: "report", shard: parseShard(shard) });
  await run("0/3");
  await run("2/3");
  const status = experimentStatus(dir);
  assert.equal(status.shardCount, 3, "the shard count of the latest run");
  assert.deepEqual(
    status.shards.map(({ state, done, failed, notStarted }) => ({ state, done, failed, notStarted })),
    [
      { state: "complete", done: 4, failed: 0, notStarted: 0 },
      { state: "incomplete", done: 0, failed: 0, notStarted: 4 },
      { state: "incomplete", done: 3, failed: 1, notStarted: 0 },
    ],
  );
  assert.deepEqual(incompleteShards(status), [1, 2]);
  assert.deepEqual(
    experimentStatus(dir, { shards: 1 }).shards.map((s) => s.done),
    [7],
  );

  const program = new Command("t").exitOverride();
  registerResultCommands(program);
  let out = "";
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string) => ((out += chunk), true)) as typeof process.stdout.write;
  try {
    await program.parseAsync(["status", dir], { from: "user" });
  } finally {
    process.stdout.write = write;
  }
  assert.match(out, /^7\/12 jobs finished, 5 missing, 1 failed, 0 running, 0 interrupted$/m);
  assert.match(out, /shard 1\/3: incomplete +0\/4 done, 0 running, 0 failed, 0 interrupted, 4 not started/);
  assert.match(out, /shard 2\/3: incomplete +3\/4 done, 0 running, 1 failed/);
  assert.match(out, /failed toy\/005 \(attempt 1\): Error: toy failure in toy\/005/);
  assert.match(out, /--only-failed/);
});

test("Slurm ids come from the task's environment", () => {
  assert.equal(slurmTaskIds({}), null);
  assert.deepEqual(slurmTaskIds({ SLURM_JOB_ID: "17", SLURM_ARRAY_JOB_ID: "15", SLURM_ARRAY_TASK_ID: "2" }), {
    jobId: "17",
    arrayJobId: "15",
    arrayTaskId: "2",
  });
});
