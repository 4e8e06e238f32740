/**
 * CLI: `sparse-rnn figures`: every figure of every chapter from the study's results, paper-ready, without Jupyter:
 * PDF/SVG/PNG/HTML at a LaTeX size preset, each with its caption, and `figures.md` listing them
 * (src/plots/study-figures.ts makes the figures, src/plots/image-export.ts writes them).
 */
import type { Command } from "commander";
import { basename, resolve } from "node:path";
import { studyScale } from "../experiments/study-scale";
import {
  EXPORT_FORMATS,
  FigureBrowser,
  browserUnavailable,
  saveFigures,
  type ExportFormat,
} from "../plots/image-export";
import { checkFigureLayout } from "../plots/layout-check";
import { figureAt, type FigureBook } from "../plots/figure";
import { nameFilter, studyFigureNames, studyFigures } from "../plots/study-figures";
import { FIGURE_SIZES, PAPER_PRESETS, PX_PER_INCH, type SizeName } from "../plots/theme";

interface FiguresOptions {
  preset: string;
  format: string;
  only?: string;
  out: string;
  runs?: string;
  scale?: string;
  check?: boolean;
  list?: boolean;
  json?: boolean;
}

/** The formats of `--format` (comma-separated), checked. */
export function parseFormats(value: string): ExportFormat[] {
  const formats = value
    .split(",")
    .map((f) => f.trim().toLowerCase())
    .filter(Boolean);
  const unknown = formats.filter((f) => !EXPORT_FORMATS.includes(f as ExportFormat));
  if (formats.length === 0 || unknown.length > 0) {
    throw new Error(
      `sparse-rnn figures: invalid --format "${value}". Should be a comma-separated list of ` +
        `${EXPORT_FORMATS.join(", ")}.`,
    );
  }
  return [...new Set(formats)] as ExportFormat[];
}

/** The preset of `--preset`, checked. */
export function parsePreset(value: string): SizeName {
  if (!PAPER_PRESETS.includes(value as SizeName)) {
    throw new Error(`sparse-rnn figures: invalid --preset "${value}". Should be one of ${PAPER_PRESETS.join(", ")}.`);
  }
  return value as SizeName;
}

/** Register the `figures` command. */
export function registerFiguresCommands(program: Command): void {
  const widths = PAPER_PRESETS.map((p) => `${p} ${(FIGURE_SIZES[p].width / PX_PER_INCH).toFixed(2)} in`).join(", ");
  program
    .command("figures")
    .description(
      "write every chapter's figures from the results, paper-ready (PDF, SVG, PNG at 300 dpi, HTML) " +
        "with captions and figures.md",
    )
    .option("--preset <name>", `LaTeX size preset: ${widths} wide, 8 pt serif text`, "column")
    .option("--format <list>", `comma-separated formats: ${EXPORT_FORMATS.join(",")}`, EXPORT_FORMATS.join(","))
    .option("--only <patterns>", "only figures whose name matches (comma-separated; * is a wildcard, else a substring)")
    .option("-o, --out <dir>", "the output folder", "out/paper-figures")
    .option("--runs <dir>", "a results folder (e.g. runs/full) instead of the shipped results/full")
    .option(
      "--scale <name>",
      "the scale the results were computed at: full or quick (default: quick for a folder named quick)",
    )
    .option(
      "--check",
      "also render each figure in Chromium and fail if any text overlaps other text or leaves the figure",
    )
    .option("--list", "only list the figure names by chapter")
    .option("--json", "print the report as JSON")
    .action(async (options: FiguresOptions) => {
      if (options.list) {
        for (const { chapter, names } of studyFigureNames()) process.stdout.write(`${chapter}: ${names.join(", ")}\n`);
        return;
      }
      const preset = parsePreset(options.preset);
      const formats = parseFormats(options.format);
      const only = nameFilter(options.only);
      const runs = options.runs ? resolve(options.runs) : undefined;
      const scaleName = options.scale ?? (runs && basename(runs) === "quick" ? "quick" : "full");
      if (scaleName !== "quick" && scaleName !== "full")
        throw new Error(`sparse-rnn figures: invalid --scale "${scaleName}". Should be full or quick.`);
      const log = (line: string) => {
        if (!options.json) process.stdout.write(`${line}\n`);
      };
      const chapters = await studyFigures({ resultsDir: runs, scale: studyScale(scaleName), log }, only);
      const figures: FigureBook = Object.assign({}, ...chapters.map((c) => c.figures));
      if (Object.keys(figures).length === 0)
        throw new Error(`sparse-rnn figures: no figure matches --only "${options.only}" (see --list)`);
      const out = resolve(options.out);
      const needsBrowser = options.check || formats.some((f) => f !== "html");
      const browser = needsBrowser && !browserUnavailable() ? await FigureBrowser.open() : undefined;
      try {
        const report = await saveFigures(out, figures, { preset, formats, browser });
        const problems: string[] = [];
        if (options.check) {
          if (!browser) throw new Error(`sparse-rnn figures --check: ${browserUnavailable()}`);
          for (const [name, entry] of Object.entries(figures)) {
            for (const problem of await checkFigureLayout(browser, figureAt(entry, preset)))
              problems.push(`${name}: ${problem.message}`);
          }
        }
        if (options.json) {
          const layoutProblems = options.check ? problems : undefined;
          process.stdout.write(`${JSON.stringify({ preset, out, ...report, layoutProblems }, null, 2)}\n`);
        } else {
          const skipped = browser ? undefined : browserUnavailable();
          log(
            `figures: ${report.figures.length} at the ${preset} preset (${formats.join(", ")}) ` +
              `written to ${out}; index: ${resolve(out, "figures.md")}`,
          );
          if (skipped) log(skipped);
          if (options.check)
            log(
              problems.length === 0
                ? "layout check: no text overlaps or leaves its figure"
                : `layout check FAILED:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
            );
        }
        if (problems.length > 0) process.exitCode = 1;
      } finally {
        await browser?.close();
      }
    });
}
