/** CLI: `sparse-rnn predict …` (owned by its chapter's module; see README). */
import type { Command } from "commander";

/** Register the `predict` command group. */
export function registerPredictCommands(program: Command): void {
  void program;
}
