/**
 * CLI: `sparse-rnn experiment slurm <pruning|structure> [the study's options] --array-size N --out DIR`: writes the
 * study's Slurm job arrays, merge job and submit script into DIR/slurm/ (src/experiments/slurm/, after Slurm's sbatch
 * documentation), prints the command that submits them, or submits them (`--submit`); `--only-failed` resubmits only
 * the array indices whose shards are unfinished.
 */
import { realpathSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import type { Command, Option } from "commander";
import {
  formatArrayIndices,
  prepareResubmission,
  shellQuote,
  studyStages,
  submitPlan,
  tasksToRerun,
  writeSlurmFiles,
  type SlurmPlan,
  type StudyKind,
} from "../experiments/slurm";
import { parseNumberOption } from "./model-options";

/** A study the `slurm` command can submit: its kind, the adder of its options, and their validation. */
export interface SlurmStudy {
  readonly kind: StudyKind;
  readonly addOptions: (command: Command) => Command;
  /** Throws a clear error when the study's options are invalid (the tasks would all fail on them). */
  readonly check: (options: Record<string, unknown>) => void;
}

interface SlurmCliOptions {
  out: string;
  arraySize: string;
  cpusPerTask: string;
  time: string;
  mem?: string;
  partition?: string;
  account?: string;
  sbatch: string[];
  jobName?: string;
  command?: string;
  onlyFailed?: boolean;
  submit?: boolean;
  json?: boolean;
}

/** The study's own options as given or defaulted, as arguments for its command on a compute node (paths absolute). */
export function studyArguments(options: readonly Option[], values: Record<string, unknown>): string[] {
  const args: string[] = [];
  for (const option of options) {
    const value = values[option.attributeName()];
    if (value === undefined || !option.long) continue;
    if (option.negate) {
      if (value === false) args.push(option.long);
    } else if (option.isBoolean()) {
      if (value === true) args.push(option.long);
    } else {
      const text = String(value);
      const path = option.long === "--out" || option.long === "--data";
      args.push(option.long, path && !isAbsolute(text) ? resolve(text) : text);
    }
  }
  return args;
}

/** How compute nodes start sparse-rnn: `--command`, else this Node and this installation's launcher. */
function launcher(command: string | undefined): string[] {
  if (command !== undefined) return command.split(/\s+/).filter(Boolean);
  return [process.execPath, realpathSync(process.argv[1]!)];
}

/** Register `experiment slurm pruning|structure` in the `experiment` group. */
export function registerSlurmCommands(group: Command, studies: readonly SlurmStudy[]): void {
  const slurm = group
    .command("slurm")
    .description(
      "write a study's Slurm job arrays (shard i of N per task, into one shared folder) and their merge job",
    );
  for (const study of studies) {
    const command = slurm
      .command(study.kind)
      .description(`the ${study.kind} ${study.kind === "pruning" ? "study" : "sweep"} as Slurm job arrays`);
    study.addOptions(command);
    const studyOptions = [...command.options];
    command
      .requiredOption("--array-size <n>", "tasks per job array (N of --shard i/N)")
      .option("--cpus-per-task <n>", "CPUs per task: each task runs that many worker processes", "4")
      .option("--time <limit>", "time limit per task (sbatch --time)", "02:00:00")
      .option("--mem <size>", "memory per task (sbatch --mem, e.g. 4G; default: the partition's)")
      .option("--partition <name>", "partition (default: the cluster's default)")
      .option("--account <name>", "account to charge")
      .option(
        "--sbatch <option>",
        "another sbatch option for every job, repeatable (e.g. --sbatch=--qos=short)",
        (v: string, all: string[]) => [...all, v],
        [],
      )
      .option(
        "--job-name <prefix>",
        "job name prefix: jobs are named <prefix>-<stage>, e.g. sparse-rnn-structure, sparse-rnn-merge",
      )
      .option(
        "--command <cmd>",
        "how compute nodes start sparse-rnn (default: this node binary and this installation's launcher)",
      )
      .option("--only-failed", "(re)submit only the array indices whose shards are unfinished, with nothing running")
      .option("--submit", "submit now (runs slurm/submit.sh) instead of printing the command")
      .option("--json", "machine-readable summary")
      .action((options: SlurmCliOptions & Record<string, unknown>) => {
        study.check(options);
        const outDir = resolve(options.out);
        const { stages, merge } = studyStages(study.kind, outDir, studyArguments(studyOptions, options));
        const plan: SlurmPlan = {
          outDir,
          arraySize: parseNumberOption("--array-size", options.arraySize, 1, 1_000_000),
          command: launcher(options.command),
          stages,
          merge,
          sbatch: {
            jobName: options.jobName ?? "sparse-rnn",
            cpusPerTask: parseNumberOption("--cpus-per-task", options.cpusPerTask, 1, 100_000),
            time: options.time,
            mem: options.mem ?? null,
            partition: options.partition ?? null,
            account: options.account ?? null,
            extra: options.sbatch,
          },
        };
        if (!Number.isInteger(plan.arraySize))
          throw new Error(`--array-size must be an integer, got "${options.arraySize}"`);
        const tasks = options.onlyFailed
          ? tasksToRerun(study.kind, plan)
          : stages.map(() => Array.from({ length: plan.arraySize }, (_, i) => i));
        const nothing = tasks.every((list) => list.length === 0);
        const files = writeSlurmFiles(plan);
        const taskArgs = tasks.map((list) => (list.length === 0 ? "-" : formatArrayIndices(list)));
        const submitCommand = ["bash", files.submit, ...(options.onlyFailed ? taskArgs : [])].map(shellQuote).join(" ");
        let cancelled: string[] = [];
        let report = "";
        if (options.submit && !nothing) {
          if (options.onlyFailed) cancelled = prepareResubmission(outDir);
          report = submitPlan(files.submit, tasks);
        }
        if (options.json) {
          const tasksByStage = Object.fromEntries(stages.map((stage, i) => [stage.name, tasks[i]!]));
          process.stdout.write(
            JSON.stringify({ files: files.files, submit: submitCommand, tasks: tasksByStage, cancelled, report }) +
              "\n",
          );
          return;
        }
        const lines = [`wrote ${files.files.length} files to ${files.dir}`];
        if (nothing) lines.push("every shard is finished or running: nothing to resubmit");
        else if (options.submit) {
          if (cancelled.length) lines.push(`cancelled merge jobs waiting on failed arrays: ${cancelled.join(", ")}`);
          lines.push(report.trimEnd());
        } else {
          const which = options.onlyFailed
            ? ` (only ${stages.map((stage, i) => `${stage.name} tasks ${taskArgs[i]}`).join(", ")})`
            : "";
          lines.push(`submit${which} with:`, `  ${submitCommand}`);
        }
        process.stdout.write(lines.join("\n") + "\n");
      });
  }
}
