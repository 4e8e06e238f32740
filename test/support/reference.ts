/** Locates the independent reference data (`../shared/reference`) that some tests compare against. */
import { readFileSync } from "node:fs";
import { referenceDir as findReferenceDir } from "../../src/notebook/reference-dir";
import { join, resolve } from "node:path";

/** Absolute path of the project root (tests run from build/test/…). */
export const projectRoot: string = resolve(__dirname, "..", "..", "..");

/** The reference folder, or null when this checkout has no ../shared beside it. */
export const referenceDir: string | null = findReferenceDir(process.env, projectRoot);

/** Skip reason for node:test's `skip` option, or false when the reference data is present. */
export function skipWithoutReference(what: string): string | false {
  return referenceDir
    ? false
    : `needs ${what} from ../shared/reference (absent in this checkout; set SPARSE_RNN_REFERENCE to its path)`;
}

/** Read and parse a JSON file below the reference folder. */
export function readReferenceJson<T = unknown>(relativePath: string): T {
  if (!referenceDir) throw new Error("reference data is absent");
  return JSON.parse(readFileSync(join(referenceDir, relativePath), "utf8")) as T;
}
