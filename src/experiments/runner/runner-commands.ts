/**
 * Command-line pieces every experiment command shares: the runner's options (`--workers`, `--shard`,
 * `--retries`, `--fail-fast`, `--on-interrupt`, `--only-failed`, `--progress`, `--quiet`) and the generic `merge` and
 * `status` commands over experiment folders. Wire them from src/cli/experiment.ts.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { Command, Option } from "commander";
import { experimentStatus, mergeExperimentFolders, type ExperimentStatus } from "./collect";
import type { RunExperimentOptions, RunSummary } from "./run-experiment";
import type { SlurmTaskIds } from "./job-claims";
import type { ProgressMode } from "./run-progress";
import type { SessionRecord } from "./run-session";
import { parseShard } from "./shard";

/** The runner's options as commander parses them. */
export interface RunnerCliOptions {
  workers?: string;
  shard?: string;
  retries?: string;
  failFast?: boolean;
  onlyFailed?: boolean;
  onInterrupt?: "finish" | "abort";
  progress?: ProgressMode;
  quiet?: boolean;
}

function positiveInteger(text: string, what: string, min: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new Error(`${what} must be an integer >= ${min}, got "${text}"`);
  return value;
}

/** Add the runner's options to an experiment command. */
export function addRunnerOptions(command: Command): Command {
  return command
    .option("-j, --workers <n>", "parallel worker processes (default: number of cores)")
    .option(
      "--shard <i/n>",
      "run only shard i of n (0-based; jobs with index mod n = i), e.g. $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT",
    )
    .option("--retries <n>", "extra attempts for a failed job within this run", "0")
    .option("--fail-fast", "stop at the first failed job (default: run all others, then report failures)")
    .option("--only-failed", "run only the jobs whose last attempt failed or was interrupted (not those never started)")
    .addOption(
      new Option("--on-interrupt <mode>", "on Ctrl-C: let running jobs finish, or abort them")
        .choices(["finish", "abort"])
        .default("finish"),
    )
    .addOption(
      new Option("--progress <mode>", "progress display on stderr")
        .choices(["auto", "bars", "lines", "inline", "quiet"])
        .default("auto"),
    )
    .option("-q, --quiet", "no progress output");
}

/** Runner options from parsed CLI options (validated, with clear errors). */
export function runnerOptionsFrom(
  options: RunnerCliOptions,
): Pick<
  RunExperimentOptions,
  "workers" | "shard" | "retries" | "failFast" | "onlyFailed" | "onInterrupt" | "progress" | "quiet"
> {
  return {
    workers: options.workers === undefined ? undefined : positiveInteger(options.workers, "--workers", 1),
    shard: options.shard === undefined ? undefined : parseShard(options.shard),
    retries: positiveInteger(options.retries ?? "0", "--retries", 0),
    failFast: Boolean(options.failFast),
    onlyFailed: Boolean(options.onlyFailed),
    onInterrupt: options.onInterrupt,
    progress: options.progress,
    quiet: Boolean(options.quiet),
  };
}

/** One readable line about a finished run; sets exit code 130 when interrupted. */
export function describeRun(summary: RunSummary): string {
  if (summary.interrupted) process.exitCode = 130;
  const parts = [`${summary.completed} jobs run`, `${summary.skipped} already done`];
  if (summary.failed.length) parts.push(`${summary.failed.length} failed`);
  if (summary.remaining) parts.push(`${summary.remaining} remaining`);
  if (summary.claimedElsewhere) parts.push(`${summary.claimedElsewhere} running in another run`);
  return parts.join(", ") + (summary.csvPath ? `; results: ${summary.csvPath}` : "");
}

/** Add `merge` and `status` to a command group (e.g. `sparse-rnn experiment`). */
export function registerResultCommands(group: Command): void {
  group
    .command("merge")
    .description("merge experiment folders (shards) into one CSV in job order; fails listing missing jobs")
    .argument("<folders...>", "experiment folders of the same experiment")
    .requiredOption("-o, --out <file>", "CSV file to write")
    .option("--json", "machine-readable summary")
    .action((folders: string[], opts: { out: string; json?: boolean }) => {
      const collected = mergeExperimentFolders(folders, opts.out);
      const summary = { out: opts.out, jobs: collected.jobs.length, rows: collected.rows.length, folders };
      process.stdout.write(
        opts.json
          ? JSON.stringify(summary) + "\n"
          : `wrote ${summary.rows} rows of ${summary.jobs} jobs to ${opts.out}\n`,
      );
    });
  group
    .command("status")
    .description("show an experiment's jobs: done, running (where), failed, interrupted and not started, per shard")
    .argument(
      "<folders...>",
      "experiment folders of the same experiment, or one study folder holding several (pruning)",
    )
    .option("--shards <n>", "break down into n shards (default: the shard count of the latest run)")
    .option("--json", "machine-readable status")
    .action((folders: string[], opts: { shards?: string; json?: boolean }) => {
      const shards = opts.shards === undefined ? undefined : positiveInteger(opts.shards, "--shards", 1);
      const parts = studyParts(folders).map(({ name, dirs }) => ({ name, status: experimentStatus(dirs, { shards }) }));
      if (opts.json) {
        const single = parts.length === 1 && parts[0]!.name === null;
        process.stdout.write(
          JSON.stringify(single ? parts[0]!.status : Object.fromEntries(parts.map((p) => [p.name, p.status]))) + "\n",
        );
        return;
      }
      const text = parts
        .map(({ name, status }) => (name === null ? "" : `${name}:\n`) + formatStatus(status))
        .join("\n");
      process.stdout.write(text + "\n");
    });
}

/**
 * The experiments to report: the folders themselves, or, for one study folder that holds experiment folders (the
 * pruning study's base/ and prune/), each of those by name.
 */
function studyParts(folders: string[]): { name: string | null; dirs: string[] }[] {
  if (folders.length !== 1 || existsSync(join(folders[0]!, "manifest.json"))) return [{ name: null, dirs: folders }];
  const dir = folders[0]!;
  const inside =
    existsSync(dir) && statSync(dir).isDirectory()
      ? readdirSync(dir).filter((name) => existsSync(join(dir, name, "manifest.json")))
      : [];
  if (inside.length === 0) return [{ name: null, dirs: folders }]; // ExperimentFolder.open names the problem
  return inside.sort().map((name) => ({ name, dirs: [join(dir, name)] }));
}

/** Where and how a run went: "on vm pid 12 (Slurm 40_1), 2026-…Z, ended" (or "interrupted", "no end recorded"). */
function describeSession(session: SessionRecord): string {
  const slurm = session.slurm ? ` (Slurm ${slurmName(session.slurm)})` : "";
  const end = session.endedAt ? (session.interrupted ? "interrupted" : "ended") : "no end recorded (running or killed)";
  return `on ${session.host} pid ${session.pid}${slurm} from ${session.startedAt}, ${end}`;
}

function slurmName(ids: SlurmTaskIds): string {
  return ids.arrayJobId ? `${ids.arrayJobId}_${ids.arrayTaskId}` : ids.jobId;
}

/** The status as text: a summary line, one line per shard, then what runs where, what failed, what was interrupted. */
export function formatStatus(status: ExperimentStatus): string {
  const failed = status.shards.reduce((sum, shard) => sum + shard.failed, 0);
  const lines = [
    `${status.finished}/${status.total} jobs finished, ${status.missing.length} missing, ${failed} failed, ` +
      `${status.running.length} running, ${status.interrupted.length} interrupted`,
  ];
  if (status.shardCount > 1) {
    for (const shard of status.shards) {
      lines.push(
        `  shard ${shard.index}/${status.shardCount}: ${shard.state.padEnd(10)} ${shard.done}/${shard.total} done, ` +
          `${shard.running} running, ${shard.failed} failed, ${shard.interrupted} interrupted, ` +
          `${shard.notStarted} not started` +
          (shard.lastRun ? `; last run ${describeSession(shard.lastRun)}` : ""),
      );
    }
  }
  for (const claim of status.running.slice(0, 20)) {
    const slurm = claim.slurm ? ` (Slurm job ${slurmName(claim.slurm)})` : "";
    lines.push(
      `  running ${claim.id} on ${claim.host} pid ${claim.pid}${slurm} since ${claim.startedAt}, ` +
        `heartbeat ${claim.heartbeatAt}`,
    );
  }
  const shownFailures = status.failures.filter((f) => !status.running.some((c) => c.id === f.id));
  for (const failure of shownFailures.slice(0, 20))
    lines.push(`  failed ${failure.id} (attempt ${failure.attempt}): ${failure.error.split("\n")[0]}`);
  for (const claim of status.interrupted.slice(0, 20)) {
    lines.push(`  interrupted ${claim.id} (started on ${claim.host} pid ${claim.pid} at ${claim.startedAt})`);
  }
  const accounted = new Set([
    ...status.failures.map((f) => f.id),
    ...status.running.map((c) => c.id),
    ...status.interrupted.map((c) => c.id),
  ]);
  const notStarted = status.missing.filter((id) => !accounted.has(id));
  if (notStarted.length)
    lines.push(`  not started: ${notStarted.slice(0, 20).join(", ")}${notStarted.length > 20 ? ", …" : ""}`);
  if (failed + status.interrupted.length > 0) lines.push("  rerun the failed and interrupted jobs with --only-failed");
  return lines.join("\n");
}
