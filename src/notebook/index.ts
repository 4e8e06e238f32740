/** Helpers for the notebooks: quick mode, output folders, HTML tables, results as arquero tables. */
export * from "./quick-mode";
export * from "./output-paths";
export * from "./html-table";
export * from "./data-frames";
export * from "./study-results";
export * from "./dataset-tables";
export * from "./recurrent-cell-tables";
export * from "./reference-dir";
export * from "./base-models";
export * from "./base-model-tables";
export * from "./pruning-tables";
export * from "./pruning-method-tables";
export * from "./structure-tables";
export * from "./prediction-tables";
