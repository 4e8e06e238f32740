/**
 * The Reber-grammar data (thesis chapter 4) and the embedded Reber task: grammars, invalid families, data sets, CSV,
 * statistics, encoding, batches.
 */
export * from "./reber-grammar";
export * from "./invalid-reber";
export * from "./reber-dataset";
export * from "./embedded-reber-grammar";
export * from "./invalid-embedded-reber";
export * from "./embedded-reber-dataset";
export * from "./labelled-csv";
export * from "./dataset-files";
export * from "./dataset-stats";
export * from "./encoding";
export * from "./batching";
