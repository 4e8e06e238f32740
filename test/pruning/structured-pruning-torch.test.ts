import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { RECURRENT_MODES, stackedArchitecture } from "../../src/models/architecture";
import { initialParameters, RecurrentModel } from "../../src/models/recurrent-model";
import { pruneUnits } from "../../src/pruning/structured-pruning";
import { SeededRandom } from "../../src/random/seeded-random";
import { readModelFile } from "../../src/weights/model-file";
import { projectRoot } from "../support/reference";

// Made by scripts/export-structured-pruning-models.mjs (our files) and scripts/make-structured-pruning-vector.py
// (PyTorch 1.13 loading them strictly into a module with the thesis's tensor names, and its logits).
const fixtures = join(projectRoot, "test", "fixtures", "structured-pruning");
const inputs = JSON.parse(readFileSync(join(fixtures, "inputs.json"), "utf8")) as {
  size: number;
  length: number;
  tokens: number[];
};
const torch = JSON.parse(readFileSync(join(fixtures, "torch-logits.json"), "utf8")) as {
  logits: Record<string, number[]>;
  shapes: Record<string, Record<string, number[]>>;
};

for (const mode of RECURRENT_MODES) {
  test(`${mode}: PyTorch loads the structurally pruned model under the thesis's names and computes our logits`, () => {
    const file = readModelFile(join(fixtures, `${mode.toLowerCase()}.safetensors`));
    // The file is what pruning makes today (so the vector pins the current code, not an old file).
    const arch = stackedArchitecture(mode, [9, 7, 5]);
    const again = pruneUnits(arch, initialParameters(arch, new SeededRandom(11)), 40);
    assert.deepEqual(file.architecture, again.architecture);
    for (const [name, tensor] of again.params) assert.deepEqual(file.tensors.get(name)!.data, tensor.data, name);
    // Every tensor PyTorch's module holds, with its shape, is in the file, and nothing else.
    const shapes = Object.fromEntries([...file.tensors].map(([name, t]) => [name, [...t.shape]]));
    assert.deepEqual(shapes, torch.shapes[mode]);
    const batch = { size: inputs.size, length: inputs.length, tokens: Int32Array.from(inputs.tokens) };
    const ours = new RecurrentModel(file.architecture, file.tensors).evaluate(batch).logits;
    const theirs = torch.logits[mode]!;
    assert.equal(ours.length, theirs.length);
    ours.forEach((value, i) => assert.ok(Math.abs(value - theirs[i]!) < 1e-5, `logit ${i}: ${value} vs ${theirs[i]}`));
  });
}
