/** The `sparse-rnn` command line: each command group registers itself from its own module. */
import { Command } from "commander";
import { registerCommands } from "./registry";

/** Build the full command tree (exported so tests can drive it without spawning a process). */
export function buildProgram(): Command {
  const program = new Command("sparse-rnn")
    .description("A laboratory for sparsity in recurrent neural networks (Darji 2021, reproduced)")
    .showHelpAfterError()
    .exitOverride();
  registerCommands(program);
  return program;
}

/** Run the CLI on process-style argv. */
export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "commander.helpDisplayed" || code === "commander.version" || code === "commander.help") return;
    if (code?.startsWith("commander.")) {
      process.exitCode = 1;
      return;
    }
    throw error;
  }
}
