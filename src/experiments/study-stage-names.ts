/** The study's stages by name and the folder each lives in, inside a runs/<scale> or a results folder. */

/**
 * A stage of the study: the thesis's pruning study and structure sweep; beyond the thesis, the comparison of pruning
 * methods (on two tasks), the small-world spectrum sweep and its random-graph baseline, and the structure sweep again
 * with graph-faithful gates.
 */
export type StudyStage =
  "pruning" | "structure" | "methods" | "methods-embedded" | "spectrum" | "spectrum-random" | "faithful";

/** Every stage, in the order `reproduce` runs them. */
export const STUDY_STAGES: readonly StudyStage[] = [
  "pruning",
  "methods",
  "methods-embedded",
  "structure",
  "spectrum",
  "spectrum-random",
  "faithful",
];

/** The task (shipped data set) each stage trains on. */
export const STAGE_TASKS: Readonly<Record<StudyStage, "reber" | "embedded-reber">> = {
  pruning: "reber",
  methods: "reber",
  "methods-embedded": "embedded-reber",
  structure: "reber",
  spectrum: "embedded-reber",
  "spectrum-random": "embedded-reber",
  faithful: "reber",
};

/** The stages comparing pruning methods, and the task each runs on. */
export const METHOD_STAGES = { methods: "reber", "methods-embedded": "embedded-reber" } as const;

/** A stage comparing pruning methods. */
export type MethodStage = keyof typeof METHOD_STAGES;

/** Each stage's folder. */
export const STAGE_FOLDERS: Readonly<Record<StudyStage, string>> = {
  pruning: "pruning",
  methods: "pruning-methods",
  "methods-embedded": "pruning-methods-embedded",
  structure: "structure",
  spectrum: "structure-spectrum",
  "spectrum-random": "structure-spectrum-random",
  faithful: "structure-faithful",
};

/** How a stage is named in sentences. */
export const STAGE_NAMES: Readonly<Record<StudyStage, string>> = {
  pruning: "pruning study",
  methods: "comparison of pruning methods",
  "methods-embedded": "comparison of pruning methods on the embedded Reber task",
  structure: "structure sweep",
  spectrum: "small-world spectrum sweep",
  "spectrum-random": "random-graph baseline of the spectrum sweep",
  faithful: "structure sweep with graph-faithful gates",
};
