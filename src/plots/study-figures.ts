/**
 * Every figure of every chapter, from the study's results and without Jupyter: what `sparse-rnn figures` writes.
 * Each chapter reads its inputs the way its notebook does (the same loaders, seeds and settings) and calls the same
 * figure functions, so a notebook's figures and these files are the same figures; each entry is a builder, drawn
 * at whatever size is asked for.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { loadStructureResults, type StructureRow } from "../analysis/results-csv";
import {
  learningCurve,
  learningCurveSizes,
  predictAccuracy,
  predictBySubset,
  type PredictionReport,
} from "../analysis/performance-prediction";
import { correlationsByVariant, strongestProperties } from "../analysis/structure-correlation";
import { THESIS_CORRELATION_PROPERTIES, THESIS_CORRELATIONS, THESIS_R2 } from "../analysis/thesis-structure-values";
import { DATASET_FILES, loadSplit, shippedDataDir } from "../data/dataset-files";
import { datasetStats, type SplitStats } from "../data/dataset-stats";
import { readLabelledCsv } from "../data/labelled-csv";
import { shippedResultsDir } from "../experiments/shipped-results";
import { studyScale, type StudyScale } from "../experiments/study-scale";
import { LayeredGraph } from "../graphs/layered-graph";
import { generateGraph } from "../graphs/random-graphs";
import { RECURRENT_MODES, type RecurrentMode } from "../models/architecture";
import { baseModelPath } from "../notebook/base-models";
import { r2Rows, randomForestOf } from "../notebook/prediction-tables";
import { referenceDir as defaultReferenceDir } from "../notebook/reference-dir";
import { openStudyStage } from "../notebook/study-results";
import { readReplicatedRecords, type ReplicatedRecord } from "../pruning/replicated-records";
import { completeReplicates, readMethodRecords } from "../pruning/method-records";
import { pairedComparison } from "../pruning/method-comparison";
import { methodAccuracyFigure, methodCostFigure, pairedDifferenceFigure } from "./pruning-method-figures";
import { smallWorldSpectrum } from "../analysis/small-world-spectrum";
import { randomBaselineComparison } from "../analysis/random-baseline-comparison";
import { longRangeLearning } from "../analysis/long-range-learning";
import {
  longRangeLearningFigure,
  randomBaselineFigure,
  spectrumHeatmapsFigure,
  spectrumMeasureFigure,
} from "./spectrum-figures";
import { SeededRandom } from "../random/seeded-random";
import { epochTimes } from "../training/epoch-time";
import { readThesisBaseRecords, summariseBaseRun } from "../training/thesis-base-results";
import { readModelFile } from "../weights/model-file";
import { reberDiagramFigure } from "./automaton-diagram";
import { baseCurvesFigure, epochTimeFigure } from "./base-model-figures";
import { activationFunctionsFigure } from "./cell-figures";
import { characterCountsFigure, labelsPerSplitFigure, lengthDistributionsFigure } from "./dataset-figures";
import type { FigureBook } from "./figure";
import {
  importanceGridFigure,
  learningCurveFigure,
  predictionGridFigure,
  r2ComparisonFigure,
} from "./prediction-figures";
import { accuracyAfterPruningFigure, retrainingCurvesFigure, weightMagnitudeFigure } from "./pruning-figures";
import {
  accuracyByGeneratorFigure,
  correlationHeatmapFigure,
  jointPlotsFigure,
  layeredGraphFigure,
  propertyDistributionsFigure,
  variantCorrelationFigure,
} from "./structure-figures";
import { VARIANT_COLORS } from "./theme";

/** Where the study's inputs are. */
export interface StudyFigureSources {
  /** The results folder (default: the shipped `results/full`, or SPARSE_RNN_RESULTS). */
  readonly resultsDir?: string;
  /** The scale the results were computed at (default full; quick for a `runs/quick` folder). */
  readonly scale?: StudyScale;
  /** The data set's folder (default: the shipped `data/`). */
  readonly dataDir?: string;
  /** The thesis's reference data (`../shared/reference`), or null to draw without it (default: found if present). */
  readonly referenceDir?: string | null;
  /** A line of progress per chapter. */
  readonly log?: (line: string) => void;
}

/** One chapter's figures. */
export interface ChapterFigures {
  /** The notebook's name, e.g. "04-pruning". */
  readonly chapter: string;
  readonly figures: FigureBook;
}

/** A chapter of the catalog: the figure names it makes, and how to make them. */
interface ChapterEntry {
  readonly chapter: string;
  readonly names: readonly string[];
  build(
    sources: Required<Omit<StudyFigureSources, "log" | "referenceDir">> & { referenceDir: string | null },
  ): Promise<FigureBook> | FigureBook;
}

const lower = (mode: string) => mode.toLowerCase();

/** Chapter 4 (notebook 01): the grammar and the data set. */
function datasetChapter(dataDir: string): FigureBook {
  const whole = readLabelledCsv(join(dataDir, DATASET_FILES.all));
  const { train, test } = loadSplit(dataDir);
  const stats: SplitStats = { whole: datasetStats(whole), train: datasetStats(train), test: datasetStats(test) };
  return {
    "reber-diagram": (size) => reberDiagramFigure({ size }),
    "labels-per-split": (size) => labelsPerSplitFigure(stats, { size }),
    "length-distributions": (size) => lengthDistributionsFigure(stats, { size }),
    "character-counts": (size) => characterCountsFigure(stats.whole, { size }),
  };
}

/** The pruning study's records (every seed) and the thesis's, as notebooks 03 and 04 read them. */
async function pruningRecords(resultsDir: string, scale: StudyScale) {
  const study = await openStudyStage("pruning", { compute: false, scale, resultsDir });
  return { study, records: readReplicatedRecords(study.table) };
}

/** Chapter 6.1 (notebook 03): the base models' curves and epoch times. */
async function baseModelChapter(resultsDir: string, scale: StudyScale, reference: string | null): Promise<FigureBook> {
  const { records: allSeeds } = await pruningRecords(resultsDir, scale);
  const records = allSeeds.filter((r) => r.replicate === 0);
  const thesis = (reference ? readThesisBaseRecords(reference) : null) ?? undefined;
  const usedRows = (scale.trainRows ?? 18750) + (scale.testRows ?? 6250);
  const times = epochTimes(
    scale.modes.map((mode) => summariseBaseRun(records, mode)),
    { usedRows },
  );
  return {
    "base-accuracy": (size) => baseCurvesFigure(scale.modes, records, "acc", { thesis, size }),
    "base-loss": (size) => baseCurvesFigure(scale.modes, records, "loss", { thesis, size }),
    "epoch-time": (size) => epochTimeFigure(times, { size }),
  };
}

/** Beyond the thesis (notebook 07): the pruning methods compared, from the shipped comparison's records. */
async function methodsChapter(resultsDir: string, scale: StudyScale): Promise<FigureBook> {
  const study = await openStudyStage("methods", { compute: false, scale, resultsDir });
  // As notebook 07: only the seeds whose every run is shipped.
  const records = completeReplicates(readMethodRecords(study.table)).records;
  const embeddedStudy = await openStudyStage("methods-embedded", { compute: false, scale, resultsDir });
  const embedded = completeReplicates(readMethodRecords(embeddedStudy.table)).records;
  const modes = scale.methods.modes;
  const compare = (stage: "final" | "pruned") =>
    modes.map((mode) => pairedComparison(records, mode, "magnitude", "random", { stage }));
  return {
    "methods-accuracy": (size) => methodAccuracyFigure(records, modes, { size }),
    "methods-accuracy-pruned": (size) => methodAccuracyFigure(records, modes, { stage: "pruned", size }),
    "magnitude-vs-random": (size) => pairedDifferenceFigure(compare("final"), { size }),
    "magnitude-vs-random-pruned": (size) => pairedDifferenceFigure(compare("pruned"), { size }),
    "methods-cost": (size) => methodCostFigure(records, modes, { size }),
    "methods-accuracy-embedded": (size) =>
      methodAccuracyFigure(embedded, modes, {
        size,
        title: "Embedded Reber task, 8 units per layer: test accuracy after re-training per pruning method",
      }),
  };
}

/**
 * Beyond the thesis (notebook 08): the small-world spectrum sweep's heatmaps and measures, the WS-flex graphs
 * against their random baseline, and the share that learned the long-range dependency, from the shipped rows.
 */
async function spectrumChapter(resultsDir: string, scale: StudyScale): Promise<FigureBook> {
  const sweep = await openStudyStage("spectrum", { compute: false, scale, resultsDir });
  const rows = loadStructureResults(sweep.table).rows;
  const { grid, variants } = smallWorldSpectrum(rows);
  const random = await openStudyStage("spectrum-random", { compute: false, scale, resultsDir });
  const baseline = randomBaselineComparison(rows, loadStructureResults(random.table).rows);
  const learning = longRangeLearning(rows, grid.pathLength);
  return {
    "spectrum-heatmaps": (size) => spectrumHeatmapsFigure(variants, grid, { size }),
    "spectrum-measures": (size) => spectrumMeasureFigure(rows, { size }),
    "spectrum-random-baseline": (size) => randomBaselineFigure(baseline, { size }),
    "spectrum-long-range-learning": (size) => longRangeLearningFigure(learning, { size }),
  };
}

/** The thesis's pruning records (`thesis-results/prune-<mode>.csv`), or undefined without the reference data. */
function thesisPruningRecords(reference: string | null, modes: readonly string[]): ReplicatedRecord[] | undefined {
  const dir = join(reference ?? "(absent)", "thesis-results");
  return existsSync(dir) ? modes.flatMap((m) => readReplicatedRecords(join(dir, `prune-${lower(m)}.csv`))) : undefined;
}

/** Chapters 5.2/6.2 (notebook 04): weight magnitudes, accuracy after pruning, re-training curves. */
async function pruningChapter(resultsDir: string, scale: StudyScale, reference: string | null): Promise<FigureBook> {
  const { study, records } = await pruningRecords(resultsDir, scale);
  const modes = [...scale.modes];
  const thesis = thesisPruningRecords(reference, modes);
  const gru = readModelFile(baseModelPath(study.folder, "GRU")).tensors;
  const book: FigureBook = {
    "weight-magnitudes-gru": (size) => weightMagnitudeFigure(gru, [30, 50, 70, 90], { size }),
    "accuracy-after-pruning": (size) => accuracyAfterPruningFigure(records, modes, { thesis, size }),
  };
  for (const mode of modes)
    book[`retraining-${lower(mode)}`] = (size) => retrainingCurvesFigure(records, mode, { thesis, size });
  return book;
}

/** The two small example graphs of notebook 05 (14 vertices, seed 5). */
export function exampleGraphs(): { BA: LayeredGraph; WS: LayeredGraph } {
  const ba = generateGraph({ generator: "barabasi_albert", nodes: 14, m: 1, start: "empty" }, new SeededRandom(5));
  const ws = generateGraph({ generator: "watts_strogatz", nodes: 14, k: 2, p: 1, tries: 10 }, new SeededRandom(5));
  return { BA: LayeredGraph.fromGraph(ba), WS: LayeredGraph.fromGraph(ws) };
}

/** The variants in a sweep's rows, in first-seen order (the notebooks ask the arquero table the same). */
function variantsOf(rows: readonly StructureRow[]): string[] {
  return [...new Set(rows.map((r) => String(r.mode)))];
}

/** Chapters 5.3/6.3 (notebook 05): example graphs, accuracy by generator, properties and their correlations. */
async function structureChapter(resultsDir: string, scale: StudyScale): Promise<FigureBook> {
  const sweep = await openStudyStage("structure", { compute: false, scale, resultsDir });
  const rows = loadStructureResults(sweep.table).rows;
  const modes = variantsOf(rows);
  const layered = exampleGraphs();
  const byVariant = correlationsByVariant(rows, { seed: 0, source: sweep.table });
  const strongest = strongestProperties(byVariant, { count: 4 });
  const book: FigureBook = {
    "example-BA": (size) => layeredGraphFigure(layered.BA, { title: "A small BA graph as layers", size }),
    "example-WS": (size) => layeredGraphFigure(layered.WS, { title: "A small WS graph as layers", size }),
    "accuracy-by-generator": (size) => accuracyByGeneratorFigure(rows, modes, { size }),
    "property-distributions": (size) =>
      propertyDistributionsFigure(
        rows.filter((r) => r.mode === modes[0]),
        ["nodes", "edges", "layers", "density"],
        {
          size,
        },
      ),
    "correlation-heatmap": (size) => correlationHeatmapFigure(byVariant, { size }),
  };
  for (const mode of modes) {
    const ours = byVariant.get(mode)!.filter((c) => THESIS_CORRELATION_PROPERTIES.includes(c.property));
    const thesis = THESIS_CORRELATIONS[mode as RecurrentMode] ?? {};
    book[`correlations-${lower(mode)}`] = (size) => variantCorrelationFigure(mode, ours, thesis, { size });
  }
  book["joint-strongest"] = (size) => jointPlotsFigure(rows, strongest, modes, { size });
  return book;
}

/** The settings of notebook 06's predictions at a scale: splits per variant and the learning curve's repeats. */
export function predictionSettings(scale: StudyScale): { repeats: number; curveRepeats: number } {
  return scale.name === "quick" ? { repeats: 5, curveRepeats: 5 } : { repeats: 20, curveRepeats: 10 };
}

/** The feature subsets of the importance figures (appendix B). */
export const IMPORTANCE_SUBSETS = ["without_node_edge", "only_node_edge", "only_var"] as const;

/** Chapter 6.4 and appendix B (notebook 06): R² against the thesis's, predictions, importances, learning curve. */
async function predictionChapter(resultsDir: string, scale: StudyScale): Promise<FigureBook> {
  const sweep = await openStudyStage("structure", { compute: false, scale, resultsDir });
  const source = sweep.table;
  const rows = loadStructureResults(source).rows;
  const modes = variantsOf(rows);
  const rowsOf = (mode: string) => rows.filter((r) => r.mode === mode);
  const { repeats, curveRepeats } = predictionSettings(scale);
  const reports = new Map<string, PredictionReport>(
    modes.map((mode) => [mode, predictAccuracy({ rows: rowsOf(mode), features: "all", seed: 7, repeats, source })]),
  );
  const cells = r2Rows(reports, THESIS_R2);
  const predictionPanels = modes.map((mode) => {
    const rf = randomForestOf(reports.get(mode)!);
    const measured = rf.testRows.map((i) => rowsOf(mode)[i]!.test_acc as number);
    return {
      name: mode,
      measured,
      predicted: rf.predictions,
      color: VARIANT_COLORS[mode as RecurrentMode],
      r2: rf.r2BySplit[0]!,
    };
  });
  const book: FigureBook = {
    "r2-comparison": (size) => r2ComparisonFigure(cells, { size }),
    "predicted-vs-measured": (size) => predictionGridFigure(predictionPanels, { size }),
  };
  for (const mode of modes.filter((m) => m === "RNN_RELU" || m === "GRU")) {
    const subsets = predictBySubset({
      rows: rowsOf(mode),
      subsets: ["all", ...IMPORTANCE_SUBSETS],
      seed: 7,
      repeats,
      regressors: ["random_forest"],
      source,
      known: { all: reports.get(mode)! },
    });
    const panels = IMPORTANCE_SUBSETS.map((subset) => ({
      subset,
      importances: randomForestOf(subsets.get(subset)!).importances,
    }));
    book[`importances-${lower(mode)}`] = (size) =>
      importanceGridFigure(mode, panels, { color: VARIANT_COLORS[mode as RecurrentMode], size });
  }
  const curveMode = modes.includes("GRU") ? "GRU" : modes[0]!;
  const curve = learningCurve(rowsOf(curveMode), learningCurveSizes(rowsOf(curveMode).length), curveRepeats, 11, {
    source,
  });
  book["learning-curve"] = (size) =>
    learningCurveFigure(curve, { title: `${curveMode}: R² against the number of training graphs`, size });
  return book;
}

const modeNames = (prefix: string) => RECURRENT_MODES.map((m) => `${prefix}-${lower(m)}`);

/** The catalog: each chapter's figure names, then how to compute them. */
const CHAPTERS: readonly ChapterEntry[] = [
  {
    chapter: "01-dataset",
    names: ["reber-diagram", "labels-per-split", "length-distributions", "character-counts"],
    build: (s) => datasetChapter(s.dataDir),
  },
  {
    chapter: "02-recurrent-cells",
    names: ["activations"],
    build: () => ({ activations: (size) => activationFunctionsFigure({ size }) }),
  },
  {
    chapter: "03-base-model",
    names: ["base-accuracy", "base-loss", "epoch-time"],
    build: (s) => baseModelChapter(s.resultsDir, s.scale, s.referenceDir),
  },
  {
    chapter: "04-pruning",
    names: ["weight-magnitudes-gru", "accuracy-after-pruning", ...modeNames("retraining")],
    build: (s) => pruningChapter(s.resultsDir, s.scale, s.referenceDir),
  },
  {
    chapter: "05-random-structure",
    names: [
      "example-BA",
      "example-WS",
      "accuracy-by-generator",
      "property-distributions",
      "correlation-heatmap",
      ...modeNames("correlations"),
      "joint-strongest",
    ],
    build: (s) => structureChapter(s.resultsDir, s.scale),
  },
  {
    chapter: "06-performance-prediction",
    names: ["r2-comparison", "predicted-vs-measured", "importances-rnn_relu", "importances-gru", "learning-curve"],
    build: (s) => predictionChapter(s.resultsDir, s.scale),
  },
  {
    chapter: "07-pruning-methods",
    names: [
      "methods-accuracy",
      "methods-accuracy-pruned",
      "magnitude-vs-random",
      "magnitude-vs-random-pruned",
      "methods-cost",
      "methods-accuracy-embedded",
    ],
    build: (s) => methodsChapter(s.resultsDir, s.scale),
  },
  {
    chapter: "08-graph-structure-spectrum",
    names: ["spectrum-heatmaps", "spectrum-measures", "spectrum-random-baseline", "spectrum-long-range-learning"],
    build: (s) => spectrumChapter(s.resultsDir, s.scale),
  },
];

/** Every figure name the catalog can make, by chapter. */
export function studyFigureNames(): { chapter: string; names: readonly string[] }[] {
  return CHAPTERS.map(({ chapter, names }) => ({ chapter, names }));
}

/**
 * A name filter from `--only`: comma-separated patterns where `*` matches any run of characters; a pattern without
 * `*` matches names containing it. No pattern: every name.
 */
export function nameFilter(patterns: string | undefined): (name: string) => boolean {
  const list = (patterns ?? "")
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  if (list.length === 0) return () => true;
  const tests = list.map((p) => {
    if (!p.includes("*")) return (name: string) => name.includes(p);
    const regex = new RegExp(
      `^${p
        .split("*")
        .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
        .join(".*")}$`,
    );
    return (name: string) => regex.test(name);
  });
  return (name) => tests.some((t) => t(name));
}

/**
 * The study's figures, chapter by chapter, as builders: only the chapters with a name `only` accepts are computed
 * (reading results, fitting the predictions), and only the accepted names are returned.
 */
export async function studyFigures(
  sources: StudyFigureSources = {},
  only: (name: string) => boolean = () => true,
): Promise<ChapterFigures[]> {
  const resolved = {
    resultsDir: sources.resultsDir ?? shippedResultsDir(),
    scale: sources.scale ?? studyScale("full"),
    dataDir: sources.dataDir ?? shippedDataDir(),
    referenceDir: sources.referenceDir === undefined ? defaultReferenceDir() : sources.referenceDir,
  };
  const chapters: ChapterFigures[] = [];
  for (const entry of CHAPTERS) {
    if (!entry.names.some(only)) continue;
    const started = Date.now();
    const book = await entry.build(resolved);
    const figures: FigureBook = Object.fromEntries(Object.entries(book).filter(([name]) => only(name)));
    sources.log?.(
      `${entry.chapter}: ${Object.keys(figures).length} figure(s) ` +
        `from its results in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    chapters.push({ chapter: entry.chapter, figures });
  }
  return chapters;
}
