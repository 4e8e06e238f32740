/** The study's experiments on the resumable parallel runner, at quick or full scale. */
export * from "./study-scale";
export * from "./study-stages";
export * from "./study-report";
export * from "./pruning-study";
export * from "./structure-sweep";
export * from "./structure-benchmark";
export * as runner from "./runner";
