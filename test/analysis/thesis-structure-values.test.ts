import { test } from "node:test";
import assert from "node:assert/strict";
import {
  THESIS_CORRELATIONS,
  THESIS_CORRELATION_PROPERTIES,
  THESIS_MEAN_ACCURACY,
  THESIS_R2,
  THESIS_SUBSET_R2,
  thesisCorrelation,
  thesisSubsetR2,
} from "../../src/analysis/thesis-structure-values";
import { FEATURE_SUBSETS, STRUCTURE_FEATURES } from "../../src/analysis/structure-features";
import { REGRESSORS } from "../../src/analysis/performance-prediction";
import { RECURRENT_MODES } from "../../src/models/architecture";

test("thesis tables cover every variant, use real feature names, and quote THESIS.md's values", () => {
  for (const mode of RECURRENT_MODES) {
    assert.deepEqual(Object.keys(THESIS_CORRELATIONS[mode]), [...THESIS_CORRELATION_PROPERTIES]);
    assert.deepEqual(Object.keys(THESIS_R2[mode]).sort(), [...REGRESSORS].sort());
    for (const r of Object.values(THESIS_CORRELATIONS[mode])) assert.ok(r >= -1 && r <= 1);
  }
  for (const p of THESIS_CORRELATION_PROPERTIES)
    assert.ok(STRUCTURE_FEATURES.includes(p), `${p} is not a structure feature`);
  for (const subsets of Object.values(THESIS_SUBSET_R2)) {
    for (const name of Object.keys(subsets!)) assert.ok(name in FEATURE_SUBSETS, `unknown subset ${name}`);
  }
  // Spot checks against the thesis's text (tables 6.1-6.5, 6.3's means, appendix B).
  assert.equal(thesisCorrelation("GRU", "source_nodes"), 0.74);
  assert.equal(thesisCorrelation("RNN_TANH", "nodes_betweenness_var"), -0.49);
  assert.equal(thesisCorrelation("RNN_RELU", "density"), 0.15);
  assert.equal(thesisCorrelation("LSTM", "degree_mean"), undefined);
  assert.deepEqual(
    RECURRENT_MODES.map((m) => THESIS_MEAN_ACCURACY[m]),
    [0.868, 0.778, 0.946, 0.956],
  );
  assert.equal(THESIS_R2.GRU.bayesian_ridge, 0.67224);
  assert.equal(THESIS_R2.LSTM.bayesian_ridge, 0.37206);
  assert.equal(THESIS_R2.RNN_RELU.random_forest, 0.61504);
  assert.deepEqual(THESIS_SUBSET_R2.RNN_RELU, { without_node_edge: -0.05, only_node_edge: 0.71, only_var: 0.06 });
  assert.ok(Object.isFrozen(THESIS_R2) && Object.isFrozen(THESIS_CORRELATIONS.GRU));
});

test(
  "thesisSubsetR2: table 6.5's random forest for all features, " + "appendix B for the subsets it tried, else nothing",
  () => {
    assert.equal(thesisSubsetR2("GRU", "all"), 0.87635);
    assert.equal(thesisSubsetR2("RNN_RELU", "without_node_edge"), -0.05);
    assert.equal(thesisSubsetR2("GRU", "only_var"), 0.76);
    assert.equal(thesisSubsetR2("LSTM", "only_var"), undefined);
    assert.equal(thesisSubsetR2("GRU", "nodes,edges"), undefined);
  },
);
