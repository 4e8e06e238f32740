/** The experiment runner: parallel, resumable, sharded runs of JSON jobs with atomic per-job results. */
export type { CellValue, HandlerRef, Job, JobContext, JobHandler, JsonValue, ResultRow } from "./types";
export { runExperiment, RunFailedError, type InterruptMode, type RunExperimentOptions, type RunSummary } from "./run-experiment";
export { collectResults, experimentStatus, mergeExperimentFolders, type CollectedResults, type CollectOptions, type ExperimentStatus } from "./collect";
export { ExperimentFolder, canonicalJson, makeManifest, type ExperimentManifest, type JobFailure, type JobResult } from "./experiment-folder";
export { parseShard, formatShard, inShard, WHOLE, type Shard } from "./shard";
export { columnsOf, formatCsv, writeCsvAtomic } from "./csv-table";
export { removeStaleTempFiles, writeFileAtomic } from "./atomic-file";
export { jobSeed } from "./job-execution";
export { createRunProgress, formatDuration, type ProgressMode, type RunProgress } from "./run-progress";
export { addRunnerOptions, describeRun, registerResultCommands, runnerOptionsFrom, type RunnerCliOptions } from "./runner-commands";
export { readSessions, sessionWallMs, type SessionRecord } from "./run-session";
