/**
 * Reading an input file with an error a user can act on: the file's role and path, and "no such file",
 * "is a folder" or "permission denied" instead of a raw ENOENT/EISDIR/EACCES stack.
 */
import { readFileSync } from "node:fs";

const REASONS: Record<string, string> = {
  ENOENT: "no such file",
  EISDIR: "it is a folder, not a file",
  EACCES: "permission denied",
  ENOTDIR: "a part of the path is not a folder",
};

function readOrExplain<T>(path: string, role: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    throw new Error(`cannot read ${role} ${path}: ${REASONS[code] ?? (error as Error).message}`, { cause: error });
  }
}

/** A UTF-8 text file's content; `role` names it in errors, e.g. "the records CSV". */
export function readTextFile(path: string, role = "the file"): string {
  return readOrExplain(path, role, () => readFileSync(path, "utf8"));
}

/** A binary file's bytes; `role` names it in errors, e.g. "the weights file". */
export function readBinaryFile(path: string, role = "the file"): Uint8Array {
  return readOrExplain(path, role, () => readFileSync(path));
}
