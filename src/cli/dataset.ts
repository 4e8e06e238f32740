/** CLI: `sparse-rnn dataset …` (owned by its chapter's module; see README). */
import type { Command } from "commander";

/** Register the `dataset` command group. */
export function registerDatasetCommands(program: Command): void {
  void program;
}
