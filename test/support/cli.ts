/** Runs the compiled `sparse-rnn` CLI in a child process, as a user would, and returns its exit status and output. */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";
import { Command } from "commander";
import { registerExperimentCommands } from "../../src/cli/experiment";

const mainModule = resolve(__dirname, "..", "..", "src", "cli", "main.js");

/** Result of one CLI run. */
export interface CliResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The script that runs `sparse-rnn <args>` as bin/sparse-rnn.js does (errors printed, exit status 1). */
function script(args: readonly string[]): string {
  return (
    `require(${JSON.stringify(mainModule)}).main(["node", "sparse-rnn", ...${JSON.stringify(args)}])` +
    `.catch((e) => { process.stderr.write("sparse-rnn: " + e.message + "\\n"); process.exitCode = 1; });`
  );
}

/** Run `sparse-rnn <args>` on the compiled CLI (errors printed as bin/sparse-rnn.js prints them). */
export function cli(...args: string[]): CliResult {
  const result = spawnSync(process.execPath, ["-e", script(args)], { encoding: "utf8" });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** A CLI run in the background (to interrupt it): the process, its stderr so far, and its end. */
export interface RunningCli {
  readonly child: ChildProcess;
  stderr(): string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

/** Start `sparse-rnn <args>` without waiting for it. */
export function startCli(...args: string[]): RunningCli {
  const child = spawn(process.execPath, ["-e", script(args)], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal, stderr })),
  );
  return { child, stderr: () => stderr, exited };
}

/** Run `sparse-rnn experiment …` in this process (commander's errors thrown, not printed); its stdout. */
export async function experimentCli(args: string[]): Promise<string> {
  const program = new Command("sparse-rnn").exitOverride();
  program.configureOutput({ writeErr: () => undefined });
  registerExperimentCommands(program);
  let out = "";
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string) => ((out += chunk), true)) as typeof process.stdout.write;
  try {
    await program.parseAsync(args, { from: "user" });
  } finally {
    process.stdout.write = write;
  }
  return out;
}
