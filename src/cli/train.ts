/** CLI: `sparse-rnn train` (train a model, write per-epoch CSV, weights and a summary) and `sparse-rnn evaluate`. */
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { makeBatches } from "../data/batching";
import { datasetFingerprint, loadSplit, shippedDataDir } from "../data/dataset-files";
import { readLabelledCsv } from "../data/labelled-csv";
import { writeFileAtomic } from "../files/atomic-file";
import { RecurrentModel, initialParameters } from "../models/recurrent-model";
import { SeededRandom } from "../random/seeded-random";
import type { EpochRecord } from "../training/epoch-records";
import {
  CHECKPOINT_FILES,
  checkRunOptions,
  readCheckpoint,
  runFilesIn,
  startRun,
  writeCheckpoint,
  type RunOptions,
} from "../training/checkpoint";
import { evaluateBatches } from "../training/evaluation";
import { trainModelInterruptibly, type LoopPosition } from "../training/trainer";
import { readModelFile } from "../weights/model-file";
import { kernelBackend } from "../engine/wasm-kernels";
import {
  addArchitectureOptions,
  architectureFromOptions,
  parseIntegerOption,
  parseNumberOption,
  parseSeedOption,
  readModelFromOptions,
  type ArchitectureChoice,
} from "./model-options";

interface TrainCliOptions {
  mode: string;
  hidden?: string;
  graph?: string;
  gateLayout?: string;
  epochs: string;
  batchSize: string;
  seed: string;
  data?: string;
  weights?: string;
  order: string;
  lr: string;
  out: string;
  quiet?: boolean;
  json?: boolean;
  threads: string;
  resume?: boolean;
}

interface EvaluateCliOptions {
  mode?: string;
  hidden?: string;
  graph?: string;
  weights: string;
  data: string;
  batchSize: string;
  order: string;
  json?: boolean;
  logits?: string;
}

function parseOrder(text: string): "shuffled" | "file" {
  if (text !== "shuffled" && text !== "file") throw new Error(`--order: "${text}" is not "shuffled" or "file"`);
  return text;
}

/** The model named by the options: from --weights (whose architecture must agree) or freshly initialised. */
function loadModel(
  choice: ArchitectureChoice,
  weights: string | undefined,
  rng: SeededRandom,
  lr: number,
  threads: 1 | 2,
): RecurrentModel {
  const options = { optimizer: { learningRate: lr }, threads };
  if (!weights) {
    const params = initialParameters(choice.architecture, rng);
    for (const [name, mask] of choice.masks ?? []) params.set(name, mask);
    return new RecurrentModel(choice.architecture, params, options);
  }
  const file = readModelFile(weights, choice.architecture);
  return new RecurrentModel(file.architecture, file.tensors, options);
}

/** Learning rates outside this range are almost surely a typo: Adam's usual rates are 1e-4 to 1e-2. */
const SENSIBLE_LEARNING_RATES = [1e-7, 1] as const;

/** The parsed settings of a run besides its architecture. */
interface RunSettings {
  readonly seed: number;
  readonly batchSize: number;
  readonly lr: number;
  readonly dataDir: string;
  readonly threads: number;
}

/** The options that define a run (checked on --resume; the epoch count may grow). */
function runOptions(options: TrainCliOptions, choice: ArchitectureChoice, settings: RunSettings): RunOptions {
  return {
    "--mode": choice.architecture.mode,
    "--hidden": options.graph ? null : choice.architecture.layerSizes.join(","),
    "--graph": options.graph ? resolve(options.graph) : null,
    // Only when faithful, so runs recorded before the option existed (all thesis-wired) still resume.
    ...(choice.gateLayout === "faithful" ? { "--gate-layout": choice.gateLayout } : {}),
    "--seed": settings.seed,
    "--batch-size": settings.batchSize,
    "--order": options.order,
    "--lr": settings.lr,
    "--data": datasetFingerprint(settings.dataDir),
    "--weights": options.weights ? resolve(options.weights) : null,
    "--threads": settings.threads,
  };
}

/** Register `train` and `evaluate`. */
export function registerTrainingCommands(program: Command): void {
  addArchitectureOptions(
    program
      .command("train")
      .description(
        "train a masked recurrent model on the Reber data (thesis 5.1): per-epoch CSV, final weights, summary",
      ),
    "new model",
  )
    .option(
      "--gate-layout <layout>",
      'with --graph: "thesis" (default; each vertex\'s mask row repeated per gate, as the thesis) or "faithful" ' +
        "(every gate block wired as the graph says)",
    )
    .option("--epochs <n>", "epochs", "50")
    .option("--batch-size <n>", "strings per batch", "32")
    .option("--seed <n>", "seed for initialisation and shuffling (0 to 4294967295)", "0")
    .option("--data <dir>", "data set directory with train.csv and test.csv (default: the shipped data/)")
    .option("--weights <file>", "start from this model (safetensors, masks are kept fixed) instead of a fresh one")
    .option("--order <order>", "batch order each epoch: shuffled or file", "shuffled")
    .option("--lr <rate>", "Adam learning rate", "0.001")
    .requiredOption("--out <dir>", "output directory (run.json, checkpoints/, epochs.csv, model.safetensors, summary)")
    .option(
      "--threads <n>",
      "1, or 2 to split each batch with a worker thread (helps only on an otherwise idle multi-core machine; " +
        "deterministic, but results differ from 1 thread in the last bits)",
      "1",
    )
    .option("--resume", "continue the run in --out (same options; --epochs may grow) as if it had not stopped")
    .option("--quiet", "no progress bar")
    .option("--json", "print the summary as JSON")
    .action(async (options: TrainCliOptions) => {
      const choice = architectureFromOptions(options)!;
      const arch = choice.architecture;
      const epochs = parseIntegerOption("--epochs", options.epochs, 0);
      const batchSize = parseIntegerOption("--batch-size", options.batchSize, 1);
      const seed = parseSeedOption("--seed", options.seed);
      const lr = parseNumberOption("--lr", options.lr, Number.MIN_VALUE);
      const order = parseOrder(options.order);
      if (options.threads !== "1" && options.threads !== "2")
        throw new Error(`--threads: "${options.threads}" is not 1 or 2`);
      const threads = Number(options.threads) as 1 | 2;
      const out = resolve(options.out);
      const existing = runFilesIn(out);
      if (!options.resume && existing.length > 0) {
        throw new Error(
          `--out ${out} already holds a training run (${existing.join(", ")}): add --resume to continue it, ` +
            "or give another --out (or delete the folder) to start over",
        );
      }
      if (lr < SENSIBLE_LEARNING_RATES[0] || lr > SENSIBLE_LEARNING_RATES[1]) {
        const expect = "expect the run to diverge or not to move";
        process.stderr.write(`warning: --lr ${options.lr} is far outside Adam's usual 1e-4 to 1e-2; ${expect}\n`);
      }
      const dataDir = resolve(options.data ?? shippedDataDir());
      const { train, test } = loadSplit(dataDir);
      const rng = new SeededRandom(seed);
      const defining = runOptions(options, choice, { seed, batchSize, lr, dataDir, threads });
      if (existing.length > 0) checkRunOptions(out, defining);
      const checkpoint = options.resume ? readCheckpoint(out, arch) : undefined;
      for (const skipped of checkpoint?.skipped ?? []) process.stderr.write(`passed over a checkpoint: ${skipped}\n`);
      const model = checkpoint
        ? new RecurrentModel(arch, checkpoint.tensors, { optimizer: { learningRate: lr }, threads })
        : loadModel(choice, options.weights, rng.fork("init"), lr, threads);
      if (checkpoint) model.restoreOptimizerState(checkpoint.optimizer, `${out}: checkpoint ${checkpoint.epoch}`);
      // Recorded once the model stands, so a typo (e.g. a missing --weights file) leaves no run behind.
      if (existing.length === 0) startRun(out, defining);
      const done = checkpoint?.epoch ?? 0;
      const shuffle = rng.fork("shuffle");
      // Each epoch draws one permutation; skip the ones the checkpointed epochs used.
      if (order === "shuffled") for (let e = 0; e < done; e++) shuffle.permutation(train.length);
      const csvPath = join(out, CHECKPOINT_FILES.records);
      const weightsPath = join(out, CHECKPOINT_FILES.model);
      const runName = arch.mode.toLowerCase();
      const records: EpochRecord[] = checkpoint ? [...checkpoint.records] : [];
      if (options.resume && !options.quiet)
        process.stderr.write(
          checkpoint ? `resuming after epoch ${done}\n` : `no checkpoint in ${out}: starting afresh\n`,
        );
      // Ctrl-C stops at the next batch boundary (the last whole epoch is checkpointed); a second one exits at once.
      const interrupt = new AbortController();
      const onSigint = (): void => {
        if (interrupt.signal.aborted) process.exit(130);
        interrupt.abort();
      };
      process.on("SIGINT", onSigint);
      const started = performance.now();
      let stoppedAt: LoopPosition | null;
      try {
        ({ stoppedAt } = await trainModelInterruptibly(model, train, test, {
          runName,
          epochs: Math.max(0, epochs - done),
          firstEpoch: done + 1,
          batchSize,
          order,
          rng: shuffle,
          progress: !options.quiet,
          signal: interrupt.signal,
          callbacks: {
            // Each finished epoch is checkpointed at once (atomically), so an interrupted run can --resume.
            onEpoch(record) {
              records.push(record);
              writeCheckpoint(out, arch, model, records);
              if (!options.json && !options.quiet) {
                process.stderr.write(
                  `epoch ${record.epoch}: train loss ${record.train_loss.toFixed(4)} acc ` +
                    `${record.train_acc.toFixed(4)} | test loss ${record.test_loss.toFixed(4)} ` +
                    `acc ${record.test_acc.toFixed(4)} | ${record.time.toFixed(1)} s\n`,
                );
              }
            },
          },
        }));
      } finally {
        process.off("SIGINT", onSigint);
        model.close();
      }
      const last = records[records.length - 1];
      if (stoppedAt) {
        const kept = last ? `the checkpoint of epoch ${last.epoch} is in ${out}` : `no epoch finished, nothing is kept`;
        const where = `epoch ${stoppedAt.epoch} (batch ${stoppedAt.batch}/${stoppedAt.batches}, dropped)`;
        process.stderr.write(`interrupted in ${where}; ${kept}; run the same command with --resume to continue\n`);
        process.exitCode = 130;
        return;
      }
      if (records.length === 0) writeCheckpoint(out, arch, model, records);
      const summary = {
        architecture: arch,
        ...(choice.gateLayout ? { gateLayout: choice.gateLayout } : {}),
        seed,
        epochs,
        batchSize,
        order,
        learningRate: lr,
        data: dataDir,
        initialWeights: options.weights ?? null,
        trainRows: train.length,
        testRows: test.length,
        final: last ?? null,
        seconds: (performance.now() - started) / 1000,
        backend: `${kernelBackend()}, ${threads} thread${threads === 1 ? "" : "s"}`,
        files: { epochs: csvPath, weights: weightsPath },
      };
      writeFileAtomic(join(out, CHECKPOINT_FILES.summary), JSON.stringify(summary, null, 2) + "\n");
      if (options.json) process.stdout.write(JSON.stringify(summary, null, 2) + "\n");
      else {
        const final = last
          ? `final test accuracy ${last.test_acc.toFixed(4)} ` +
            `(loss ${last.test_loss.toFixed(4)}) after ${last.epoch} epochs`
          : "no epochs run";
        process.stdout.write(
          `${arch.mode} [${arch.layerSizes}]: ${final} in ${summary.seconds.toFixed(1)} s\n` +
            `wrote ${csvPath}, ${weightsPath}, ${join(out, "summary.json")}\n`,
        );
      }
    });

  addArchitectureOptions(
    program
      .command("evaluate")
      .description("evaluate a saved model on a labelled CSV: accuracy and summed per-batch mean loss"),
    "saved model",
  )
    .requiredOption("--weights <file>", "the model (safetensors)")
    .requiredOption("--data <file>", "labelled CSV (e.g. data/test.csv)")
    .option("--batch-size <n>", "strings per batch", "32")
    .option("--order <order>", "batch order: file or shuffled (seed 0)", "file")
    .option("--json", "machine-readable output")
    .option("--logits <file>", "write each row's logits (data order) as JSON")
    .action((options: EvaluateCliOptions) => {
      const batchSize = parseIntegerOption("--batch-size", options.batchSize, 1);
      const order = parseOrder(options.order);
      const file = readModelFromOptions(options.weights, options);
      const rows = readLabelledCsv(options.data);
      if (rows.length === 0) throw new Error(`${options.data}: no rows to evaluate`);
      const model = new RecurrentModel(file.architecture, file.tensors);
      const batches = makeBatches(rows, { batchSize, order, rng: new SeededRandom(0), source: options.data });
      const result = evaluateBatches(model, batches, Boolean(options.logits));
      if (options.logits) {
        const classes = file.architecture.outputSize;
        const perRow = Array.from({ length: rows.length }, (_, i) =>
          Array.from(result.logits!.subarray(i * classes, (i + 1) * classes)),
        );
        writeFileAtomic(
          options.logits,
          JSON.stringify({ weights: options.weights, data: options.data, logits: perRow }) + "\n",
        );
      }
      const summary = {
        weights: options.weights,
        data: options.data,
        rows: result.rows,
        correct: result.correct,
        accuracy: result.accuracy,
        loss: result.loss,
        batchSize,
      };
      if (options.json) process.stdout.write(JSON.stringify(summary, null, 2) + "\n");
      else
        process.stdout.write(
          `${options.data}: accuracy ${result.accuracy.toFixed(4)} (${result.correct}/${result.rows}), ` +
            `loss ${result.loss.toFixed(4)} (sum of ${batches.length} batch means)\n`,
        );
    });
}
