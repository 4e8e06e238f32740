#!/usr/bin/env node
// Compile the engine's AssemblyScript kernels (src/engine/assembly/kernels.ts) into WebAssembly at the package
// root, where src/engine/wasm-kernels.ts finds them from dist/ and build/:
//   build-kernels/kernels.wasm      — SIMD (runs on every WebAssembly SIMD engine)
//   build-kernels/kernels-fma.wasm  — SIMD plus relaxed SIMD, whose f32x4.relaxed_madd becomes one FMA instruction
//                                     on x64/arm64 (Node ≥ 22 by default; Node 20 after a V8 flag the loader sets)
import { execFileSync } from "node:child_process";
import { mkdirSync, renameSync, statSync, existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const source = join(root, "src", "engine", "assembly", "kernels.ts");
const outDir = join(root, "build-kernels");
const variants = [
  { file: "kernels.wasm", features: ["simd"] },
  { file: "kernels-fma.wasm", features: ["simd", "relaxed-simd"] },
];
mkdirSync(outDir, { recursive: true });
for (const { file, features } of variants) {
  const target = join(outDir, file);
  if (existsSync(target) && statSync(target).mtimeMs >= statSync(source).mtimeMs && !process.argv.includes("--force")) continue;
  const temp = join(outDir, `.${file}.${process.pid}`);
  execFileSync(
    process.execPath,
    [
      join(root, "node_modules", "assemblyscript", "bin", "asc.js"),
      source,
      "--outFile", temp,
      "-O3", "--noAssert",
      "--runtime", "stub",
      ...features.flatMap((feature) => ["--enable", feature]),
      "--initialMemory", "16",
    ],
    { cwd: root, stdio: "inherit" },
  );
  renameSync(temp, target);
  console.log(`built ${target}`);
}
