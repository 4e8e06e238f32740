/** Pruning: numpy-percentile magnitude pruning, the per-epoch records, and the recovery analysis (research questions 1–3). */
export * from "./percentile";
export * from "./magnitude-pruning";
export * from "./pruning-records";
export * from "./recovery-analysis";
export * from "./pruning-summary";
export * from "./pruned-step-speed";
export * from "./mask-effect";
