/** Runs the compiled `sparse-rnn` CLI in a child process, as a user would, and returns its exit status and output. */
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";

const mainModule = resolve(__dirname, "..", "..", "src", "cli", "main.js");

/** Result of one CLI run. */
export interface CliResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run `sparse-rnn <args>` on the compiled CLI (errors printed as bin/sparse-rnn.js prints them). */
export function cli(...args: string[]): CliResult {
  const script =
    `require(${JSON.stringify(mainModule)}).main(["node", "sparse-rnn", ...${JSON.stringify(args)}])` +
    `.catch((e) => { process.stderr.write("sparse-rnn: " + e.message + "\\n"); process.exitCode = 1; });`;
  const result = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
