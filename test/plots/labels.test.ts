import { test } from "node:test";
import assert from "node:assert/strict";
import { GRAPH_PROPERTY_COLUMNS } from "../../src/graphs/graph-properties";
import { columnLabel, COLUMN_LABELS, shortColumnLabel } from "../../src/plots/labels";

test("every graph property and record column has a readable label, never snake_case", () => {
  for (const column of [
    ...GRAPH_PROPERTY_COLUMNS,
    "test_acc",
    "train_acc",
    "test_loss",
    "train_loss",
    "prune",
    "epoch",
  ]) {
    assert.ok(COLUMN_LABELS[column], `${column} has a label`);
    assert.doesNotMatch(columnLabel(column), /_/, `${column}: "${columnLabel(column)}"`);
  }
  assert.equal(columnLabel("nodes_betweenness_std"), "vertex betweenness, s.d.");
  assert.equal(columnLabel("test_acc"), "test accuracy");
  assert.equal(columnLabel("diameter"), "diameter (hops)");
});

test("unknown columns read as words; shortColumnLabel drops the unit", () => {
  assert.equal(columnLabel("some_new_column"), "some new column");
  assert.equal(shortColumnLabel("average_shortest_path_length"), "mean shortest path");
  assert.equal(shortColumnLabel("density"), "density");
});
