/** Where notebooks write what they make: out/figures/<notebook>/ under the project (gitignored). */
import { resolve } from "node:path";
import { shippedDataDir } from "../data/dataset-files";

/** The folder for a notebook's figures: SPARSE_RNN_FIGURES/<name> when set, else <project>/out/figures/<name>. */
export function figureDir(notebook: string, env: NodeJS.ProcessEnv = process.env): string {
  if (!/^[\w.-]+$/.test(notebook))
    throw new Error(`notebook name "${notebook}" must be a plain folder name (letters, digits, _ . -)`);
  // The shipped data/ folder sits at the project root, so its parent is the root.
  const base = env.SPARSE_RNN_FIGURES ?? resolve(shippedDataDir(), "..", "out", "figures");
  return resolve(base, notebook);
}
