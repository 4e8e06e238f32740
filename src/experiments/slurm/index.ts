/** Running the study's experiments as Slurm job arrays: scripts, submission, failed-only resubmission. */
export {
  arrayScript,
  formatArrayIndices,
  mergeScript,
  shellQuote,
  slurmDir,
  submitScript,
  writeSlurmFiles,
  type SbatchSettings,
  type SlurmFiles,
  type SlurmPlan,
  type SlurmStage,
} from "./slurm-scripts";
export {
  prepareResubmission,
  queuedJobs,
  readSubmitted,
  stageFolder,
  studyStages,
  submitPlan,
  tasksToRerun,
  type StudyKind,
  type SubmittedJob,
} from "./slurm-submit";
