import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadSplit } from "../../src/data/dataset-files";
import { writeLabelledCsv } from "../../src/data/labelled-csv";
import { readGraphFile } from "../../src/graphs/graph-file";
import { LayeredGraph } from "../../src/graphs/layered-graph";
import { readModelFile } from "../../src/weights/model-file";
import { cli } from "../support/cli";

test("train and evaluate build a graph-structured model from --graph, masks included", () => {
  const work = mkdtempSync(join(tmpdir(), "graph-model-"));
  const data = join(work, "data");
  mkdirSync(data);
  const { train, test: testRows } = loadSplit();
  writeLabelledCsv(join(data, "train.csv"), train.slice(0, 96));
  writeLabelledCsv(join(data, "test.csv"), testRows.slice(0, 48));
  const graphPath = join(work, "g.json");
  assert.equal(
    cli("graph", "generate", "--generator", "ba", "--nodes", "14", "--seed", "4", "--out", graphPath).status,
    0,
  );

  const out = join(work, "run");
  const trained = cli(
    "train",
    "--mode",
    "GRU",
    "--graph",
    graphPath,
    "--epochs",
    "1",
    "--batch-size",
    "16",
    "--data",
    data,
    "--out",
    out,
    "--quiet",
    "--json",
  );
  assert.equal(trained.status, 0, trained.stderr);
  const summary = JSON.parse(trained.stdout);
  const expected = LayeredGraph.fromGraph(readGraphFile(graphPath)[0]!).toArchitecture("GRU");
  assert.deepEqual(summary.architecture, JSON.parse(JSON.stringify(expected.architecture)));
  const model = readModelFile(join(out, "model.safetensors"));
  for (const [name, mask] of expected.masks)
    assert.deepEqual(Array.from(model.tensors.get(name)!.data), Array.from(mask.data), name);

  const evaluated = cli(
    "evaluate",
    "--mode",
    "GRU",
    "--graph",
    graphPath,
    "--weights",
    join(out, "model.safetensors"),
    "--data",
    join(data, "test.csv"),
    "--json",
  );
  assert.equal(evaluated.status, 0, evaluated.stderr);
  assert.equal(JSON.parse(evaluated.stdout).accuracy, summary.final.test_acc);

  const wrong = cli(
    "evaluate",
    "--mode",
    "GRU",
    "--weights",
    join(out, "model.safetensors"),
    "--data",
    join(data, "test.csv"),
  );
  assert.notEqual(wrong.status, 0, "a stacked architecture does not match the graph model's file");
  assert.match(cli("train", "--graph", graphPath, "--out", out).stderr, /required option '--mode/);
});
