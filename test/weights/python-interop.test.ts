/**
 * Interop with PyTorch: files we write are read by an independent Python reader (struct + json + torch.frombuffer),
 * and files a Python writer makes from torch float32/bool/float64 tensors are read by us. The `safetensors`
 * Python package is not installed here, so both Python sides are hand-written from the format's description
 * (test/weights/python/safetensors_interop.py). Skipped when /usr/bin/python3 cannot import torch.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { floatTensor, maskTensor } from "../../src/models/named-tensors";
import { readSafetensorsContent, writeSafetensors } from "../../src/weights";
import { projectRoot } from "../support/reference";

const python = process.env.SPARSE_RNN_PYTHON ?? "/usr/bin/python3";
const script = join(projectRoot, "test", "weights", "python", "safetensors_interop.py");
const hasTorch = spawnSync(python, ["-c", "import torch, numpy"], { encoding: "utf8" }).status === 0;
const skip = hasTorch ? false : `needs ${python} with torch and numpy (set SPARSE_RNN_PYTHON to another interpreter)`;

interface PythonTensor {
  dtype: string;
  shape: number[];
  values: number[];
}

function runPython(command: "read" | "write", path: string): unknown {
  const result = spawnSync(python, [script, command, path], { encoding: "utf8" });
  assert.equal(result.status, 0, `python ${command} failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

describe("safetensors interop with PyTorch", { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), "safetensors-interop-"));

  test("Python reads what we write (F32 and BOOL, metadata, scalar and empty tensors)", () => {
    const path = join(dir, "ours.safetensors");
    const weights = Float32Array.from({ length: 12 }, (_, i) => Math.fround(Math.sin(i + 1) * 10 ** ((i % 5) - 2)));
    const tensors = new Map([
      ["recurrent.recurrent_layers.0.weight_ih", floatTensor([3, 4], weights)],
      [
        "recurrent.recurrent_layers.0.mask_i2h",
        maskTensor(
          [3, 4],
          Uint8Array.from(weights, (w) => (Math.abs(w) > 0.05 ? 1 : 0)),
        ),
      ],
      ["out.bias", floatTensor([], Float32Array.from([-0.125]))],
      ["empty", floatTensor([2, 0])],
    ]);
    writeSafetensors(path, tensors, { written_by: "sparse-rnn" });
    const read = runPython("read", path) as {
      metadata: Record<string, string>;
      tensors: Record<string, PythonTensor>;
      header_length: number;
    };
    assert.deepEqual(read.metadata, { written_by: "sparse-rnn" });
    assert.equal((8 + read.header_length) % 8, 0);
    assert.deepEqual(Object.keys(read.tensors), [...tensors.keys()]);
    for (const [name, tensor] of tensors) {
      const theirs = read.tensors[name];
      assert.equal(theirs.dtype, tensor.dtype === "float32" ? "F32" : "BOOL", name);
      assert.deepEqual(theirs.shape, tensor.shape, name);
      assert.deepEqual(theirs.values, [...tensor.data], name);
    }
  });

  test("we read what a Python writer makes from torch tensors (data order differs from header order)", () => {
    const path = join(dir, "theirs.safetensors");
    const written = runPython("write", path) as Record<string, PythonTensor>;
    const { tensors, metadata } = readSafetensorsContent(path);
    assert.deepEqual(metadata, { format: "pt", writer: "interop-test" });
    assert.deepEqual([...tensors.keys()].sort(), Object.keys(written).sort());
    for (const [name, theirs] of Object.entries(written)) {
      const ours = tensors.get(name)!;
      assert.deepEqual(ours.shape, theirs.shape, name);
      assert.equal(ours.dtype, theirs.dtype === "BOOL" ? "bool" : "float32", name);
      // F64 arrives rounded to float32; F32 and BOOL arrive exactly.
      assert.deepEqual(
        [...ours.data],
        theirs.values.map((value) => (theirs.dtype === "BOOL" ? value : Math.fround(value))),
        name,
      );
    }
    assert.ok(
      written["layer.mask_i2h"].values.some((v) => v === 0) && written["layer.mask_i2h"].values.some((v) => v === 1),
    );
  });
});
