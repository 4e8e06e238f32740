/**
 * The on-disk store of one experiment: a manifest (parameters, seed, job-list digest), the full job list,
 * and one result file per finished job, written atomically. A job is finished exactly when its result file
 * exists and verifies, so an interruption at any moment loses at most the running jobs, never half a row,
 * and a retried job replaces (never duplicates) its file. A result file carries digests of its job and of its
 * rows, so a file edited by hand is refused (files written before the rows digest existed verify by the job's).
 * Experiment folders do not nest: one inside another's would mix their manifests.
 *
 *   <dir>/manifest.json          what the experiment is; resuming with a different one is refused
 *   <dir>/jobs.json              the full job list in job order (all shards); jobs.json.gz when over 1 MiB
 *   <dir>/results/<key>.json     rows of one finished job
 *   <dir>/failures/<key>.json    last error of a failed job (removed when it succeeds)
 *   <dir>/running/<key>.json     claim of a running (or interrupted) job: host, pid, heartbeat (job-claims.ts)
 *   <dir>/results.csv            all rows in job order, once every job is finished
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, unlinkSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { isTempFileName, removeStaleTempFiles, writeFileAtomic } from "../../files/atomic-file";
import type { CellValue, Job, JsonValue, ResultRow } from "./types";

const FORMAT = "sparse-rnn-experiment/1";

/** What identifies an experiment: resuming or merging requires these to be equal. */
export interface ExperimentManifest {
  readonly format: string;
  /** The experiment's parameters as given by its command (epochs, percentages…). */
  readonly parameters: JsonValue;
  /** Seed from which every job's random stream is derived. */
  readonly seed: number;
  readonly jobCount: number;
  /** sha256 of the canonical JSON of the full job list. */
  readonly jobsDigest: string;
}

/** One finished job as stored. */
export interface JobResult {
  readonly id: string;
  /** Index of the job in the full job list. */
  readonly index: number;
  readonly rows: ResultRow[];
  readonly attempt: number;
  readonly durationMs: number;
  readonly host: string;
  readonly finishedAt: string;
}

/** One failed job as stored. */
export interface JobFailure {
  readonly id: string;
  readonly index: number;
  readonly error: string;
  readonly attempt: number;
  readonly failedAt: string;
}

/** JSON with object keys sorted, so equal values always give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, (v as Record<string, unknown>)[k]]),
        )
      : v,
  );
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** A file name for a job id: readable prefix plus a hash (ids may hold any characters). */
export function jobFileKey(id: string): string {
  const readable = id.replace(/[^A-Za-z0-9._=-]+/g, "_").slice(0, 60);
  return `${readable}-${sha256(id).slice(0, 12)}`;
}

/** Check a job list: JSON-serialisable objects with unique non-empty string ids. */
export function validateJobs(jobs: readonly Job[]): void {
  const seen = new Map<string, number>();
  const duplicates: string[] = [];
  jobs.forEach((job, i) => {
    if (!job || typeof job !== "object" || typeof job.id !== "string" || job.id === "") {
      throw new Error(`job ${i} has no string "id" (every job needs a stable unique id)`);
    }
    let text: string;
    try {
      text = JSON.stringify(job);
    } catch (error) {
      throw new Error(`job "${job.id}" is not JSON-serialisable: ${(error as Error).message}`);
    }
    if (canonicalJson(JSON.parse(text)) !== canonicalJson(job)) {
      throw new Error(
        `job "${job.id}" is not plain JSON (functions, undefined, NaN or class instances do not survive a worker)`,
      );
    }
    if (seen.has(job.id)) duplicates.push(`"${job.id}" (jobs ${seen.get(job.id)} and ${i})`);
    else seen.set(job.id, i);
  });
  if (duplicates.length > 0)
    throw new Error(
      "duplicate job ids: " +
        `${duplicates.slice(0, 10).join(", ")}${duplicates.length > 10 ? ` and ${duplicates.length - 10} more` : ""}`,
    );
}

/** Build the manifest of an experiment. */
export function makeManifest(parameters: JsonValue, seed: number, jobs: readonly Job[]): ExperimentManifest {
  return { format: FORMAT, parameters, seed, jobCount: jobs.length, jobsDigest: sha256(canonicalJson(jobs)) };
}

/** Human-readable differences between two manifests (empty when equal). */
export function manifestDifferences(stored: ExperimentManifest, wanted: ExperimentManifest): string[] {
  const out: string[] = [];
  const walk = (a: unknown, b: unknown, path: string): void => {
    if (canonicalJson(a) === canonicalJson(b)) return;
    if (a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
      const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
      for (const key of [...keys].sort())
        walk((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], path ? `${path}.${key}` : key);
      return;
    }
    out.push(`${path}: ${JSON.stringify(a) ?? "absent"} in the folder, ${JSON.stringify(b) ?? "absent"} now`);
  };
  walk(stored, wanted, "");
  return out;
}

// NaN and ±Infinity do not survive JSON; store them tagged.
function encodeCell(value: CellValue): unknown {
  return typeof value === "number" && !Number.isFinite(value) ? { $number: String(value) } : value;
}
function decodeCell(value: unknown): CellValue {
  if (value && typeof value === "object" && "$number" in value) return Number((value as { $number: string }).$number);
  return value as CellValue;
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, "utf8"));
}

/** Job lists larger than this are stored gzipped (`jobs.json.gz`): a sweep's graphs repeat per variant and seed. */
const PLAIN_JOB_LIST_BYTES = 1 << 20;

/** The folder's job list, from `jobs.json` or, for a large list, `jobs.json.gz`. */
function readJobList(dir: string): { path: string; jobs: unknown } {
  const plain = join(dir, "jobs.json");
  if (existsSync(plain)) return { path: plain, jobs: readJson(plain) };
  const packed = `${plain}.gz`;
  if (!existsSync(packed)) throw new Error(`${dir}: the job list (jobs.json or jobs.json.gz) is missing`);
  return { path: packed, jobs: JSON.parse(gunzipSync(readFileSync(packed)).toString("utf8")) };
}

/** Write the job list: plain JSON, or gzipped above {@link PLAIN_JOB_LIST_BYTES} (the same bytes for the same jobs). */
function writeJobList(dir: string, jobs: readonly Job[]): void {
  const text = JSON.stringify(jobs) + "\n";
  if (Buffer.byteLength(text) <= PLAIN_JOB_LIST_BYTES) writeFileAtomic(join(dir, "jobs.json"), text);
  else writeFileAtomic(join(dir, "jobs.json.gz"), gzipSync(text, { level: 9 }));
}

/** Whether `dir` is an experiment folder: a manifest of this format (others, e.g. the shipped results', are not). */
function isExperimentFolder(dir: string): boolean {
  const path = join(dir, "manifest.json");
  if (!existsSync(path)) return false;
  try {
    return (readJson(path) as { format?: unknown }).format === FORMAT;
  } catch {
    return false;
  }
}

/**
 * Refuse an experiment folder inside another one, or around others (e.g. `experiment structure --out` a pruning
 * study's folder, whose base/ and prune/ are experiment folders, or the reverse): their manifests would mix.
 */
function refuseNesting(dir: string): void {
  const refusing = `refusing to make ${dir} an experiment folder`;
  const instead = "give this experiment another output folder";
  const parent = dirname(resolve(dir));
  if (isExperimentFolder(parent)) throw new Error(`${refusing}: ${parent} is itself one (manifest.json); ${instead}`);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return;
  const inside = readdirSync(dir)
    .map((name) => join(dir, name))
    .filter(isExperimentFolder);
  if (inside.length > 0) throw new Error(`${refusing}: it holds other experiments (${inside.join(", ")}); ${instead}`);
}

/** An experiment folder opened for reading (collect, merge, status). */
export class ExperimentFolder {
  readonly dir: string;
  readonly manifest: ExperimentManifest;
  readonly jobs: readonly Job[];

  private constructor(dir: string, manifest: ExperimentManifest, jobs: readonly Job[]) {
    this.dir = dir;
    this.manifest = manifest;
    this.jobs = jobs;
  }

  /** Open an existing experiment folder. */
  static open(dir: string): ExperimentFolder {
    const manifestPath = join(dir, "manifest.json");
    if (!existsSync(manifestPath)) throw new Error(`${dir} is not an experiment folder (no manifest.json)`);
    const manifest = readJson(manifestPath) as ExperimentManifest;
    if (manifest.format !== FORMAT)
      throw new Error(`${manifestPath}: unknown format ${JSON.stringify(manifest.format)}, expected "${FORMAT}"`);
    const { path, jobs } = readJobList(dir);
    if (!Array.isArray(jobs) || jobs.length !== manifest.jobCount)
      throw new Error(`${path}: expected ${manifest.jobCount} jobs as in the manifest`);
    return new ExperimentFolder(dir, manifest, jobs as Job[]);
  }

  /** Create the folder for `manifest`, or verify that an existing one holds the same experiment. */
  static create(dir: string, manifest: ExperimentManifest, jobs: readonly Job[]): ExperimentFolder {
    refuseNesting(dir);
    mkdirSync(join(dir, "results"), { recursive: true });
    mkdirSync(join(dir, "failures"), { recursive: true });
    const manifestPath = join(dir, "manifest.json");
    if (existsSync(manifestPath)) {
      const stored = readJson(manifestPath) as ExperimentManifest;
      const differences = manifestDifferences(stored, manifest);
      if (differences.length > 0) {
        throw new Error(
          `refusing to resume into ${dir}: it holds a different experiment (${differences.slice(0, 5).join("; ")}). ` +
            `Use another output folder, or delete this one to start over.`,
        );
      }
    } else {
      // Jobs first: a folder with a manifest always has its job list. Shards racing here write identical files.
      writeJobList(dir, jobs);
      writeFileAtomic(manifestPath, JSON.stringify(manifest, null, 2) + "\n");
    }
    removeStaleTempFiles(dir);
    return new ExperimentFolder(dir, manifest, jobs);
  }

  private resultPath(id: string): string {
    return join(this.dir, "results", `${jobFileKey(id)}.json`);
  }
  private failurePath(id: string): string {
    return join(this.dir, "failures", `${jobFileKey(id)}.json`);
  }

  /** The stored result of a job, or null when it is not finished (or its file does not verify). */
  readResult(job: Job): JobResult | null {
    const path = this.resultPath(job.id);
    if (!existsSync(path)) return null;
    let stored: { id?: unknown; jobDigest?: unknown; rowsDigest?: unknown; rows?: unknown[] } & Record<string, unknown>;
    try {
      stored = readJson(path) as typeof stored;
    } catch (error) {
      throw new Error(
        `${path}: unreadable result file (${(error as Error).message}); delete it to re-run job "${job.id}"`,
      );
    }
    if (stored.id !== job.id) throw new Error(`${path}: holds job "${String(stored.id)}", expected "${job.id}"`);
    if (stored.jobDigest !== sha256(canonicalJson(job))) {
      throw new Error(`${path}: result of a different description of job "${job.id}"; delete it to re-run the job`);
    }
    if (stored.rowsDigest !== undefined && stored.rowsDigest !== sha256(canonicalJson(stored.rows ?? []))) {
      const edited = `the rows of job "${job.id}" do not match their digest (edited by hand?)`;
      throw new Error(`${path}: ${edited}; delete the file to re-run the job`);
    }
    const rows = (stored.rows ?? []).map((row) =>
      Object.fromEntries(Object.entries(row as Record<string, unknown>).map(([k, v]) => [k, decodeCell(v)])),
    );
    return { ...(stored as unknown as JobResult), rows };
  }

  /** Whether a job has a result file (cheap: no parsing); e.g. written meanwhile by another run of its shard. */
  hasResult(id: string): boolean {
    return existsSync(this.resultPath(id));
  }

  /** Ids of jobs with a result file (cheap: no parsing). */
  finishedIds(): Set<string> {
    const keys = new Set(
      readdirSync(join(this.dir, "results"))
        .filter((n) => !isTempFileName(n))
        .map((n) => n.replace(/\.json$/, "")),
    );
    return new Set(this.jobs.filter((job) => keys.has(jobFileKey(job.id))).map((job) => job.id));
  }

  /** Stored failures, in job order. */
  failures(): JobFailure[] {
    const dir = join(this.dir, "failures");
    const keys = new Set(
      readdirSync(dir)
        .filter((n) => !isTempFileName(n))
        .map((n) => n.replace(/\.json$/, "")),
    );
    return this.jobs
      .filter((job) => keys.has(jobFileKey(job.id)))
      .map((job) => readJson(this.failurePath(job.id)) as JobFailure);
  }

  /** Store a finished job atomically and clear its failure record. */
  writeResult(job: Job, result: JobResult): void {
    const rows = result.rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, encodeCell(v)])));
    const stored = { ...result, jobDigest: sha256(canonicalJson(job)), rowsDigest: sha256(canonicalJson(rows)), rows };
    writeFileAtomic(this.resultPath(job.id), JSON.stringify(stored) + "\n");
    if (existsSync(this.failurePath(job.id))) unlinkSync(this.failurePath(job.id));
  }

  /** Record a failed job (retried on the next run). */
  writeFailure(failure: JobFailure): void {
    writeFileAtomic(this.failurePath(failure.id), JSON.stringify(failure, null, 2) + "\n");
  }
}
