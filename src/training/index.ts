/** Training: the epoch loop and its records, evaluation, checkpoints, progress, and the thesis's base-model numbers. */
export * from "./epoch-records";
export * from "./trainer";
export * from "./evaluation";
export * from "./checkpoint";
export * from "./progress";
export * from "./thesis-base-results";
export * from "./group-accuracy";
export * from "./string-classification";
export * from "./epoch-time";
export * from "./step-benchmark";
