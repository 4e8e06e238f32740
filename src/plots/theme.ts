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

/** Plotly's Viridis, sampled (for colours computed here, e.g. heatmap cells drawn as shapes). */
export const VIRIDIS_COLORSCALE: [number, string][] = [
  [0, "#440154"],
  [0.125, "#472D7B"],
  [0.25, "#3B528B"],
  [0.375, "#2C728E"],
  [0.5, "#21918C"],
  [0.625, "#28AE80"],
  [0.75, "#5EC962"],
  [0.875, "#ADDC30"],
  [1, "#FDE725"],
];

/** The colour of `t` in [0, 1] on a colour scale, interpolated linearly in RGB between its stops (as plotly does). */
export function colorAt(scale: readonly (readonly [number, string])[], t: number): string {
  const clamped = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0.5));
  const upper = scale.findIndex(([stop]) => stop >= clamped);
  if (upper <= 0) return scale[Math.max(0, upper)]![1];
  const [s0, c0] = scale[upper - 1]!;
  const [s1, c1] = scale[upper]!;
  const f = s1 === s0 ? 0 : (clamped - s0) / (s1 - s0);
  const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  const mixed = rgb(c0).map((a, i) => Math.round(a + (rgb(c1)[i]! - a) * f));
  return `#${mixed
    .map((v) => v.toString(16).padStart(2, "0"))
    .join("")
    .toUpperCase()}`;
}

/** Relative luminance of a `#RRGGBB` colour (WCAG), to choose dark or light text on it. */
export function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** Font stack of notebook figures: Arial metrics, with the free look-alikes Chromium finds on Linux. */
export const FONT_FAMILY = "Arial, 'Liberation Sans', Helvetica, 'DejaVu Sans', sans-serif";

/**
 * Font stack of paper figures: the serif of a LaTeX document. CMU Serif (Computer Modern, LaTeX's default, as
 * TrueType: Debian `fonts-cmu`) first, because Chromium embeds TrueType in a PDF as a real font (CID TrueType),
 * while OpenType-CFF fonts such as Latin Modern become Type 3, which publishers' checks reject; then Latin Modern,
 * Times look-alikes for Times-based classes (IEEEtran, acmart), then any serif.
 */
export const PAPER_FONT_FAMILY =
  "'CMU Serif', 'Latin Modern Roman', 'Liberation Serif', 'TeX Gyre Termes', 'Times New Roman', 'DejaVu Serif', serif";

/** CSS pixels per inch (plotly's unit) and per typographic point. */
export const PX_PER_INCH = 96;
export const PX_PER_POINT = PX_PER_INCH / 72;

/**
 * Named figure sizes, in CSS pixels (96 per inch), with the font that goes with each. The paper sizes match how
 * papers are typeset: `column` is one column of a two-column paper (3.5 in, the widest of the common 3.25–3.5 in),
 * `page` the full text width (7 in, within 6.75–7.16 in); their text is 8 pt at the printed size, the size of a
 * caption's footnote-sized neighbours. Heights here are defaults: each figure chooses its own aspect ratio.
 */
export const FIGURE_SIZES = Object.freeze({
  /** One column of a two-column paper: 3.5 in wide, 8 pt serif. */
  column: Object.freeze({ width: 336, height: 240, fontSize: 8 * PX_PER_POINT, fontFamily: PAPER_FONT_FAMILY }),
  /** The full text width of a two-column paper: 7 in wide, 8 pt serif. */
  page: Object.freeze({ width: 672, height: 288, fontSize: 8 * PX_PER_POINT, fontFamily: PAPER_FONT_FAMILY }),
  /** Inline in a notebook (and its interactive HTML): 760 px, 13 px sans-serif. */
  notebook: Object.freeze({ width: 760, height: 420, fontSize: 13, fontFamily: FONT_FAMILY }),
});

/** A named size: `column`, `page` (paper presets) or `notebook`. */
export type SizeName = keyof typeof FIGURE_SIZES;

/** The paper presets, in the order `sparse-rnn figures` lists them. */
export const PAPER_PRESETS: readonly SizeName[] = ["column", "page"];

/** Explicit pixels; `preset` says which named size's fonts and layout rules apply (default: chosen by width). */
export type ExplicitSize = FigureSize & { fontSize?: number; fontFamily?: string; preset?: SizeName };

/** A named size or explicit pixels. */
export type SizeOption = SizeName | ExplicitSize;

/** Everything a size option fixes. */
export interface ResolvedSize {
  width: number;
  height: number;
  fontSize: number;
  fontFamily: string;
  preset: SizeName;
}

/** The preset whose rules a size follows: its name, else `preset`, else `notebook` (explicit pixels are on screen). */
export function presetOf(size: SizeOption = "notebook"): SizeName {
  return typeof size === "string" ? size : (size.preset ?? "notebook");
}

/** Whether a size is a paper preset (no title drawn, the caption goes to a file). */
export function isPaperSize(size: SizeOption = "notebook"): boolean {
  return presetOf(size) !== "notebook";
}

/** Width, height, font and preset of a size option. */
export function resolveSize(size: SizeOption = "notebook"): ResolvedSize {
  if (typeof size === "string") {
    const named = FIGURE_SIZES[size];
    if (!named)
      throw new Error(
        `plots/theme: unknown figure size "${size}". ` +
          `Should be one of ${Object.keys(FIGURE_SIZES).join(", ")} or {width, height}.`,
      );
    return { ...named, preset: size };
  }
  const preset = presetOf(size);
  const named = FIGURE_SIZES[preset];
  const fontSize = size.fontSize ?? (size.preset ? named.fontSize : size.width < 500 ? 10 : size.width < 720 ? 11 : 13);
  return { width: size.width, height: size.height, fontSize, fontFamily: size.fontFamily ?? named.fontFamily, preset };
}

/**
 * A size at a named preset's width with the figure's own aspect ratio (height / width) for that preset. Heights
 * are whole multiples of 8 px (6 pt), so a PDF page is a whole number of points and a 300 dpi PNG whole pixels.
 */
export function presetSize(
  size: SizeOption | undefined,
  aspect: number | Partial<Record<SizeName, number>>,
): SizeOption {
  if (size !== undefined && typeof size !== "string") return size;
  const preset = size ?? "notebook";
  const ratio =
    typeof aspect === "number" ? aspect : (aspect[preset] ?? FIGURE_SIZES[preset].height / FIGURE_SIZES[preset].width);
  const { width } = FIGURE_SIZES[preset];
  return { width, height: Math.max(40, Math.round((width * ratio) / 8) * 8), preset };
}

/** A value per preset (e.g. panels per row), with the notebook's value as the default. */
export type PerPreset<T> = T | Partial<Record<SizeName, T>>;

/** The value of a `PerPreset` option at a size. */
export function perPreset<T>(value: PerPreset<T> | undefined, size: SizeOption | undefined, fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value as T;
  const table = value as Partial<Record<SizeName, T>>;
  return table[presetOf(size)] ?? table.notebook ?? fallback;
}

/**
 * The style of every cartesian axis. `fontSize` sets the title's size (plotly would otherwise draw axis titles
 * 1.2 times the text, 9.6 pt in a paper figure).
 */
export function axisStyle(title?: string, overrides?: Partial<LayoutAxis>, fontSize?: number): Partial<LayoutAxis> {
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
    title:
      title === undefined ? undefined : { text: title, standoff: 6, ...(fontSize ? { font: { size: fontSize } } : {}) },
  };
  return mergeDeep(base, overrides);
}

/** A layout in the project's style at the given size, with `overrides` merged in last. */
export function themedLayout(size: SizeOption = "notebook", overrides?: Partial<Layout>): Partial<Layout> {
  const { width, height, fontSize, fontFamily, preset } = resolveSize(size);
  const paper = preset !== "notebook";
  const base: Partial<Layout> = {
    width,
    height,
    font: { family: fontFamily, size: fontSize, color: "#222222" },
    paper_bgcolor: "#FFFFFF",
    plot_bgcolor: "#FFFFFF",
    colorway: [...COLORWAY],
    // Axis titles and tick labels push these out (automargin); paper figures keep no border beyond them.
    margin: paper ? { l: 2, r: 4, t: 4, b: 2, pad: 0 } : { l: 10, r: 10, t: 36, b: 10, pad: 0 },
    xaxis: axisStyle(),
    yaxis: axisStyle(undefined, { showgrid: true, gridcolor: "#E8E8E8", gridwidth: 1 }),
    legend: legendBelow(fontSize),
    hoverlabel: { font: { family: fontFamily } },
    bargap: 0.15,
  };
  return mergeDeep(base, overrides);
}

/**
 * The legend's place: centred under the plot, in a row that wraps, anchored to the figure's bottom edge so it
 * never meets tick labels or axis titles; the bottom margin makes room for it (`legendRows`).
 */
export function legendBelow(fontSize: number): Partial<Layout["legend"]> {
  return {
    orientation: "h",
    x: 0.5,
    xanchor: "center",
    xref: "container",
    y: 0,
    yanchor: "bottom",
    yref: "container",
    bgcolor: "rgba(255,255,255,0)",
    font: { size: fontSize },
    itemwidth: 30,
    tracegroupgap: 0,
  } as Partial<Layout["legend"]>;
}

/** A layout title in the project's style (left-aligned, one step larger than the text); none at paper sizes. */
export function titleStyle(text: string | undefined, size: SizeOption = "notebook"): Partial<Layout> {
  if (text === undefined || isPaperSize(size)) return {};
  return {
    title: {
      text,
      x: 0,
      xanchor: "left",
      xref: "paper",
      y: 1,
      yanchor: "top",
      yref: "container",
      pad: { t: 8 },
      font: { size: resolveSize(size).fontSize + 2 },
    },
  };
}
