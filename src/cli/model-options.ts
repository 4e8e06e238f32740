/** Command-line options that name a model's architecture (`--mode`, `--hidden`), shared by the model commands. */
import type { Command } from "commander";
import { parseRecurrentMode, stackedArchitecture, type Architecture } from "../models/architecture";
import type { TensorMap } from "../models/named-tensors";
import { readGraphFile } from "../graphs/graph-file";
import { LayeredGraph } from "../graphs/layered-graph";

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
  return withMode
    .option("--hidden <sizes>", "layer sizes of a stacked model, e.g. 50,50,50", "50,50,50")
    .option("--graph <file>", "a graph (JSON: graphology's form or {num_nodes, edges}) the model is structured by, instead of --hidden");
}

/** Parse `--hidden 50,50,50` into layer sizes, or throw naming the bad entry. */
export function parseLayerSizes(text: string): number[] {
  return text.split(",").map((part) => {
    const size = Number(part.trim());
    if (!Number.isInteger(size) || size < 1) throw new Error(`--hidden: "${part}" is not a positive integer (expected e.g. 50,50,50)`);
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

/** An architecture named on the command line, with the masks that wire it when it comes from a graph. */
export interface ArchitectureChoice {
  readonly architecture: Architecture;
  /** The graph's masks (`--graph`), absent for a dense stacked model. */
  readonly masks?: TensorMap;
}

/**
 * The architecture named by `--mode` with `--graph G.json` (a graph-structured model, thesis 5.3) or `--hidden`
 * (a stacked model); undefined when no mode was given.
 */
export function architectureFromOptions(options: { mode?: string; hidden?: string; graph?: string }): ArchitectureChoice | undefined {
  if (!options.mode) {
    if (options.graph) throw new Error("--graph needs --mode (RNN_TANH, RNN_RELU, LSTM or GRU)");
    return undefined;
  }
  const mode = parseRecurrentMode(options.mode);
  if (!options.graph) return { architecture: stackedArchitecture(mode, parseLayerSizes(options.hidden ?? "50,50,50")) };
  const graphs = readGraphFile(options.graph);
  if (graphs.length !== 1) throw new Error(`--graph: ${options.graph} holds ${graphs.length} graphs; a model is built from exactly one`);
  return LayeredGraph.fromGraph(graphs[0]!).toArchitecture(mode);
}
