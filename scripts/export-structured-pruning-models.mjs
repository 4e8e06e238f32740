#!/usr/bin/env node
// Test data for "a PyTorch user can load a structurally pruned model" (test/pruning/structured-pruning-torch.test.ts):
// for each variant, a seeded base model of layers [9, 7, 5] with 40% of every layer's units removed, written as the
// lab writes it (test/fixtures/structured-pruning/<mode>.safetensors), and one batch of test strings (inputs.json).
// Then `/usr/bin/python3 scripts/make-structured-pruning-vector.py` loads each file into a PyTorch module with the
// thesis's tensor names and writes its logits (torch-logits.json). Needs `npm run build` first.
import { mkdirSync, writeFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const { stackedArchitecture, RECURRENT_MODES } = require(join(root, "dist/models/architecture.js"));
const { initialParameters } = require(join(root, "dist/models/recurrent-model.js"));
const { SeededRandom } = require(join(root, "dist/random/seeded-random.js"));
const { pruneUnits } = require(join(root, "dist/pruning/structured-pruning.js"));
const { writeModelFile } = require(join(root, "dist/weights/model-file.js"));
const { loadSplit } = require(join(root, "dist/data/dataset-files.js"));
const { makeBatch } = require(join(root, "dist/data/batching.js"));

const out = join(root, "test", "fixtures", "structured-pruning");
mkdirSync(out, { recursive: true });
for (const mode of RECURRENT_MODES) {
  const arch = stackedArchitecture(mode, [9, 7, 5]);
  const pruned = pruneUnits(arch, initialParameters(arch, new SeededRandom(11)), 40);
  writeModelFile(join(out, `${mode.toLowerCase()}.safetensors`), pruned.architecture, pruned.params);
}
const batch = makeBatch(loadSplit().test, [0, 1, 2, 3, 4, 5]);
writeFileSync(
  join(out, "inputs.json"),
  JSON.stringify({ rows: batch.rows, size: batch.size, length: batch.length, tokens: [...batch.tokens] }) + "\n",
);
console.log(`wrote ${RECURRENT_MODES.length} models and inputs.json to ${out}`);
