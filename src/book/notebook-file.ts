/**
 * Jupyter notebook files (nbformat 4) read into typed cells and outputs; errors name the file and what was expected.
 */
import { readFileSync } from "node:fs";

/** A MIME bundle of a display: type → content (nbformat stores text as a string or a list of lines). */
export type MimeBundle = Readonly<Record<string, string>>;

/** One output of a code cell, its multi-line fields joined into strings. */
export type NotebookOutput =
  | { readonly type: "stream"; readonly name: string; readonly text: string }
  | { readonly type: "display_data" | "execute_result"; readonly data: MimeBundle }
  | { readonly type: "error"; readonly ename: string; readonly evalue: string; readonly traceback: readonly string[] };

/** One cell: markdown prose, code with its outputs (empty for other kinds), or raw text. */
export interface NotebookCell {
  readonly kind: "markdown" | "code" | "raw";
  readonly source: string;
  readonly outputs: readonly NotebookOutput[];
  /** The `In [n]` counter of an executed code cell, null when it was not run. */
  readonly executionCount: number | null;
}

/** A parsed notebook. */
export interface Notebook {
  /** The file it was read from (used in error messages and links). */
  readonly path: string;
  /** The kernel's language (e.g. "typescript"), "" when the notebook does not say. */
  readonly language: string;
  readonly cells: readonly NotebookCell[];
}

/** nbformat's multi-line string: one string, or a list of lines to concatenate. */
export function multilineText(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value) && value.every((line) => typeof line === "string")) return value.join("");
  return "";
}

/** Throw an error that names the notebook file and what was expected. */
function invalid(path: string, what: string): never {
  throw new Error(`${path}: not a readable Jupyter notebook: ${what}`);
}

/** One raw output as a typed output (outputs of unknown kinds are dropped, as Jupyter does). */
function parseOutput(raw: Record<string, unknown>, path: string, where: string): NotebookOutput | null {
  switch (raw.output_type) {
    case "stream":
      return { type: "stream", name: String(raw.name ?? "stdout"), text: multilineText(raw.text) };
    case "display_data":
    case "execute_result": {
      if (typeof raw.data !== "object" || raw.data === null) invalid(path, `${where} has no "data" MIME bundle`);
      const data: Record<string, string> = {};
      for (const [mime, value] of Object.entries(raw.data as Record<string, unknown>)) {
        data[mime] = mime.endsWith("json") && typeof value === "object" ? JSON.stringify(value) : multilineText(value);
      }
      return { type: raw.output_type, data };
    }
    case "error":
      return {
        type: "error",
        ename: String(raw.ename ?? ""),
        evalue: String(raw.evalue ?? ""),
        traceback: Array.isArray(raw.traceback) ? raw.traceback.map(String) : [],
      };
    default:
      return null;
  }
}

/** Parse notebook JSON text (`path` is used in error messages only). */
export function parseNotebook(text: string, path: string): Notebook {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    invalid(path, `expected JSON (${(error as Error).message})`);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) invalid(path, "expected a JSON object");
  const root = json as Record<string, unknown>;
  if (root.nbformat !== 4) invalid(path, `expected nbformat 4, found ${JSON.stringify(root.nbformat ?? null)}`);
  if (!Array.isArray(root.cells)) invalid(path, 'expected a "cells" list');
  const cells = root.cells.map((rawCell: unknown, index): NotebookCell => {
    const where = `cell ${index + 1}`;
    if (typeof rawCell !== "object" || rawCell === null) invalid(path, `${where} is not an object`);
    const cell = rawCell as Record<string, unknown>;
    const kind = cell.cell_type;
    if (kind !== "markdown" && kind !== "code" && kind !== "raw") {
      invalid(path, `${where} has cell_type ${JSON.stringify(kind)}`);
    }
    const rawOutputs =
      kind === "code" && Array.isArray(cell.outputs) ? (cell.outputs as Record<string, unknown>[]) : [];
    return {
      kind,
      source: multilineText(cell.source),
      outputs: rawOutputs.flatMap((output, i) => parseOutput(output, path, `${where}, output ${i + 1}`) ?? []),
      executionCount: typeof cell.execution_count === "number" ? cell.execution_count : null,
    };
  });
  const metadata = (root.metadata ?? {}) as { language_info?: { name?: unknown }; kernelspec?: { language?: unknown } };
  const language = String(metadata.language_info?.name ?? metadata.kernelspec?.language ?? "");
  return { path, language, cells };
}

/** Read a notebook file. */
export function readNotebook(path: string): Notebook {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new Error(
      `${path}: cannot read the notebook (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  return parseNotebook(text, path);
}
