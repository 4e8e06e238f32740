/** Where the independent reference data lives: $SPARSE_RNN_REFERENCE, else `../shared/reference` beside the project. */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { packageRoot } from "../data/dataset-files";

/** The reference folder, or null when this checkout has none (a fresh clone): notebooks then skip their comparisons. */
export function referenceDir(env: NodeJS.ProcessEnv = process.env, projectRoot = packageRoot()): string | null {
  const dir = resolve(env.SPARSE_RNN_REFERENCE ?? resolve(projectRoot, "..", "shared", "reference"));
  return existsSync(dir) ? dir : null;
}
