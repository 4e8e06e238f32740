/**
 * Deterministic sharding of a job list for cluster job arrays (SLURM arrays, Kubernetes indexed jobs):
 * shard i of n takes the jobs whose index in the full list is ≡ i (mod n). Round-robin rather than blocks,
 * so shards get a fair mix when job cost grows along the list (e.g. pruning percentages).
 */

/** Shard `index` (0-based) of `count`. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** The whole job list as one shard. */
export const WHOLE: Shard = { index: 0, count: 1 };

/** Parse "i/n" (0 ≤ i < n), e.g. `--shard $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT`. */
export function parseShard(text: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!match) throw new Error(`invalid shard "${text}": expected "i/n" with 0 <= i < n, e.g. "0/4"`);
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1) throw new Error(`invalid shard "${text}": the shard count n must be at least 1`);
  if (index >= count)
    throw new Error(`invalid shard "${text}": the shard index i must be in 0..${count - 1} (0-based)`);
  return { index, count };
}

/** "i/n". */
export function formatShard(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}

/** Whether the job at `jobIndex` of the full list belongs to `shard`. */
export function inShard(jobIndex: number, shard: Shard): boolean {
  return jobIndex % shard.count === shard.index;
}
