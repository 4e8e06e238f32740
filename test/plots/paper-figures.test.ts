// The paper exports of every study figure (src/plots/image-export.ts, study-figures.ts, layout-check.ts): for each
// LaTeX preset the PDF page is the preset's size and its text is text, no export has a title, SVGs are vector, PNGs
// say 300 dpi, and at each preset no text box overlaps another or leaves its figure.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { shippedResultsDir } from "../../src/experiments/shipped-results";
import { captionText, figureAt, type Figure, type FigureBook } from "../../src/plots/figure";
import { browserUnavailable, FigureBrowser, pngDpi, saveFigures } from "../../src/plots/image-export";
import { checkFigureLayout } from "../../src/plots/layout-check";
import { studyFigureNames, studyFigures } from "../../src/plots/study-figures";
import { FIGURE_SIZES, PAPER_PRESETS, PX_PER_INCH } from "../../src/plots/theme";

const noBrowser = browserUnavailable();
const hasPoppler =
  spawnSync("pdfinfo", ["-v"]).error === undefined && spawnSync("pdffonts", ["-v"]).error === undefined;
const results = shippedResultsDir();
const noResults =
  existsSync(join(results, "structure", "results.csv")) && existsSync(join(results, "pruning", "pruning-records.csv"))
    ? false
    : `the shipped results are missing from ${results}`;
const skipBrowser = noBrowser ?? noResults;
const skipPdf =
  skipBrowser || (hasPoppler ? false : "pdfinfo/pdffonts are not installed (Debian: apt-get install -y poppler-utils)");

const dir = mkdtempSync(join(tmpdir(), "paper-figures-"));
test.after(() => rmSync(dir, { recursive: true, force: true }));

let catalog: Promise<FigureBook> | undefined;
/** Every figure of the study, built once from the shipped results. */
function allFigures(): Promise<FigureBook> {
  catalog ??= studyFigures().then((chapters) => Object.assign({}, ...chapters.map((c) => c.figures)) as FigureBook);
  return catalog;
}

const exported = new Map<string, Promise<string>>();
/** The folder of every figure exported at a preset in all four formats (once per preset). */
function exportedAt(preset: "column" | "page"): Promise<string> {
  if (!exported.has(preset)) {
    exported.set(
      preset,
      (async () => {
        const out = join(dir, preset);
        await saveFigures(out, await allFigures(), { preset });
        return out;
      })(),
    );
  }
  return exported.get(preset)!;
}

/** The points of a CSS-pixel length (72 per inch). */
const points = (px: number) => (px * 72) / PX_PER_INCH;

test("the catalog makes every figure the chapters name, each with a caption", { skip: noResults }, async () => {
  const figures = await allFigures();
  const names = studyFigureNames().flatMap((c) => c.names);
  assert.deepEqual(Object.keys(figures).sort(), [...names].sort());
  for (const [name, entry] of Object.entries(figures)) {
    const figure = figureAt(entry, "column");
    assert.ok(figure.caption?.title, `${name} has a caption`);
    assert.equal(figure.layout.title, undefined, `${name} draws no title at the column preset`);
  }
});

for (const preset of PAPER_PRESETS) {
  const { width } = FIGURE_SIZES[preset];
  test(
    `${preset}: each PDF is one page of the figure's size at the preset's width, its text embedded fonts (not Type 3)`,
    { skip: skipPdf },
    async () => {
      const out = await exportedAt(preset as "column" | "page");
      const figures = await allFigures();
      for (const [name, entry] of Object.entries(figures)) {
        const figure = figureAt(entry, preset);
        const pdf = join(out, `${name}.pdf`);
        const info = execFileSync("pdfinfo", [pdf], { encoding: "utf8" });
        assert.match(info, /^Pages:\s+1$/m, `${name}.pdf has one page`);
        const size = /^Page size:\s+([\d.]+) x ([\d.]+) pts/m.exec(info);
        assert.ok(size, `${name}.pdf: pdfinfo reports a page size`);
        assert.equal(figure.layout.width, width, `${name} is drawn at the ${preset} width`);
        assert.ok(
          Math.abs(Number(size[1]) - points(width)) < 0.01,
          `${name}.pdf is ${size[1]} pt wide, expected ${points(width)}`,
        );
        assert.ok(
          Math.abs(Number(size[2]) - points(figure.layout.height!)) < 0.01,
          `${name}.pdf is ${size[2]} pt high, expected ${points(figure.layout.height!)}`,
        );
        const fonts = execFileSync("pdffonts", [pdf], { encoding: "utf8" }).trim().split("\n").slice(2);
        assert.ok(fonts.length > 0, `${name}.pdf has text as text (pdffonts lists its fonts)`);
        for (const font of fonts)
          assert.doesNotMatch(font, /Type 3/, `${name}.pdf embeds a real font, not Type 3: ${font}`);
        assert.ok(
          fonts.some((f) => /CMU/.test(f)),
          `${name}.pdf uses the LaTeX serif (CMU): ${fonts.join(" | ")}`,
        );
      }
    },
  );

  test(
    `${preset}: no export has a title; SVGs are vector with the caption as <title>; PNGs are 300 dpi`,
    { skip: skipBrowser },
    async () => {
      const out = await exportedAt(preset as "column" | "page");
      const figures = await allFigures();
      for (const [name, entry] of Object.entries(figures)) {
        const figure: Figure = figureAt(entry, preset);
        const caption = captionText(figure.caption!);
        const svg = readFileSync(join(out, `${name}.svg`), "utf8");
        assert.doesNotMatch(svg, /<image\b/, `${name}.svg has no embedded raster`);
        assert.doesNotMatch(svg, /class="g-gtitle"[^>]*>\s*<text/, `${name}.svg draws no figure title`);
        assert.ok(!svg.includes(`>${figure.caption!.title}<`), `${name}.svg does not draw its title as text`);
        const title = /<title>([^<]*)<\/title>/.exec(svg)?.[1];
        assert.equal(
          title
            ?.replace(/&amp;/g, "&")
            .replace(/&quot;/g, '"')
            .replace(/&lt;/g, "<")
            .replace(/&gt;/g, ">"),
          caption,
        );
        const png = readFileSync(join(out, `${name}.png`));
        const dpi = pngDpi(png);
        assert.ok(
          dpi && Math.round(dpi.x) === 300 && Math.round(dpi.y) === 300,
          `${name}.png declares 300 dpi (11811 px/m): ${JSON.stringify(dpi)}`,
        );
        assert.equal(
          png.readUInt32BE(16),
          Math.round((figure.layout.width! * 300) / PX_PER_INCH),
          `${name}.png is 300 dpi wide`,
        );
        assert.equal(
          png.readUInt32BE(20),
          Math.round((figure.layout.height! * 300) / PX_PER_INCH),
          `${name}.png is 300 dpi high`,
        );
        const html = readFileSync(join(out, `${name}.html`), "utf8");
        const spec = /figure = (\{.*?\}), waited/s.exec(html)?.[1];
        assert.ok(spec, `${name}.html draws a figure`);
        assert.equal((JSON.parse(spec) as Figure).layout.title, undefined, `${name}.html has no title in the figure`);
        assert.equal(readFileSync(join(out, `${name}.caption.txt`), "utf8").trim(), caption);
        assert.match(
          readFileSync(join(out, `${name}.caption.tex`), "utf8"),
          new RegExp(`^\\\\caption\\{.+\\}\\n\\\\label\\{fig:${name}\\}\\n$`),
        );
      }
      const index = readFileSync(join(out, "figures.md"), "utf8");
      for (const [name, entry] of Object.entries(figures)) {
        assert.ok(
          index.includes(`| \`${name}\` | ${captionText(figureAt(entry, preset).caption!).replace(/\|/g, "\\|")} |`),
          `figures.md lists ${name} with its caption`,
        );
      }
    },
  );
}

for (const preset of PAPER_PRESETS) {
  test(
    `${preset} preset: in every figure no text box overlaps another or leaves the figure`,
    { skip: skipBrowser },
    async () => {
      const figures = await allFigures();
      const browser = await FigureBrowser.open();
      try {
        const problems: string[] = [];
        for (const [name, entry] of Object.entries(figures)) {
          for (const problem of await checkFigureLayout(browser, figureAt(entry, preset)))
            problems.push(`${name}: ${problem.message}`);
        }
        assert.deepEqual(problems, []);
      } finally {
        await browser.close();
      }
    },
  );
}
