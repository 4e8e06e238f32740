/**
 * A figure is plotly's own spec, `{data, layout, config}`: every helper of this module returns one, so
 * a reader can tweak any trace or layout field before showing or saving it.
 */
import type { Config, Data, Layout } from "plotly.js";
import type { SizeName } from "./theme";

/**
 * What a paper's caption says about a figure: its title (drawn above the figure only inline in a notebook) and
 * where the thesis shows the same thing. Exports write it to `<name>.caption.txt`, a LaTeX `\caption{}` and the
 * SVG's `<title>`.
 */
export interface FigureCaption {
  /** One sentence naming what the figure shows, e.g. "Valid and invalid strings per split". */
  title: string;
  /** Where the thesis shows it, e.g. "thesis figure 4.2"; omitted when the figure is the lab's own. */
  reference?: string;
}

/** Plotly's figure spec (data traces, layout, optional config) and, for exports, its caption. */
export interface Figure {
  data: Data[];
  layout: Partial<Layout>;
  config?: Partial<Config>;
  caption?: FigureCaption;
}

/** The pixel size a figure is drawn at (plotly's `layout.width`/`layout.height`). */
export interface FigureSize {
  readonly width: number;
  readonly height: number;
}

/**
 * A figure drawn at any size: the notebook calls it with "notebook", `saveFigures` and `sparse-rnn figures` with a
 * paper preset, so small multiples re-lay out (panels per row, heights, fonts) instead of scaling down.
 */
export type FigureBuilder = (size: SizeName) => Figure;

/** A chapter's figures by file name: builders (re-drawn per size) or fixed figures (exported as they are). */
export type FigureBook = Record<string, Figure | FigureBuilder>;

/** The figure of a book entry at a size (a fixed figure is returned as it is). */
export function figureAt(entry: Figure | FigureBuilder, size: SizeName): Figure {
  return typeof entry === "function" ? entry(size) : entry;
}

/** The caption's one line: "Title (thesis figure 4.2)." */
export function captionText(caption: FigureCaption): string {
  const title = caption.title.replace(/\.$/, "");
  return caption.reference ? `${title} (${caption.reference}).` : `${title}.`;
}

/** Plain objects only (arrays and typed arrays are values, replaced as a whole). */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/** A deep copy of `base` with `override` merged in: nested objects merge, everything else replaces. */
export function mergeDeep<T extends object>(base: T, override: object | undefined): T {
  const result: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(override ?? {})) {
    if (value === undefined) continue;
    const current = result[key];
    result[key] = isPlainObject(current) && isPlainObject(value) ? mergeDeep(current, value) : value;
  }
  return result as T;
}

/** The figure's size: its layout's width and height (throws when a figure has none, naming the figure). */
export function figureSize(figure: Figure, fallback?: FigureSize): FigureSize {
  const width = figure.layout.width ?? fallback?.width;
  const height = figure.layout.height ?? fallback?.height;
  if (!width || !height) {
    const title = typeof figure.layout.title === "string" ? figure.layout.title : figure.layout.title?.text;
    throw new Error(`figure ${title ? `"${title}" ` : ""}has no layout.width/height; pass a size`);
  }
  return { width, height };
}
