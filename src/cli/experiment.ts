/** CLI: `sparse-rnn experiment …`: the study's long experiments on the resumable parallel runner. */
import type { Command } from "commander";
import { SHIPPED_TASKS, type ShippedTask } from "../data/dataset-files";
import { MAX_GRAPH_NODES } from "../graphs/simple-graph";
import { parseRecurrentMode, RECURRENT_MODES, stackedArchitecture, type RecurrentMode } from "../models/architecture";
import { checkModelSize } from "../models/model-tensors";
import { parsePruneKind } from "../pruning/magnitude-pruning";
import {
  DEFAULT_REWIND_EPOCH,
  methodStudySettings,
  runPruningStudy,
  type PruningStudySettings,
} from "../experiments/pruning-study";
import { parsePruningMethod, PRUNING_METHODS } from "../pruning/pruning-method";
import { FULL_SCALE } from "../experiments/study-scale";
import {
  runStructureSweep,
  withGateLayout,
  type StructureSweepSettings,
  type StructureTrainingSettings,
  type SweepGenerator,
} from "../experiments/structure-sweep";
import { parseGateLayout } from "../graphs/layered-graph";
import { parseGraphMapping, type GraphMapping } from "../graphs/relational-network";
import {
  addRunnerOptions,
  describeRun,
  registerResultCommands,
  runnerOptionsFrom,
  type RunnerCliOptions,
} from "../experiments/runner";
import { runSpectrumSweep, type SpectrumSweepSettings } from "../experiments/spectrum-sweep";
import { registerSlurmCommands } from "./experiment-slurm";
import { addSpectrumOptions, isSpectrumSweep, spectrumSettingsFrom, type SpectrumCliOptions } from "./spectrum-options";
import { parseLayerSizes, parseNumberOption, parseSeedOption } from "./model-options";

/** `--mode GRU`, `--mode gru,lstm` or `--mode all`. */
export function parseModes(text: string): RecurrentMode[] {
  return text.toLowerCase() === "all"
    ? [...RECURRENT_MODES]
    : text.split(",").map((part) => parseRecurrentMode(part.trim()));
}

/** A comma-separated list of numbers within [min, max]. */
export function parseNumberList(name: string, text: string, min: number, max: number): number[] {
  return text.split(",").map((part) => parseNumberOption(name, part.trim(), min, max));
}

function optionalCount(name: string, text: string | undefined): number | undefined {
  return text === undefined ? undefined : parseNumberOption(name, text, 1);
}

export interface PruningCliOptions extends RunnerCliOptions {
  mode: string;
  hidden: string;
  epochs: string;
  batchSize: string;
  percents: string;
  kinds: string;
  retrainEpochs: string;
  seeds: string;
  replicates?: string;
  seed: string;
  data?: string;
  trainRows?: string;
  testRows?: string;
  out: string;
  methods?: string;
  sparsities?: string;
  gradualBegin?: string;
  gradualEnd?: string;
  gradualFrequency?: string;
  rewindEpoch?: string;
  task?: string;
}

/** `--task embedded-reber`: a shipped data set by name. */
function parseShippedTask(text: string): ShippedTask {
  if (!(SHIPPED_TASKS as readonly string[]).includes(text))
    throw new Error(`--task: unknown task "${text}" (expected ${SHIPPED_TASKS.join(" or ")})`);
  return text as ShippedTask;
}

/** `--replicates 0,2`: replicate indices (checked against --seeds by the study). */
export function parseReplicates(text: string | undefined): number[] | undefined {
  return text === undefined ? undefined : parseNumberList("--replicates", text, 0, Number.MAX_SAFE_INTEGER);
}

/** `--nodes 10..50` (or 10:50, or a single n). */
export function parseNodeRange(text: string): [number, number] {
  const parts = text.split(/\.\.|:/).map((part) => parseNumberOption("--nodes", part.trim(), 2, MAX_GRAPH_NODES));
  const [low, high] = parts.length === 1 ? [parts[0]!, parts[0]!] : parts;
  if (parts.length > 2 || !Number.isInteger(low) || !Number.isInteger(high) || low! > high!) {
    throw new Error(`--nodes: "${text}" is not a range of integers like 10..50`);
  }
  return [low!, high!];
}

export interface StructureCliOptions extends RunnerCliOptions, SpectrumCliOptions {
  mode: string;
  generators: string;
  perGenerator: string;
  nodes: string;
  epochs: string;
  batchSize: string;
  seed: string;
  data?: string;
  trainRows?: string;
  testRows?: string;
  weights?: boolean;
  curves?: boolean;
  gateLayout?: string;
  graphMapping?: string;
  out: string;
}

/** Add the pruning study's options (not the runner's) to `experiment pruning` and `experiment slurm pruning`. */
export function addPruningOptions(command: Command): Command {
  const full = FULL_SCALE;
  return command
    .option("--mode <modes>", "RNN_TANH, RNN_RELU, LSTM, GRU, a comma list, or all", "all")
    .option("--hidden <sizes>", "base-model layer sizes", full.base.hidden.join(","))
    .option("--epochs <n>", "base-model training epochs", String(full.base.epochs))
    .option("--batch-size <n>", "batch size", String(full.base.batchSize))
    .option("--percents <list>", "pruning percentages (sparsity levels)", full.pruning.percents.join(","))
    .option("--sparsities <list>", "the same as --percents (the levels, in percent of the weights)")
    .option(
      "--methods <list>",
      `pruning methods to compare: ${PRUNING_METHODS.join(", ")} (default: the thesis's magnitude, thesis columns); ` +
        "the records then gain method, round and sparsity columns",
    )
    .option("--gradual-begin <step>", "gradual: first pruning step t0 (default 0)")
    .option("--gradual-end <step>", "gradual: last pruning step t0 + nΔt (default: 60% of the re-training steps)")
    .option("--gradual-frequency <steps>", "gradual: steps Δt between pruning steps (default: a quarter epoch)")
    .option(
      "--rewind-epoch <k>",
      `imp: rewind to the base model's weights after k epochs (0: initialisation)`,
      String(DEFAULT_REWIND_EPOCH),
    )
    .option("--kinds <list>", "prune kinds: both, i2h, h2h", full.pruning.kinds.join(","))
    .option("--retrain-epochs <n>", "re-training epochs after pruning", String(full.pruning.retrainEpochs))
    .option(
      "--seeds <n>",
      "independently trained base models per variant (confidence bands)",
      String(full.pruning.seeds),
    )
    .option(
      "--replicates <list>",
      "run only these replicates (0-based, of --seeds): the study in parts, one seed at a time",
    )
    .option("--seed <s>", "seed of the whole study", "0")
    .option("--task <task>", `a shipped data set: ${SHIPPED_TASKS.join(" (default), ")} (--data overrides)`)
    .option("--data <dir>", "dataset folder with train.csv and test.csv (default: the shipped data/)")
    .option("--train-rows <n>", "use only the first N training rows (quick runs)")
    .option("--test-rows <n>", "use only the first N test rows (quick runs)")
    .requiredOption("--out <dir>", "experiment folder (re-run the same command to resume)");
}

/** The pruning study's settings from parsed options (validated). */
export function pruningSettingsFrom(options: PruningCliOptions): PruningStudySettings {
  const modes = parseModes(options.mode);
  const hidden = parseLayerSizes(options.hidden);
  for (const mode of modes) checkModelSize(stackedArchitecture(mode, hidden), `--hidden ${options.hidden}`);
  const batchSize = parseNumberOption("--batch-size", options.batchSize, 1);
  const retrainEpochs = parseNumberOption("--retrain-epochs", options.retrainEpochs, 0);
  const trainRows = optionalCount("--train-rows", options.trainRows);
  const common = {
    modes,
    hidden,
    baseEpochs: parseNumberOption("--epochs", options.epochs, 1),
    batchSize,
    percents: options.sparsities
      ? parseNumberList("--sparsities", options.sparsities, 0, 100)
      : parseNumberList("--percents", options.percents, 0, 100),
    kinds: options.kinds.split(",").map((kind) => parsePruneKind(kind.trim())),
    retrainEpochs,
    seeds: parseNumberOption("--seeds", options.seeds, 1),
    seed: parseSeedOption("--seed", options.seed),
    dataDir: options.data,
    ...(options.task === undefined || options.task === "reber" ? {} : { task: parseShippedTask(options.task) }),
    trainRows,
    testRows: optionalCount("--test-rows", options.testRows),
  };
  if (options.methods === undefined) return common;
  const step = (name: string, text: string | undefined) =>
    text === undefined ? undefined : parseNumberOption(name, text, 0);
  const gradual = Object.fromEntries(
    Object.entries({
      beginStep: step("--gradual-begin", options.gradualBegin),
      endStep: step("--gradual-end", options.gradualEnd),
      frequency: step("--gradual-frequency", options.gradualFrequency),
    }).filter(([, value]) => value !== undefined),
  );
  const rewindEpoch = parseNumberOption("--rewind-epoch", options.rewindEpoch ?? String(DEFAULT_REWIND_EPOCH), 0);
  return methodStudySettings(common, options.methods.split(",").map(parsePruningMethod), { gradual, rewindEpoch });
}

/**
 * Add the structure sweep's options (not the runner's) to `experiment structure` and `experiment slurm structure`.
 * `--gate-layout` has no commander default: absent means the thesis's layout and is not forwarded to Slurm scripts.
 */
export function addStructureOptions(command: Command): Command {
  const full = FULL_SCALE;
  return addSpectrumOptions(
    command
      .option("--mode <modes>", "RNN_TANH, RNN_RELU, LSTM, GRU, a comma list, or all", "all")
      .option(
        "--generators <list>",
        "graph families: barabasi_albert, watts_strogatz (ba, ws); or ws-flex alone: the small-world spectrum sweep " +
          "over --k-grid × --p-grid at one --nodes n, with the complete graph as baseline (extra columns: replicate, " +
          "k, p, average_clustering, transitivity); or gnm alone: its random baseline, connected G(n, m) graphs " +
          "with WS-flex's edge count at each --k-grid value (p left empty)",
        "ba,ws",
      )
      .option("--per-generator <n>", "graphs per family and variant", String(full.structure.perGenerator))
      .option(
        "--nodes <range>",
        "node count range, n drawn uniformly (ws-flex, gnm: one n)",
        full.structure.nodes.join(".."),
      ),
  )
    .option("--epochs <n>", "training epochs per model", String(full.structure.epochs))
    .option("--batch-size <n>", "batch size", String(full.structure.batchSize))
    .option("--seed <s>", "seed of the sweep (graphs, initialisation, shuffling)", "0")
    .option("--data <dir>", "dataset folder with train.csv and test.csv (default: the shipped data/)")
    .option("--train-rows <n>", "use only the first N training rows (quick runs)")
    .option("--test-rows <n>", "use only the first N test rows (quick runs)")
    .option("--no-weights", "do not store each trained model's weights")
    .option(
      "--curves",
      "evaluate the test set after every epoch (learning curves in each stored model), not only after the last",
    )
    .option(
      "--gate-layout <layout>",
      "thesis (default: each vertex's mask row repeated per gate) " +
        "or faithful (every gate block wired as the graph says)",
    )
    .option(
      "--graph-mapping <mapping>",
      "layered (default, the thesis: one layer per DAG layer, skip layers) or relational (one recurrent layer of a " +
        "unit per vertex, hidden-to-hidden weights on the graph's edges and self-loops in every gate: depth no " +
        "longer varies with the graph, as in graph2nn's relational graphs)",
    )
    .requiredOption(
      "--out <dir>",
      "experiment folder (re-run the same command to resume; shards may share it or be merged)",
    );
}

/** The structure sweep's settings from parsed options (validated). */
export function structureSettingsFrom(options: StructureCliOptions): StructureSweepSettings {
  const generators = options.generators.split(",").map((name): SweepGenerator => {
    const long =
      { ba: "barabasi_albert", ws: "watts_strogatz" }[name.trim().toLowerCase()] ?? name.trim().toLowerCase();
    if (long !== "barabasi_albert" && long !== "watts_strogatz")
      throw new Error(`--generators: unknown family "${name}" (expected ba, ws, or ws-flex or gnm alone)`);
    return long;
  });
  const { modes, ...training } = structureTrainingFrom(options);
  const settings: StructureSweepSettings = {
    modes,
    generators,
    perGenerator: parseNumberOption("--per-generator", options.perGenerator, 1),
    nodes: parseNodeRange(options.nodes),
    ...training,
  };
  return withGateLayout(settings, parseGateLayout(options.gateLayout ?? "thesis"));
}

/** The spectrum sweep's settings from parsed options (validated). */
export function spectrumSweepSettingsFrom(options: StructureCliOptions): SpectrumSweepSettings {
  return spectrumSettingsFrom(options, structureTrainingFrom(options), parseNodeRange(options.nodes));
}

/** The settings every structure job trains with (all but the graphs' choice), from parsed options (validated). */
function structureTrainingFrom(options: StructureCliOptions): StructureTrainingSettings {
  return {
    modes: parseModes(options.mode),
    epochs: parseNumberOption("--epochs", options.epochs, 1),
    batchSize: parseNumberOption("--batch-size", options.batchSize, 1),
    seed: parseSeedOption("--seed", options.seed),
    dataDir: options.data,
    trainRows: optionalCount("--train-rows", options.trainRows),
    testRows: optionalCount("--test-rows", options.testRows),
    saveWeights: options.weights !== false,
    ...(options.curves ? { curves: true } : {}),
    ...graphMappingFrom(options),
  };
}

/** `--graph-mapping` as settings: omitted for the thesis's "layered", so its manifests stay as they were. */
function graphMappingFrom(options: StructureCliOptions): { graphMapping?: GraphMapping } {
  const mapping = parseGraphMapping(options.graphMapping ?? "layered");
  if (mapping === "layered") return {};
  if (options.gateLayout !== undefined)
    throw new Error(
      "--gate-layout: the relational mapping already wires every gate block as the graph; the layouts differ only " +
        "for --graph-mapping layered",
    );
  return { graphMapping: mapping };
}

/** Validate `experiment structure`'s options, of the thesis's sweep or of the spectrum sweep. */
function checkStructureOptions(options: StructureCliOptions): void {
  if (isSpectrumSweep(options)) spectrumSweepSettingsFrom(options);
  else structureSettingsFrom(options);
}

/** `--stage base|prune` of the pruning study (both when absent). */
function parseStages(text: string | undefined): ("base" | "prune")[] | undefined {
  if (text === undefined) return undefined;
  if (text !== "base" && text !== "prune") throw new Error(`--stage: expected base or prune, got "${text}"`);
  return [text];
}

/** Register the `experiment` command group. */
export function registerExperimentCommands(program: Command): void {
  const group = program
    .command("experiment")
    .description("run the study's experiments: resumable, on every core, with progress");
  addRunnerOptions(
    addPruningOptions(
      group
        .command("pruning")
        .description(
          "the pruning study (thesis 5.2/6.2): base models, then prune + re-train for every kind and percentage",
        ),
    ).option(
      "--stage <stage>",
      "run only one stage, base or prune (a cluster runs the prune stage after the whole base stage)",
    ),
  ).action(async (options: PruningCliOptions & { stage?: string }) => {
    const runner = runnerOptionsFrom(options);
    const stages = parseStages(options.stage);
    if (runner.shard && !stages) {
      throw new Error(
        "--shard: shard one stage at a time (--stage base, then --stage prune once every base shard is done); " +
          "the prune runs need every base model",
      );
    }
    const result = await runPruningStudy(pruningSettingsFrom(options), {
      outDir: options.out,
      workers: runner.workers,
      quiet: runner.quiet,
      progress: runner.progress,
      replicates: parseReplicates(options.replicates),
      shard: runner.shard,
      stages,
      onlyFailed: runner.onlyFailed,
    });
    process.stderr.write(`base models: ${describeRun(result.base)}\n`);
    if (result.prune) process.stderr.write(`pruning runs: ${describeRun(result.prune)}\n`);
    else if (stages?.[0] === "prune")
      throw new Error(`--stage prune: the base stage in ${options.out} is not complete; run --stage base first`);
    if (result.recordsPath) process.stdout.write(`records: ${result.recordsPath}\n`);
  });
  addRunnerOptions(
    addStructureOptions(
      group
        .command("structure")
        .description(
          "the structure sweep (thesis 5.3/6.3): train graph-structured networks from BA and WS graphs, " +
            "record their properties; with --generators ws-flex, the small-world spectrum sweep (WS-flex graphs " +
            "over --k-grid × --p-grid, --graph-seeds each, --seeds trainings each, and the complete graph)",
        ),
    ),
  ).action(async (options: StructureCliOptions) => {
    const runner = runnerOptionsFrom(options);
    const run = {
      outDir: options.out,
      workers: runner.workers,
      shard: runner.shard,
      onlyFailed: runner.onlyFailed,
      quiet: runner.quiet,
      progress: runner.progress,
    };
    const summary = isSpectrumSweep(options)
      ? await runSpectrumSweep(spectrumSweepSettingsFrom(options), run)
      : await runStructureSweep(structureSettingsFrom(options), run);
    process.stderr.write(`structure sweep: ${describeRun(summary)}\n`);
    if (summary.csvPath) process.stdout.write(`results: ${summary.csvPath}\n`);
  });
  registerResultCommands(group);
  registerSlurmCommands(group, [
    {
      kind: "pruning",
      addOptions: addPruningOptions,
      check: (options) => void pruningSettingsFrom(options as unknown as PruningCliOptions),
    },
    {
      kind: "structure",
      addOptions: addStructureOptions,
      check: (options) => void checkStructureOptions(options as unknown as StructureCliOptions),
    },
  ]);
}
