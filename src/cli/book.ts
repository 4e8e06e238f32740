/** CLI: `sparse-rnn book`: execute the notebooks and write the walkthrough book, a static offline HTML site. */
import type { Command } from "commander";
import { resolve } from "node:path";
import { bookSources, defaultExecutedDir, listNotebooks } from "../book/book-sources";
import { plural, writeBook } from "../book/book-site";
import { executeNotebooks } from "../book/notebook-execution";
import { checkBookInBrowser, formatBookCheck } from "../book/site-check";

interface BookOptions {
  execute: boolean;
  out: string;
  notebooks: string;
  executed?: string;
  quick?: boolean;
  title?: string;
  check?: boolean;
  json?: boolean;
}

/** Register the `book` command. */
export function registerBookCommands(program: Command): void {
  program
    .command("book")
    .description("execute the notebooks and write the walkthrough book (index.html + one page per chapter, offline)")
    .argument("[filter...]", "only notebooks whose file name contains one of these (e.g. 01 03)")
    .option("--no-execute", "build from the executed copies already in notebooks/executed/ (no Jupyter run)")
    .option("-o, --out <dir>", "the site folder", "out/book")
    .option("--notebooks <dir>", "the notebooks folder", "notebooks")
    .option("--executed <dir>", "the executed copies' folder (default: <notebooks>/executed)")
    .option("--quick", "execute in quick mode (SPARSE_RNN_QUICK=1); by default the environment decides")
    .option("--title <text>", "the book's title")
    .option(
      "--check",
      "then open every page in headless Chromium: no request outside the site, every chapter draws figures",
    )
    .option("--json", "print the report as JSON")
    .action(async (filters: string[], options: BookOptions) => {
      const notebooksDir = resolve(options.notebooks);
      const executedDir = resolve(options.executed ?? defaultExecutedDir(notebooksDir));
      const notebooks = listNotebooks(notebooksDir, filters);
      if (options.execute) {
        executeNotebooks({ notebooksDir, executedDir, notebooks, quick: options.quick ? true : undefined });
      }
      const report = writeBook({
        sources: bookSources(notebooks, executedDir),
        outDir: options.out,
        title: options.title,
      });
      const check = options.check ? await checkBookInBrowser(report.outDir) : undefined;
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ ...report, check }, null, 2)}\n`);
      } else {
        const lines = report.chapters.map(
          (c) => `  ${c.slug}.html  ${plural(c.figures, "figure")}, ${(c.bytes / 1024).toFixed(0)} KiB  ${c.title}`,
        );
        process.stdout.write(
          `book: ${plural(report.chapters.length, "chapter")} written to ${report.outDir} (open ${report.index})\n` +
            `${lines.join("\n")}\n`,
        );
        if (check) process.stdout.write(`${formatBookCheck(check)}\n`);
      }
      if (check && check.problems.length > 0) {
        throw new Error(`the book check found ${check.problems.length} problem(s) (listed above)`);
      }
    });
}
