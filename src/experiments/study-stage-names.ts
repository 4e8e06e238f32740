/** The study's stages by name and the folder each lives in, inside a runs/<scale> or a results folder. */

/** A stage of the study: the thesis's pruning study and structure sweep, and the comparison of pruning methods. */
export type StudyStage = "pruning" | "structure" | "methods";

/** Every stage, in the order `reproduce` runs them. */
export const STUDY_STAGES: readonly StudyStage[] = ["pruning", "methods", "structure"];

/** Each stage's folder. */
export const STAGE_FOLDERS: Readonly<Record<StudyStage, string>> = {
  pruning: "pruning",
  methods: "pruning-methods",
  structure: "structure",
};

/** How a stage is named in sentences. */
export const STAGE_NAMES: Readonly<Record<StudyStage, string>> = {
  pruning: "pruning study",
  methods: "comparison of pruning methods",
  structure: "structure sweep",
};
