/** The generated `KernelExports` type matches the compiled kernels: the same exports, each with its declared arity. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../../src/data/dataset-files";
import { instantiateKernels } from "../../src/engine/wasm-kernels";

/** Member name → parameter count, read from the generated interface's source text. */
function declaredMembers(): Map<string, number | "memory"> {
  const source = readFileSync(join(packageRoot(), "src", "engine", "kernel-exports.ts"), "utf8");
  const body = source.slice(source.indexOf("export interface KernelExports {"));
  const members = new Map<string, number | "memory">();
  for (const match of body.matchAll(/^ {2}(\w+)\(([^)]*)\): \w+;$/gm)) {
    // A long signature is written one parameter per line, with a trailing comma.
    const params = match[2]!.split(",").filter((param) => param.trim() !== "");
    members.set(match[1]!, params.length);
  }
  if (/^ {2}readonly memory: WasmMemory;$/m.test(body)) members.set("memory", "memory");
  return members;
}

test("every export of both kernel builds is declared with its parameter count, and nothing else is", () => {
  const declared = declaredMembers();
  assert.ok(declared.size > 20, `expected the kernels' many exports, parsed ${declared.size}`);
  for (const variant of ["simd", "fma"] as const) {
    const kernels = instantiateKernels(variant) as unknown as Record<string, unknown>;
    const actual = new Map<string, number | "memory">(
      Object.entries(kernels).map(([name, value]) => [name, typeof value === "function" ? value.length : "memory"]),
    );
    assert.deepEqual([...actual.keys()].sort(), [...declared.keys()].sort(), `${variant}: export names`);
    for (const [name, arity] of actual) assert.equal(declared.get(name), arity, `${variant}: parameters of ${name}`);
  }
});
