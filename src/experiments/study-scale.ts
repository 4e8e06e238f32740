/**
 * The two scales the study runs at: "full" (the thesis's settings) and "quick" (minutes on a laptop, for CI and a
 * first look). Every stage and notebook reads its settings from here, so quick and full differ in one place.
 */
import { join } from "node:path";
import { packageRoot } from "../data/dataset-files";
import { isQuickMode } from "../notebook/quick-mode";
import type { RecurrentMode } from "../models/architecture";
import { RECURRENT_MODES } from "../models/architecture";
import type { PruneKind } from "../pruning/magnitude-pruning";
import { PRUNE_KINDS } from "../pruning/magnitude-pruning";
import type { PruningMethod } from "../pruning/pruning-method";
import type { StudyStage } from "./study-stage-names";

/** Settings of every stage at one scale. */
export interface StudyScale {
  readonly name: "quick" | "full";
  readonly modes: readonly RecurrentMode[];
  /** Use only the first N rows of the shipped train/test files (undefined: all). */
  readonly trainRows?: number;
  readonly testRows?: number;
  readonly base: { readonly hidden: readonly number[]; readonly epochs: number; readonly batchSize: number };
  readonly pruning: {
    readonly percents: readonly number[];
    readonly kinds: readonly PruneKind[];
    readonly retrainEpochs: number;
    /** Independently trained base models per variant. */
    readonly seeds: number;
  };
  /** The comparison of pruning methods (beyond the thesis) on the same base models. */
  readonly methods: {
    /** The variants compared (quick mode: two, one plain and one gated, to keep CI fast). */
    readonly modes: readonly RecurrentMode[];
    readonly methods: readonly PruningMethod[];
    readonly percents: readonly number[];
    readonly kinds: readonly PruneKind[];
    readonly retrainEpochs: number;
    readonly seeds: number;
    /** The same comparison on the embedded Reber task, with narrower layers so that the dense models don't saturate. */
    readonly embedded: { readonly hidden: readonly number[] };
  };
  readonly structure: {
    readonly perGenerator: number;
    readonly nodes: readonly [number, number];
    readonly epochs: number;
    readonly batchSize: number;
  };
  /**
   * The small-world spectrum sweep (beyond the thesis): WS-flex graphs over a k × p grid at one node count, as
   * relational recurrent networks on the embedded Reber task, with the complete graph as the baseline.
   */
  readonly spectrum: {
    readonly modes: readonly RecurrentMode[];
    readonly nodes: number;
    readonly k: readonly number[];
    readonly p: readonly number[];
    readonly graphSeeds: number;
    /**
     * The random baseline's average degrees: connected G(n, m) graphs with WS-flex's edge count at each (`graphSeeds`
     * per k), so they have the WS-flex graphs' weights. k = 2 is left out: at m = n a connected graph is one cycle
     * with trees, which G(n, m) almost never draws.
     */
    readonly randomK: readonly number[];
    /** Trainings per graph (the complete graph's too). */
    readonly seeds: number;
    readonly epochs: number;
    readonly batchSize: number;
  };
  /**
   * The structure sweep's first graphs again with the graph-faithful gate layout, for the gated variants (the layouts
   * agree for RNN_TANH and RNN_RELU): the same graphs, initialisation and shuffling, so each network pairs with its
   * thesis-layout twin of the structure stage.
   */
  readonly faithful: { readonly modes: readonly RecurrentMode[]; readonly perGenerator: number };
}

/** `count` evenly spaced values from `from` to `to` (numpy's linspace), squared when `squared` (graph2nn's p grid). */
function linspace(from: number, to: number, count: number, squared = false): number[] {
  return Array.from({ length: count }, (_, i) => {
    const value = i === count - 1 ? to : from + ((to - from) * i) / (count - 1);
    return squared ? value * value : value;
  });
}

/** The methods the shipped comparison runs: the thesis's, its random control, and the three schedules of #12. */
export const COMPARED_METHODS: readonly PruningMethod[] = ["magnitude", "random", "gradual", "imp", "structured"];

/** The thesis's settings (chapters 5.1–5.3). */
export const FULL_SCALE: StudyScale = {
  name: "full",
  modes: RECURRENT_MODES,
  base: { hidden: [50, 50, 50], epochs: 50, batchSize: 32 },
  // Three base models per variant (the thesis trained one): the safe-pruning cut-offs move with the seed.
  pruning: { percents: [10, 20, 30, 40, 50, 60, 70, 80, 90, 100], kinds: PRUNE_KINDS, retrainEpochs: 10, seeds: 3 },
  // The thesis's levels and re-training for each method, on the thesis's kind (i2h and h2h together).
  methods: {
    modes: RECURRENT_MODES,
    methods: COMPARED_METHODS,
    percents: [10, 20, 30, 40, 50, 60, 70, 80, 90, 100],
    kinds: ["both"],
    retrainEpochs: 10,
    seeds: 3,
    embedded: { hidden: [8, 8, 8] },
  },
  structure: { perGenerator: 100, nodes: [10, 50], epochs: 15, batchSize: 128 },
  // 450 graphs × 3 seeds × GRU and LSTM: graph2nn's grid shape (p = linspace(0, 1)², real k) at n = 32 (theirs: 64),
  // trained with the thesis sweep's 15 epochs and batch 128; one seed takes about 1 h 15 min on 2 cores.
  spectrum: {
    modes: ["GRU", "LSTM"],
    nodes: 32,
    k: linspace(2, 20, 10),
    p: linspace(0, 1, 15, true),
    graphSeeds: 3,
    randomK: linspace(4, 20, 9),
    seeds: 3,
    epochs: 15,
    batchSize: 128,
  },
  // 25 graphs per family × GRU and LSTM: 100 networks, about a quarter of the structure sweep's gated ones.
  faithful: { modes: ["GRU", "LSTM"], perGenerator: 25 },
};

/** A small version of every stage: same code paths, a fraction of the data and epochs. */
export const QUICK_SCALE: StudyScale = {
  name: "quick",
  modes: RECURRENT_MODES,
  trainRows: 3000,
  testRows: 1000,
  base: { hidden: [50, 50, 50], epochs: 3, batchSize: 32 },
  pruning: { percents: [30, 60, 90, 100], kinds: PRUNE_KINDS, retrainEpochs: 2, seeds: 1 },
  // Batch 32 rather than 128 in quick mode: the small data set then still gives enough optimizer steps to learn.
  methods: {
    modes: ["RNN_TANH", "GRU"],
    methods: COMPARED_METHODS,
    percents: [50, 90],
    kinds: ["both"],
    retrainEpochs: 2,
    seeds: 1,
    embedded: { hidden: [8, 8, 8] },
  },
  structure: { perGenerator: 25, nodes: [10, 20], epochs: 3, batchSize: 32 },
  spectrum: {
    modes: ["GRU"],
    nodes: 12,
    k: [2, 4, 8],
    p: [0, 0.25, 1],
    graphSeeds: 2,
    randomK: [4, 8],
    seeds: 1,
    epochs: 3,
    batchSize: 32,
  },
  faithful: { modes: ["GRU"], perGenerator: 5 },
};

/** Measured wall time of each full-scale stage on the 2-core lab machine, quoted when a notebook lacks its results. */
export const MEASURED_FULL_SCALE: Readonly<Record<StudyStage, { readonly summary: string; readonly perPart: string }>> =
  {
    // Measured 2026-11-29/30 on the WebAssembly kernels while other work shared the 2 cores (results/full/summary.md):
    // seeds 0, 1, 2 took 50m25s, 54m04s and 49m46s; sweep shards 0/2 and 1/2 took 1h16m and 1h11m. On the native
    // kernels (#14), idle, 2026-11-30: seed 0 in 19m29s, the whole sweep (800 networks, one part) in 30m49s; after the
    // prefetching and huge pages, seed 0 in 16m37s and the sweep in 30m16s.
    pruning: {
      summary:
        "about 50 min in three parts of about 17 min, one per seed (--replicates 0, 1, 2), on the native kernels " +
        "(about 2 h 35 min on WebAssembly)",
      perPart: "about 17 min (50 min on WebAssembly)",
    },
    // Measured 2026-11-30, every part beside other work: the thesis task's seeds 0, 1, 2 took 1h13m, 59m35s (with a
    // base stage computed twice after an interruption) and 1h00m17s, 3h13m in all; the embedded task's seeds 0, 1, 2
    // took 5m51s, 5m57s and 5m20s (8-unit layers train fast). Rerun on a fresh folder beside the pruning study, as
    // `reproduce` lays them out (base models and magnitude runs taken from it): seed 0 in 40m26s and seed 2 in
    // 36m49s with the cores idle, seed 1 in 50m46s beside a 9-minute run of the test suite; 2h08m in all, every one
    // of the 492 jobs identical to the shipped records. Without a pruning study beside it, a seed also computes its 4
    // base models and 40 magnitude runs: measured idle as a separate run, 17m36s (6m52s + 10m44s), so about 3 h 01 min
    // for the stage alone (2h08m + 3 × 17m36s).
    methods: {
      summary:
        "about 2 h 10 min in three parts of 37–51 min, one per seed (--replicates 0, 1, 2), " +
        "after the pruning study",
      perPart: "about 40 min",
    },
    "methods-embedded": {
      summary: "about 17 min in three parts of about 6 min, one per seed (--replicates 0, 1, 2)",
      perPart: "about 6 min",
    },
    structure: {
      summary:
        "about 30 min in one part on the native kernels (--shard 0/1); on WebAssembly about 2 h 27 min " +
        "in two shards of about 1 h 15 min (--shard 0/2, 1/2)",
      perPart: "about 30 min (1 h 15 min per half on WebAssembly)",
    },
    // Measured 2026-11-29/30, six parts of 451 networks: 1h46m (beside the other stages), 50m19s, 46m06s, 41m54s,
    // 48m27s (each beside tests or analysis work) and 42m48s (idle but for light work): 5h36m in all, about 4 h 25 min
    // without the first. With both cores free the sweep trains 10–14 networks a minute (GRU faster than LSTM).
    spectrum: {
      summary: "about 4 h 25 min in six parts of 40–50 min, one per seed and shard (--replicates 0 --shard 0/2, …)",
      perPart: "40–50 min",
    },
    // Measured 2026-11-30: 27 G(n, m) graphs × 3 seeds × GRU and LSTM, 162 networks in 18m08s beside light work.
    "spectrum-random": { summary: "about 18 min in one part", perPart: "about 18 min" },
    // Measured 2026-11-30: 100 networks in 20m23s, beside the spectrum sweep at low priority.
    faithful: { summary: "about 20 min in one part", perPart: "about 20 min" },
  };

/** The scale named, or else the one SPARSE_RNN_QUICK selects (quick when it is 1/true/yes/on, full otherwise). */
export function studyScale(name?: "quick" | "full"): StudyScale {
  const chosen = name ?? (isQuickMode() ? "quick" : "full");
  return chosen === "quick" ? QUICK_SCALE : FULL_SCALE;
}

/** The folder a scale's results live in: $SPARSE_RNN_RUNS or <project>/runs, then the scale's name. */
export function studyRunDir(scale: StudyScale, projectRoot = packageRoot()): string {
  return join(process.env.SPARSE_RNN_RUNS ?? join(projectRoot, "runs"), scale.name);
}
