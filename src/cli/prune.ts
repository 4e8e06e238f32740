/** CLI: `sparse-rnn prune …` (owned by its chapter's module; see README). */
import type { Command } from "commander";

/** Register the `prune` command group. */
export function registerPruningCommands(program: Command): void {
  void program;
}
