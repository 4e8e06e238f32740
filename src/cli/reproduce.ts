/**
 * CLI: `sparse-rnn reproduce`: every stage of the study at quick or full scale, resumable, with a summary beside the
 * thesis.
 */
import type { Command } from "commander";
import { existsSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { shippedResultsDir } from "../experiments/shipped-results";
import { compareWithShipped } from "../experiments/shipped-report";
import {
  ensurePruningStudy,
  ensureStructureSweep,
  runMethodsStage,
  runFaithfulStage,
  runPruningStage,
  runSpectrumRandomStage,
  runSpectrumStage,
  runStructureStage,
} from "../experiments/study-stages";
import { studyRunDir, studyScale } from "../experiments/study-scale";
import {
  datasetSection,
  formatReport,
  pruningSections,
  structureSections,
  type ReportSection,
} from "../experiments/study-report";
import { describeRun, parseShard } from "../experiments/runner";
import { writeFileAtomic } from "../files/atomic-file";
import { parseNumberOption } from "./model-options";
import { STAGE_FOLDERS, STAGE_NAMES, STUDY_STAGES } from "../experiments/study-stage-names";
import { parseReplicates } from "./experiment";

/** What `--stages` accepts: the data set, then the study's stages in the order they run. */
const STAGES: readonly string[] = ["dataset", ...STUDY_STAGES];

/**
 * What `reproduce` runs unless told otherwise: the thesis (the comparison of methods goes beyond it:
 * `--stages methods`).
 */
const THESIS_STAGES = ["dataset", "pruning", "structure"] as const;

interface ReproduceCliOptions {
  full?: boolean;
  stages: string;
  workers?: string;
  runs?: string;
  replicates?: string;
  shard?: string;
}

/** Register the `reproduce` command. */
export function registerReproduceCommands(program: Command): void {
  program
    .command("reproduce")
    .description(
      "reproduce the study: data set, base models and pruning, " +
        "structure sweep, accuracy prediction; resumes where it stopped",
    )
    .option("--full", "the thesis's full scale (default: the quick scale)")
    .option(
      "--stages <list>",
      `stages to run, of ${STAGES.join(",")} (methods, methods-embedded: the comparison of pruning ` +
        "methods on the thesis's task and on the embedded Reber task; spectrum: the small-world spectrum sweep; " +
        "spectrum-random: its random-graph baseline, G(n, m) graphs with the same edge counts; " +
        "faithful: the structure sweep's first graphs with graph-faithful gates; all beyond the thesis)",
      THESIS_STAGES.join(","),
    )
    .option("-j, --workers <n>", "parallel worker processes (default: number of cores)")
    .option("--runs <dir>", "results folder (default: runs/<scale>)")
    .option(
      "--replicates <list>",
      "a part of the study: only these replicates (seeds) of the pruning study, a comparison of methods or the " +
        "spectrum sweep or its baseline (e.g. 0), then stop",
    )
    .option(
      "--shard <i/n>",
      "a part of the study: only shard i of n of the structure or spectrum sweep (e.g. 0/2), then stop",
    )
    .action(async (options: ReproduceCliOptions) => {
      const scale = studyScale(options.full ? "full" : "quick");
      const runDir = options.runs ?? studyRunDir(scale);
      const workers = options.workers === undefined ? undefined : parseNumberOption("--workers", options.workers, 1);
      const stages = options.stages.split(",").map((stage) => stage.trim());
      for (const stage of stages)
        if (!STAGES.includes(stage))
          throw new Error(`--stages: unknown stage "${stage}" (expected ${STAGES.join(", ")})`);
      mkdirSync(runDir, { recursive: true });
      const say = (text: string) => process.stderr.write(`\n== ${text}\n`);
      if (options.replicates !== undefined || options.shard !== undefined) {
        // A part: run it, say where the study stands, and leave the summary to the run that completes it.
        const replicates = parseReplicates(options.replicates);
        const shard = options.shard === undefined ? undefined : parseShard(options.shard);
        if (replicates && stages.includes("pruning")) {
          say(`pruning study (${scale.name} scale), replicates ${replicates.join(",")}, in ${join(runDir, "pruning")}`);
          const result = await runPruningStage(scale, { workers, runDir, replicates });
          process.stderr.write(`base models: ${describeRun(result.base)}\n`);
          if (result.prune) process.stderr.write(`pruning runs: ${describeRun(result.prune)}\n`);
        }
        for (const stage of ["methods", "methods-embedded"] as const) {
          if (!replicates || !stages.includes(stage)) continue;
          say(`${STAGE_NAMES[stage]} (${scale.name} scale), replicates ${replicates.join(",")}`);
          const result = await runMethodsStage(scale, { workers, runDir, replicates }, stage);
          process.stderr.write(`base models: ${describeRun(result.base)}\n`);
          if (result.prune) process.stderr.write(`pruning runs: ${describeRun(result.prune)}\n`);
        }
        for (const [stage, run] of [
          ["spectrum", runSpectrumStage],
          ["spectrum-random", runSpectrumRandomStage],
        ] as const) {
          if (!(replicates || shard) || !stages.includes(stage)) continue;
          const part = [replicates && `replicates ${replicates.join(",")}`, shard && `shard ${options.shard}`];
          say(`${STAGE_NAMES[stage]} (${scale.name} scale), ${part.filter(Boolean).join(", ")}`);
          const summary = await run(scale, { workers, runDir, shard, replicates });
          process.stderr.write(`${STAGE_NAMES[stage]}: ${describeRun(summary)}\n`);
        }
        if (shard && stages.includes("faithful")) {
          say(`${STAGE_NAMES.faithful} (${scale.name} scale), shard ${options.shard}`);
          process.stderr.write(
            `faithful sweep: ${describeRun(await runFaithfulStage(scale, { workers, runDir, shard }))}\n`,
          );
        }
        if (shard && stages.includes("structure")) {
          say(`structure sweep (${scale.name} scale), shard ${options.shard}, in ${join(runDir, "structure")}`);
          process.stderr.write(
            `structure sweep: ${describeRun(await runStructureStage(scale, { workers, runDir, shard }))}\n`,
          );
        }
        process.stdout.write(`part done; \`sparse-rnn results status ${runDir}\` shows what the study still misses\n`);
        return;
      }
      const sections: ReportSection[] = [];
      if (stages.includes("dataset")) {
        say("data set");
        sections.push(datasetSection());
      }
      if (stages.includes("pruning")) {
        say(`base models and pruning study (${scale.name} scale) in ${join(runDir, "pruning")}`);
        const records = await ensurePruningStudy(scale, { workers, runDir });
        sections.push(...pruningSections(records, scale.modes));
      }
      for (const stage of ["methods", "methods-embedded"] as const) {
        if (!stages.includes(stage)) continue;
        say(`${STAGE_NAMES[stage]} (${scale.name} scale)`);
        const result = await runMethodsStage(scale, { workers, runDir }, stage);
        if (!result.recordsPath) throw new Error(`the ${STAGE_NAMES[stage]} did not finish; re-run to resume`);
        process.stderr.write(`records: ${result.recordsPath}\n`);
      }
      if (stages.includes("structure")) {
        say(`structure sweep (${scale.name} scale) in ${join(runDir, "structure")}`);
        const results = await ensureStructureSweep(scale, { workers, runDir });
        sections.push(...structureSections(results, scale.modes, scale.name === "full" ? 20 : 3));
      }
      for (const [stage, run] of [
        ["spectrum", runSpectrumStage],
        ["spectrum-random", runSpectrumRandomStage],
      ] as const) {
        if (!stages.includes(stage)) continue;
        say(`${STAGE_NAMES[stage]} (${scale.name} scale) in ${join(runDir, STAGE_FOLDERS[stage])}`);
        const summary = await run(scale, { workers, runDir });
        if (!summary.csvPath) throw new Error(`the ${STAGE_NAMES[stage]} did not finish; re-run to resume`);
        process.stderr.write(`results: ${summary.csvPath}\n`);
      }
      if (stages.includes("faithful")) {
        say(`${STAGE_NAMES.faithful} (${scale.name} scale) in ${join(runDir, STAGE_FOLDERS.faithful)}`);
        const summary = await runFaithfulStage(scale, { workers, runDir });
        if (!summary.csvPath) throw new Error(`the ${STAGE_NAMES.faithful} did not finish; re-run to resume`);
        process.stderr.write(`results: ${summary.csvPath}\n`);
      }
      const shipped = shippedResultsDir();
      if (scale.name === "full" && existsSync(shipped) && resolve(runDir) !== shipped) {
        say(`comparing with the shipped results in ${shipped}`);
        sections.push(...compareWithShipped(runDir, shipped, scale.modes));
      }
      const report = formatReport(`Reproduction of Darji (2021) at ${scale.name} scale`, sections);
      writeFileAtomic(join(runDir, "summary.md"), report);
      process.stdout.write(
        report + `\n(written to ${join(runDir, "summary.md")}; figures and discussion: the notebooks)\n`,
      );
    });
}
