/**
 * Reports on shipped results: their `summary.md` (the study's numbers beside the thesis's, how complete they are and
 * the measured wall time of every part), and the comparison of a fresh `reproduce --full` run with them.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { loadStructureResults } from "../analysis/results-csv";
import type { RecurrentMode } from "../models/architecture";
import { readReplicatedRecords } from "../pruning/replicated-records";
import { writeFileAtomic } from "../files/atomic-file";
import { compareRecords, STAGE_TABLES, stageStatus, type RecordAgreement } from "./shipped-results";
import { comparePruningStudies, compareStructureSweeps } from "./study-comparison";
import { STAGE_NAMES, STUDY_STAGES, type StudyStage } from "./study-stage-names";
import {
  comparisonSection,
  formatReport,
  methodSections,
  partsSection,
  pruningSections,
  gateLayoutSections,
  randomBaselineSections,
  spectrumSections,
  structureSections,
  type ReportSection,
} from "./study-report";

/** Write `<resultsDir>/summary.md`: completeness and parts, then each present stage's numbers beside the thesis's. */
export function writeShippedSummary(resultsDir: string, modes: readonly RecurrentMode[]): string {
  // The thesis's stages always; a comparison of methods once some of it is shipped.
  const statuses = STUDY_STAGES.map((stage) => stageStatus(resultsDir, stage)).filter(
    (s) => s.present || s.stage === "pruning" || s.stage === "structure",
  );
  const finished = (stage: StudyStage) => (statuses.find((s) => s.stage === stage)?.finished ?? 0) > 0;
  const sections: ReportSection[] = [partsSection(statuses)];
  const pruning = join(resultsDir, STAGE_TABLES.pruning);
  if (finished("pruning") && existsSync(pruning)) sections.push(...pruningSections(pruning, modes));
  const structure = join(resultsDir, STAGE_TABLES.structure);
  if (finished("structure") && existsSync(structure)) sections.push(...structureSections(structure, modes, 20));
  for (const stage of ["methods", "methods-embedded"] as const) {
    const table = join(resultsDir, STAGE_TABLES[stage]);
    if (finished(stage) && existsSync(table))
      sections.push(...methodSections(`Beyond the thesis: ${STAGE_NAMES[stage]}`, table, modes));
  }
  const spectrum = join(resultsDir, STAGE_TABLES.spectrum);
  if (finished("spectrum") && existsSync(spectrum))
    sections.push(...spectrumSections(`Beyond the thesis: ${STAGE_NAMES.spectrum}`, spectrum));
  const random = join(resultsDir, STAGE_TABLES["spectrum-random"]);
  if (finished("spectrum") && finished("spectrum-random") && existsSync(spectrum) && existsSync(random))
    sections.push(...randomBaselineSections(`Beyond the thesis: ${STAGE_NAMES["spectrum-random"]}`, spectrum, random));
  const faithful = join(resultsDir, STAGE_TABLES.faithful);
  if (finished("faithful") && finished("structure") && existsSync(faithful))
    sections.push(...gateLayoutSections(`Beyond the thesis: ${STAGE_NAMES.faithful}`, structure, faithful));
  const incomplete = statuses.some((s) => !s.complete);
  const title = `The lab's full-scale results${incomplete ? " (incomplete: see the parts below)" : ""}`;
  const report = formatReport(title, sections);
  writeFileAtomic(join(resultsDir, "summary.md"), report);
  return report;
}

/**
 * Compare a run with the shipped results: its records job by job (`records`, computed here unless the caller has
 * them), then each stage it finished; a stage missing on either side is named, not compared.
 */
export function compareWithShipped(
  runDir: string,
  resultsDir: string,
  modes: readonly RecurrentMode[],
  records: readonly RecordAgreement[] = compareRecords(runDir, resultsDir),
): ReportSection[] {
  const sections: ReportSection[] = [recordsSection(records)];
  const missing: string[] = [];
  const both = (table: string) => existsSync(join(runDir, table)) && existsSync(join(resultsDir, table));
  if (both(STAGE_TABLES.pruning)) {
    const agreements = comparePruningStudies(
      readReplicatedRecords(join(runDir, STAGE_TABLES.pruning)),
      readReplicatedRecords(join(resultsDir, STAGE_TABLES.pruning)),
      modes,
    );
    sections.push(
      comparisonSection(
        "This run against the shipped results: pruning study (base accuracy, safe-pruning table)",
        agreements,
      ),
    );
  } else missing.push("pruning study");
  if (both(STAGE_TABLES.structure)) {
    const rows = (dir: string) => loadStructureResults(join(dir, STAGE_TABLES.structure)).rows;
    const agreements = compareStructureSweeps(rows(runDir), rows(resultsDir), modes);
    sections.push(
      comparisonSection(
        "This run against the shipped results: structure sweep (mean accuracy, tables 6.1–6.4, table 6.5)",
        agreements,
      ),
    );
  } else missing.push("structure sweep");
  if (missing.length > 0) {
    sections.push({
      title: "Not compared",
      lines: [`${missing.join(" and ")}: absent from ${runDir} or from ${resultsDir}`],
    });
  }
  return sections;
}

/** The job-by-job agreement of a run's records with the shipped ones, one line per experiment both hold. */
function recordsSection(agreements: readonly RecordAgreement[]): ReportSection {
  const title = "This run against the shipped results: records, job by job (all columns but the wall time)";
  if (agreements.length === 0) return { title, lines: ["no experiment holds finished jobs on both sides"] };
  const lines = agreements.map((a) => {
    const extra = `${a.onlyInRun} only in this run, ${a.onlyShipped} only shipped`;
    if (a.notComparable) return `${a.experiment}: not compared, ${a.notComparable} (${extra})`;
    const shown = a.different.slice(0, 3).join(", ") + (a.different.length > 3 ? ", …" : "");
    const differ = a.different.length > 0 ? `, ${a.different.length} DIFFERENT (${shown})` : "";
    return `${a.experiment}: ${a.identical} identical${differ}; ${extra}`;
  });
  const different = agreements.reduce((n, a) => n + a.different.length, 0);
  const compared = agreements.reduce((n, a) => n + a.identical + a.different.length, 0);
  // Another kernel build rounds differently (float32's last bits), so its numbers are not expected to match exactly.
  const otherBuilds = agreements.filter(
    (a) => a.different.length > 0 && a.kernelBuilds.run.some((build) => !a.kernelBuilds.shipped.includes(build)),
  );
  const builds = (list: readonly string[]) => list.join(" and ") || "an unrecorded build";
  const verdict =
    different === 0
      ? `${compared} jobs finished on both sides: every one identical.`
      : otherBuilds.length > 0
        ? `${different} of ${compared} jobs finished on both sides differ, computed by other kernels: this run used ` +
          `${builds(otherBuilds[0]!.kernelBuilds.run)}, the shipped records ` +
          `${builds(otherBuilds[0]!.kernelBuilds.shipped)}. Builds round differently in float32's last bits; ` +
          "rerun with SPARSE_RNN_KERNELS naming the shipped build (fma: wasm-simd + relaxed-simd FMA) to compare " +
          "bit for bit."
        : `${different} of ${compared} jobs finished on both sides differ: the same seed must give the same numbers.`;
  return { title, lines: [verdict, "", ...lines] };
}
