import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
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

test("train --gate-layout faithful wires every gate block as the graph says, and is recorded for --resume", () => {
  const work = mkdtempSync(join(tmpdir(), "graph-layout-"));
  const data = join(work, "data");
  mkdirSync(data);
  const { train, test: testRows } = loadSplit();
  writeLabelledCsv(join(data, "train.csv"), train.slice(0, 32));
  writeLabelledCsv(join(data, "test.csv"), testRows.slice(0, 16));
  const graphPath = join(work, "g.json");
  assert.equal(
    cli("graph", "generate", "--generator", "ba", "--nodes", "16", "--seed", "2", "--out", graphPath).status,
    0,
  );
  const out = join(work, "run");
  const common = ["--mode", "LSTM", "--graph", graphPath, "--epochs", "0", "--data", data, "--quiet", "--json"];
  const trained = cli("train", ...common, "--gate-layout", "faithful", "--out", out);
  assert.equal(trained.status, 0, trained.stderr);
  assert.equal(JSON.parse(trained.stdout).gateLayout, "faithful");
  const layered = LayeredGraph.fromGraph(readGraphFile(graphPath)[0]!);
  const faithful = layered.toArchitecture("LSTM", "faithful").masks;
  const thesis = layered.toArchitecture("LSTM").masks;
  const model = readModelFile(join(out, "model.safetensors"));
  let differing = 0;
  for (const [name, mask] of faithful) {
    assert.deepEqual(Array.from(model.tensors.get(name)!.data), Array.from(mask.data), name);
    if (Array.from(mask.data).join() !== Array.from(thesis.get(name)!.data).join()) differing++;
  }
  assert.ok(differing > 0, "the graph's faithful masks differ from the thesis's");
  assert.match(readFileSync(join(out, "run.json"), "utf8"), /"--gate-layout": "faithful"/);
  const resumed = cli("train", ...common, "--resume", "--out", out);
  assert.notEqual(resumed.status, 0, "a faithful run does not resume with the thesis layout");
  assert.match(resumed.stderr, /--gate-layout "faithful" in .*, null now/);

  const thesisOut = join(work, "thesis");
  const plain = cli("train", ...common, "--out", thesisOut);
  assert.equal(plain.status, 0, plain.stderr);
  assert.equal(JSON.parse(plain.stdout).gateLayout, "thesis");
  assert.doesNotMatch(readFileSync(join(thesisOut, "run.json"), "utf8"), /gate-layout/);

  const stacked = cli("train", "--mode", "GRU", "--gate-layout", "faithful", "--out", join(work, "x"));
  assert.match(stacked.stderr, /--gate-layout faithful places a graph's masks in the gate blocks: it needs --graph/);
  const unknown = cli("train", ...common, "--gate-layout", "tiled", "--out", join(work, "y"));
  assert.match(unknown.stderr, /unknown gate layout "tiled": expected thesis or faithful/);
});
