#!/usr/bin/env node
// Build everything the library needs: the TypeScript sources into dist/ (and the WebAssembly kernels, once present).
import { execFileSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: "inherit" });
if (existsSync(join(root, "scripts", "build-kernels.mjs")))
  run(process.execPath, [join(root, "scripts", "build-kernels.mjs")]);
// The optional native kernels (skipped, with the reason, where this machine cannot build them).
if (existsSync(join(root, "scripts", "build-native.mjs")))
  run(process.execPath, [join(root, "scripts", "build-native.mjs")]);
// A clean output folder: a module deleted or renamed in src must not live on in dist/ (notebooks import dist/).
rmSync(join(root, "dist"), { recursive: true, force: true });
run(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json"]);
