/**
 * Submitting an experiment's Slurm arrays, and resubmitting only what failed (the request of hydra#1407 and
 * submitit#1700): the shards whose jobs are not all finished and none running, from the experiment folder's own
 * records, so it works whatever killed them (a failing job, scancel, a time limit, a lost node). Uses Slurm's
 * `sbatch --parsable`, `squeue` and `scancel` (https://slurm.schedmd.com/squeue.html); the scripts come from
 * slurm-scripts.ts.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { experimentStatus, incompleteShards } from "../runner";
import { formatArrayIndices, slurmDir, type SlurmPlan, type SlurmStage } from "./slurm-scripts";

/** The experiments a study kind keeps: the sweep is one folder; the pruning study has base/ then prune/. */
export type StudyKind = "pruning" | "structure";

/**
 * The arrays and the merge of a study. `studyArgs` are the study command's options (with `--out`), as given.
 * Pruning: the base models' array, then the pruning runs' array (they need every base model), then a merge that
 * runs the study once more without a shard: everything is done, so it only writes pruning-records.csv.
 */
export function studyStages(
  kind: StudyKind,
  outDir: string,
  studyArgs: readonly string[],
): { stages: SlurmStage[]; merge: string[] } {
  if (kind === "structure") {
    return {
      stages: [{ name: "structure", args: ["experiment", "structure", ...studyArgs] }],
      merge: ["experiment", "merge", outDir, "-o", join(outDir, "results.csv")],
    };
  }
  return {
    stages: [
      { name: "base", args: ["experiment", "pruning", ...studyArgs, "--stage", "base"] },
      { name: "prune", args: ["experiment", "pruning", ...studyArgs, "--stage", "prune"] },
    ],
    merge: ["experiment", "pruning", ...studyArgs, "--workers", "1", "--progress", "lines"],
  };
}

/** The experiment folder a stage's array fills. */
export function stageFolder(kind: StudyKind, outDir: string, stage: string): string {
  return kind === "structure" ? outDir : join(outDir, stage);
}

/**
 * Per stage, the array indices to rerun: shards with work left and nothing running (all of them when the stage's
 * folder does not exist yet, and every unfinished one of a stage after a stage that is rerun).
 */
export function tasksToRerun(kind: StudyKind, plan: SlurmPlan): number[][] {
  let earlierRerun = false;
  return plan.stages.map((stage) => {
    const folder = stageFolder(kind, plan.outDir, stage.name);
    const all = Array.from({ length: plan.arraySize }, (_, i) => i);
    if (!existsSync(join(folder, "manifest.json"))) {
      earlierRerun = true;
      return all;
    }
    const status = experimentStatus(folder, { shards: plan.arraySize });
    const tasks = earlierRerun
      ? status.shards.filter((s) => s.state !== "complete").map((s) => s.index)
      : incompleteShards(status);
    if (tasks.length > 0) earlierRerun = true;
    return tasks;
  });
}

/** One submission recorded by submit.sh in `slurm/submitted.txt`. */
export interface SubmittedJob {
  readonly at: string;
  /** A stage's name, or "merge". */
  readonly stage: string;
  readonly jobId: string;
  /** The array's task list ("-" for the merge job). */
  readonly tasks: string;
}

/** The jobs submit.sh has submitted for this experiment, oldest first. */
export function readSubmitted(outDir: string): SubmittedJob[] {
  const path = join(slurmDir(outDir), "submitted.txt");
  if (!existsSync(path)) return [];
  return readFileSync(path, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [at, stage, jobId, tasks] = line.split(" ");
      return { at: at!, stage: stage!, jobId: jobId!, tasks: tasks ?? "-" };
    });
}

/** Jobs of the queue (pending, running…) among `jobIds` (array jobs by their array id): id → state. */
export function queuedJobs(jobIds: readonly string[]): Map<string, string> {
  const wanted = new Set(jobIds);
  // %F: the array job's id (the job's own id when it is no array), %T: state. All users' jobs: no error for ids gone.
  const out = execFileSync("squeue", ["--noheader", "--format=%F %T"], { encoding: "utf8" });
  const states = new Map<string, string>();
  for (const line of out.split("\n").filter(Boolean)) {
    const [id, state] = line.trim().split(/\s+/);
    if (id && wanted.has(id)) states.set(id, state ?? "");
  }
  return states;
}

/**
 * Before a failed-only resubmission: refuse while an array of this experiment is still queued (its pending tasks
 * are not failures), and cancel earlier merge jobs still waiting for arrays that failed (their afterok dependency can
 * never be met). Returns the merge jobs cancelled.
 */
export function prepareResubmission(outDir: string): string[] {
  const submitted = readSubmitted(outDir);
  if (submitted.length === 0) return [];
  const queued = queuedJobs(submitted.map((job) => job.jobId));
  const busy = submitted.filter((job) => job.stage !== "merge" && queued.has(job.jobId));
  if (busy.length > 0) {
    const list = busy.map((job) => `${job.stage} ${job.jobId} (${queued.get(job.jobId)})`).join(", ");
    throw new Error(
      `slurm: job arrays of this experiment are still queued: ${list}. ` +
        "Wait for them to end, or scancel them, then rerun.",
    );
  }
  const merges = submitted.filter((job) => job.stage === "merge" && queued.has(job.jobId)).map((job) => job.jobId);
  if (merges.length > 0) execFileSync("scancel", merges);
  return merges;
}

/** Run submit.sh with one task list per stage ("-" skips a stage); returns its report (the submitted job ids). */
export function submitPlan(submitPath: string, tasks: readonly (readonly number[])[]): string {
  const args = tasks.map((list) => (list.length === 0 ? "-" : formatArrayIndices(list)));
  return execFileSync("bash", [submitPath, ...args], { encoding: "utf8" });
}
