/** Command-line options that name a model's architecture (`--mode`, `--hidden`), shared by the model commands. */
import { parseRecurrentMode, stackedArchitecture, type Architecture } from "../models/architecture";

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

/** The stacked architecture named by `--mode` and `--hidden`, or undefined when no mode was given. */
export function stackedArchitectureFromOptions(options: { mode?: string; hidden?: string }): Architecture | undefined {
  if (!options.mode) return undefined;
  return stackedArchitecture(parseRecurrentMode(options.mode), parseLayerSizes(options.hidden ?? "50,50,50"));
}
