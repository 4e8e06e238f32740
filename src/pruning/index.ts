/** Pruning: numpy-percentile magnitude pruning, mask sparsity, the records of a study and their analysis (research questions 1–3). */
export * from "./percentile";
export * from "./magnitude-pruning";
export * from "./run-names";
export * from "./recovery-analysis";
export * from "./mask-sparsity";
export * from "./replicated-records";
export * from "./replicate-bands";
export * from "./pruning-findings";
export * from "./pruned-step-speed";
export * from "./mask-effect";
