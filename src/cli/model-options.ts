/** Command-line options that name a model's architecture (`--mode`, `--hidden`), shared by the model commands. */
import type { Command } from "commander";
import { parseRecurrentMode, stackedArchitecture, type Architecture } from "../models/architecture";
import type { TensorMap } from "../models/named-tensors";
import { readGraphFile } from "../graphs/graph-file";
import { LayeredGraph, parseGateLayout, type GateLayout } from "../graphs/layered-graph";
import { MAX_SEED } from "../random/seeded-random";
import { readModelFile, type ModelFile } from "../weights/model-file";
import { checkModelSize } from "../models/model-tensors";

/** Layer sizes of a stacked model when `--hidden` is not given (the thesis's base model). */
const DEFAULT_HIDDEN = "50,50,50";

/** The architecture options as commander parses them (`hidden` is undefined unless given). */
export interface ArchitectureCliOptions {
  mode?: string;
  hidden?: string;
  graph?: string;
  /** `--gate-layout` (only `train` has it): how the graph's masks meet the gate blocks. */
  gateLayout?: string;
}

/**
 * Add `--mode`, `--hidden` and `--graph` to a command. For a command that reads a saved model the mode is optional:
 * the lab's files name their architecture; it is needed only for files written elsewhere (e.g. by PyTorch).
 */
export function addArchitectureOptions(command: Command, use: "new model" | "saved model"): Command {
  const modes = "RNN_TANH, RNN_RELU, LSTM or GRU";
  const withMode =
    use === "new model"
      ? command.requiredOption("--mode <mode>", modes)
      : command.option("--mode <mode>", `${modes} (needed for files without the lab's architecture metadata)`);
  // No commander default for --hidden: a given --hidden must be told apart from the default (see below).
  const hidden =
    use === "new model"
      ? `layer sizes of a stacked model (default ${DEFAULT_HIDDEN}); not with --graph`
      : `layer sizes of a stacked model: checked against the file, or (with --mode) for a file without metadata ` +
        `(default ${DEFAULT_HIDDEN})`;
  return withMode
    .option("--hidden <sizes>", hidden)
    .option(
      "--graph <file>",
      "a graph (JSON: graphology's form or {num_nodes, edges}) the model is structured by, instead of --hidden",
    );
}

/** Parse `--hidden 50,50,50` into layer sizes, or throw naming the bad entry. */
export function parseLayerSizes(text: string): number[] {
  return text.split(",").map((part) => {
    const size = Number(part.trim());
    if (!Number.isInteger(size) || size < 1)
      throw new Error(`--hidden: "${part}" is not a positive integer (expected e.g. 50,50,50)`);
    return size;
  });
}

/** Parse a number option within [min, max], or throw naming the option. */
export function parseNumberOption(name: string, text: string, min = -Infinity, max = Infinity): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || value < min || value > max) {
    throw new Error(`${name}: "${text}" is not a number in [${min}, ${max}]`);
  }
  return value;
}

/** Parse an option that must be a whole number in [min, max], or throw naming it (`what`: how the error calls it). */
export function parseIntegerOption(
  name: string,
  text: string,
  min: number,
  max = Infinity,
  what = "an integer",
): number {
  const value = parseNumberOption(name, text, min, max);
  if (!Number.isInteger(value)) throw new Error(`${name}: "${text}" is not ${what}`);
  return value;
}

/** Parse a seed option (an integer in [0, MAX_SEED]), or throw naming the option. */
export function parseSeedOption(name: string, text: string): number {
  const value = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || value > MAX_SEED) {
    throw new Error(`${name}: "${text}" is not an integer seed in [0, ${MAX_SEED}] (seeds are read modulo 2^32)`);
  }
  return value;
}

/** An architecture named on the command line, with the masks that wire it when it comes from a graph. */
export interface ArchitectureChoice {
  readonly architecture: Architecture;
  /** The graph's masks (`--graph`), absent for a dense stacked model. */
  readonly masks?: TensorMap;
  /** The gate layout of the graph's masks (`--graph`), absent for a dense stacked model. */
  readonly gateLayout?: GateLayout;
}

/**
 * The architecture named by `--mode` with `--graph G.json` (a graph-structured model, thesis 5.3) or `--hidden`
 * (a stacked model); undefined when no mode was given. A graph names its own layer sizes, so `--hidden` beside
 * `--graph` is an error, and a model beyond the lab's size limit is refused before anything is allocated.
 */
export function architectureFromOptions(options: ArchitectureCliOptions): ArchitectureChoice | undefined {
  if (options.gateLayout !== undefined && !options.graph)
    throw new Error(`--gate-layout ${options.gateLayout} places a graph's masks in the gate blocks: it needs --graph`);
  if (!options.mode) {
    if (options.graph) throw new Error("--graph needs --mode (RNN_TANH, RNN_RELU, LSTM or GRU)");
    return undefined;
  }
  const mode = parseRecurrentMode(options.mode);
  if (!options.graph) {
    const hidden = options.hidden ?? DEFAULT_HIDDEN;
    const architecture = stackedArchitecture(mode, parseLayerSizes(hidden));
    checkModelSize(architecture, `--hidden ${hidden}`);
    return { architecture };
  }
  if (options.hidden !== undefined) {
    throw new Error(
      `--hidden ${options.hidden} with --graph ${options.graph}: ` +
        "a graph-structured model takes its layer sizes from the graph; give one of them",
    );
  }
  const graphs = readGraphFile(options.graph);
  if (graphs.length !== 1)
    throw new Error(`--graph: ${options.graph} holds ${graphs.length} graphs; a model is built from exactly one`);
  const gateLayout = parseGateLayout(options.gateLayout ?? "thesis");
  const layered = LayeredGraph.fromGraph(graphs[0]!);
  checkModelSize(layered.architecture(mode), `--graph ${options.graph}`);
  return { ...layered.toArchitecture(mode, gateLayout), gateLayout };
}

/**
 * Read the saved model `--weights` names, checked against the architecture options: with `--mode` the file must
 * hold that architecture (or, without metadata, is read as it); without `--mode` a given `--hidden` must match the
 * file's layer sizes. An option that disagrees with the file is an error, never silently ignored.
 */
export function readModelFromOptions(path: string, options: ArchitectureCliOptions): ModelFile {
  const named = architectureFromOptions(options);
  if (named) return readModelFile(path, named.architecture);
  const file = readModelFile(path);
  const stored = file.architecture.layerSizes.join(",");
  if (options.hidden !== undefined && parseLayerSizes(options.hidden).join(",") !== stored) {
    const graph = file.architecture.skips.length > 0 ? " (a graph-structured model)" : "";
    throw new Error(
      `--hidden ${options.hidden} disagrees with ${path}, which holds layers ${stored}${graph}; ` +
        "omit --hidden: the file names its architecture",
    );
  }
  return file;
}
