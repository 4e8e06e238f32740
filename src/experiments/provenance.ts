/**
 * Provenance of computed results: the commit of the code (with "-dirty" when the work tree had changes) and the
 * kernel build that trained the models. Every run records it in its session file, and shipped results carry it,
 * so a number can always be traced to the code that made it.
 */
import { execFileSync } from "node:child_process";
import { packageRoot } from "../data/dataset-files";
import { kernelBackend } from "../engine/wasm-kernels";

/** What made a set of results. */
export interface Provenance {
  /** `git rev-parse HEAD` of the project, "-dirty" appended when tracked files had changes; null outside a checkout. */
  readonly commit: string | null;
  /** The training kernels' build, e.g. "wasm-simd + relaxed-simd FMA (AssemblyScript)". */
  readonly kernelBuild: string;
  readonly node: string;
}

/** The project's commit, or null when git or the checkout is absent. */
export function projectCommit(projectRoot = packageRoot()): string | null {
  const git = (args: string[]) =>
    execFileSync("git", args, { cwd: projectRoot, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  try {
    const head = git(["rev-parse", "HEAD"]);
    // Untracked files (runs/, out/) do not change the code that ran.
    const dirty = git(["status", "--porcelain", "--untracked-files=no"]) !== "";
    return dirty ? `${head}-dirty` : head;
  } catch {
    return null;
  }
}

/** Provenance of results computed by this process. */
export function currentProvenance(): Provenance {
  return { commit: projectCommit(), kernelBuild: kernelBackend(), node: process.version };
}
