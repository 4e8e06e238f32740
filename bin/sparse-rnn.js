#!/usr/bin/env node
// Thin launcher: the CLI is compiled TypeScript in dist/ (run `npm run build` first).
require("../dist/cli/main.js")
  .main(process.argv)
  .catch((error) => {
    process.stderr.write(`sparse-rnn: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
