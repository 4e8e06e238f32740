/**
 * Claims: which jobs of an experiment folder are running, where. Before a runner starts a job it creates
 * `<outDir>/running/<key>.json` exclusively (O_CREAT|O_EXCL, atomic on local file systems and on NFSv3 and later),
 * holding its host, pid, shard, Slurm ids, start time and a heartbeat it refreshes while the job runs; the claim goes
 * when the job ends. A claim whose process is gone (same host) or whose heartbeat is old (any host) is stale: its job
 * was interrupted. A runner that finds a live claim skips that job, so two runners of one shard share the work
 * instead of doing it twice. The claim is only a work-sharing lock: correctness never depends on it, since a job's
 * result is deterministic and written by atomic rename (see README.md, "Sharing a folder between hosts").
 * Same scheme as the lock files of Snakemake's `.snakemake/locks` and Slurm's own state-save heartbeat.
 */
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { isTempFileName, writeFileAtomic } from "../../files/atomic-file";
import { jobFileKey } from "./experiment-folder";

/** Default period of a running job's heartbeat. */
export const HEARTBEAT_MS = 30_000;
/** Default age after which a claim whose heartbeat stopped counts as interrupted (10 heartbeats). */
export const STALE_AFTER_MS = 10 * HEARTBEAT_MS;

/** Slurm's ids of the task that runs a job (from SLURM_* variables), or null outside Slurm. */
export interface SlurmTaskIds {
  readonly jobId: string;
  readonly arrayJobId: string | null;
  readonly arrayTaskId: string | null;
}

/** One running job as recorded in `running/<key>.json`. */
export interface JobClaim {
  readonly id: string;
  readonly index: number;
  readonly host: string;
  readonly pid: number;
  /** The shard of the run that claimed it, "i/n". */
  readonly shard: string;
  readonly slurm: SlurmTaskIds | null;
  readonly startedAt: string;
  readonly heartbeatAt: string;
  /** Set when the run stopped the job without finishing it (Ctrl-C, SIGTERM from scancel). */
  readonly interruptedAt?: string;
}

/** A claim read back with its state: "running" (live) or "interrupted" (stopped, process gone, or heartbeat old). */
export interface ClaimState extends JobClaim {
  readonly state: "running" | "interrupted";
}

/** The Slurm ids of this process's task, or null when it does not run under Slurm. */
export function slurmTaskIds(env: NodeJS.ProcessEnv = process.env): SlurmTaskIds | null {
  if (!env.SLURM_JOB_ID) return null;
  return {
    jobId: env.SLURM_JOB_ID,
    arrayJobId: env.SLURM_ARRAY_JOB_ID ?? null,
    arrayTaskId: env.SLURM_ARRAY_TASK_ID ?? null,
  };
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Whether a claim still stands for a running job, judged from this host at time `now`. */
export function claimIsLive(claim: JobClaim, now: number = Date.now(), staleAfterMs: number = STALE_AFTER_MS): boolean {
  if (claim.interruptedAt) return false;
  if (claim.host === hostname() && !processAlive(claim.pid)) return false;
  return now - Date.parse(claim.heartbeatAt) < staleAfterMs;
}

function readClaim(path: string): JobClaim | null {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as JobClaim;
  } catch {
    return null; // removed meanwhile, or caught between create and write: treated as absent
  }
}

/** The claims of an experiment folder with their states (none when no run ever claimed a job). */
export function readClaims(outDir: string, staleAfterMs: number = STALE_AFTER_MS): ClaimState[] {
  const dir = join(outDir, "running");
  if (!existsSync(dir)) return [];
  const now = Date.now();
  return readdirSync(dir)
    .filter((name) => name.endsWith(".json") && !isTempFileName(name))
    .map((name) => readClaim(join(dir, name)))
    .filter((claim): claim is JobClaim => claim !== null)
    .map((claim) => ({
      ...claim,
      state: claimIsLive(claim, now, staleAfterMs) ? ("running" as const) : ("interrupted" as const),
    }));
}

/** Remove the claims left of jobs that did finish (their process died between storing the result and the release). */
export function removeFinishedClaims(outDir: string, finished: ReadonlySet<string>): number {
  let removed = 0;
  for (const claim of readClaims(outDir)) {
    if (claim.state !== "interrupted" || !finished.has(claim.id)) continue;
    try {
      unlinkSync(join(outDir, "running", `${jobFileKey(claim.id)}.json`));
      removed++;
    } catch {
      // Removed by another runner first.
    }
  }
  return removed;
}

/** The claims one run holds: taken before each job, refreshed by a heartbeat, released when the job ends. */
export class JobClaims {
  private readonly dir: string;
  private readonly held = new Map<string, JobClaim>();
  private timer: NodeJS.Timeout | null = null;

  /**
   * @param outDir the experiment folder
   * @param shard the run's shard, "i/n", recorded in each claim
   * @param heartbeatMs period of the heartbeat (default 30 s)
   * @param staleAfterMs age of a heartbeat after which another host's claim may be taken over (default 5 min)
   */
  constructor(
    outDir: string,
    private readonly shard: string,
    private readonly heartbeatMs: number = HEARTBEAT_MS,
    private readonly staleAfterMs: number = STALE_AFTER_MS,
  ) {
    this.dir = join(outDir, "running");
    mkdirSync(this.dir, { recursive: true });
  }

  private path(id: string): string {
    return join(this.dir, `${jobFileKey(id)}.json`);
  }

  /** Claim a job; false when another live run holds it. A stale claim (interrupted run) is taken over. */
  claim(id: string, index: number): boolean {
    const now = new Date().toISOString();
    const claim: JobClaim = {
      id,
      index,
      host: hostname(),
      pid: process.pid,
      shard: this.shard,
      slurm: slurmTaskIds(),
      startedAt: now,
      heartbeatAt: now,
    };
    for (let attempt = 0; attempt < 2; attempt++) {
      let fd: number;
      try {
        fd = openSync(this.path(id), "wx");
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST")
          throw new Error(`cannot claim job "${id}" in ${this.dir}: ${(error as Error).message}`);
        const existing = readClaim(this.path(id));
        if (existing && claimIsLive(existing, Date.now(), this.staleAfterMs)) return false;
        // Stale: remove it and try once more (if another runner wins that race, it runs the job and we skip it).
        try {
          unlinkSync(this.path(id));
        } catch {
          // Already removed by the runner that is taking it over.
        }
        continue;
      }
      try {
        writeSync(fd, JSON.stringify(claim, null, 2) + "\n");
      } finally {
        closeSync(fd);
      }
      this.held.set(id, claim);
      this.startHeartbeat();
      return true;
    }
    return false;
  }

  /** Refresh the heartbeat of every held claim (atomic rewrite). */
  heartbeat(): void {
    const now = new Date().toISOString();
    for (const [id, claim] of this.held) {
      const fresh = { ...claim, heartbeatAt: now };
      this.held.set(id, fresh);
      writeFileAtomic(this.path(id), JSON.stringify(fresh, null, 2) + "\n");
    }
  }

  /** Release a job's claim: it finished or failed (its result or failure file says which). */
  release(id: string): void {
    if (!this.held.delete(id)) return;
    try {
      unlinkSync(this.path(id));
    } catch {
      // Taken over as stale by another runner after a long pause of this one: theirs now.
    }
    if (this.held.size === 0) this.stopHeartbeat();
  }

  /** Mark a job's claim as interrupted (stopped by Ctrl-C or SIGTERM before it finished), and let it go. */
  markInterrupted(id: string): void {
    const claim = this.held.get(id);
    if (!claim) return;
    this.held.delete(id);
    writeFileAtomic(
      this.path(id),
      JSON.stringify({ ...claim, interruptedAt: new Date().toISOString() }, null, 2) + "\n",
    );
    if (this.held.size === 0) this.stopHeartbeat();
  }

  /** End of the run: claims still held (a run stopped by a fatal error) are marked interrupted. */
  close(): void {
    for (const id of [...this.held.keys()]) this.markInterrupted(id);
    this.stopHeartbeat();
  }

  private startHeartbeat(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.heartbeat(), this.heartbeatMs);
    this.timer.unref();
  }

  private stopHeartbeat(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
