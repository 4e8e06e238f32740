/**
 * Execute notebooks for the book through scripts/run-notebooks.mjs: the same Jupyter + tslab path as
 * `npm run notebooks` and `npm test`, writing executed copies beside the sources (notebooks/executed/).
 */
import { spawnSync } from "node:child_process";
import { basename, join } from "node:path";
import { packageRoot } from "../data/dataset-files";

/** What to execute and how. */
export interface ExecutionOptions {
  /** The notebooks folder (scripts/run-notebooks.mjs's --dir). */
  notebooksDir: string;
  /** Where executed copies go (its --out). */
  executedDir: string;
  /** Notebook paths or names to run (matched by file name; all of the folder when empty). */
  notebooks?: readonly string[];
  /** Force quick mode on (true) or off (false); by default SPARSE_RNN_QUICK is passed through unchanged. */
  quick?: boolean;
}

/** The runner script of this checkout. */
export function notebookRunnerPath(): string {
  return join(packageRoot(), "scripts", "run-notebooks.mjs");
}

/** Run the notebooks, their progress on this process's stderr; throws when one fails or the runner cannot start. */
export function executeNotebooks(options: ExecutionOptions): void {
  const runner = notebookRunnerPath();
  const names = (options.notebooks ?? []).map((path) => basename(path));
  const env = { ...process.env };
  if (options.quick !== undefined) env.SPARSE_RNN_QUICK = options.quick ? "1" : "0";
  const result = spawnSync(
    process.execPath,
    [runner, ...names, `--dir=${options.notebooksDir}`, `--out=${options.executedDir}`],
    {
      env,
      stdio: ["ignore", process.stderr, process.stderr],
    },
  );
  if (result.error) throw new Error(`${runner}: cannot start the notebook runner (${result.error.message})`);
  if (result.status !== 0) {
    throw new Error(
      `executing the notebooks failed (${runner} exited with ${result.status ?? result.signal}; ` +
        "the failing cell is named above)",
    );
  }
}
