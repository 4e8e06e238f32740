/**
 * Slurm job-array scripts for an experiment (Slurm's sbatch documentation, https://slurm.schedmd.com/sbatch.html, and
 * its job-array guide, https://slurm.schedmd.com/job_array.html). One array per stage: task i runs
 * `--shard $SLURM_ARRAY_TASK_ID/N` into the shared experiment folder on `$SLURM_CPUS_PER_TASK` workers; a merge job
 * follows with `--dependency=afterok:<array>` (it starts only when every task exited 0). Written into
 * `<experiment folder>/slurm/`: one `<stage>.sbatch` per stage, `merge.sbatch`, `submit.sh` (submits them in order
 * and logs the job ids in `submitted.txt`) and `logs/` for the tasks' output (sbatch does not create folders).
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../../files/atomic-file";

/** The sbatch options of every array task (and, but for the CPUs, of the merge job). */
export interface SbatchSettings {
  /** `--job-name`; stages append their name. */
  readonly jobName: string;
  /** `--cpus-per-task`: each task runs that many worker processes. */
  readonly cpusPerTask: number;
  /** `--time`, Slurm's formats ("30", "2:00:00", "1-12"). */
  readonly time: string;
  /** `--mem` per task (e.g. "4G"), or null for the partition's default. */
  readonly mem: string | null;
  /** `--partition`, or null for the cluster's default. */
  readonly partition: string | null;
  /** `--account`, or null. */
  readonly account: string | null;
  /** Further sbatch options, each written as one `#SBATCH` line (e.g. "--qos=short"). */
  readonly extra: readonly string[];
}

/** One array of a plan: the sparse-rnn arguments its tasks run (before `--shard` and `--workers`). */
export interface SlurmStage {
  readonly name: string;
  readonly args: readonly string[];
}

/** Everything the scripts say. */
export interface SlurmPlan {
  /** The experiment (study) folder, absolute: the scripts live in its `slurm/` subfolder. */
  readonly outDir: string;
  /** Tasks per array (N of `--shard i/N`). */
  readonly arraySize: number;
  /** How a compute node runs sparse-rnn, e.g. `["/usr/bin/node", "/home/me/lab/bin/sparse-rnn.js"]`. */
  readonly command: readonly string[];
  /** The arrays, run one after another (each `afterok` the previous). */
  readonly stages: readonly SlurmStage[];
  /** Arguments of the merge job, which runs once after the last array. */
  readonly merge: readonly string[];
  readonly sbatch: SbatchSettings;
}

/** The folder of a plan's scripts. */
export function slurmDir(outDir: string): string {
  return join(outDir, "slurm");
}

/** Quote a word for bash (single quotes unless it is plainly safe). */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** An sbatch `--array` list of indices, with runs compressed: [0, 1, 2, 5] → "0-2,5". */
export function formatArrayIndices(indices: readonly number[]): string {
  const sorted = [...new Set(indices)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(",");
}

function sbatchLines(sbatch: SbatchSettings, name: string, cpus: number, output: string): string[] {
  return [
    `#SBATCH --job-name=${shellQuote(name)}`,
    `#SBATCH --cpus-per-task=${cpus}`,
    `#SBATCH --ntasks=1`,
    `#SBATCH --time=${sbatch.time}`,
    ...(sbatch.mem ? [`#SBATCH --mem=${sbatch.mem}`] : []),
    ...(sbatch.partition ? [`#SBATCH --partition=${sbatch.partition}`] : []),
    ...(sbatch.account ? [`#SBATCH --account=${sbatch.account}`] : []),
    `#SBATCH --output=${output}`,
    ...sbatch.extra.map((option) => `#SBATCH ${option}`),
  ];
}

function commandLine(words: readonly string[]): string {
  return words.map(shellQuote).join(" ");
}

/** The script of one stage's array: task i runs shard i/N on $SLURM_CPUS_PER_TASK workers. */
export function arrayScript(plan: SlurmPlan, stage: SlurmStage): string {
  const logs = join(slurmDir(plan.outDir), "logs");
  const name = `${plan.sbatch.jobName}-${stage.name}`;
  return [
    "#!/bin/bash",
    ...sbatchLines(plan.sbatch, name, plan.sbatch.cpusPerTask, join(logs, `${stage.name}-%A_%a.out`)),
    `#SBATCH --array=${formatArrayIndices(Array.from({ length: plan.arraySize }, (_, i) => i))}`,
    `# ${stage.name}: task i of this array runs shard i/${plan.arraySize} of the experiment into the shared folder`,
    `# ${plan.outDir}`,
    `# Finished jobs are skipped, so a resubmitted task does only what is left. Written by sparse-rnn.`,
    "set -euo pipefail",
    `exec ${commandLine([...plan.command, ...stage.args])} \\`,
    `  --shard "$SLURM_ARRAY_TASK_ID/${plan.arraySize}" --workers "\${SLURM_CPUS_PER_TASK:-1}" --progress lines`,
    "",
  ].join("\n");
}

/** The merge job's script: one CPU, after the last array. */
export function mergeScript(plan: SlurmPlan): string {
  const logs = join(slurmDir(plan.outDir), "logs");
  return [
    "#!/bin/bash",
    ...sbatchLines(plan.sbatch, `${plan.sbatch.jobName}-merge`, 1, join(logs, "merge-%j.out")),
    `# Runs once every array task has exited 0 (submit.sh gives it --dependency=afterok:<last array>).`,
    "set -euo pipefail",
    `exec ${commandLine([...plan.command, ...plan.merge])}`,
    "",
  ].join("\n");
}

/** `submit.sh [tasks of stage 1 [tasks of stage 2 …]]`: the arrays in order, then the merge job, all by afterok. */
export function submitScript(plan: SlurmPlan): string {
  const dir = slurmDir(plan.outDir);
  const all = formatArrayIndices(Array.from({ length: plan.arraySize }, (_, i) => i));
  const stages = plan.stages.map((stage) => stage.name).join(", then ");
  return [
    "#!/bin/bash",
    `# Submits the experiment in ${plan.outDir} to Slurm: ${stages} as job arrays of ${plan.arraySize} tasks, then the`,
    `# merge job, each with --dependency=afterok on the previous. Written by sparse-rnn.`,
    `# Usage: bash ${shellQuote(join(dir, "submit.sh"))} [TASKS…]`,
    `# TASKS: one --array list per stage (default ${all}; "-" skips the stage), e.g. "1,3" to rerun shards 1 and 3`,
    `# (what \`sparse-rnn experiment slurm … --only-failed --submit\` does).`,
    "set -euo pipefail",
    `here=${shellQuote(dir)}`,
    `previous=""`,
    `log() { echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) $*" >> "$here/submitted.txt"; }`,
    `submit_array() {`,
    `  local stage="$1" tasks="$2" id`,
    `  if [ "$tasks" = "-" ]; then return 0; fi`,
    `  id=$(sbatch --parsable --array="$tasks" \${previous:+--dependency=afterok:$previous} "$here/$stage.sbatch")`,
    `  id="\${id%%;*}"`,
    `  log "$stage $id $tasks"`,
    `  echo "submitted $stage: job array $id, tasks $tasks\${previous:+, after $previous}"`,
    `  previous="$id"`,
    `}`,
    ...plan.stages.map((stage, i) => `submit_array ${shellQuote(stage.name)} "\${${i + 1}:-${all}}"`),
    `merge=$(sbatch --parsable \${previous:+--dependency=afterok:$previous} "$here/merge.sbatch")`,
    `merge="\${merge%%;*}"`,
    `log "merge $merge -"`,
    `echo "submitted merge: job $merge\${previous:+, after $previous}"`,
    `echo "status: ${commandLine([...plan.command, "experiment", "status", plan.outDir])}"`,
    "",
  ].join("\n");
}

/** Where the written scripts are. */
export interface SlurmFiles {
  readonly dir: string;
  /** Every file written, absolute paths. */
  readonly files: readonly string[];
  readonly submit: string;
}

/** Write a plan's scripts into `<outDir>/slurm/` (atomically; `logs/` created). */
export function writeSlurmFiles(plan: SlurmPlan): SlurmFiles {
  if (!Number.isInteger(plan.arraySize) || plan.arraySize < 1) {
    throw new Error(`slurm-scripts: invalid array size ${plan.arraySize}. Should be a positive integer.`);
  }
  const dir = slurmDir(plan.outDir);
  mkdirSync(join(dir, "logs"), { recursive: true });
  const contents = new Map<string, string>([
    ...plan.stages.map((stage): [string, string] => [`${stage.name}.sbatch`, arrayScript(plan, stage)]),
    ["merge.sbatch", mergeScript(plan)],
    ["submit.sh", submitScript(plan)],
  ]);
  const files = [...contents].map(([name, text]) => {
    writeFileAtomic(join(dir, name), text);
    return join(dir, name);
  });
  return { dir, files, submit: join(dir, "submit.sh") };
}
