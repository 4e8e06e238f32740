/**
 * The reproduce command's report: each stage's headline numbers beside the thesis's, as plain-text tables
 * (also written to runs/<scale>/summary.md). Detailed figures live in the chapter notebooks.
 */
import { buildReberDataset, DEFAULT_DATASET_SEED } from "../data/reber-dataset";
import { datasetStats } from "../data/dataset-stats";
import { matchesDatasetFiles, shippedDataDir } from "../data/dataset-files";
import { loadStructureResults } from "../analysis/results-csv";
import { predictAccuracy } from "../analysis/performance-prediction";
import { pearson } from "../analysis/statistics";
import { smallWorldSpectrum } from "../analysis/small-world-spectrum";
import type { PropertyCorrelation } from "../analysis/structure-correlation";
import { longRangeLearning } from "../analysis/long-range-learning";
import { formatProportion } from "../analysis/proportion";
import { compareGateLayouts } from "../analysis/gate-layout-comparison";
import { differenceOverDegrees, randomBaselineComparison } from "../analysis/random-baseline-comparison";
import type { RecurrentMode } from "../models/architecture";
import { baseAccuracyBand, formatBand, safePercentBands, type Band } from "../pruning/replicate-bands";
import { readReplicatedRecords, replicatesOf } from "../pruning/replicated-records";
import { THESIS_SAFE_PRUNING } from "../pruning/recovery-analysis";
import { completeReplicates, methodsOf, readMethodRecords } from "../pruning/method-records";
import { denseAccuracies, methodReach, pairedComparison } from "../pruning/method-comparison";
import { formatDuration } from "./runner";
import type { StageStatus } from "./shipped-results";
import { describeAgreements, type Agreement } from "./study-comparison";
import { THESIS_MEAN_ACCURACY, THESIS_R2 } from "../analysis/thesis-structure-values";
import { THESIS_BASE_RESULTS } from "../training/thesis-base-results";

/** A titled plain-text table. */
export interface ReportSection {
  readonly title: string;
  readonly lines: readonly string[];
}

function table(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string[] {
  const cells = [header, ...rows].map((row) =>
    row.map((cell) => (typeof cell === "number" ? formatNumber(cell) : cell)),
  );
  const widths = header.map((_, column) => Math.max(...cells.map((row) => row[column]!.length)));
  const line = (row: readonly string[]) =>
    "| " + row.map((cell, column) => cell.padEnd(widths[column]!)).join(" | ") + " |";
  return [line(cells[0]!), "|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|", ...cells.slice(1).map(line)];
}

function count(value: number): string {
  return value.toLocaleString("en-US");
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Number.isInteger(value) ? value.toLocaleString("en-US") : value.toFixed(3);
}

/** Chapter 4: the shipped data set regenerated from the default seed, and its counts beside the thesis's. */
export function datasetSection(dataDir = shippedDataDir()): ReportSection {
  const dataset = buildReberDataset({ seed: DEFAULT_DATASET_SEED });
  const identical = matchesDatasetFiles(dataDir, dataset);
  const stats = {
    all: datasetStats(dataset.all),
    train: datasetStats(dataset.train),
    test: datasetStats(dataset.test),
  };
  return {
    title: "Data set (chapter 4)",
    lines: [
      `regenerated from seed ${DEFAULT_DATASET_SEED}: ` +
        `${identical ? "identical to" : "DIFFERENT FROM"} the files in ${dataDir}`,
      ...table(
        ["", "ours", "thesis"],
        [
          ["strings (valid / invalid)", `${count(stats.all.valid)} / ${count(stats.all.invalid)}`, "12,500 / 12,500"],
          ["train (valid / invalid)", `${count(stats.train.valid)} / ${count(stats.train.invalid)}`, "9,339 / 9,411"],
          ["test (valid / invalid)", `${count(stats.test.valid)} / ${count(stats.test.invalid)}`, "3,161 / 3,089"],
          ["lengths", `${stats.all.length.min}–${stats.all.length.max}`, "11–53"],
          ["mode length (count)", `${stats.all.length.mode} (${count(stats.all.length.modeCount)})`, "22 (2,112)"],
        ],
      ),
    ],
  };
}

function percentBand(band: Band): string {
  return band.min === band.max ? `${band.mean.toFixed(0)}%` : `${band.mean.toFixed(0)}% (${band.min}–${band.max})`;
}

/**
 * Chapters 6.1–6.2: base-model accuracies and the safe-pruning table, mean and min–max over replicates, beside the
 * thesis's.
 */
export function pruningSections(recordsPath: string, modes: readonly RecurrentMode[]): ReportSection[] {
  const records = readReplicatedRecords(recordsPath);
  const replicates = replicatesOf(records).length;
  const over = replicates > 1 ? `, mean (min–max) over ${replicates} base models per variant` : "";
  const base = modes.map((mode) => [
    mode,
    formatBand(baseAccuracyBand(records, mode)),
    THESIS_BASE_RESULTS[mode].finalTestAccuracy.toFixed(3),
  ]);
  const safe = safePercentBands(records, modes);
  return [
    {
      title: `Base models: final test accuracy (chapter 6.1${over})`,
      lines: table(["variant", "ours", "thesis"], base),
    },
    {
      title:
        "Largest safe pruning percentage, within 2 points of the base " +
        `model before re-training (chapter 6.2${over}; ours / thesis)`,
      lines: table(
        ["kind", ...modes],
        safe.map((row) => [
          row.kind,
          ...modes.map((mode) => `${percentBand(row.bands[mode]!)} / ${THESIS_SAFE_PRUNING[row.kind][mode] ?? "?"}%`),
        ]),
      ),
    },
  ];
}

/** A difference of accuracies in signed points, "+1.2 [-0.3, +2.7]" (the interval left out when there is none). */
function pointsWithInterval(mean: number, ci95: readonly [number, number]): string {
  const points = (x: number) => `${x >= 0 ? "+" : "-"}${Math.abs(100 * x).toFixed(1)}`;
  return Number.isFinite(ci95[0]) ? `${points(mean)} [${points(ci95[0])}, ${points(ci95[1])}]` : points(mean);
}

/**
 * A comparison of pruning methods in short: per variant the dense accuracy, magnitude − random after re-training with
 * its 95% t interval over seeds, and the share of weights each method removes within one point of the dense model.
 */
export function methodSections(title: string, recordsPath: string, modes: readonly RecurrentMode[]): ReportSection[] {
  const { records, incomplete } = completeReplicates(readMethodRecords(recordsPath));
  const methods = methodsOf(records);
  const rows = modes.map((mode) => {
    const dense = [...denseAccuracies(records, mode).values()];
    const paired =
      methods.includes("magnitude") && methods.includes("random")
        ? pairedComparison(records, mode, "magnitude", "random").overall
        : null;
    const difference = !paired ? "n/a" : pointsWithInterval(paired.mean, paired.ci95);
    const reach = new Map(methodReach(records, mode).map((r) => [r.method, r.sparsity.mean]));
    return [
      mode,
      (dense.reduce((a, b) => a + b, 0) / dense.length).toFixed(4),
      difference,
      ...methods.map((m) => (reach.has(m) ? `${(100 * reach.get(m)!).toFixed(0)}%` : "n/a")),
    ];
  });
  const seeds = new Set(records.map((r) => r.replicate)).size;
  return [
    {
      title,
      lines: [
        `${seeds} complete seed(s)` +
          `${incomplete.length ? ` (seed(s) ${incomplete.join(", ")} only partly shipped, left out)` : ""}. ` +
          "Magnitude − random: test-accuracy points after re-training, levels below 100%, " +
          "mean and 95% t interval over seeds. Then per method the weights removed at the largest " +
          "level within 1 point of the dense model (that level and all below), mean over seeds.",
        "",
        ...table(["variant", "dense", "magnitude − random", ...methods], rows),
      ],
    },
  ];
}

const PATH_LENGTH = "average_shortest_path_length";

/** "-0.71 [-0.75, -0.66]" for one property of a correlation list ("n/a" when absent). */
function correlationWithInterval(correlations: readonly PropertyCorrelation[], property: string): string {
  const c = correlations.find((entry) => entry.property === property);
  return c ? `${c.r.toFixed(2)} [${c.ci95[0].toFixed(2)}, ${c.ci95[1].toFixed(2)}]` : "n/a";
}

/** Beyond the thesis: the small-world spectrum's best bin per variant, its sweet-spot size and the complete graph. */
export function spectrumSections(title: string, resultsPath: string): ReportSection[] {
  const rows = loadStructureResults(resultsPath).rows;
  const { variants, grid } = smallWorldSpectrum(rows);
  const learning = longRangeLearning(rows, grid.pathLength);
  const tableRows = variants.map((variant) => {
    const best = variant.bins.find((bin) => bin.best);
    const tested = variant.bins.filter((bin) => bin.sweetSpot !== undefined);
    const test = variant.complete?.bestBinTest;
    return [
      variant.mode,
      variant.graphs,
      best
        ? `C ${best.clusteringRange.map((v) => v.toFixed(2)).join("–")}, ` +
          `L ${best.pathLengthRange.map((v) => v.toFixed(2)).join("–")}`
        : "n/a",
      best ? best.accuracy.mean.toFixed(4) : "n/a",
      `${tested.filter((bin) => bin.sweetSpot).length} of ${tested.length}`,
      variant.complete ? variant.complete.complete.mean.toFixed(4) : "n/a",
      !test ? "n/a" : pointsWithInterval(test.difference, test.ci95),
      correlationWithInterval(variant.correlations, PATH_LENGTH),
      correlationWithInterval(variant.withinDegreeCorrelations, PATH_LENGTH),
    ];
  });
  return [
    {
      title,
      lines: [
        `${rows.length} trained networks. Graphs binned over C × L; the sweet spot is the bins not ` +
          "worse than the best at p < 0.05 (one-tailed Welch); best bin − complete graph in test-accuracy " +
          "points with a 95% Welch interval; Pearson r of a graph's accuracy with its path length " +
          "L over all graphs and within each average degree k (equal weights), Fisher-z intervals.",
        "",
        ...table(
          [
            "variant",
            "graphs",
            "best bin",
            "its accuracy",
            "sweet-spot bins",
            "complete graph",
            "best bin − complete",
            "r(accuracy, L)",
            "r within each k",
          ],
          tableRows,
        ),
        "",
        `Trainings that learned the long-range dependency (test accuracy ≥ ${learning[0]?.threshold}), with Wilson ` +
          "95% intervals; graphs below the variant's median L against the rest, difference in percentage points " +
          "with Newcombe's interval; the same split within each average degree k, pooled (Mantel–Haenszel).",
        "",
        ...table(
          ["variant", "sparse graphs", "L < median", "L ≥ median", "short − long", "within k", "complete graph"],
          learning.map((variant) => {
            const split = variant.shortAgainstLong;
            return [
              variant.mode,
              formatProportion(variant.sparse),
              formatProportion(split.short),
              formatProportion(split.long),
              pointsWithInterval(split.difference.difference, split.difference.ci95),
              Number.isFinite(variant.withinDegree.difference)
                ? pointsWithInterval(variant.withinDegree.difference, variant.withinDegree.ci95)
                : "n/a",
              variant.complete ? formatProportion(variant.complete) : "n/a",
            ];
          }),
        ),
      ],
    },
  ];
}

/** Beyond the thesis: the spectrum's WS-flex graphs against random G(n, m) graphs with the same edges, per k. */
export function randomBaselineSections(title: string, spectrumPath: string, randomPath: string): ReportSection[] {
  const points = randomBaselineComparison(
    loadStructureResults(spectrumPath).rows,
    loadStructureResults(randomPath).rows,
  );
  return [
    {
      title,
      lines: [
        "Per variant and average degree k: connected G(n, m) graphs with WS-flex's edge count (the same weights) " +
          "against the WS-flex graphs of that k over all p; accuracy per graph (mean over its seeds); WS-flex − " +
          "G(n, m) in test-accuracy points with a 95% Welch interval.",
        "",
        ...table(
          ["variant", "k", "G(n, m) graphs", "G(n, m)", "WS-flex graphs", "WS-flex", "WS-flex − G(n, m)"],
          points.map((point) => [
            point.mode,
            point.k,
            point.random.n,
            point.random.mean.toFixed(4),
            point.smallWorld.n,
            point.smallWorld.mean.toFixed(4),
            pointsWithInterval(point.difference, point.ci95),
          ]),
        ),
        "",
        "Averaged over the degrees (paired by k, t interval over k): " +
          [...new Set(points.map((point) => point.mode))]
            .map((mode) => {
              const overall = differenceOverDegrees(points, mode);
              return `${mode} ${pointsWithInterval(overall.mean, overall.ci95)}`;
            })
            .join("; ") +
          ".",
      ],
    },
  ];
}

/** Beyond the thesis: the structure sweep's gated networks wired faithfully, against their thesis-wired twins. */
export function gateLayoutSections(title: string, thesisPath: string, faithfulPath: string): ReportSection[] {
  const comparisons = compareGateLayouts(
    loadStructureResults(thesisPath).rows,
    loadStructureResults(faithfulPath).rows,
  );
  return [
    {
      title,
      lines: [
        "The same networks (graph, initialisation, shuffling) with the thesis's gate wiring and the faithful one; " +
          "faithful − thesis in test-accuracy points, mean and 95% t interval over the paired networks.",
        "",
        ...table(
          ["variant", "graphs", "networks", "thesis", "faithful", "faithful − thesis"],
          comparisons.map((c) => [
            c.mode,
            c.generator === "all" ? "both" : c.generator,
            c.pairs,
            c.thesis.mean.toFixed(4),
            c.faithful.mean.toFixed(4),
            pointsWithInterval(c.difference.mean, c.difference.ci95),
          ]),
        ),
      ],
    },
  ];
}

/** The parts a results folder was computed in, with their measured wall time, and what it still misses. */
export function partsSection(statuses: readonly StageStatus[]): ReportSection {
  const rows = statuses.flatMap((status) =>
    status.parts.map((part) => [
      status.stage,
      part.experiment,
      part.part,
      part.host,
      part.startedAt.slice(0, 16).replace("T", " "),
      formatDuration(part.wallSeconds),
      part.jobsCompleted,
      (part.commit ?? "?").slice(0, 12),
    ]),
  );
  const state = statuses.map(
    (s) =>
      `${s.stage}: ${s.finished}/${s.jobs} jobs` +
      `${s.complete ? " (complete)" : s.present ? ` (missing ${s.missing.length})` : " (absent)"}`,
  );
  return {
    title: "Parts and their measured wall time",
    lines: [
      state.join(" · "),
      "",
      ...table(["stage", "experiment", "part", "host", "started (UTC)", "wall time", "jobs", "commit"], rows),
    ],
  };
}

/** A comparison of a fresh run with the shipped results: the verdict counts, then every number. */
export function comparisonSection(title: string, agreements: readonly Agreement[]): ReportSection {
  const rows = agreements.map((a) => [
    a.measure,
    a.variant,
    a.computed.toFixed(4),
    a.shipped.toFixed(4),
    `[${a.spread[0].toFixed(3)}, ${a.spread[1].toFixed(3)}]`,
    a.verdict,
  ]);
  return {
    title,
    lines: [
      describeAgreements(agreements),
      "",
      ...table(["measure", "variant", "this run", "shipped", "shipped spread", "verdict"], rows),
    ],
  };
}

/**
 * Chapters 6.3–6.4: mean accuracy of the structured networks, their strongest correlations, and R² of the regressors.
 */
export function structureSections(
  resultsPath: string,
  modes: readonly RecurrentMode[],
  repeats: number,
  seed = 0,
): ReportSection[] {
  const results = loadStructureResults(resultsPath);
  const accuracy: (string | number)[][] = [];
  const prediction: (string | number)[][] = [];
  for (const mode of modes) {
    const rows = results.rows.filter((row) => row.mode === mode);
    if (rows.length === 0) continue;
    const acc = rows.map((row) => Number(row.test_acc));
    const bySource = pearson(
      rows.map((row) => Number(row.source_nodes)),
      acc,
    );
    accuracy.push([
      mode,
      rows.length,
      (acc.reduce((a, b) => a + b, 0) / acc.length).toFixed(3),
      THESIS_MEAN_ACCURACY[mode].toFixed(3),
      bySource.toFixed(2),
    ]);
    const report = predictAccuracy({ rows, seed, repeats, source: resultsPath });
    prediction.push([
      mode,
      ...report.perRegressor.map(
        (r) =>
          `${r.summary.mean.toFixed(2)} ± ${(Number.isFinite(r.summary.sd) ? r.summary.sd : 0).toFixed(2)} ` +
          `/ ${THESIS_R2[mode][r.name].toFixed(2)}`,
      ),
    ]);
  }
  return [
    {
      title: "Graph-structured networks: mean test accuracy (chapter 6.3)",
      lines: table(["variant", "graphs", "ours", "thesis", "r(source_nodes, acc)"], accuracy),
    },
    {
      title:
        "Predicting accuracy from graph properties: " +
        `R² mean ± sd over ${repeats} random 90/10 splits / thesis's single split (chapter 6.4)`,
      lines: table(["variant", "Bayesian ridge", "random forest", "AdaBoost"], prediction),
    },
  ];
}

/** Render sections as Markdown-ish text. */
export function formatReport(title: string, sections: readonly ReportSection[]): string {
  return [`# ${title}`, "", ...sections.flatMap((section) => [`## ${section.title}`, "", ...section.lines, ""])].join(
    "\n",
  );
}
