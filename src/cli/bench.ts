/** CLI: `sparse-rnn bench …` (owned by its chapter's module; see README). */
import type { Command } from "commander";

/** Register the `bench` command group. */
export function registerBenchCommands(program: Command): void {
  void program;
}
