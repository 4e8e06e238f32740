/**
 * CLI options of the small-world spectrum sweep, a mode of `sparse-rnn experiment structure`: `--generators ws-flex`
 * with a grid of average degrees (`--k-grid`) and rewiring probabilities (`--p-grid`) at one node count (`--nodes N`),
 * `--graph-seeds` graphs per grid point and `--seeds` trainings per graph, plus the complete graph as the baseline.
 * `--generators gnm` with `--k-grid` alone is its random baseline: connected G(n, m) graphs with WS-flex's edge count.
 */
import type { Command } from "commander";
import type { SpectrumSweepSettings } from "../experiments/spectrum-sweep";
import type { StructureTrainingSettings } from "../experiments/structure-sweep";
import { parseNumberOption } from "./model-options";

/** The spectrum sweep's own options (absent in a thesis sweep). */
export interface SpectrumCliOptions {
  generators: string;
  nodes: string;
  kGrid?: string;
  pGrid?: string;
  graphSeeds?: string;
  seeds?: string;
  completeSeeds?: string;
}

/** Names `--generators` accepts for the spectrum sweep's WS-flex graphs, and for its G(n, m) random baseline. */
const WS_FLEX_NAMES = new Set(["ws-flex", "ws_flex", "wsflex"]);
const GNM_NAMES = new Set(["gnm", "er-gnm"]);

/**
 * A grid of numbers: a comma list (`0,0.1,1`), `a:b:n` (n evenly spaced values from a to b, as numpy's linspace),
 * or `a:b:n^2` (the squares of those: graph2nn's p grid is `0:1:300^2`).
 */
export function parseGrid(name: string, text: string, min: number, max: number): number[] {
  const range = /^\s*([^:]+):([^:]+):(\d+)(\^2)?\s*$/.exec(text);
  if (!range) return text.split(",").map((part) => parseNumberOption(name, part.trim(), min, max));
  const [from, to] = [range[1]!, range[2]!].map((part) => parseNumberOption(name, part.trim()));
  const count = Number(range[3]);
  if (count < 1) throw new Error(`${name}: "${text}" asks for ${count} values; a:b:n needs n >= 1`);
  const values = Array.from({ length: count }, (_, i) =>
    count === 1 ? from! : i === count - 1 ? to! : from! + ((to! - from!) * i) / (count - 1),
  ).map((value) => (range[4] ? value * value : value));
  for (const value of values)
    if (!(value >= min && value <= max)) throw new Error(`${name}: "${text}" gives ${value}, outside [${min}, ${max}]`);
  return values;
}

/** Add the spectrum sweep's options to `experiment structure` (and its Slurm form). */
export function addSpectrumOptions(command: Command): Command {
  return command
    .option(
      "--k-grid <grid>",
      "ws-flex: average degrees k in [2, n]: a list (4,8,16), a:b:n (n evenly spaced values, numpy's linspace) " +
        "or a:b:n^2 (their squares)",
    )
    .option(
      "--p-grid <grid>",
      "ws-flex: rewiring probabilities, the same forms as --k-grid; graph2nn's grid is 0:1:300^2",
    )
    .option("--graph-seeds <n>", "ws-flex: graphs drawn per (k, p) point; gnm: per k (default 1)")
    .option("--seeds <n>", "ws-flex: trainings (seeds) per graph (default 1)")
    .option("--complete-seeds <n>", "ws-flex: trainings of the complete-graph baseline per variant (default --seeds)");
}

/** Whether the options ask for the spectrum sweep (`--generators ws-flex`); other spectrum options need it. */
export function isSpectrumSweep(options: SpectrumCliOptions): boolean {
  const names = options.generators.split(",").map((name) => name.trim().toLowerCase());
  const spectrum = names.some((name) => WS_FLEX_NAMES.has(name) || GNM_NAMES.has(name));
  if (spectrum && names.length > 1)
    throw new Error(
      `--generators: ws-flex (with its complete-graph baseline) and gnm each run alone, got "${options.generators}"`,
    );
  if (!spectrum) {
    const given = (["kGrid", "pGrid", "graphSeeds", "seeds", "completeSeeds"] as const).filter(
      (key) => options[key] !== undefined,
    );
    if (given.length > 0)
      throw new Error(
        `--${given[0]!.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase())}: ` +
          "only for the ws-flex sweep (--generators ws-flex)",
      );
  }
  return spectrum;
}

/** A positive integer count option, `fallback` when absent. */
function countOption(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = parseNumberOption(name, text, 1);
  if (!Number.isSafeInteger(value)) throw new Error(`${name}: "${text}" is not a positive integer`);
  return value;
}

/**
 * The spectrum sweep's settings from parsed options, the structure sweep's training settings and `--nodes` (validated).
 */
export function spectrumSettingsFrom(
  options: SpectrumCliOptions,
  training: StructureTrainingSettings,
  [low, high]: readonly [number, number],
): SpectrumSweepSettings {
  if (low !== high)
    throw new Error(`--nodes: the ws-flex sweep needs one node count (as --nodes 32), got "${options.nodes}"`);
  const replicates = countOption("--seeds", options.seeds, 1);
  const graphSeeds = countOption("--graph-seeds", options.graphSeeds, 1);
  if (GNM_NAMES.has(options.generators.trim().toLowerCase())) {
    if (options.kGrid === undefined) throw new Error("--generators gnm: give the average degrees with --k-grid");
    if (options.pGrid !== undefined) throw new Error("--p-grid: G(n, m) graphs have no rewiring (--generators gnm)");
    // The complete graph belongs to the ws-flex sweep; the random baseline adds it only when asked.
    const complete =
      options.completeSeeds === undefined ? 0 : countOption("--complete-seeds", options.completeSeeds, 1);
    const k = parseGrid("--k-grid", options.kGrid, 2, low);
    return {
      ...training,
      generator: "gnm",
      nodes: low,
      k,
      p: [],
      graphSeeds,
      replicates,
      completeReplicates: complete,
    };
  }
  if (options.kGrid === undefined || options.pGrid === undefined)
    throw new Error("--generators ws-flex: give the grid with --k-grid and --p-grid");
  return {
    ...training,
    nodes: low,
    k: parseGrid("--k-grid", options.kGrid, 2, low),
    p: parseGrid("--p-grid", options.pGrid, 0, 1),
    graphSeeds,
    replicates,
    completeReplicates: countOption("--complete-seeds", options.completeSeeds, replicates),
  };
}
