#!/usr/bin/env node
// Compile the engine's optional native kernels (src/engine/native/kernels.cc, a Node-API addon) for x86-64 into
// build-kernels/, where src/engine/native-kernels.ts finds them:
//   kernels-native-avx2.node    — x86-64-v3 (AVX2 + FMA: Intel Haswell, AMD Zen and later)
//   kernels-native-avx512.node  — x86-64-v4 (AVX-512: Intel Skylake-SP, AMD Zen 4 and later)
// The loader picks the widest one the CPU runs. Both are optional: without a C++ compiler, on another architecture
// or OS, this prints why and the engine uses the WebAssembly kernels (slower, same results up to float32 rounding).
// The addon needs no node-gyp: one source file, Node's own headers (<node prefix>/include/node), symbols resolved
// by the running node at load time.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const source = join(root, "src", "engine", "native", "kernels.cc");
const outDir = join(root, "build-kernels");
const variants = [
  { file: "kernels-native-avx2.node", march: "x86-64-v3" },
  { file: "kernels-native-avx512.node", march: "x86-64-v4" },
];

function skip(reason) {
  console.log(`native kernels not built (${reason}): the engine will use the WebAssembly kernels`);
  process.exit(0);
}

if (process.env.SPARSE_RNN_NATIVE === "0") skip("SPARSE_RNN_NATIVE=0");
if (process.arch !== "x64") skip(`they are written for x86-64, this is ${process.arch}`);
if (process.platform !== "linux" && process.platform !== "darwin") skip(`not set up for ${process.platform}`);
const includeCandidates = [
  join(dirname(process.execPath), "..", "include", "node"),
  process.env.npm_config_nodedir && join(process.env.npm_config_nodedir, "include", "node"),
].filter(Boolean);
const include = includeCandidates.find((dir) => existsSync(join(dir, "node_api.h")));
if (!include) skip(`Node's headers (node_api.h) are not in ${includeCandidates.join(" or ")}`);
const compiler = process.env.CXX || "c++";
try {
  execFileSync(compiler, ["--version"], { stdio: "ignore" });
} catch {
  skip(`no C++ compiler "${compiler}" (set CXX)`);
}

mkdirSync(outDir, { recursive: true });
for (const { file, march } of variants) {
  const target = join(outDir, file);
  const fresh =
    existsSync(target) &&
    statSync(target).mtimeMs >= statSync(source).mtimeMs &&
    statSync(target).mtimeMs >= statSync(fileURLToPath(import.meta.url)).mtimeMs;
  if (fresh && !process.argv.includes("--force")) continue;
  const temp = join(outDir, `.${file}.${process.pid}`);
  const args = [
    "-std=c++17",
    "-O3",
    `-march=${march}`,
    "-mtune=generic",
    // Nothing may fuse but the kernels' explicit multiply-adds: the results then equal the WebAssembly "fma" build's.
    "-ffp-contract=off",
    "-fno-math-errno",
    "-Wall",
    "-shared",
    "-fPIC",
    "-fvisibility=hidden",
    `-I${include}`,
    ...(process.platform === "darwin" ? ["-undefined", "dynamic_lookup"] : []),
    source,
    "-o",
    temp,
  ];
  try {
    execFileSync(compiler, args, { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
  } catch (error) {
    rmSync(temp, { force: true });
    console.warn(`native kernels (${march}) failed to compile: ${error.message.split("\n")[0]}`);
    continue;
  }
  renameSync(temp, target);
  console.log(`built ${target}`);
}
