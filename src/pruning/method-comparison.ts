/**
 * Pruning methods side by side, from a methods study's records (src/pruning/method-records.ts): accuracy against
 * sparsity with bands over replicates, how far each method goes within a tolerance of the dense model, what its
 * re-training costs, and the paired difference between two methods (magnitude against its random control) with a
 * t interval over replicates, each replicate being one independently trained base model both methods pruned.
 */
import { summarize, type Summary } from "../analysis/statistics";
import { bandOf, type Band } from "./replicate-bands";
import { isBaseRecord, type MethodRecord } from "./method-records";
import type { PruneKind } from "./magnitude-pruning";
import { pruneRunName } from "./run-names";

/** One run: a method at a level on one replicate's base model (all of an imp round's epochs). */
interface Run {
  readonly method: string;
  readonly percent: number;
  readonly replicate: number;
  readonly round: number;
  readonly rows: MethodRecord[];
}

function runsOf(records: readonly MethodRecord[], mode: string, kind: PruneKind): Run[] {
  const name = pruneRunName(mode, kind);
  const runs = new Map<string, Run>();
  for (const record of records) {
    if (record.mode !== name) continue;
    const key = `${record.method}/${record.prune}/${record.replicate}`;
    const run = runs.get(key) ?? {
      method: record.method,
      percent: record.prune,
      replicate: record.replicate,
      round: record.round,
      rows: [],
    };
    run.rows.push(record);
    runs.set(key, run);
  }
  for (const run of runs.values()) run.rows.sort((a, b) => a.epoch - b.epoch);
  return [...runs.values()];
}

/** Final test accuracy of each replicate's base model of a variant. */
export function denseAccuracies(records: readonly MethodRecord[], mode: string): Map<number, number> {
  const last = new Map<number, MethodRecord>();
  for (const record of records) {
    if (!isBaseRecord(record) || record.mode !== mode.toLowerCase()) continue;
    const seen = last.get(record.replicate);
    if (!seen || record.epoch > seen.epoch) last.set(record.replicate, record);
  }
  if (last.size === 0) throw new Error(`no base-model records for mode "${mode}"`);
  return new Map([...last].map(([replicate, record]) => [replicate, record.test_acc]));
}

/** One point of a method's curve: a level, with bands over replicates. */
export interface MethodPoint {
  readonly method: string;
  readonly percent: number;
  /** Share of the kind's weights removed at the end of the run (structured: of the original dense model's weights). */
  readonly sparsity: Band;
  /** Test accuracy right after pruning (epoch 0; gradual's is the unpruned base, imp's the rewound model). */
  readonly pruned: Band;
  /** Test accuracy after re-training (the run's last epoch). */
  readonly final: Band;
  /** Seconds of training spent to reach this model from the base model (imp: every round up to this one). */
  readonly cost: Band;
  /** Training epochs spent likewise. */
  readonly epochs: number;
}

/** Every method's curve for one variant and kind, ordered by method (first seen) and level. */
export function methodCurves(records: readonly MethodRecord[], mode: string, kind: PruneKind = "both"): MethodPoint[] {
  const runs = runsOf(records, mode, kind);
  const methods = [...new Set(runs.map((run) => run.method))];
  const trainingSeconds = (run: Run) => run.rows.filter((r) => r.epoch > 0).reduce((sum, r) => sum + r.time, 0);
  const epochsOf = (run: Run) => run.rows.filter((r) => r.epoch > 0).length;
  return methods.flatMap((method) => {
    const own = runs.filter((run) => run.method === method);
    const levels = [...new Set(own.map((run) => run.percent))].sort((a, b) => a - b);
    return levels.map((percent) => {
      const here = own.filter((run) => run.percent === percent);
      // imp reaches a level through every earlier round: its cost is the rounds' sum.
      const spent = (run: Run) =>
        own
          .filter((r) => r.replicate === run.replicate && (method === "imp" ? r.round <= run.round : r === run))
          .reduce((sum, r) => ({ seconds: sum.seconds + trainingSeconds(r), epochs: sum.epochs + epochsOf(r) }), {
            seconds: 0,
            epochs: 0,
          });
      return {
        method,
        percent,
        sparsity: bandOf(here.map((run) => run.rows.at(-1)!.sparsity)),
        pruned: bandOf(here.map((run) => run.rows[0]!.test_acc)),
        final: bandOf(here.map((run) => run.rows.at(-1)!.test_acc)),
        cost: bandOf(here.map((run) => spent(run).seconds)),
        epochs: spent(here[0]!).epochs,
      };
    });
  });
}

/** How far a method goes on a variant: the largest level whose re-trained accuracy stays within tolerance. */
export interface MethodReach {
  readonly method: string;
  readonly dense: Band;
  /** Largest level p such that p and every smaller level end within `tolerance` of the dense model (0: none). */
  readonly percent: Band;
  /** The weight sparsity reached at that level (0 when none). */
  readonly sparsity: Band;
}

/**
 * Per method, the largest level within `tolerance` (default 1 point) of the replicate's own dense model, over
 * replicates.
 */
export function methodReach(
  records: readonly MethodRecord[],
  mode: string,
  kind: PruneKind = "both",
  tolerance = 0.01,
): MethodReach[] {
  const dense = denseAccuracies(records, mode);
  const runs = runsOf(records, mode, kind);
  const methods = [...new Set(runs.map((run) => run.method))];
  return methods.map((method) => {
    const perReplicate = [...dense].map(([replicate, accuracy]) => {
      const own = runs
        .filter((run) => run.method === method && run.replicate === replicate)
        .sort((a, b) => a.percent - b.percent);
      let reached = { percent: 0, sparsity: 0 };
      for (const run of own) {
        if (run.rows.at(-1)!.test_acc < accuracy - tolerance) break;
        reached = { percent: run.percent, sparsity: run.rows.at(-1)!.sparsity };
      }
      return reached;
    });
    return {
      method,
      dense: bandOf([...dense.values()]),
      percent: bandOf(perReplicate.map((r) => r.percent)),
      sparsity: bandOf(perReplicate.map((r) => r.sparsity)),
    };
  });
}

/** A paired comparison of two methods on one variant. */
export interface PairedComparison {
  readonly mode: string;
  readonly first: string;
  readonly second: string;
  /** Which accuracy is compared: right after pruning, or after re-training. */
  readonly stage: "pruned" | "final";
  /** Per level: the differences first − second over replicates, with their mean and 95% t interval. */
  readonly levels: { readonly percent: number; readonly differences: number[]; readonly summary: Summary }[];
  /** Per replicate the mean difference over the compared levels, summarised: the overall effect and its interval. */
  readonly overall: Summary;
  readonly percents: number[];
}

/**
 * `first` minus `second` in test accuracy, paired by replicate (both pruned the same base model) at the levels both
 * ran below `maxPercent` (default: below 100%, where both keep almost nothing). The overall interval treats each
 * replicate's mean over levels as one observation, since the levels of a replicate share its base model.
 */
export function pairedComparison(
  records: readonly MethodRecord[],
  mode: string,
  first: string,
  second: string,
  options: { kind?: PruneKind; stage?: "pruned" | "final"; maxPercent?: number } = {},
): PairedComparison {
  const stage = options.stage ?? "final";
  const runs = runsOf(records, mode, options.kind ?? "both");
  const accuracy = (run: Run) => (stage === "final" ? run.rows.at(-1)! : run.rows[0]!).test_acc;
  const lookup = new Map(runs.map((run) => [`${run.method}/${run.percent}/${run.replicate}`, accuracy(run)]));
  const replicates = [...new Set(runs.map((run) => run.replicate))].sort((a, b) => a - b);
  const percents = [...new Set(runs.filter((run) => run.method === first).map((run) => run.percent))]
    .filter((p) => p < (options.maxPercent ?? 100))
    .filter((p) => replicates.every((r) => lookup.has(`${first}/${p}/${r}`) && lookup.has(`${second}/${p}/${r}`)))
    .sort((a, b) => a - b);
  if (percents.length === 0)
    throw new Error(`${mode}: no level where both "${first}" and "${second}" ran on every replicate`);
  const difference = (p: number, r: number) => lookup.get(`${first}/${p}/${r}`)! - lookup.get(`${second}/${p}/${r}`)!;
  const levels = percents.map((percent) => {
    const differences = replicates.map((r) => difference(percent, r));
    return { percent, differences, summary: summarize(differences) };
  });
  const perReplicate = replicates.map((r) => percents.reduce((sum, p) => sum + difference(p, r), 0) / percents.length);
  return { mode, first, second, stage, levels, overall: summarize(perReplicate), percents };
}
