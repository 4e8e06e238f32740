/** The experiment runner: parallel, resumable, sharded runs of JSON jobs with atomic per-job results. */
export type { CellValue, HandlerRef, Job, JobContext, JobHandler, JsonValue, ResultRow } from "./types";
export {
  runExperiment,
  RunFailedError,
  type InterruptMode,
  type RunExperimentOptions,
  type RunSummary,
} from "./run-experiment";
export {
  collectResults,
  experimentStatus,
  incompleteShards,
  mergeExperimentFolders,
  type CollectedResults,
  type CollectOptions,
  type ExperimentStatus,
  type ShardStatus,
  type StatusOptions,
} from "./collect";
export { JobClaims, readClaims, slurmTaskIds, type ClaimState, type JobClaim, type SlurmTaskIds } from "./job-claims";
export {
  ExperimentFolder,
  canonicalJson,
  makeManifest,
  type ExperimentManifest,
  type JobFailure,
  type JobResult,
} from "./experiment-folder";
export { parseShard, formatShard, inShard, WHOLE, type Shard } from "./shard";
export { columnsOf, formatCsv, writeCsvAtomic } from "./csv-table";
export { jobSeed } from "./job-execution";
export { createRunProgress, formatDuration, type ProgressMode, type RunProgress } from "./run-progress";
export {
  addRunnerOptions,
  describeRun,
  formatStatus,
  registerResultCommands,
  runnerOptionsFrom,
  type RunnerCliOptions,
} from "./runner-commands";
export { readSessions, sessionWallMs, type SessionRecord } from "./run-session";
