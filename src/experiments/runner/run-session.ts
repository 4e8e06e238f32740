/**
 * The record of one run of an experiment (a "session"): when it started and last made progress, on which host,
 * which slice it ran and how many jobs it finished. Each run writes `<outDir>/sessions/<start>-<host>-<pid>.json`
 * atomically when it starts, after every finished job and when it ends, so the wall time of a study run in parts
 * (seeds, shards, machines) is measured, not guessed, even when a run is killed.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { isTempFileName, writeFileAtomic } from "../../files/atomic-file";
import { slurmTaskIds, type SlurmTaskIds } from "./job-claims";
import type { JsonValue } from "./types";

/** What a session is told at its start. */
export interface SessionStart {
  /** The shard run, "i/n" ("0/1" for the whole list). */
  readonly shard: string;
  /** The selection within the shard (e.g. "replicates 1"), or null for all its jobs. */
  readonly selection: string | null;
  /** What made the results (commit, kernel build…), as the experiment passed it. */
  readonly provenance: JsonValue;
  readonly workers: number;
  /** Jobs of this run's slice, and how many of them were finished before it started. */
  readonly jobs: number;
  readonly alreadyDone: number;
}

/** One run of an experiment as stored. */
export interface SessionRecord extends SessionStart {
  readonly host: string;
  readonly pid: number;
  /** The Slurm job (array and task) that ran it, or null (absent in records from before Slurm support). */
  readonly slurm?: SlurmTaskIds | null;
  readonly completed: number;
  readonly failed: number;
  readonly startedAt: string;
  /** Time of the last finished job, or of the end of the run. */
  readonly lastActivityAt: string;
  /** Set when the run ended normally or by interruption; null while it runs or when it was killed. */
  readonly endedAt: string | null;
  readonly interrupted: boolean;
}

/** Writes a run's session record; a run with nothing to do leaves no record. */
export class RunSession {
  private record: SessionRecord;
  private readonly path: string | null;

  constructor(outDir: string, start: SessionStart, now: Date = new Date()) {
    const startedAt = now.toISOString();
    this.record = {
      host: hostname(),
      pid: process.pid,
      slurm: slurmTaskIds(),
      ...start,
      completed: 0,
      failed: 0,
      startedAt,
      lastActivityAt: startedAt,
      endedAt: null,
      interrupted: false,
    };
    const hasWork = start.jobs > start.alreadyDone;
    this.path = hasWork
      ? join(outDir, "sessions", `${startedAt.replace(/[:.]/g, "-")}-${this.record.host}-${process.pid}.json`)
      : null;
    if (this.path) {
      mkdirSync(join(outDir, "sessions"), { recursive: true });
      this.write();
    }
  }

  /** Record progress (after each finished job). */
  update(counts: { completed: number; failed: number }): void {
    this.record = { ...this.record, ...counts, lastActivityAt: new Date().toISOString() };
    this.write();
  }

  /** Record the end of the run. */
  end(outcome: { completed: number; failed: number; interrupted: boolean }): void {
    const now = new Date().toISOString();
    this.record = { ...this.record, ...outcome, lastActivityAt: now, endedAt: now };
    this.write();
  }

  private write(): void {
    if (this.path) writeFileAtomic(this.path, JSON.stringify(this.record, null, 2) + "\n");
  }
}

/** The session records of an experiment folder, oldest first (none for folders from before sessions were kept). */
export function readSessions(outDir: string): SessionRecord[] {
  const dir = join(outDir, "sessions");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith(".json") && !isTempFileName(name))
    .map((name) => {
      try {
        return JSON.parse(readFileSync(join(dir, name), "utf8")) as SessionRecord;
      } catch (error) {
        throw new Error(`${join(dir, name)}: unreadable session record (${(error as Error).message})`);
      }
    })
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}

/** Wall time of a session in ms: from its start to its end, or to its last finished job when it was killed. */
export function sessionWallMs(session: SessionRecord): number {
  return Date.parse(session.endedAt ?? session.lastActivityAt) - Date.parse(session.startedAt);
}
