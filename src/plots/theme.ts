/**
 * The project's one figure style: fonts, colours, axes and sizes shared by every chart, so the figures
 * of all chapters look alike and print well. Colours are the Okabe–Ito palette (distinguishable with
 * the common colour-vision deficiencies); each recurrent variant and graph generator keeps its colour
 * in every figure.
 */
import type { Layout, LayoutAxis } from "plotly.js";
import type { RecurrentMode } from "../models/architecture";
import type { GeneratorName } from "../graphs/random-graphs";
import { mergeDeep, type FigureSize } from "./figure";

/** Okabe–Ito colours by name. */
export const PALETTE = Object.freeze({
  black: "#000000",
  orange: "#E69F00",
  skyBlue: "#56B4E9",
  green: "#009E73",
  yellow: "#F0E442",
  blue: "#0072B2",
  vermillion: "#D55E00",
  purple: "#CC79A7",
  grey: "#7F7F7F",
});

/** Default order of colours for series without a fixed meaning (yellow last: weak on white). */
export const COLORWAY: readonly string[] = [
  PALETTE.blue,
  PALETTE.orange,
  PALETTE.green,
  PALETTE.purple,
  PALETTE.skyBlue,
  PALETTE.vermillion,
  PALETTE.grey,
  PALETTE.yellow,
];

/** One colour per recurrent variant, used by every figure of every chapter. */
export const VARIANT_COLORS: Readonly<Record<RecurrentMode, string>> = Object.freeze({
  RNN_TANH: PALETTE.blue,
  RNN_RELU: PALETTE.orange,
  LSTM: PALETTE.green,
  GRU: PALETTE.purple,
});

/** One colour per random-graph generator. */
export const GENERATOR_COLORS: Readonly<Record<GeneratorName, string>> = Object.freeze({
  watts_strogatz: PALETTE.skyBlue,
  barabasi_albert: PALETTE.vermillion,
  erdos_renyi: PALETTE.grey,
});

/** The thesis's short names of the generators (legend labels). */
export const GENERATOR_LABELS: Readonly<Record<GeneratorName, string>> = Object.freeze({
  watts_strogatz: "WS",
  barabasi_albert: "BA",
  erdos_renyi: "ER",
});

/** Colours of the two labels of the Reber data. */
export const LABEL_COLORS = Object.freeze({ valid: PALETTE.blue, invalid: PALETTE.vermillion });

/** Colours of the data splits. */
export const SPLIT_COLORS = Object.freeze({ all: PALETTE.grey, train: PALETTE.blue, test: PALETTE.orange });

/** Colour scale for signed values in [-1, 1] such as correlations (blue negative, white 0, red positive). */
export const DIVERGING_COLORSCALE: [number, string][] = [
  [0, "#2166AC"],
  [0.25, "#92C5DE"],
  [0.5, "#F7F7F7"],
  [0.75, "#F4A582"],
  [1, "#B2182B"],
];

/** Font stack: Arial metrics, with the free look-alikes Chromium finds on Linux. */
export const FONT_FAMILY = "Arial, 'Liberation Sans', Helvetica, 'DejaVu Sans', sans-serif";

/** Named figure sizes (pixels at 96 per inch) and the font size that goes with each. */
export const FIGURE_SIZES = Object.freeze({
  /** One column of a two-column paper (3.5 in). */
  column: Object.freeze({ width: 340, height: 255, fontSize: 10 }),
  /** The full text width of a paper (7 in). */
  page: Object.freeze({ width: 680, height: 340, fontSize: 11 }),
  /** Inline in a notebook. */
  notebook: Object.freeze({ width: 760, height: 420, fontSize: 13 }),
});

/** A named size or explicit pixels (font size then follows the width). */
export type SizeName = keyof typeof FIGURE_SIZES;
export type SizeOption = SizeName | (FigureSize & { fontSize?: number });

/** Width, height and font size of a size option. */
export function resolveSize(size: SizeOption = "notebook"): Required<FigureSize & { fontSize: number }> {
  if (typeof size === "string") {
    const named = FIGURE_SIZES[size];
    if (!named) throw new Error(`unknown figure size "${size}": expected ${Object.keys(FIGURE_SIZES).join(", ")} or {width, height}`);
    return { ...named };
  }
  const fontSize = size.fontSize ?? (size.width < 500 ? 10 : size.width < 720 ? 11 : 13);
  return { width: size.width, height: size.height, fontSize };
}

/** The style of every cartesian axis. */
export function axisStyle(title?: string, overrides?: Partial<LayoutAxis>): Partial<LayoutAxis> {
  const base: Partial<LayoutAxis> = {
    showline: true,
    linecolor: "#444444",
    linewidth: 1,
    ticks: "outside",
    tickcolor: "#444444",
    ticklen: 4,
    showgrid: false,
    zeroline: false,
    automargin: true,
    title: title === undefined ? undefined : { text: title, standoff: 6 },
  };
  return mergeDeep(base, overrides);
}

/** A layout in the project's style at the given size, with `overrides` merged in last. */
export function themedLayout(size: SizeOption = "notebook", overrides?: Partial<Layout>): Partial<Layout> {
  const { width, height, fontSize } = resolveSize(size);
  const base: Partial<Layout> = {
    width,
    height,
    font: { family: FONT_FAMILY, size: fontSize, color: "#222222" },
    paper_bgcolor: "#FFFFFF",
    plot_bgcolor: "#FFFFFF",
    colorway: [...COLORWAY],
    margin: { l: 10, r: 10, t: 36, b: 10, pad: 0 },
    xaxis: axisStyle(),
    yaxis: axisStyle(undefined, { showgrid: true, gridcolor: "#E8E8E8", gridwidth: 1 }),
    legend: { orientation: "h", x: 1, xanchor: "right", y: 1.0, yanchor: "bottom", bgcolor: "rgba(255,255,255,0)", font: { size: fontSize } },
    hoverlabel: { font: { family: FONT_FAMILY } },
    bargap: 0.15,
  };
  return mergeDeep(base, overrides);
}

/** A layout title in the project's style (left-aligned, one step larger than the text). */
export function titleStyle(text: string | undefined, size: SizeOption = "notebook"): Partial<Layout> {
  if (text === undefined) return {};
  return { title: { text, x: 0, xanchor: "left", xref: "paper", y: 1, yanchor: "top", yref: "container", pad: { t: 8 }, font: { size: resolveSize(size).fontSize + 2 } } };
}
