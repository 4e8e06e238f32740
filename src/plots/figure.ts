/**
 * A figure is plotly's own spec, `{data, layout, config}`: every helper of this module returns one, so
 * a reader can tweak any trace or layout field before showing or saving it.
 */
import type { Config, Data, Layout } from "plotly.js";

/** Plotly's figure spec (data traces, layout, optional config). */
export interface Figure {
  data: Data[];
  layout: Partial<Layout>;
  config?: Partial<Config>;
}

/** The pixel size a figure is drawn at (plotly's `layout.width`/`layout.height`). */
export interface FigureSize {
  readonly width: number;
  readonly height: number;
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
