/**
 * Which notebooks make the book, in order: the source notebooks of a folder (optionally filtered by name), each
 * paired with its executed copy, from which the chapter is rendered.
 */
import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";

/** One chapter's notebook: the file a reader opens in Jupyter, and the executed copy the page is built from. */
export interface BookSource {
  readonly source: string;
  readonly executed: string;
}

/** The source notebooks (`*.ipynb`, sorted by name) of `dir` whose names contain one of `filters` (all when none). */
export function listNotebooks(dir: string, filters: readonly string[] = []): string[] {
  if (!existsSync(dir)) throw new Error(`${dir}: no such notebooks folder`);
  const all = readdirSync(dir)
    .filter((name) => name.endsWith(".ipynb"))
    .sort();
  const chosen = filters.length === 0 ? all : all.filter((name) => filters.some((filter) => name.includes(filter)));
  if (chosen.length === 0) {
    const wanted = filters.length === 0 ? "" : ` matching ${filters.join(", ")}`;
    throw new Error(`${dir}: no notebook${wanted} (expected *.ipynb files; have: ${all.join(", ") || "none"})`);
  }
  return chosen.map((name) => resolve(dir, name));
}

/**
 * Pair each source notebook with its executed copy in `executedDir`; throws naming every notebook whose copy is
 * missing and how to make it.
 */
export function bookSources(notebooks: readonly string[], executedDir: string): BookSource[] {
  const sources = notebooks.map((source) => ({ source, executed: resolve(executedDir, source.split(/[\\/]/).pop()!) }));
  const missing = sources.filter((s) => !existsSync(s.executed));
  if (missing.length > 0) {
    throw new Error(
      `${executedDir}: no executed copy of ${missing.map((s) => s.executed.split(/[\\/]/).pop()).join(", ")} ` +
        "(execute the notebooks first: `npm run notebooks`, or build the book without --no-execute)",
    );
  }
  return sources;
}

/** The default folder of executed copies for a notebooks folder (what scripts/run-notebooks.mjs writes). */
export function defaultExecutedDir(notebooksDir: string): string {
  return join(notebooksDir, "executed");
}
