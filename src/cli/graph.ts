/** CLI: `sparse-rnn graph …` (owned by its chapter's module; see README). */
import type { Command } from "commander";

/** Register the `graph` command group. */
export function registerGraphCommands(program: Command): void {
  void program;
}
