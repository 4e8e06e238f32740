/** CLI: `sparse-rnn bench`: speed of the fused engine per variant, optionally next to a PyTorch peer. */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Command } from "commander";
import { DATASET_FILES, shippedDataDir } from "../data/dataset-files";
import { readLabelledCsv } from "../data/labelled-csv";
import type { LabelledString } from "../data/reber-dataset";
import { generateValidReber } from "../data/reber-grammar";
import { generateInvalidReber } from "../data/invalid-reber";
import { RECURRENT_MODES, parseRecurrentMode, type RecurrentMode } from "../models/architecture";
import { SeededRandom } from "../random/seeded-random";
import { kernelBackend, kernelVariant, parseKernelVariant, type KernelVariant } from "../engine/wasm-kernels";
import { cpuShare, summariseTimings } from "../engine/timing";
import { timeEpoch, timeTrainingStep } from "../training/step-benchmark";
import { parseIntegerOption, parseNumberOption } from "./model-options";
import { SPARSE_THRESHOLDS } from "../engine/compressed-weight";
import { parsePruneKind } from "../pruning/magnitude-pruning";
import { timePrunedSteps } from "../pruning/pruned-step-speed";
import {
  benchmarkGraphs,
  estimateSweepHours,
  sweepBatchLength,
  sweepMeanStepMs,
  sweepMeanUnits,
  timeStructureSteps,
  type GraphStepTiming,
} from "../experiments/structure-benchmark";
import { STRUCTURED_PATHS, type StructuredPath } from "../engine/fused-network";
import type { StructureJob } from "../experiments/structure-sweep";

interface BenchOptions {
  structure?: boolean;
  sparse?: boolean;
  kind?: string;
  graphs: string;
  json?: boolean;
  peer?: boolean;
  epoch: boolean;
  repeats: string;
  modes?: string;
  threads: string;
  path: string;
  kernels?: string;
  rounds: string;
}

/** PyTorch's timings from bench/torch_peer.py (thesis-style masked layers and torch's fused modules). */
interface PeerResult {
  torch_version: string;
  stacked: Record<string, { median_ms: number }>;
  fused: Record<string, { median_ms: number }>;
}

const PYTHON = "/usr/bin/python3";

/** The shipped training rows, or a generated stand-in of the same size (18,750 rows, half valid). */
function trainingRows(): { rows: LabelledString[]; source: string } {
  const path = join(shippedDataDir(), DATASET_FILES.train);
  if (existsSync(path)) return { rows: readLabelledCsv(path), source: path };
  const rng = new SeededRandom(2021);
  const rows = Array.from({ length: 18750 }, (_, i) =>
    i % 2 === 0
      ? { string: generateValidReber(rng), valid: true }
      : { string: generateInvalidReber(rng, "wrong-branch"), valid: false },
  );
  return { rows, source: "generated stand-in (18,750 rows)" };
}

/**
 * Run bench/torch_peer.py with one thread and parse its JSON; undefined (and a note on stderr) when torch is
 * unavailable.
 */
function runTorchPeer<T>(args: readonly string[]): T | undefined {
  const script = join(shippedDataDir(), "..", "bench", "torch_peer.py");
  if (!existsSync(PYTHON) || !existsSync(script)) {
    process.stderr.write(`bench: --peer needs ${PYTHON} and ${script}; skipped\n`);
    return undefined;
  }
  const run = spawnSync(PYTHON, [script, "--json", "--threads", "1", ...args], {
    encoding: "utf8",
    env: { ...process.env, OMP_NUM_THREADS: "1" },
    maxBuffer: 1 << 24,
  });
  if (run.status !== 0) {
    process.stderr.write(
      `bench: the PyTorch peer failed (${run.stderr.trim().split("\n").pop() ?? "no output"}); skipped\n`,
    );
    return undefined;
  }
  return JSON.parse(run.stdout) as T;
}

/** The peer on the base model: thesis-style masked layers and torch's fused modules. */
function runPeer(modes: RecurrentMode[], repeats: number): PeerResult | undefined {
  return runTorchPeer<PeerResult>(["--stacked", "--fused", "--repeats", String(repeats), "--modes", modes.join(",")]);
}

/** PyTorch's per-graph timings of the thesis-style structured model (bench/torch_peer.py --structured). */
interface StructuredPeerResult {
  torch_version: string;
  structured: { graph: number; median_ms: number }[];
  structured_mean_ms: number;
}

/** The peer on the benchmark's graphs (thesis-style structured model, batch 128). */
function runStructuredPeer(
  jobs: readonly StructureJob[],
  mode: RecurrentMode,
  repeats: number,
  length: number,
): StructuredPeerResult | undefined {
  const graphsPath = join(mkdtempSync(join(tmpdir(), "sparse-rnn-bench-")), "graphs.json");
  writeFileSync(graphsPath, JSON.stringify(jobs.map((job) => ({ num_nodes: job.numNodes, edges: job.edges }))));
  return runTorchPeer<StructuredPeerResult>([
    "--structured",
    graphsPath,
    "--structured-mode",
    mode,
    "--batch-size",
    "128",
    "--length",
    String(length),
    "--repeats",
    String(repeats),
    "--warmup",
    "2",
  ]);
}

/** The structured paths `--path` asks for ("both": the default per-unit path, then the packed levels). */
function parseStructuredPaths(value: string): StructuredPath[] {
  if (value === "both") return [...STRUCTURED_PATHS];
  if ((STRUCTURED_PATHS as readonly string[]).includes(value)) return [value as StructuredPath];
  throw new Error(`--path: "${value}" is not ${STRUCTURED_PATHS.join(", ")} or both`);
}

/** The kernel builds `--kernels` asks for (default: the one this process uses), each checked to run here. */
function parseKernelVariants(value: string | undefined): KernelVariant[] {
  if (value === undefined) return [kernelVariant()];
  const variants = value.split(",").map((v) => parseKernelVariant(v.trim(), "--kernels"));
  return [...new Set(variants)];
}

/** One timed configuration of `bench --structure`: a structured path on a kernel build. */
interface StructureSetup {
  readonly path: StructuredPath;
  readonly kernels: KernelVariant;
}

/**
 * `bench --structure`: step times of graph-structured models on the sweep's first graphs, the sweep estimate, and the
 * peer.
 */
function benchStructure(options: BenchOptions, modes: readonly RecurrentMode[], repeats: number): void {
  const perGenerator = parseNumberOption("--graphs", options.graphs, 1, 100);
  const paths = parseStructuredPaths(options.path);
  const builds = parseKernelVariants(options.kernels);
  const setups: StructureSetup[] = builds.flatMap((kernels) => paths.map((path) => ({ path, kernels })));
  const labelOf = (s: StructureSetup) => (builds.length > 1 ? `${s.path} ${s.kernels}` : s.path);
  const labelWidth = Math.max(...setups.map((s) => labelOf(s).length));
  const length = sweepBatchLength(128);
  const sweepUnits = sweepMeanUnits(0);
  const rounds = parseIntegerOption("--rounds", options.rounds, 1, 20, "a whole number of rounds");
  const median = (values: readonly number[]) => summariseTimings(values).medianMs;
  const report = modes.map((mode) => {
    const jobs = benchmarkGraphs(perGenerator, 0, mode);
    // Each round times every setup, then the peer: the machine's speed drifts over minutes, so several rounds give
    // ratios of times taken close together, and their median.
    const measured = Array.from({ length: rounds }, (_, round) => {
      // Setups alternate graph by graph, so a change in the machine's load hits all alike.
      const timings = setups.map((): GraphStepTiming[] => []);
      for (const job of jobs)
        setups.forEach(({ path, kernels }, i) =>
          timings[i]!.push(...timeStructureSteps([job], { repeats, length, path, kernels })),
        );
      const means = timings.map((graphs) => graphs.reduce((sum, t) => sum + t.medianMs, 0) / graphs.length);
      if (!options.json)
        setups.forEach((setup, i) =>
          process.stderr.write(
            `  ${mode} ${labelOf(setup)}${rounds > 1 ? ` (round ${round + 1}/${rounds})` : ""}: ` +
              `${jobs.length} graphs, mean step ${means[i]!.toFixed(2)} ms ` +
              `(CPU ${(100 * cpuShare(timings[i]!)).toFixed(0)}% of wall)\n`,
          ),
        );
      const peer = options.peer ? runStructuredPeer(jobs, mode, Math.min(repeats, 10), length) : undefined;
      return { timings, means, peer };
    });
    const peerMs = measured.flatMap(({ peer }) => (peer ? [peer.structured_mean_ms] : []));
    const timed = setups.map((setup, i) => {
      const graphs = measured.flatMap(({ timings }) => timings[i]!);
      const roundMeans = measured.map(({ means }) => means[i]!);
      return {
        ...setup,
        backend: kernelBackend(setup.kernels),
        meanStepMs: median(roundMeans),
        roundMeanStepMs: roundMeans,
        torchRatios: options.peer ? measured.map(({ means, peer }) => peer!.structured_mean_ms / means[i]!) : null,
        cpuShare: cpuShare(graphs),
        graphs,
      };
    });
    const peer = measured[0]!.peer;
    // The estimate follows the first setup asked for (the default path with "both", on the first build).
    const sweepStepMs = sweepMeanStepMs(timed[0]!.graphs, sweepUnits);
    return {
      mode,
      meanStepMs: timed[0]!.meanStepMs,
      paths: timed,
      sweepMeanStepMs: sweepStepMs,
      sweepHours200Models: estimateSweepHours(sweepStepMs, { models: 200 }),
      graphs: timed[0]!.graphs,
      torchMeanStepMs: peerMs.length > 0 ? median(peerMs) : null,
      torchRoundMeanStepMs: peerMs.length > 0 ? peerMs : null,
      torchVersion: peer?.torch_version ?? null,
    };
  });
  const totalHours = report.reduce((sum, r) => sum + r.sweepHours200Models, 0);
  const result = {
    backend: `${builds.map((b) => kernelBackend(b)).join("; ")}, 1 thread per model, 2 models at once`,
    batch: { size: 128, length },
    graphsPerGenerator: perGenerator,
    sweepMeanUnits: sweepUnits,
    variants: report,
    estimatedSweepHours: totalHours,
  };
  if (options.json) {
    process.stdout.write(JSON.stringify(result, null, 2) + "\n");
    return;
  }
  const lines = [
    `structured models: ${2 * perGenerator} graphs per variant (the sweep's first BA and WS graphs, seed 0), ` +
      `one training step at batch 128 × ${length} (the training set's mean padded length)` +
      `${rounds > 1 ? `, median of ${rounds} rounds` : ""}; ` +
      `paths: ${paths.join(", ")}; kernels: ${builds.map((b) => `${b} (${kernelBackend(b)})`).join(", ")}`,
  ];
  for (const r of report) {
    for (const p of r.paths) {
      const ratios = p.torchRatios ?? [];
      const perRound = ratios.length > 1 ? `; rounds ${ratios.map((x) => `${x.toFixed(1)}×`).join(", ")}` : "";
      const peer =
        r.torchMeanStepMs === null
          ? ""
          : `; PyTorch thesis-style ${r.torchMeanStepMs.toFixed(1)} ms ` +
            `(${median(ratios).toFixed(1)}× slower${perRound})`;
      lines.push(
        `  ${r.mode.padEnd(9)} ${labelOf(p).padEnd(labelWidth)} mean step ${p.meanStepMs.toFixed(2)} ms, ` +
          `CPU ${(100 * p.cpuShare).toFixed(0)}% of wall${peer}`,
      );
    }
    lines.push(
      `  ${r.mode.padEnd(9)} sweep's mean step ≈ ${r.sweepMeanStepMs.toFixed(2)} ms (the timed steps' line ` +
        `against their units, at the sweep's mean of ${sweepUnits.toFixed(1)} recurrent units); ` +
        `200 models ≈ ${r.sweepHours200Models.toFixed(2)} h on 2 cores`,
    );
  }
  const busiest = Math.min(...report.flatMap((r) => r.paths.map((p) => p.cpuShare)));
  if (busiest < 0.9)
    lines.push(
      `note: a step's CPU time was only ${(100 * busiest).toFixed(0)}% of its wall time, so other work shared the ` +
        "cores and the wall times (and ratios) are pessimistic; measure again on an idle machine",
    );
  lines.push(
    `estimated full sweep (${report.map((r) => r.mode).join(", ")}; 15 epochs, 18,750 rows): ` +
      `${totalHours.toFixed(2)} h on 2 cores, if two models at once ran as fast as one alone`,
  );
  process.stdout.write(lines.join("\n") + "\n");
}

/** `bench --sparse`: step times of the pruned base model on dense and sparse kernels, per pruning percentage. */
function benchSparse(options: BenchOptions, modes: readonly RecurrentMode[], repeats: number): void {
  const kind = parsePruneKind(options.kind ?? "both");
  const percents = [0, 20, 40, 50, 60, 70, 80, 90, 100];
  const report = modes.map((mode) => ({ mode, kind, timings: timePrunedSteps(mode, kind, percents, { repeats }) }));
  const result = {
    backend: `${kernelBackend()}, 1 thread`,
    batch: { size: 32, length: 33 },
    thresholds: SPARSE_THRESHOLDS,
    variants: report,
  };
  if (options.json) {
    process.stdout.write(JSON.stringify(result, null, 2) + "\n");
    return;
  }
  const lines = [
    `pruned base model (kind ${kind}), one training step on 32 strings × 33 steps, ` +
      `fastest of ${repeats} (ms); default = sparse below density ${SPARSE_THRESHOLDS.product} (products) ` +
      `/ ${SPARSE_THRESHOLDS.gradient} (gradients)`,
  ];
  for (const { mode, timings } of report) {
    lines.push(`${mode}`, "  pruned %   dense   sparse  default  default vs dense");
    for (const t of timings) {
      lines.push(
        `  ${String(t.percent).padStart(8)} ${t.denseMs.toFixed(2).padStart(7)} ` +
          `${t.sparseMs.toFixed(2).padStart(8)} ${t.defaultMs.toFixed(2).padStart(8)}  ` +
          `${(t.denseMs / t.defaultMs).toFixed(2)}×`,
      );
    }
  }
  process.stdout.write(lines.join("\n") + "\n");
}

/** Register `bench`. */
export function registerBenchCommands(program: Command): void {
  program
    .command("bench")
    .description(
      "time one training step (batch 32, length 25, base model) per variant and one epoch over the training set",
    )
    .option("--json", "machine-readable output")
    .option("--peer", "also time PyTorch (bench/torch_peer.py, needs /usr/bin/python3 with torch) and print ratios")
    .option("--no-epoch", "skip the epoch timing")
    .option("--repeats <n>", "measured steps per variant", "50")
    .option("--modes <list>", "comma-separated variants (default all four)")
    .option("--threads <n>", "1, or 2 to split each batch with a worker thread", "1")
    .option(
      "--structure",
      "time graph-structured models instead (the structure sweep's workload) and estimate the sweep's hours",
    )
    .option("--graphs <n>", "with --structure: graphs per generator (BA and WS)", "5")
    .option(
      "--path <path>",
      "with --structure: units (each unit on its own, the default), levels (the units of a level packed) or both",
      "both",
    )
    .option(
      "--kernels <list>",
      "kernel builds to time side by side, comma-separated (native, fma, simd; default the one in use, see " +
        "SPARSE_RNN_KERNELS); fma is the engine before the native kernels",
    )
    .option(
      "--rounds <n>",
      "with --structure: measure every setup and the peer this many times in turn and report medians (the ratio: " +
        "the median of the rounds' ratios)",
      "1",
    )
    .option("--sparse", "time the base model pruned at 0–100% on dense and sparse kernels instead (batch 32 × 33)")
    .option("--kind <kind>", "with --sparse: which weights are pruned (both, i2h, h2h)", "both")
    .action((options: BenchOptions) => {
      const repeats = parseNumberOption("--repeats", options.repeats, 1, 100000);
      const modes = options.modes
        ? options.modes.split(",").map((m) => parseRecurrentMode(m.trim()))
        : [...RECURRENT_MODES];
      if (options.threads !== "1" && options.threads !== "2")
        throw new Error(`--threads: "${options.threads}" is not 1 or 2`);
      const threads = Number(options.threads) as 1 | 2;
      if (options.structure) {
        benchStructure(options, modes, Math.min(repeats, 15));
        return;
      }
      if (options.sparse) {
        benchSparse(options, modes, Math.min(repeats, 20));
        return;
      }
      const builds = parseKernelVariants(options.kernels);
      const threading = threads === 1 ? "1 thread" : "2 threads (data-parallel batch halves)";
      const backend = `${builds.map((b) => kernelBackend(b)).join("; ")}, ${threading}`;
      // One row per variant and kernel build, builds side by side within a variant.
      const rows = modes.flatMap((mode) => builds.map((kernels) => ({ mode, kernels })));
      const labelOf = (row: { mode: RecurrentMode; kernels: KernelVariant }) =>
        builds.length > 1 ? `${row.mode} ${row.kernels}` : row.mode;
      const steps = rows.map((row) => {
        const step = timeTrainingStep(row.mode, { repeats, threads, kernels: row.kernels });
        if (!options.json) process.stderr.write(`  ${labelOf(row)} step ${step.medianMs.toFixed(2)} ms\n`);
        return step;
      });
      const data = options.epoch ? trainingRows() : undefined;
      const epochs = rows.map((row) => {
        if (!data) return undefined;
        const epoch = timeEpoch(row.mode, data.rows, { threads, kernels: row.kernels });
        if (!options.json) process.stderr.write(`  ${labelOf(row)} epoch ${epoch.seconds.toFixed(1)} s\n`);
        return epoch;
      });
      const peer = options.peer ? runPeer(modes, Math.min(repeats, 30)) : undefined;
      const result = {
        backend,
        node: process.version,
        batch: { size: 32, length: 25 },
        model: "Embedding(128,50) → 3×50 → Linear(50,2)",
        epochData: data?.source ?? null,
        variants: rows.map(({ mode, kernels }, i) => ({
          mode,
          kernels,
          stepMedianMs: steps[i]!.medianMs,
          stepIqrMs: steps[i]!.iqrMs,
          epochSeconds: epochs[i]?.seconds ?? null,
          epochBatches: epochs[i]?.batches ?? null,
          torchThesisStepMs: peer?.stacked[mode]?.median_ms ?? null,
          torchFusedStepMs: peer?.fused[mode]?.median_ms ?? null,
        })),
        torchVersion: peer?.torch_version ?? null,
      };
      if (options.json) {
        process.stdout.write(JSON.stringify(result, null, 2) + "\n");
        return;
      }
      const lines = [
        `backend: ${backend} (Node ${process.version}); ` +
          "one training step = forward, BPTT, clip, Adam on 32 strings × 25 steps",
      ];
      const width = Math.max(9, ...rows.map((row) => labelOf(row).length));
      const header = [
        "variant",
        "step ms (IQR)",
        data ? "epoch s" : "",
        peer ? "torch thesis ms" : "",
        peer ? "torch fused ms" : "",
        peer ? "speed-up vs thesis / fused" : "",
      ];
      lines.push(
        header
          .filter(Boolean)
          .map((h, i) => (i === 0 ? h.padEnd(width) : h.padStart(14)))
          .join("  "),
      );
      for (const v of result.variants) {
        const cells = [
          labelOf(v).padEnd(width),
          `${v.stepMedianMs.toFixed(2)} (${v.stepIqrMs.toFixed(2)})`.padStart(14),
        ];
        if (data) cells.push(v.epochSeconds!.toFixed(2).padStart(14));
        if (peer) {
          const ratio = (t: number | null) => (t === null ? "–" : `${(t / v.stepMedianMs).toFixed(1)}×`);
          cells.push(
            (v.torchThesisStepMs?.toFixed(2) ?? "–").padStart(14),
            (v.torchFusedStepMs?.toFixed(2) ?? "–").padStart(14),
            `${ratio(v.torchThesisStepMs)} / ${ratio(v.torchFusedStepMs)}`.padStart(14),
          );
        }
        lines.push(cells.join("  "));
      }
      if (data) lines.push(`epoch: ${result.variants[0]?.epochBatches} shuffled batches of 32 from ${data.source}`);
      if (peer) lines.push(`peer: PyTorch ${peer.torch_version}, 1 thread (bench/torch_peer.py)`);
      process.stdout.write(lines.join("\n") + "\n");
    });
}
