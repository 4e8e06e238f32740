/** CLI: `sparse-rnn train …` (owned by its chapter's module; see README). */
import type { Command } from "commander";

/** Register the `train` command group. */
export function registerTrainingCommands(program: Command): void {
  void program;
}
