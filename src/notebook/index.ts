/** Helpers for the notebooks: quick mode, output folders, HTML tables. */
export * from "./quick-mode";
export * from "./output-paths";
export * from "./html-table";
export * from "./study-results";
export * from "./reference-dir";
