/**
 * Command-line pieces every experiment command shares: the runner's options (`--workers`, `--shard`,
 * `--retries`, `--fail-fast`, `--on-interrupt`, `--progress`, `--quiet`) and the generic `merge` and
 * `status` commands over experiment folders. Wire them from src/cli/experiment.ts.
 */
import { Command, Option } from "commander";
import { experimentStatus, mergeExperimentFolders } from "./collect";
import type { RunExperimentOptions, RunSummary } from "./run-experiment";
import type { ProgressMode } from "./run-progress";
import { parseShard } from "./shard";

/** The runner's options as commander parses them. */
export interface RunnerCliOptions {
  workers?: string;
  shard?: string;
  retries?: string;
  failFast?: boolean;
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
    .option("--shard <i/n>", "run only shard i of n (0-based; jobs with index mod n = i), e.g. $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT")
    .option("--retries <n>", "extra attempts for a failed job within this run", "0")
    .option("--fail-fast", "stop at the first failed job (default: run all others, then report failures)")
    .addOption(new Option("--on-interrupt <mode>", "on Ctrl-C: let running jobs finish, or abort them").choices(["finish", "abort"]).default("finish"))
    .addOption(new Option("--progress <mode>", "progress display on stderr").choices(["auto", "bars", "lines", "inline", "quiet"]).default("auto"))
    .option("-q, --quiet", "no progress output");
}

/** Runner options from parsed CLI options (validated, with clear errors). */
export function runnerOptionsFrom(
  options: RunnerCliOptions,
): Pick<RunExperimentOptions, "workers" | "shard" | "retries" | "failFast" | "onInterrupt" | "progress" | "quiet"> {
  return {
    workers: options.workers === undefined ? undefined : positiveInteger(options.workers, "--workers", 1),
    shard: options.shard === undefined ? undefined : parseShard(options.shard),
    retries: positiveInteger(options.retries ?? "0", "--retries", 0),
    failFast: Boolean(options.failFast),
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
      process.stdout.write(opts.json ? JSON.stringify(summary) + "\n" : `wrote ${summary.rows} rows of ${summary.jobs} jobs to ${opts.out}\n`);
    });
  group
    .command("status")
    .description("show how many jobs of an experiment are finished, which are missing and which failed")
    .argument("<folders...>", "experiment folders of the same experiment")
    .option("--json", "machine-readable status")
    .action((folders: string[], opts: { json?: boolean }) => {
      const status = experimentStatus(folders);
      if (opts.json) {
        process.stdout.write(JSON.stringify(status) + "\n");
        return;
      }
      const lines = [`${status.finished}/${status.total} jobs finished, ${status.missing.length} missing, ${status.failures.length} failed`];
      for (const failure of status.failures.slice(0, 20)) lines.push(`  failed ${failure.id} (attempt ${failure.attempt}): ${failure.error.split("\n")[0]}`);
      const unfailed = status.missing.filter((id) => !status.failures.some((f) => f.id === id));
      if (unfailed.length) lines.push(`  not run: ${unfailed.slice(0, 20).join(", ")}${unfailed.length > 20 ? ", …" : ""}`);
      process.stdout.write(lines.join("\n") + "\n");
    });
}
