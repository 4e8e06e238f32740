/**
 * Paper-ready files of figures, drawn by plotly itself in headless Chromium (Debian's `chromium`, driven through
 * playwright-core as the book check does): vector PDF printed at exactly the figure's size (Chromium's
 * print-to-PDF, text kept as text), SVG (`Plotly.toImage`, with the caption as its `<title>`), PNG at 300 dpi
 * rasterised from that SVG, with a pHYs chunk saying so, and interactive HTML; beside each, its caption as text and
 * as a LaTeX `\caption{}`, and an index, `figures.md`. Exports never carry a title: it goes to the caption.
 * Without Chromium the images are skipped with a reason, never a crash, so notebooks still run (HTML and captions are
 * written regardless).
 */
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { crc32 } from "node:zlib";
import type { Browser, Page } from "playwright-core";
import { writeFileAtomic } from "../files/atomic-file";
import { captionText, figureAt, figureSize, type Figure, type FigureBook, type FigureCaption } from "./figure";
import { escapeHtml, standaloneHtml } from "./html";
import { plotlyBundlePath } from "./plotly-source";
import { PX_PER_INCH, type SizeName } from "./theme";

/** The formats an export writes. */
export type ExportFormat = "pdf" | "svg" | "png" | "html";

/** Every format, in the order the index lists them. */
export const EXPORT_FORMATS: readonly ExportFormat[] = ["pdf", "svg", "png", "html"];

/** Resolution of PNG exports at the printed size. */
export const PNG_DPI = 300;

/** What an export wrote, and why anything was skipped. */
export interface ExportReport {
  written: string[];
  /** Set when images were not written (e.g. Chromium missing). */
  skipped?: string;
  /** One entry per figure: its files and caption (what `figures.md` lists). */
  figures: ExportedFigure[];
}

/** One exported figure. */
export interface ExportedFigure {
  name: string;
  caption?: FigureCaption;
  /** Size in CSS pixels (96 per inch). */
  width: number;
  height: number;
  files: string[];
}

const CHROMIUM_CANDIDATES = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
];

/**
 * Chromium's path: SPARSE_RNN_CHROMIUM ("" or "none" disables export), else the usual install paths; null if absent.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const chosen = env.SPARSE_RNN_CHROMIUM;
  if (chosen !== undefined) return chosen === "" || chosen === "none" || !existsSync(chosen) ? null : chosen;
  return CHROMIUM_CANDIDATES.find((path) => existsSync(path)) ?? null;
}

/** A figure without its drawn title (the caption keeps it): what every export contains. */
export function untitled(figure: Figure): Figure {
  const title = figure.layout.title;
  const text = typeof title === "string" ? title : title?.text;
  const { title: _dropped, ...layout } = figure.layout;
  const caption = figure.caption ?? (text ? { title: text.replace(/<[^>]+>/g, "") } : undefined);
  return { ...figure, layout, ...(caption ? { caption } : {}) };
}

/** `text` with LaTeX's special characters escaped and the Unicode the figures use spelled in LaTeX. */
export function latexEscape(text: string): string {
  const specials: Record<string, string> = {
    "\\": "\\textbackslash{}",
    "{": "\\{",
    "}": "\\}",
    "%": "\\%",
    "&": "\\&",
    "#": "\\#",
    $: "\\$",
    _: "\\_",
    "~": "\\textasciitilde{}",
    "^": "\\textasciicircum{}",
    "²": "\\textsuperscript{2}",
    "×": "$\\times$",
    "±": "$\\pm$",
    "≤": "$\\le$",
    "≥": "$\\ge$",
    "–": "--",
    "—": "---",
    σ: "$\\sigma$",
    "·": "$\\cdot$",
    "−": "$-$",
  };
  return [...text].map((c) => specials[c] ?? c).join("");
}

/** The LaTeX snippet of a caption: `\caption{…}` and a `\label{fig:<name>}`. */
export function latexCaption(name: string, caption: FigureCaption): string {
  return `\\caption{${latexEscape(captionText(caption))}}\n\\label{fig:${name}}\n`;
}

/** A PNG with a pHYs chunk (pixels per metre on both axes) inserted after IHDR, replacing any it had. */
export function withPngDpi(png: Buffer, dpi: number): Buffer {
  const signature = png.subarray(0, 8);
  if (signature.toString("latin1") !== "\x89PNG\r\n\x1a\n")
    throw new Error("plots/image-export: not a PNG (bad signature)");
  const chunks: Buffer[] = [];
  let offset = 8;
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString("latin1", offset + 4, offset + 8);
    const end = offset + 12 + length;
    if (type !== "pHYs") chunks.push(png.subarray(offset, end));
    if (type === "IHDR") {
      const data = Buffer.alloc(9);
      const perMetre = Math.round(dpi / 0.0254);
      data.writeUInt32BE(perMetre, 0);
      data.writeUInt32BE(perMetre, 4);
      data.writeUInt8(1, 8);
      const typeAndData = Buffer.concat([Buffer.from("pHYs", "latin1"), data]);
      const chunk = Buffer.alloc(12 + 9);
      chunk.writeUInt32BE(9, 0);
      typeAndData.copy(chunk, 4);
      chunk.writeUInt32BE(crc32(typeAndData) >>> 0, 4 + typeAndData.length);
      chunks.push(chunk);
    }
    offset = end;
  }
  return Buffer.concat([signature, ...chunks]);
}

/** The resolution a PNG's pHYs chunk declares, in dots per inch on each axis, or null when it has none. */
export function pngDpi(png: Buffer): { x: number; y: number } | null {
  let offset = 8;
  while (offset + 8 <= png.length) {
    const length = png.readUInt32BE(offset);
    if (png.toString("latin1", offset + 4, offset + 8) === "pHYs") {
      if (png.readUInt8(offset + 16) !== 1) return null;
      return { x: png.readUInt32BE(offset + 8) * 0.0254, y: png.readUInt32BE(offset + 12) * 0.0254 };
    }
    offset += 12 + length;
  }
  return null;
}

/** The SVG with the caption as its first child `<title>` (what screen readers and file browsers show). */
export function svgWithTitle(svg: string, caption: FigureCaption | undefined): string {
  if (!caption) return svg;
  const open = svg.indexOf(">", svg.indexOf("<svg"));
  if (open < 0) throw new Error("plots/image-export: plotly returned no <svg> element");
  return `${svg.slice(0, open + 1)}<title>${escapeHtml(captionText(caption))}</title>${svg.slice(open + 1)}`;
}

/** Why figure rendering is not possible here (Chromium or playwright-core missing), or null when it is. */
export function browserUnavailable(chromium: string | null | undefined = findChromium()): string | null {
  if (!chromium)
    return (
      "Chromium not found (install it, e.g. `apt-get install -y chromium`, or set SPARSE_RNN_CHROMIUM): " +
      "PDF/SVG/PNG export skipped"
    );
  try {
    require.resolve("playwright-core");
  } catch {
    return "playwright-core is not installed (a dev dependency: run `npm ci`): PDF/SVG/PNG export skipped";
  }
  return null;
}

/** One text element of a rendered figure: its text and the four corners of its (possibly rotated) box in pixels. */
export interface TextBox {
  text: string;
  /** The plotly layer it belongs to (e.g. "xtick", "legendtext", "annotation"). */
  role: string;
  corners: [number, number][];
}

/** The plotly classes that give a text element its role in `TEXT_BOXES_SOURCE` (a regex's alternatives). */
const TEXT_ROLES =
  "x\\d*tick|y\\d*tick|g-x\\d*title|g-y\\d*title|g-gtitle|" +
  "legendtext|annotation|cbtitle|colorbar|textpoint|bartext|point";

/**
 * Browser-side source of `layoutBoxes` (plain JavaScript, run in the page): draw the figure, then for every visible
 * `<text>` the four corners of its box mapped through its transform (rotated tick labels stay rotated).
 */
const TEXT_BOXES_SOURCE = `async function ({ data, layout, width, height }) {
  document.body.innerHTML = "";
  const div = document.createElement("div");
  div.style.width = width + "px";
  div.style.height = height + "px";
  document.body.appendChild(div);
  await Plotly.newPlot(div, data, layout, { staticPlot: true });
  const origin = div.getBoundingClientRect();
  const roles =
    /\\b(${TEXT_ROLES})/;
  const boxes = [];
  for (const el of div.querySelectorAll("text")) {
    const text = (el.textContent || "").trim();
    if (!text) continue;
    let hidden = false, role = "text";
    for (let node = el; node && node !== div; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.display === "none" || style.visibility === "hidden" || style.opacity === "0") hidden = true;
      const match = role === "text" && roles.exec(node.getAttribute("class") || "");
      if (match) role = match[1];
    }
    if (hidden) continue;
    const box = el.getBBox();
    const m = el.getScreenCTM();
    if (!m || box.width === 0 || box.height === 0) continue;
    const corner = (x, y) => [m.a * x + m.c * y + m.e - origin.left, m.b * x + m.d * y + m.f - origin.top];
    boxes.push({ text, role, corners: [corner(box.x, box.y), corner(box.x + box.width, box.y),
      corner(box.x + box.width, box.y + box.height), corner(box.x, box.y + box.height)] });
  }
  const plotAreas = Object.values(div._fullLayout._plots).map((p) =>
    [p.xaxis._offset, p.yaxis._offset, p.xaxis._length, p.yaxis._length]);
  Plotly.purge(div);
  return { texts: boxes, plotAreas };
}`;

/** What `FigureBrowser.layoutBoxes` reports: the text boxes and the panels' plot areas. */
export interface LayoutBoxes {
  texts: TextBox[];
  /** Each panel's plot area as `[x, y, width, height]` in pixels. */
  plotAreas: [number, number, number, number][];
}

/** Flags for a quiet, isolated, offline headless run. */
const CHROMIUM_FLAGS = [
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-extensions",
  "--no-first-run",
];

/**
 * A headless Chromium with plotly loaded: renders figures to SVG, PNG and PDF, and reports where their text is
 * drawn. Open one per batch (`FigureBrowser.open`), then `close()`.
 */
export class FigureBrowser {
  private constructor(
    private readonly browser: Browser,
    private readonly page: Page,
    private readonly printPage: Page,
  ) {}

  /** Launch Chromium (throws with the reason from `browserUnavailable` when it cannot). */
  static async open(options: { chromium?: string | null } = {}): Promise<FigureBrowser> {
    const chromium = options.chromium === undefined ? findChromium() : options.chromium;
    const missing = browserUnavailable(chromium);
    if (missing) throw new Error(missing);
    const playwright = require("playwright-core") as typeof import("playwright-core");
    const browser = await playwright.chromium.launch({
      executablePath: chromium!,
      headless: true,
      chromiumSandbox: false,
      args: CHROMIUM_FLAGS,
      timeout: 60_000,
    });
    try {
      const page = await browser.newPage();
      await page.setContent(
        '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="margin:0"></body></html>',
      );
      await page.addScriptTag({ path: plotlyBundlePath() });
      const printPage = await browser.newPage();
      return new FigureBrowser(browser, page, printPage);
    } catch (error) {
      await browser.close();
      throw error;
    }
  }

  /** The figure as SVG markup, drawn by `Plotly.toImage` at its layout size. */
  async svg(figure: Figure): Promise<string> {
    const url = await this.toImage(figure, "svg", 1);
    const comma = url.indexOf(",");
    const header = url.slice(0, comma);
    const payload = url.slice(comma + 1);
    return header.endsWith(";base64") ? Buffer.from(payload, "base64").toString("utf8") : decodeURIComponent(payload);
  }

  /**
   * The figure's SVG (from `svg`) as PNG at `dpi` of its printed size `width` × `height` (96 CSS pixels per inch),
   * with a pHYs chunk for that dpi. Rasterised by plotly's own last step of `toImage` (`Snapshot.svgToImg`): the
   * same pixels as `Plotly.toImage(figure, {format: "png"})`, without drawing the figure a second time (a quarter of
   * the time).
   */
  async png(svg: string, width: number, height: number, dpi = PNG_DPI): Promise<Buffer> {
    const options = JSON.stringify({ format: "png", width, height, scale: dpi / PX_PER_INCH, svg, promise: true });
    const url = (await this.page.evaluate(
      `Plotly.Snapshot.svgToImg({ ...${options}, canvas: document.createElement("canvas") })`,
    )) as string;
    return withPngDpi(Buffer.from(url.slice(url.indexOf(",") + 1), "base64"), dpi);
  }

  /** A one-page PDF of an SVG, the page exactly `width` × `height` CSS pixels: vector, text as text. */
  async pdf(svg: string, width: number, height: number): Promise<Buffer> {
    await this.printPage.setContent(
      `<!DOCTYPE html><html><head><meta charset="utf-8"><style>@page{size:${width}px ${height}px;margin:0}` +
        `html,body{margin:0;padding:0;width:${width}px;height:${height}px;overflow:hidden}` +
        `svg{display:block}</style></head>` +
        `<body>${svg}</body></html>`,
    );
    return this.printPage.pdf({
      width: `${width}px`,
      height: `${height}px`,
      printBackground: true,
      margin: { top: "0", right: "0", bottom: "0", left: "0" },
      pageRanges: "1",
    });
  }

  /**
   * Draw the figure with `Plotly.newPlot` and return every visible text element's box and every panel's plot area
   * (`[x, y, width, height]`), relative to the figure.
   */
  async layoutBoxes(figure: Figure): Promise<LayoutBoxes> {
    const { width, height } = figureSize(figure);
    const args = { data: figure.data, layout: figure.layout, width, height };
    return (await this.page.evaluate(`(${TEXT_BOXES_SOURCE})(${JSON.stringify(args)})`)) as LayoutBoxes;
  }

  /** Close the browser. */
  async close(): Promise<void> {
    await this.browser.close();
  }

  /** `Plotly.toImage`'s data URL of the figure at its layout size (the tests' reference for `png`). */
  private async toImage(figure: Figure, format: "svg" | "png", scale: number): Promise<string> {
    const { width, height } = figureSize(figure);
    const spec = JSON.stringify({ data: figure.data, layout: figure.layout });
    const options = JSON.stringify({ format, width, height, scale });
    return (await this.page.evaluate(`Plotly.toImage(${spec}, ${options})`)) as string;
  }
}

/** Write file contents atomically (temporary file, then rename), creating the folder. */
function writeFile(path: string, contents: string | Buffer): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomic(path, contents);
  return path;
}

/** Options of `saveFigures`. */
export interface SaveOptions {
  /** The size builders are drawn at (default "column"); fixed figures keep their own size. */
  preset?: SizeName;
  /** Formats to write (default all four). */
  formats?: readonly ExportFormat[];
  /** Chromium's path; null skips the images (default `findChromium()`). */
  chromium?: string | null;
  /** Write `figures.md`, the index of files and captions (default true). */
  index?: boolean;
  /** A browser already open (its caller closes it). */
  browser?: FigureBrowser;
}

/**
 * Save figures under `dir`: `<name>.pdf|svg|png|html` at the preset, `<name>.caption.txt` and `<name>.caption.tex`,
 * and `figures.md` listing each file with its caption. Builders are drawn at the preset (a notebook's figures
 * re-laid out for the paper); no file carries the figure's title. Images need Chromium: without it they are
 * skipped and the report says why.
 */
export async function saveFigures(dir: string, figures: FigureBook, options: SaveOptions = {}): Promise<ExportReport> {
  const preset = options.preset ?? "column";
  const formats = options.formats ?? EXPORT_FORMATS;
  for (const format of formats) {
    if (!EXPORT_FORMATS.includes(format))
      throw new Error(`plots/image-export: unknown format "${format}". Should be one of ${EXPORT_FORMATS.join(", ")}.`);
  }
  for (const name of Object.keys(figures)) {
    if (!/^[\w.-]+$/.test(name))
      throw new Error(`figure name "${name}" must be a plain file name (letters, digits, _ . -)`);
  }
  const written: string[] = [];
  const exported: ExportedFigure[] = [];
  const images = formats.filter((f) => f !== "html");
  const chromium = options.chromium === undefined ? findChromium() : options.chromium;
  const skipped = images.length > 0 && !options.browser ? (browserUnavailable(chromium) ?? undefined) : undefined;
  const browser =
    options.browser ?? (images.length > 0 && !skipped ? await FigureBrowser.open({ chromium }) : undefined);
  try {
    for (const [name, entry] of Object.entries(figures)) {
      const figure = untitled(figureAt(entry, preset));
      const { width, height } = figureSize(figure);
      const files: string[] = [];
      const file = (ext: string) => join(dir, `${name}.${ext}`);
      if (formats.includes("html")) {
        files.push(
          writeFile(
            file("html"),
            standaloneHtml(figure, { title: figure.caption ? captionText(figure.caption) : name, captions: true }),
          ),
        );
      }
      if (browser && images.length > 0) {
        const drawn = await browser.svg(figure);
        const svg = svgWithTitle(drawn, figure.caption);
        if (formats.includes("pdf")) files.push(writeFile(file("pdf"), await browser.pdf(svg, width, height)));
        if (formats.includes("svg")) files.push(writeFile(file("svg"), svg));
        if (formats.includes("png")) files.push(writeFile(file("png"), await browser.png(drawn, width, height)));
      }
      if (figure.caption) {
        files.push(writeFile(file("caption.txt"), `${captionText(figure.caption)}\n`));
        files.push(writeFile(file("caption.tex"), latexCaption(name, figure.caption)));
      }
      written.push(...files);
      exported.push({ name, caption: figure.caption, width, height, files });
    }
  } finally {
    if (browser && !options.browser) await browser.close();
  }
  if (options.index !== false)
    written.push(writeFile(join(dir, "figures.md"), figureIndex(exported, dir, { preset, skipped })));
  return { written, skipped, figures: exported };
}

/** `figures.md`: each figure's caption, printed size and files (relative links). */
export function figureIndex(
  figures: readonly ExportedFigure[],
  dir: string,
  options: { preset?: SizeName; skipped?: string } = {},
): string {
  const inches = (px: number) => (px / PX_PER_INCH).toFixed(2);
  const lines = [
    "# Figures",
    "",
    `${figures.length} figures${options.preset ? ` at the \`${options.preset}\` preset` : ""}, written by ` +
      `\`sparse-rnn figures\` (or a notebook's last cell).`,
    "Each has a caption beside it (`<name>.caption.txt`, and `<name>.caption.tex` for LaTeX);",
    "the figures themselves carry no title.",
    "In LaTeX: `\\includegraphics{<name>.pdf}` (the PDF is already the printed size),",
    "then `\\input{<name>.caption.tex}`.",
    ...(options.skipped ? ["", `**Images skipped:** ${options.skipped}`] : []),
    "",
    "| figure | caption | size (in) | files |",
    "|---|---|---|---|",
  ];
  for (const f of figures) {
    const links = f.files.map((path) => {
      const base = path.slice(dir.length).replace(/^[\\/]/, "");
      return `[${base.slice(f.name.length + 1)}](${encodeURI(base)})`;
    });
    const caption = f.caption ? captionText(f.caption).replace(/\|/g, "\\|") : "";
    lines.push(`| \`${f.name}\` | ${caption} | ${inches(f.width)} × ${inches(f.height)} | ${links.join(" ")} |`);
  }
  return `${lines.join("\n")}\n`;
}
