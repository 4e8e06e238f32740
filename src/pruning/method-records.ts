/**
 * Records of a study comparing pruning methods: the pruning study's records (src/pruning/replicated-records.ts)
 * plus `method`, `round` (imp's round, else 0) and `sparsity` (the share of the kind's weights removed). Records
 * without those columns (the thesis's study) read as magnitude pruning, their base rows as "dense".
 */
import { parseCsvRecords } from "../data/csv";
import { readTextFile } from "../files/read-file";
import { replicatedRecordsOf, type ReplicatedRecord } from "./replicated-records";

/** The method of base-model rows: nothing pruned. */
export const DENSE = "dense";

/** One record of a methods study. */
export interface MethodRecord extends ReplicatedRecord {
  readonly method: string;
  readonly round: number;
  /** Share (0–1) of the kind's recurrent weights removed; NaN when the records do not say. */
  readonly sparsity: number;
}

/** Whether a record is a base model's (the mode is a bare variant name, prune 0). */
export function isBaseRecord(record: ReplicatedRecord): boolean {
  return record.prune === 0 && !record.mode.includes("_prune");
}

/** Parse methods-study records; errors name the file, line and column. */
export function parseMethodRecords(text: string, file = "<records>"): MethodRecord[] {
  const csv = parseCsvRecords(text, { source: file, skipBlankLines: true });
  const replicated = replicatedRecordsOf(csv, file);
  const [header, ...rows] = csv;
  const names = (header?.fields ?? []).map((name) => name.trim());
  const at = (column: string) => names.indexOf(column);
  const [methodAt, roundAt, sparsityAt] = [at("method"), at("round"), at("sparsity")];
  return replicated.map((record, i) => {
    const { fields, line } = rows[i]!;
    const number = (column: string, index: number, fallback: number, integer: boolean): number => {
      if (index < 0) return fallback;
      const cell = (fields[index] ?? "").trim();
      const value = Number(cell);
      if (cell === "" || !Number.isFinite(value) || (integer && !Number.isInteger(value)))
        throw new Error(
          `${file}:${line}: column "${column}" holds "${cell}", expected ${integer ? "an integer" : "a number"}`,
        );
      return value;
    };
    const method = methodAt < 0 ? (isBaseRecord(record) ? DENSE : "magnitude") : (fields[methodAt] ?? "").trim();
    if (method === "") throw new Error(`${file}:${line}: column "method" is empty`);
    return {
      ...record,
      method,
      round: number("round", roundAt, 0, true),
      sparsity: number("sparsity", sparsityAt, NaN, false),
    };
  });
}

/** Read a methods study's records CSV. */
export function readMethodRecords(path: string): MethodRecord[] {
  return parseMethodRecords(readTextFile(path, "the records CSV"), path);
}

/** The methods present (base rows' "dense" excluded), in first-seen order. */
export function methodsOf(records: readonly MethodRecord[]): string[] {
  return [...new Set(records.map((r) => r.method))].filter((method) => method !== DENSE);
}

/**
 * One method's runs with the base models they started from: what the thesis's analysis (recovery-analysis,
 * replicate-bands, pruning-findings) reads, as if that method were the thesis's.
 */
export function recordsOfMethod(records: readonly MethodRecord[], method: string): MethodRecord[] {
  if (!records.some((r) => r.method === method))
    throw new Error(`no records of method "${method}" (present: ${methodsOf(records).join(", ") || "none"})`);
  return records.filter((r) => r.method === method || r.method === DENSE);
}

/** Records split by whether their replicate has run everything any replicate ran (a part still running has not). */
export interface CompleteReplicates {
  readonly records: MethodRecord[];
  /** Replicates with every variant's, method's and level's run (kept). */
  readonly complete: number[];
  /** Replicates missing some run (dropped: their gaps would read as failures). */
  readonly incomplete: number[];
}

/**
 * Keep the replicates that hold every run (variant, method, level, round) that any replicate holds, and their base
 * records: a study shipped in parts may hold a seed only partly, and comparing over it would mix in missing runs.
 */
export function completeReplicates(records: readonly MethodRecord[]): CompleteReplicates {
  const runKey = (r: MethodRecord) => `${r.mode}/${r.method}/${r.prune}/${r.round}`;
  const all = new Set(records.map(runKey));
  const byReplicate = new Map<number, Set<string>>();
  for (const record of records) {
    const keys = byReplicate.get(record.replicate) ?? new Set<string>();
    keys.add(runKey(record));
    byReplicate.set(record.replicate, keys);
  }
  const replicates = [...byReplicate.keys()].sort((a, b) => a - b);
  const complete = replicates.filter((r) => byReplicate.get(r)!.size === all.size);
  const incomplete = replicates.filter((r) => !complete.includes(r));
  return { records: records.filter((r) => complete.includes(r.replicate)), complete, incomplete };
}
