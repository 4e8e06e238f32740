/**
 * CLI: `sparse-rnn predict` (thesis 6.4, appendix B): predict a structured network's test accuracy from its graph's
 * features with Bayesian ridge, random forest and AdaBoost; print R², importances and correlations.
 */
import type { Command } from "commander";
import { loadStructureResults } from "../analysis/results-csv";
import { FEATURE_SUBSETS } from "../analysis/structure-features";
import { parseTestRows } from "../analysis/train-test-split";
import { predictAccuracy, type PredictionReport, type RegressorResult } from "../analysis/performance-prediction";
import { parseSeedOption } from "./model-options";

interface PredictOptions {
  results: string;
  features: string;
  seed: string;
  testRows?: string;
  testSize: string;
  repeats: string;
  json?: boolean;
}

/** Parse a numeric option, or throw naming it. */
function numberOption(name: string, text: string, check: (value: number) => boolean, expected: string): number {
  const value = Number(text);
  if (text.trim() === "" || !check(value)) throw new Error(`--${name} must be ${expected}, got "${text}"`);
  return value;
}

/** Human-readable name of a regressor. */
const TITLES: Record<string, string> = {
  bayesian_ridge: "Bayesian ridge",
  random_forest: "random forest",
  ada_boost: "AdaBoost",
};

/** Format a number with fixed decimals, keeping the sign column aligned. */
function fixed(value: number, digits = 5): string {
  return Number.isNaN(value) ? "n/a" : (value >= 0 ? " " : "") + value.toFixed(digits);
}

/** The text report: R² per regressor, importances side by side, correlations. */
function formatReport(report: PredictionReport, source: string): string {
  const lines: string[] = [];
  const split = report.fixedSplit
    ? `the given ${report.testCount} test rows`
    : `random ${report.trainCount}/${report.testCount} split${report.repeats > 1 ? "s" : ""}`;
  lines.push(
    `${source}: ${report.rowCount} graphs, ${report.features.length} features, target ${report.target}; ${split}`,
  );
  lines.push("");
  if (report.repeats === 1) {
    lines.push("R² on the test rows:");
    for (const r of report.perRegressor) lines.push(`  ${TITLES[r.name]!.padEnd(16)}${fixed(r.r2)}`);
    lines.push("");
    lines.push(
      `Note: this is one split with ${report.testCount} test graphs, ` +
        "as the thesis judged each regressor on one split of 20",
    );
    lines.push(
      "graphs; a single split says little (R² can move by tenths between splits). " +
        "Use --repeats 30 for a mean and interval.",
    );
  } else {
    const what = report.fixedSplit ? "ensemble seeds on the same test rows" : "random splits";
    lines.push(`R² over ${report.repeats} ${what}: mean ± sd [95% t interval of the mean]`);
    for (const r of report.perRegressor) {
      const s = r.summary;
      lines.push(
        `  ${TITLES[r.name]!.padEnd(16)}${fixed(s.mean)} ± ${s.sd.toFixed(5)}  [${fixed(s.ci95[0])}, ` +
          `${fixed(s.ci95[1])}]  min ${fixed(Math.min(...r.r2BySplit))} max ${fixed(Math.max(...r.r2BySplit))}`,
      );
    }
    lines.push("");
    lines.push(
      "The thesis judged each regressor on one split of 20 graphs; " +
        "a single split says little, these intervals say more.",
    );
  }
  lines.push("");
  const heads = report.perRegressor.map((r) => (r.name === "bayesian_ridge" ? "ridge coef" : `${TITLES[r.name]} imp.`));
  const width = Math.max(...report.features.map((f) => f.length), 7);
  lines.push(`${"feature".padEnd(width)}  ${heads.map((h) => h.padStart(20)).join("")}${"pearson r".padStart(12)}`);
  report.features.forEach((feature, f) => {
    const values = report.perRegressor
      .map((r: RegressorResult) => fixed(r.importances[f]!.value).padStart(20))
      .join("");
    lines.push(`${feature.padEnd(width)}  ${values}${fixed(report.correlations[f]!.pearson, 3).padStart(12)}`);
  });
  lines.push("");
  lines.push(
    "Importances: mean decrease in impurity (trees, normalised); " +
      "Bayesian ridge shows coefficients on [0, 1]-scaled features.",
  );
  lines.push(`Pearson r: each raw feature against ${report.target} over all ${report.rowCount} graphs.`);
  return lines.join("\n");
}

/** The column predicted (predictAccuracy's default target). */
const TARGET = "test_acc";

/**
 * Refuse a constant target column: its R² is undefined (0/0), and every regressor would "predict" it perfectly and
 * be reported with R² = 1. (A check the analysis module could own; kept beside the flag that names the file.)
 */
function checkTargetVaries(rows: readonly Record<string, unknown>[], source: string): void {
  const values = rows.map((row) => row[TARGET]);
  if (rows.length < 2 || values.some((value) => value !== values[0])) return;
  throw new Error(
    `--results ${source}: column "${TARGET}" is ${String(values[0])} in all ${rows.length} rows; ` +
      "R² is undefined for a constant target, so there is nothing to predict",
  );
}

/** Register the `predict` command. */
export function registerPredictCommands(program: Command): void {
  program
    .command("predict")
    .description("predict test accuracy from graph features (thesis 6.4): Bayesian ridge, random forest, AdaBoost")
    .requiredOption(
      "--results <file>",
      "results CSV in the thesis's schema (mode, graph, graph_nr, layers, …, test_acc)",
    )
    .option("--features <set>", `${Object.keys(FEATURE_SUBSETS).join("|")} or a comma-separated list of columns`, "all")
    .option("--seed <n>", "seed of the splits and the tree ensembles", "0")
    .option("--test-rows <list|file>", "explicit 0-based test rows (e.g. the thesis's split), as a list or a file")
    .option("--test-size <f>", "test fraction (or count when >= 1) for random splits", "0.1")
    .option("--repeats <n>", "repeat over N random splits (or N ensemble seeds with --test-rows)", "1")
    .option("--json", "print machine-readable JSON")
    .action((options: PredictOptions) => {
      const seed = parseSeedOption("--seed", options.seed);
      const testSize = numberOption("test-size", options.testSize, (v) => v > 0, "a positive fraction or count");
      const repeats = numberOption(
        "repeats",
        options.repeats,
        (v) => Number.isInteger(v) && v >= 1,
        "a positive integer",
      );
      const results = loadStructureResults(options.results);
      checkTargetVaries(results.rows, options.results);
      const testRows = options.testRows === undefined ? undefined : parseTestRows(options.testRows);
      const showProgress = !options.json && repeats > 1 && process.stderr.isTTY;
      const started = Date.now();
      const report = predictAccuracy({
        rows: results.rows,
        features: options.features,
        seed,
        testRows,
        testSize,
        repeats,
        source: options.results,
        onRepeat: showProgress
          ? (done, total) => {
              const rate = done / ((Date.now() - started) / 1000);
              process.stderr.write(
                `\r  ${done}/${total} splits, ${rate.toFixed(1)}/s, ETA ${Math.round((total - done) / rate)} s   `,
              );
              if (done === total) process.stderr.write("\n");
            }
          : undefined,
      });
      process.stdout.write(
        options.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report, options.results)}\n`,
      );
    });
}
