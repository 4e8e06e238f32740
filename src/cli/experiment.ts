/** CLI: `sparse-rnn experiment …` (owned by its chapter's module; see README). */
import type { Command } from "commander";

/** Register the `experiment` command group. */
export function registerExperimentCommands(program: Command): void {
  void program;
}
