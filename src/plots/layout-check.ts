/**
 * A layout check of a rendered figure: plotly draws it in headless Chromium (`FigureBrowser.layoutBoxes`), and every
 * text box (tick labels, axis and panel titles, legend entries, annotations, value labels) must lie inside the
 * figure and overlap no other, and tick labels, axis titles and legend entries must stay out of every plot
 * area. Boxes are the glyph boxes of the browser's own layout, rotated with their text, so
 * this is a geometric test, not a pixel comparison.
 */
import type { Figure } from "./figure";
import { figureSize } from "./figure";
import type { FigureBrowser, TextBox } from "./image-export";

/** One problem the check found. */
export interface LayoutProblem {
  kind: "overlap" | "clipped";
  /** A sentence naming the text(s) and by how many pixels. */
  message: string;
}

type Point = readonly [number, number];

/** The extent of a polygon projected on an axis. */
function project(corners: readonly Point[], axis: Point): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const [x, y] of corners) {
    const d = x * axis[0] + y * axis[1];
    lo = Math.min(lo, d);
    hi = Math.max(hi, d);
  }
  return [lo, hi];
}

/**
 * How deep two convex quadrilaterals overlap: the smallest penetration over the separating axes (their edge normals),
 * 0 or less when they do not overlap. Boxes that merely touch, or overlap by less than `tolerance`, pass.
 */
export function overlapDepth(a: readonly Point[], b: readonly Point[]): number {
  let depth = Infinity;
  for (const polygon of [a, b]) {
    for (let i = 0; i < polygon.length; i++) {
      const [x0, y0] = polygon[i]!;
      const [x1, y1] = polygon[(i + 1) % polygon.length]!;
      const length = Math.hypot(x1 - x0, y1 - y0);
      if (length === 0) continue;
      const axis: Point = [(y0 - y1) / length, (x1 - x0) / length];
      const [alo, ahi] = project(a, axis);
      const [blo, bhi] = project(b, axis);
      depth = Math.min(depth, Math.min(ahi, bhi) - Math.max(alo, blo));
      if (depth <= 0) return depth;
    }
  }
  return depth;
}

/** How far a box reaches outside `width` × `height` (0 when inside). */
export function clippedBy(corners: readonly Point[], width: number, height: number): number {
  let outside = 0;
  for (const [x, y] of corners) outside = Math.max(outside, -x, -y, x - width, y - height);
  return outside;
}

/** Text that belongs outside every plot area: tick labels, axis titles and legend entries. */
const OUTSIDE_ROLES = /^(x\d*tick|y\d*tick|g-x\d*title|g-y\d*title|legendtext)$/;

/**
 * Problems among text boxes: overlaps deeper than `tolerance` pixels, boxes reaching outside the figure, and tick
 * labels, axis titles or legend entries reaching into a panel's plot area (`[x, y, width, height]`), where they
 * would cover data; annotations and value labels may sit inside.
 */
export function textBoxProblems(
  boxes: readonly TextBox[],
  width: number,
  height: number,
  tolerance = 1,
  plotAreas: readonly (readonly [number, number, number, number])[] = [],
): LayoutProblem[] {
  const problems: LayoutProblem[] = [];
  const label = (box: TextBox) => `${box.role} "${box.text.length > 40 ? `${box.text.slice(0, 37)}...` : box.text}"`;
  boxes.forEach((box, i) => {
    const outside = clippedBy(box.corners, width, height);
    if (outside > tolerance)
      problems.push({
        kind: "clipped",
        message: `${label(box)} reaches ${outside.toFixed(1)} px outside the ${width}×${height} figure`,
      });
    if (OUTSIDE_ROLES.test(box.role)) {
      for (const [x, y, w, h] of plotAreas) {
        const depth = overlapDepth(box.corners, [
          [x, y],
          [x + w, y],
          [x + w, y + h],
          [x, y + h],
        ]);
        if (depth > tolerance)
          problems.push({ kind: "overlap", message: `${label(box)} reaches ${depth.toFixed(1)} px into a plot area` });
      }
    }
    for (let j = i + 1; j < boxes.length; j++) {
      const depth = overlapDepth(box.corners, boxes[j]!.corners);
      if (depth > tolerance)
        problems.push({
          kind: "overlap",
          message: `${label(box)} overlaps ${label(boxes[j]!)} by ${depth.toFixed(1)} px`,
        });
    }
  });
  return problems;
}

/** Render a figure in the browser and return its layout problems (none when every text box is clear and inside). */
export async function checkFigureLayout(
  browser: FigureBrowser,
  figure: Figure,
  options: { tolerance?: number } = {},
): Promise<LayoutProblem[]> {
  const { width, height } = figureSize(figure);
  const { texts, plotAreas } = await browser.layoutBoxes(figure);
  if (texts.length === 0) return [{ kind: "clipped", message: "no text was drawn (the figure did not render)" }];
  return textBoxProblems(texts, width, height, options.tolerance, plotAreas);
}
