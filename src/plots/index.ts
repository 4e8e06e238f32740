/**
 * Figures in one paper-ready style over plotly.js: charts, the automaton diagram, notebook display, PDF/SVG/PNG/HTML
 * files.
 */
export * from "./figure";
export * from "./theme";
export * from "./labels";
export * from "./linear-fit";
export * from "./charts";
export * from "./automaton-diagram";
export * from "./plotly-source";
export * from "./html";
export * from "./notebook-display";
export * from "./image-export";
export * from "./layout-check";
export * from "./cell-figures";
export * from "./base-model-figures";
export * from "./pruning-figures";
export * from "./pruning-method-figures";
export * from "./dataset-figures";
