/** The Reber-grammar data (thesis chapter 4): grammar, invalid families, data set, CSV, statistics, encoding, batches. */
export * from "./reber-grammar";
export * from "./invalid-reber";
export * from "./reber-dataset";
export * from "./labelled-csv";
export * from "./dataset-files";
export * from "./dataset-stats";
export * from "./encoding";
export * from "./batching";
