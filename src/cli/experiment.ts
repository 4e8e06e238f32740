/** CLI: `sparse-rnn experiment …`: the study's long experiments on the resumable parallel runner. */
import type { Command } from "commander";
import { MAX_GRAPH_NODES } from "../graphs/simple-graph";
import { parseRecurrentMode, RECURRENT_MODES, stackedArchitecture, type RecurrentMode } from "../models/architecture";
import { checkModelSize } from "../weights/model-tensors";
import { parsePruneKind } from "../pruning/magnitude-pruning";
import { runPruningStudy } from "../experiments/pruning-study";
import { FULL_SCALE } from "../experiments/study-scale";
import { runStructureSweep, type SweepGenerator } from "../experiments/structure-sweep";
import { addRunnerOptions, describeRun, registerResultCommands, runnerOptionsFrom, type RunnerCliOptions } from "../experiments/runner";
import { parseLayerSizes, parseNumberOption, parseSeedOption } from "./model-options";

/** `--mode GRU`, `--mode gru,lstm` or `--mode all`. */
export function parseModes(text: string): RecurrentMode[] {
  return text.toLowerCase() === "all" ? [...RECURRENT_MODES] : text.split(",").map((part) => parseRecurrentMode(part.trim()));
}

/** A comma-separated list of numbers within [min, max]. */
export function parseNumberList(name: string, text: string, min: number, max: number): number[] {
  return text.split(",").map((part) => parseNumberOption(name, part.trim(), min, max));
}

function optionalCount(name: string, text: string | undefined): number | undefined {
  return text === undefined ? undefined : parseNumberOption(name, text, 1);
}

interface PruningCliOptions extends RunnerCliOptions {
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

interface StructureCliOptions extends RunnerCliOptions {
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
  out: string;
}

/** Register the `experiment` command group. */
export function registerExperimentCommands(program: Command): void {
  const group = program.command("experiment").description("run the study's experiments: resumable, on every core, with progress");
  const full = FULL_SCALE;
  addRunnerOptions(
    group
      .command("pruning")
      .description("the pruning study (thesis 5.2/6.2): base models, then prune + re-train for every kind and percentage")
      .option("--mode <modes>", "RNN_TANH, RNN_RELU, LSTM, GRU, a comma list, or all", "all")
      .option("--hidden <sizes>", "base-model layer sizes", full.base.hidden.join(","))
      .option("--epochs <n>", "base-model training epochs", String(full.base.epochs))
      .option("--batch-size <n>", "batch size", String(full.base.batchSize))
      .option("--percents <list>", "pruning percentages", full.pruning.percents.join(","))
      .option("--kinds <list>", "prune kinds: both, i2h, h2h", full.pruning.kinds.join(","))
      .option("--retrain-epochs <n>", "re-training epochs after pruning", String(full.pruning.retrainEpochs))
      .option("--seeds <n>", "independently trained base models per variant (confidence bands)", String(full.pruning.seeds))
      .option("--replicates <list>", "run only these replicates (0-based, of --seeds): the study in parts, one seed at a time")
      .option("--seed <s>", "seed of the whole study", "0")
      .option("--data <dir>", "dataset folder with train.csv and test.csv (default: the shipped data/)")
      .option("--train-rows <n>", "use only the first N training rows (quick runs)")
      .option("--test-rows <n>", "use only the first N test rows (quick runs)")
      .requiredOption("--out <dir>", "experiment folder (re-run the same command to resume)"),
  ).action(async (options: PruningCliOptions) => {
    const runner = runnerOptionsFrom(options);
    if (runner.shard) throw new Error("--shard: the pruning study runs on one machine (its base models feed every run); shard the structure sweep instead");
    const modes = parseModes(options.mode);
    const hidden = parseLayerSizes(options.hidden);
    for (const mode of modes) checkModelSize(stackedArchitecture(mode, hidden), `--hidden ${options.hidden}`);
    const result = await runPruningStudy(
      {
        modes,
        hidden,
        baseEpochs: parseNumberOption("--epochs", options.epochs, 1),
        batchSize: parseNumberOption("--batch-size", options.batchSize, 1),
        percents: parseNumberList("--percents", options.percents, 0, 100),
        kinds: options.kinds.split(",").map((kind) => parsePruneKind(kind.trim())),
        retrainEpochs: parseNumberOption("--retrain-epochs", options.retrainEpochs, 0),
        seeds: parseNumberOption("--seeds", options.seeds, 1),
        seed: parseSeedOption("--seed", options.seed),
        dataDir: options.data,
        trainRows: optionalCount("--train-rows", options.trainRows),
        testRows: optionalCount("--test-rows", options.testRows),
      },
      { outDir: options.out, workers: runner.workers, quiet: runner.quiet, progress: runner.progress, replicates: parseReplicates(options.replicates) },
    );
    process.stderr.write(`base models: ${describeRun(result.base)}\n`);
    if (result.prune) process.stderr.write(`pruning runs: ${describeRun(result.prune)}\n`);
    if (result.recordsPath) process.stdout.write(`records: ${result.recordsPath}\n`);
  });
  addRunnerOptions(
    group
      .command("structure")
      .description("the structure sweep (thesis 5.3/6.3): train graph-structured networks from BA and WS graphs, record their properties")
      .option("--mode <modes>", "RNN_TANH, RNN_RELU, LSTM, GRU, a comma list, or all", "all")
      .option("--generators <list>", "graph families: barabasi_albert, watts_strogatz (ba, ws)", "ba,ws")
      .option("--per-generator <n>", "graphs per family and variant", String(full.structure.perGenerator))
      .option("--nodes <range>", "node count range, n drawn uniformly", full.structure.nodes.join(".."))
      .option("--epochs <n>", "training epochs per model", String(full.structure.epochs))
      .option("--batch-size <n>", "batch size", String(full.structure.batchSize))
      .option("--seed <s>", "seed of the sweep (graphs, initialisation, shuffling)", "0")
      .option("--data <dir>", "dataset folder with train.csv and test.csv (default: the shipped data/)")
      .option("--train-rows <n>", "use only the first N training rows (quick runs)")
      .option("--test-rows <n>", "use only the first N test rows (quick runs)")
      .option("--no-weights", "do not store each trained model's weights")
      .option("--curves", "evaluate the test set after every epoch (learning curves in each stored model), not only after the last")
      .requiredOption("--out <dir>", "experiment folder (re-run the same command to resume; shards may share it or be merged)"),
  ).action(async (options: StructureCliOptions) => {
    const runner = runnerOptionsFrom(options);
    const generators = options.generators.split(",").map((name): SweepGenerator => {
      const long = { ba: "barabasi_albert", ws: "watts_strogatz" }[name.trim().toLowerCase()] ?? name.trim().toLowerCase();
      if (long !== "barabasi_albert" && long !== "watts_strogatz") throw new Error(`--generators: unknown family "${name}" (expected ba or ws)`);
      return long;
    });
    const summary = await runStructureSweep(
      {
        modes: parseModes(options.mode),
        generators,
        perGenerator: parseNumberOption("--per-generator", options.perGenerator, 1),
        nodes: parseNodeRange(options.nodes),
        epochs: parseNumberOption("--epochs", options.epochs, 1),
        batchSize: parseNumberOption("--batch-size", options.batchSize, 1),
        seed: parseSeedOption("--seed", options.seed),
        dataDir: options.data,
        trainRows: optionalCount("--train-rows", options.trainRows),
        testRows: optionalCount("--test-rows", options.testRows),
        saveWeights: options.weights !== false,
        ...(options.curves ? { curves: true } : {}),
      },
      { outDir: options.out, workers: runner.workers, shard: runner.shard, quiet: runner.quiet },
    );
    process.stderr.write(`structure sweep: ${describeRun(summary)}\n`);
    if (summary.csvPath) process.stdout.write(`results: ${summary.csvPath}\n`);
  });
  registerResultCommands(group);
}
