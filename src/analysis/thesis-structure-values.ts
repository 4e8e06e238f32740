/**
 * The thesis's own numbers for the randomly structured networks (tables 6.1–6.5, appendix B), as typed data
 * restated from its text, so notebooks and reports can set ours beside them. Never computed: these are quotes.
 */
import type { RecurrentMode } from "../models/architecture";
import type { RegressorName } from "./performance-prediction";

/** Mean test accuracy of the 200 structured networks per variant (thesis 6.3). */
export const THESIS_MEAN_ACCURACY: Readonly<Record<RecurrentMode, number>> = Object.freeze({
  RNN_TANH: 0.868,
  RNN_RELU: 0.778,
  LSTM: 0.946,
  GRU: 0.956,
});

/** The properties of tables 6.1–6.4 (the thesis lists these twelve, two decimals each). */
export const THESIS_CORRELATION_PROPERTIES: readonly string[] = [
  "layers",
  "nodes",
  "edges",
  "source_nodes",
  "diameter",
  "density",
  "average_shortest_path_length",
  "eccentricity_var",
  "degree_var",
  "closeness_var",
  "nodes_betweenness_var",
  "edge_betweenness_var",
];

/**
 * Pearson r of each property with test accuracy per variant (tables 6.1–6.4), in {@link THESIS_CORRELATION_PROPERTIES}
 * order.
 */
const CORRELATION_COLUMNS: Readonly<Record<RecurrentMode, readonly number[]>> = {
  RNN_TANH: [0.25, 0.4, 0.38, 0.35, -0.23, 0.29, -0.27, -0.22, -0.28, -0.46, -0.49, -0.34],
  RNN_RELU: [0.3, 0.44, 0.43, 0.47, -0.27, 0.15, -0.25, -0.24, -0.26, -0.39, -0.41, -0.3],
  LSTM: [0.28, 0.44, 0.42, 0.57, -0.32, 0.29, -0.36, -0.3, -0.39, -0.51, -0.56, -0.44],
  GRU: [0.34, 0.49, 0.49, 0.74, -0.2, 0.34, -0.23, -0.21, -0.58, -0.67, -0.52, -0.26],
};

/** Table 6.1–6.4 as a lookup: variant → property → Pearson r with test accuracy. */
export const THESIS_CORRELATIONS: Readonly<Record<RecurrentMode, Readonly<Record<string, number>>>> = Object.freeze(
  Object.fromEntries(
    Object.entries(CORRELATION_COLUMNS).map(([mode, values]) => [
      mode,
      Object.freeze(Object.fromEntries(THESIS_CORRELATION_PROPERTIES.map((p, i) => [p, values[i]!]))),
    ]),
  ) as Record<RecurrentMode, Record<string, number>>,
);

/** The thesis's correlation of `property` with test accuracy for `mode`, or undefined when its tables omit it. */
export function thesisCorrelation(mode: RecurrentMode, property: string): number | undefined {
  return THESIS_CORRELATIONS[mode][property];
}

/** Table 6.5: R² on the thesis's single 90/10 split (20 graphs) per variant and regressor. */
export const THESIS_R2: Readonly<Record<RecurrentMode, Readonly<Record<RegressorName, number>>>> = Object.freeze({
  RNN_TANH: { bayesian_ridge: 0.47919, random_forest: 0.43163, ada_boost: 0.35698 },
  RNN_RELU: { bayesian_ridge: 0.36075, random_forest: 0.61504, ada_boost: 0.53469 },
  LSTM: { bayesian_ridge: 0.37206, random_forest: 0.57933, ada_boost: 0.59514 },
  GRU: { bayesian_ridge: 0.67224, random_forest: 0.87635, ada_boost: 0.78313 },
});

/** The appendix-B feature subsets the thesis tried with the random forest. */
export type ThesisSubsetName = "without_node_edge" | "only_node_edge" | "only_var";

/** Appendix B: random-forest R² with each feature subset, for the two variants the thesis tried. */
export const THESIS_SUBSET_R2: Readonly<Partial<Record<RecurrentMode, Readonly<Record<ThesisSubsetName, number>>>>> =
  Object.freeze({
    RNN_RELU: { without_node_edge: -0.05, only_node_edge: 0.71, only_var: 0.06 },
    GRU: { without_node_edge: 0.78, only_node_edge: 0.75, only_var: 0.76 },
  });

/** Appendix B's headline importance: for GRU with only the size features, source_nodes carries about this much. */
export const THESIS_GRU_SOURCE_NODES_IMPORTANCE = 0.67;

/** The thesis's random-forest R² with a feature subset (`all` is table 6.5's), or undefined where it has none. */
export function thesisSubsetR2(mode: string, subset: string): number | undefined {
  if (subset === "all") return THESIS_R2[mode as RecurrentMode]?.random_forest;
  return THESIS_SUBSET_R2[mode as RecurrentMode]?.[subset as ThesisSubsetName];
}
