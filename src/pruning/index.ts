/**
 * Pruning: the methods (thesis magnitude, random control, layer-wise, gradual, iterative, structured), mask sparsity,
 * the records of a study and their analysis.
 */
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
export * from "./pruning-method";
export * from "./random-pruning";
export * from "./layerwise-pruning";
export * from "./gradual-pruning";
export * from "./iterative-pruning";
export * from "./structured-pruning";
export * from "./method-records";
export * from "./method-comparison";
