/** CLI: `sparse-rnn results …`: the shipped full-scale results: status, shipping a part, verifying, comparing. */
import type { Command } from "commander";
import { resolve } from "node:path";
import { RECURRENT_MODES } from "../models/architecture";
import { formatDuration } from "../experiments/runner";
import {
  compareRecords,
  shippedResultsDir,
  shipStudy,
  unpackShipped,
  stageStatus,
  verifyShippedResults,
  writeShippedManifest,
  type ShipReport,
} from "../experiments/shipped-results";
import { compareWithShipped, writeShippedSummary } from "../experiments/shipped-report";
import { STUDY_STAGES } from "../experiments/study-stage-names";
import { formatReport } from "../experiments/study-report";
import { studyRunDir, FULL_SCALE } from "../experiments/study-scale";

/** What a ship or an unpack copied, a line per experiment folder. */
function printCopied(report: ShipReport, verb: "added" | "unpacked"): void {
  for (const e of report.experiments) {
    process.stdout.write(
      `${e.experiment}: ${e.added} records ${verb}, ${e.alreadyShipped} already there (identical)\n`,
    );
  }
  if (report.models.length) process.stdout.write(`models: ${report.models.join(", ")}\n`);
}

/** Register the `results` command group. */
export function registerResultsCommands(program: Command): void {
  const group = program
    .command("results")
    .description("the lab's shipped full-scale results (results/full): status, ship a finished part, verify, compare");
  group
    .command("status")
    .description("which jobs of each stage a results (or runs) folder holds, its parts and their measured wall time")
    .argument("[dir]", "results or runs folder", shippedResultsDir())
    .option("--json", "machine-readable")
    .action((dir: string, options: { json?: boolean }) => {
      const statuses = STUDY_STAGES.map((stage) => stageStatus(resolve(dir), stage));
      if (options.json) {
        process.stdout.write(
          JSON.stringify(
            statuses.map(({ missing, missingIndices: _indices, ...s }) => ({ ...s, missing: missing.length })),
            null,
            2,
          ) + "\n",
        );
        return;
      }
      for (const s of statuses) {
        const missing = `${s.missing.length} missing (first: ${s.missing.slice(0, 3).join(", ")})`;
        const state = s.present ? `${s.finished}/${s.jobs} jobs, ${s.complete ? "complete" : missing}` : "absent";
        const measured = `measured ${formatDuration(s.wallSeconds)} in ${s.parts.length} session(s)`;
        process.stdout.write(`${s.stage}: ${state}; ${measured}\n`);
        for (const p of s.parts) {
          const when = `${p.startedAt} · ${formatDuration(p.wallSeconds)} · ${p.jobsCompleted} jobs`;
          process.stdout.write(`  ${p.experiment} · ${p.part} · ${p.host} · ${when}\n`);
        }
      }
    });
  group
    .command("ship")
    .description(
      "add a run's finished records and seed-0 base models to the shipped results; rewrite tables, manifest, summary",
    )
    .option("--from <dir>", "the run folder", studyRunDir(FULL_SCALE))
    .option("--to <dir>", "the shipped results folder", shippedResultsDir())
    .action((options: { from: string; to: string }) => {
      printCopied(shipStudy(resolve(options.from), resolve(options.to)), "added");
      const manifest = writeShippedManifest(resolve(options.to));
      writeShippedSummary(resolve(options.to), FULL_SCALE.modes);
      for (const [stage, s] of Object.entries(manifest.stages))
        process.stdout.write(
          `${stage}: ${s.finished}/${s.jobs} jobs shipped, ${formatDuration(s.wallSeconds)} measured\n`,
        );
    });
  group
    .command("unpack")
    .description("seed a run folder with the shipped records, so a part computed here skips what is already shipped")
    .option("--from <dir>", "the shipped results folder", shippedResultsDir())
    .option("--to <dir>", "the run folder", studyRunDir(FULL_SCALE))
    .action((options: { from: string; to: string }) => {
      printCopied(unpackShipped(resolve(options.from), resolve(options.to)), "unpacked");
    });
  group
    .command("verify")
    .description(
      "check shipped results against themselves: data fingerprint, rows per job, tables equal to the records",
    )
    .argument("[dir]", "results folder", shippedResultsDir())
    .action((dir: string) => {
      const problems = verifyShippedResults(resolve(dir));
      for (const p of problems) process.stderr.write(`${p.file}: ${p.problem}\n`);
      if (problems.length > 0) process.exitCode = 1;
      else process.stdout.write(`${dir}: consistent\n`);
    });
  group
    .command("compare")
    .description(
      "compare a run's numbers with the shipped ones: its records job by job (any part, exit code 1 if one differs), " +
        "then each finished stage's tables: identical, within the shipped seed spread, or outside it",
    )
    .argument("[dir]", "the run folder", studyRunDir(FULL_SCALE))
    .option("--shipped <dir>", "the shipped results folder", shippedResultsDir())
    .action((dir: string, options: { shipped: string }) => {
      const [run, shipped] = [resolve(dir), resolve(options.shipped)];
      const records = compareRecords(run, shipped);
      const report = compareWithShipped(run, shipped, RECURRENT_MODES, records);
      process.stdout.write(formatReport(`${dir} against ${options.shipped}`, report) + "\n");
      // A recomputed job with other numbers is a failure to reproduce: scripts and CI see it in the exit code.
      if (records.some((a) => a.different.length > 0)) process.exitCode = 1;
    });
}
