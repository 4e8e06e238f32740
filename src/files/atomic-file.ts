/**
 * Crash-safe file writes, the lab's one way to write a file: write a temp file beside the target, fsync it,
 * rename it over the target and fsync the folder, so after SIGKILL or power loss the target is either absent,
 * the old or the new content. Every writer (datasets, graphs, weights, checkpoints, figures, experiment records)
 * goes through `writeFileAtomic`.
 *
 * Why not the npm write-file-atomic package: it does not fsync the folder, and its temp names carry no host, so
 * shards sharing a folder on a cluster file system could not tell their own crashed writers' leftovers from a live
 * writer's on another node. Ours names temp files `.name.tmp-<host>-<pid>-<random>`, and `removeStaleTempFiles`
 * removes only those whose process on this host is gone. Same design as write-file-atomic and Python's
 * `atomicwrites` (temp file in the same folder, then rename(2), which POSIX makes atomic).
 */
import { closeSync, fsyncSync, openSync, readdirSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { basename, dirname, join } from "node:path";

/** Temp names carry host and pid so concurrent writers (shards on a shared folder) never collide. */
const TEMP_MARK = ".tmp-";

function tempPath(target: string): string {
  const unique = `${hostname()}-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
  return join(dirname(target), `.${basename(target)}${TEMP_MARK}${unique}`);
}

/** Whether a file name is one of our temp files (ignored by readers). */
export function isTempFileName(name: string): boolean {
  return name.startsWith(".") && name.includes(TEMP_MARK);
}

/** fsync a folder so a rename in it is durable (not supported on every platform: best effort there). */
function syncFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(folder, "r");
    fsyncSync(fd);
  } catch {
    // Windows cannot open folders; the rename is still atomic there.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Atomically replace `target` with `content` (a string is written as UTF-8); errors name the target.
 * After it returns, the new content is durable; if the process dies midway, `target` is untouched.
 */
export function writeFileAtomic(target: string, content: string | Uint8Array): void {
  try {
    writeThroughTemp(target, content);
  } catch (error) {
    throw new Error(`cannot write ${target}: ${(error as Error).message}`, { cause: error });
  }
}

function writeThroughTemp(target: string, content: string | Uint8Array): void {
  const temp = tempPath(target);
  const fd = openSync(temp, "w");
  try {
    const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : content;
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    unlinkSync(temp);
    throw error;
  }
  closeSync(fd);
  try {
    renameSync(temp, target);
  } catch (error) {
    unlinkSync(temp);
    throw error;
  }
  syncFolder(dirname(target));
}

/**
 * Delete temp files left in `folder` and its subfolders (results, sessions, models…) by killed writers of this host
 * (other hosts' writers may still be live); returns how many.
 */
export function removeStaleTempFiles(folder: string): number {
  const prefix = `${hostname()}-`;
  let removed = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const name = entry.name;
    if (entry.isDirectory()) {
      removed += removeStaleTempFiles(join(folder, name));
      continue;
    }
    if (!isTempFileName(name)) continue;
    const owner = name.slice(name.indexOf(TEMP_MARK) + TEMP_MARK.length);
    if (!owner.startsWith(prefix)) continue;
    const pid = Number(owner.slice(prefix.length).split("-")[0]);
    if (Number.isInteger(pid) && !processAlive(pid)) {
      try {
        unlinkSync(join(folder, name));
        removed++;
      } catch {
        // Another runner removed it first.
      }
    }
  }
  return removed;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
