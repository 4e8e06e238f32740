/**
 * The transition diagram of a finite automaton (the Reber grammar) as a plotly figure, laid out from
 * the automaton itself: a state's column is its breadth-first distance from the start, states sharing
 * a column are stacked in discovery order, edges are straight arrows labelled with their symbols, and
 * self loops are drawn as small circles on the side away from the diagram's middle.
 */
import type { Annotations, Layout, Shape } from "plotly.js";
import { REBER_GRAMMAR } from "../data/reber-grammar";
import type { Figure } from "./figure";
import { FIGURE_CONFIG } from "./charts";
import { COLORWAY, resolveSize, type SizeOption } from "./theme";

/** An automaton to draw: states are 0..end, `start` and `end` are marked. */
export interface Automaton {
  readonly start: number;
  readonly end: number;
  readonly transitions: readonly { readonly from: number; readonly symbol: string; readonly to: number }[];
}

/** Where each state is drawn (data coordinates: one unit between columns and between stacked states). */
export function automatonLayout(automaton: Automaton): Map<number, { x: number; y: number }> {
  const depth = new Map<number, number>([[automaton.start, 0]]);
  const order: number[] = [automaton.start];
  for (let i = 0; i < order.length; i++) {
    const state = order[i]!;
    for (const t of automaton.transitions) {
      if (t.from === state && !depth.has(t.to)) {
        depth.set(t.to, depth.get(state)! + 1);
        order.push(t.to);
      }
    }
  }
  const unreachable = automaton.transitions.flatMap((t) => [t.from, t.to]).filter((s) => !depth.has(s));
  if (unreachable.length > 0)
    throw new Error(
      `automaton diagram: state ${unreachable[0]} cannot be reached from the start state ${automaton.start}`,
    );
  const columns = new Map<number, number[]>();
  for (const state of order) columns.set(depth.get(state)!, [...(columns.get(depth.get(state)!) ?? []), state]);
  const positions = new Map<number, { x: number; y: number }>();
  for (const [x, states] of columns)
    states.forEach((state, i) => positions.set(state, { x, y: (states.length - 1) / 2 - i }));
  return positions;
}

/** Options of the diagram. */
export interface AutomatonDiagramOptions {
  /** Drawn above the diagram in a notebook; the caption's title at paper sizes. */
  title?: string;
  /** Where the thesis shows the diagram, for the caption. */
  reference?: string;
  size?: SizeOption;
  /** Colour of each symbol's labels (default: the project's colourway in alphabet order). */
  symbolColors?: Readonly<Record<string, string>>;
}

const NODE_RADIUS = 0.2;
const LOOP_RADIUS = 0.14;
const EDGE_COLOR = "#444444";

/** The transition diagram of `automaton` (default: the Reber grammar) as a plotly figure. */
export function automatonDiagramFigure(
  automaton: Automaton = REBER_GRAMMAR,
  options: AutomatonDiagramOptions = {},
): Figure {
  const positions = automatonLayout(automaton);
  const points = [...positions.values()];
  const centre = {
    x: points.reduce((a, p) => a + p.x, 0) / points.length,
    y: points.reduce((a, p) => a + p.y, 0) / points.length,
  };
  const symbols = [...new Set(automaton.transitions.map((t) => t.symbol))].sort();
  const colorOf = (symbol: string) =>
    options.symbolColors?.[symbol] ?? COLORWAY[symbols.indexOf(symbol) % COLORWAY.length]!;
  const { width, fontSize, fontFamily, preset } = resolveSize(options.size ?? "notebook");
  const drawTitle = options.title !== undefined && preset === "notebook";
  const shapes: Partial<Shape>[] = [];
  const annotations: Partial<Annotations>[] = [];
  const label = (x: number, y: number, symbol: string) =>
    annotations.push({
      x,
      y,
      xref: "x",
      yref: "y",
      text: `<b>${symbol}</b>`,
      showarrow: false,
      font: { size: fontSize + 2, color: colorOf(symbol) },
      bgcolor: "rgba(255,255,255,0.85)",
      borderpad: 1,
    });
  const arrow = (from: { x: number; y: number }, to: { x: number; y: number }) =>
    annotations.push({
      x: to.x,
      y: to.y,
      ax: from.x,
      ay: from.y,
      xref: "x",
      yref: "y",
      axref: "x",
      ayref: "y",
      text: "",
      showarrow: true,
      arrowhead: 2,
      arrowsize: 1.1,
      arrowwidth: 1.4,
      arrowcolor: EDGE_COLOR,
    });

  // Edges with the same ends share one arrow; their symbols are listed together.
  const edges = new Map<string, { from: number; to: number; symbols: string[] }>();
  for (const t of automaton.transitions) {
    const key = `${t.from}->${t.to}`;
    edges.set(key, { from: t.from, to: t.to, symbols: [...(edges.get(key)?.symbols ?? []), t.symbol] });
  }
  for (const edge of edges.values()) {
    const a = positions.get(edge.from)!;
    const b = positions.get(edge.to)!;
    const text = edge.symbols.join(", ");
    if (edge.from === edge.to) {
      // Self loop: a circle touching the node on the side away from the middle of the diagram.
      const up = a.y > centre.y || (a.y === centre.y && a.x <= centre.x) ? 1 : -1;
      const d = NODE_RADIUS + LOOP_RADIUS * 0.6;
      const cy = a.y + up * d;
      const steps = 40;
      const path: string[] = [];
      // Start and end where the loop meets the node's circle: the angle, seen from the loop's centre,
      // between the node's centre and an intersection point (law of cosines).
      const gap = Math.acos((LOOP_RADIUS ** 2 + d ** 2 - NODE_RADIUS ** 2) / (2 * LOOP_RADIUS * d));
      const startAngle = (-up * Math.PI) / 2 + gap;
      const sweep = 2 * Math.PI - 2 * gap;
      for (let i = 0; i <= steps; i++) {
        const angle = startAngle + (sweep * i) / steps;
        path.push(`${i === 0 ? "M" : "L"}${a.x + LOOP_RADIUS * Math.cos(angle)},${cy + LOOP_RADIUS * Math.sin(angle)}`);
      }
      shapes.push({
        type: "path",
        path: path.join(" "),
        xref: "x",
        yref: "y",
        line: { color: EDGE_COLOR, width: 1.4 },
      });
      const endAngle = startAngle + sweep;
      const before = endAngle - 0.35;
      arrow(
        { x: a.x + LOOP_RADIUS * Math.cos(before), y: cy + LOOP_RADIUS * Math.sin(before) },
        { x: a.x + LOOP_RADIUS * Math.cos(endAngle), y: cy + LOOP_RADIUS * Math.sin(endAngle) },
      );
      label(a.x, cy + up * (LOOP_RADIUS + 0.1), text);
      continue;
    }
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const length = Math.hypot(dx, dy);
    const ux = dx / length;
    const uy = dy / length;
    // A pair of opposite edges is drawn as two parallel arrows.
    const shift = edges.has(`${edge.to}->${edge.from}`) ? 0.05 : 0;
    const nx = -uy;
    const ny = ux;
    const tail = { x: a.x + ux * NODE_RADIUS + nx * shift, y: a.y + uy * NODE_RADIUS + ny * shift };
    const head = { x: b.x - ux * NODE_RADIUS + nx * shift, y: b.y - uy * NODE_RADIUS + ny * shift };
    arrow(tail, head);
    // The label sits beside the middle of the arrow, on the side away from the diagram's centre.
    const mid = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
    const away = (mid.x - centre.x) * nx + (mid.y - centre.y) * ny;
    const side = shift > 0 ? 1 : Math.abs(away) < 1e-9 ? 1 : Math.sign(away);
    label(mid.x + nx * side * 0.13, mid.y + ny * side * 0.13, text);
  }

  for (const [state, p] of positions) {
    const circle = (r: number, fill: string): Partial<Shape> => ({
      type: "circle",
      xref: "x",
      yref: "y",
      x0: p.x - r,
      x1: p.x + r,
      y0: p.y - r,
      y1: p.y + r,
      line: { color: "#222222", width: 1.5 },
      fillcolor: fill,
      layer: "above",
    });
    shapes.push(circle(NODE_RADIUS, state === automaton.start ? "#E8F1F8" : "#FFFFFF"));
    if (state === automaton.end) shapes.push(circle(NODE_RADIUS * 0.8, "rgba(0,0,0,0)"));
    annotations.push({
      x: p.x,
      y: p.y,
      xref: "x",
      yref: "y",
      text: String(state),
      showarrow: false,
      font: { size: fontSize + 2, color: "#222222" },
    });
  }
  const start = positions.get(automaton.start)!;
  arrow({ x: start.x - 0.65, y: start.y }, { x: start.x - NODE_RADIUS, y: start.y });
  annotations.push({
    x: start.x - 0.65,
    y: start.y,
    xref: "x",
    yref: "y",
    text: "start",
    showarrow: false,
    xanchor: "right",
    font: { size: fontSize, color: "#555555" },
  });

  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const xRange: [number, number] = [Math.min(...xs) - 1.1, Math.max(...xs) + 0.45];
  const yRange: [number, number] = [Math.min(...ys) - 0.62, Math.max(...ys) + 0.62];
  const margin = preset === "notebook" ? { l: 10, r: 10, t: drawTitle ? 40 : 10, b: 10 } : { l: 2, r: 2, t: 2, b: 2 };
  const unit = (width - margin.l - margin.r) / (xRange[1] - xRange[0]);
  // Whole multiples of 8 px (6 pt), so the 300 dpi PNG has whole pixels.
  const height = Math.round((unit * (yRange[1] - yRange[0]) + margin.t + margin.b) / 8) * 8;
  const hover = [...positions.keys()].map((state) => {
    const out = automaton.transitions.filter((t) => t.from === state).map((t) => `${t.symbol} → ${t.to}`);
    return (
      `state ${state}${state === automaton.start ? " (start)" : ""}${state === automaton.end ? " (end)" : ""}` +
      `<br>${out.join("<br>") || "no way out"}`
    );
  });
  const axis = { range: xRange, visible: false, fixedrange: true };
  const layout: Partial<Layout> = {
    width,
    height,
    margin,
    font: { family: fontFamily, size: fontSize, color: "#222222" },
    paper_bgcolor: "#FFFFFF",
    plot_bgcolor: "#FFFFFF",
    showlegend: false,
    xaxis: axis,
    yaxis: { range: yRange, visible: false, fixedrange: true, scaleanchor: "x", scaleratio: 1 },
    shapes,
    annotations,
    title: drawTitle ? { text: options.title, x: 0, xanchor: "left" } : undefined,
  };
  const caption = options.title === undefined ? undefined : { title: options.title, reference: options.reference };
  return {
    data: [
      {
        type: "scatter",
        mode: "markers",
        x: [...positions.values()].map((p) => p.x),
        y: [...positions.values()].map((p) => p.y),
        marker: { size: 30, opacity: 0 },
        hovertext: hover,
        hoverinfo: "text",
      },
    ],
    layout,
    config: { ...FIGURE_CONFIG },
    ...(caption ? { caption } : {}),
  };
}

/** The Reber grammar's transition diagram (thesis figure 4.1), drawn from `REBER_GRAMMAR`. */
export function reberDiagramFigure(options: AutomatonDiagramOptions = {}): Figure {
  return automatonDiagramFigure(REBER_GRAMMAR, {
    title: "The Reber grammar as a finite automaton",
    reference: "thesis figure 4.1",
    ...options,
  });
}
