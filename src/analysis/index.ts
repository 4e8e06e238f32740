/** Performance prediction from graph structure (thesis 6.4, appendix B). */
export * from "./structure-features";
export * from "./results-csv";
export * from "./min-max-scaler";
export * from "./train-test-split";
export * from "./statistics";
export * from "./performance-prediction";
export * from "./regression/regressor";
export * from "./regression/bayesian-ridge";
export * from "./regression/decision-tree";
export * from "./regression/random-forest";
export * from "./regression/ada-boost";
export * from "./thesis-graph-check";
export * from "./thesis-split";
