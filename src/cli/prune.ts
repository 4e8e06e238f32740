/** CLI: `sparse-rnn prune`: prune a saved model by one of the one-shot methods and write the pruned model. */
import type { Command } from "commander";
import { parsePruneKind } from "../pruning/magnitude-pruning";
import { isOneShotMethod, parsePruningMethod, PRUNING_METHODS } from "../pruning/pruning-method";
import { pruneOnce } from "../pruning/pruning-method";
import { pruneUnits } from "../pruning/structured-pruning";
import { SeededRandom } from "../random/seeded-random";
import { writeModelFile } from "../weights/model-file";
import { addArchitectureOptions, parseNumberOption, parseSeedOption, readModelFromOptions } from "./model-options";

/** One pruned tensor in the report. */
interface TensorReport {
  readonly tensor: string;
  readonly kept: number;
  readonly total: number;
  readonly keptFraction: number;
}

function tensorLines(tensors: readonly TensorReport[], kept: number, total: number): string[] {
  const line = (name: string, k: number, t: number) =>
    `  ${name.padEnd(42)} kept ${String(k).padStart(6)} / ${String(t).padEnd(6)} (${((100 * k) / t).toFixed(1)}%)`;
  return [...tensors.map((t) => line(t.tensor, t.kept, t.total)), line("overall", kept, total)];
}

/** Register the `prune` command. */
export function registerPruningCommands(program: Command): void {
  addArchitectureOptions(
    program
      .command("prune")
      .description(
        "prune a model's recurrent weights once (thesis 5.2: --method magnitude) and write it with its masks; " +
          "structured removes whole units and writes a smaller model",
      ),
    "saved model",
  )
    .requiredOption("--weights <file>", "the trained model (safetensors)")
    .requiredOption("--percent <p>", "share of the weights (structured: of each layer's units) to remove (0–100)")
    .option("--kind <kind>", "both, i2h or h2h (structured: both)", "both")
    .option(
      "--method <method>",
      "magnitude (thesis: global percentile), random (the control), layerwise, or structured; " +
        "gradual and imp prune while training: `sparse-rnn experiment pruning --methods …`",
      "magnitude",
    )
    .option("--seed <n>", "seed of the random method's masks", "0")
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
        method: string;
        seed: string;
        out: string;
        json?: boolean;
      }) => {
        const percent = parseNumberOption("--percent", options.percent, 0, 100);
        const kind = parsePruneKind(options.kind);
        const method = parsePruningMethod(options.method);
        const model = readModelFromOptions(options.weights, options);
        const print = (summary: Record<string, unknown>, lines: string[]) =>
          process.stdout.write(options.json ? JSON.stringify(summary, null, 2) + "\n" : lines.join("\n") + "\n");
        if (method === "structured") {
          if (kind !== "both")
            throw new Error(`--method structured removes whole units: --kind must be both, got ${kind}`);
          const result = pruneUnits(model.architecture, model.tensors, percent);
          writeModelFile(options.out, result.architecture, result.params, {
            "sparse_rnn.pruning": JSON.stringify({ method, percent, keptUnits: result.keptUnits }),
          });
          const summary = {
            weights: options.weights,
            out: options.out,
            method,
            percent,
            layerSizes: result.architecture.layerSizes,
            recurrentWeights: { before: result.weightsBefore, after: result.weightsAfter },
            keptUnits: result.keptUnits,
          };
          print(summary, [
            `removed ${percent}% of each layer's units of ${options.weights} by the L2 norm of their rows`,
            `  layers [${model.architecture.layerSizes}] -> [${result.architecture.layerSizes}]`,
            `  recurrent weights ${result.weightsBefore} -> ${result.weightsAfter} ` +
              `(${((100 * result.weightsAfter) / result.weightsBefore).toFixed(1)}% kept)`,
            `wrote ${options.out}`,
          ]);
          return;
        }
        if (!isOneShotMethod(method))
          throw new Error(
            `--method ${method} prunes while training: run \`sparse-rnn experiment pruning --methods ${method}\` ` +
              `(prune takes ${PRUNING_METHODS.filter((m) => m !== "gradual" && m !== "imp").join(", ")})`,
          );
        const seed = parseSeedOption("--seed", options.seed);
        const result = pruneOnce(method, model.tensors, percent, kind, new SeededRandom(seed).fork("masks"));
        writeModelFile(options.out, model.architecture, result.params, {
          "sparse_rnn.pruning": JSON.stringify({ method, percent, kind, threshold: result.threshold, seed }),
        });
        const tensors = result.tensors.map((t) => ({
          tensor: t.weight,
          kept: t.kept,
          total: t.total,
          keptFraction: t.kept / t.total,
        }));
        const summary = {
          weights: options.weights,
          out: options.out,
          method,
          percent,
          kind,
          threshold: result.threshold,
          kept: result.kept,
          total: result.total,
          keptFraction: result.kept / result.total,
          tensors,
        };
        const rule =
          method === "magnitude"
            ? `threshold |w| >= ${result.threshold.toPrecision(6)}`
            : method === "random"
              ? `masks drawn with seed ${seed}`
              : "a threshold per tensor";
        print(summary, [
          `pruned ${options.weights} by ${method} at p = ${percent} (${kind}): ${rule}`,
          ...tensorLines(tensors, result.kept, result.total),
          `wrote ${options.out}`,
        ]);
      },
    );
}
