/** CLI: `sparse-rnn prune`: magnitude-prune a saved model and write the masked model. */
import type { Command } from "commander";
import { parsePruneKind, pruneByMagnitude } from "../pruning/magnitude-pruning";
import { writeModelFile } from "../weights/model-file";
import { addArchitectureOptions, parseNumberOption, readModelFromOptions } from "./model-options";

/** Register the `prune` command. */
export function registerPruningCommands(program: Command): void {
  addArchitectureOptions(
    program
      .command("prune")
      .description("magnitude-prune a model's recurrent weights (thesis 5.2) and write it with its masks"),
    "saved model",
  )
    .requiredOption("--weights <file>", "the trained model (safetensors)")
    .requiredOption("--percent <p>", "percentile of |w| below which weights are removed (0–100)")
    .option("--kind <kind>", "both, i2h or h2h", "both")
    .requiredOption("--out <file>", "where to write the pruned model (safetensors, masks included)")
    .option("--json", "machine-readable output")
    .action(
      (options: {
        mode?: string;
        hidden?: string;
        graph?: string;
        weights: string;
        percent: string;
        kind: string;
        out: string;
        json?: boolean;
      }) => {
        const percent = parseNumberOption("--percent", options.percent, 0, 100);
        const kind = parsePruneKind(options.kind);
        const model = readModelFromOptions(options.weights, options);
        const result = pruneByMagnitude(model.tensors, percent, kind);
        writeModelFile(options.out, model.architecture, result.params, {
          "sparse_rnn.pruning": JSON.stringify({ percent, kind, threshold: result.threshold }),
        });
        const summary = {
          weights: options.weights,
          out: options.out,
          percent,
          kind,
          threshold: result.threshold,
          kept: result.kept,
          total: result.total,
          keptFraction: result.kept / result.total,
          tensors: result.tensors.map((t) => ({
            tensor: t.weight,
            kept: t.kept,
            total: t.total,
            keptFraction: t.kept / t.total,
          })),
        };
        if (options.json) {
          process.stdout.write(JSON.stringify(summary, null, 2) + "\n");
          return;
        }
        const lines = [
          `pruned ${options.weights} at p = ${percent} (${kind}): threshold |w| >= ${result.threshold.toPrecision(6)}`,
          ...summary.tensors.map(
            (t) =>
              `  ${t.tensor.padEnd(42)} kept ${String(t.kept).padStart(6)} / ${String(t.total).padEnd(6)} (${(100 * t.keptFraction).toFixed(1)}%)`,
          ),
          `  ${"overall".padEnd(42)} kept ${String(result.kept).padStart(6)} / ${String(result.total).padEnd(6)} (${(100 * summary.keptFraction).toFixed(1)}%)`,
          `wrote ${options.out}`,
        ];
        process.stdout.write(lines.join("\n") + "\n");
      },
    );
}
