#!/usr/bin/env node
// Compile the engine's AssemblyScript kernels (src/engine/assembly/kernels.ts) into WebAssembly SIMD:
// build-kernels/kernels.wasm at the package root, where src/engine/wasm-kernels.ts finds it from dist/ and build/.
import { execFileSync } from "node:child_process";
import { mkdirSync, renameSync, statSync, existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const source = join(root, "src", "engine", "assembly", "kernels.ts");
const outDir = join(root, "build-kernels");
const target = join(outDir, "kernels.wasm");
if (existsSync(target) && statSync(target).mtimeMs >= statSync(source).mtimeMs && !process.argv.includes("--force")) process.exit(0);
mkdirSync(outDir, { recursive: true });
const temp = join(outDir, `.kernels.${process.pid}.wasm`);
execFileSync(
  process.execPath,
  [
    join(root, "node_modules", "assemblyscript", "bin", "asc.js"),
    source,
    "--outFile", temp,
    "-O3", "--noAssert",
    "--runtime", "stub",
    "--enable", "simd",
    "--initialMemory", "16",
  ],
  { cwd: root, stdio: "inherit" },
);
renameSync(temp, target);
console.log(`built ${target}`);
