import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { barChart } from "../../src/plots/charts";
import {
  figureDivHtml,
  plotlyScriptTag,
  scriptSafeJson,
  standaloneHtml,
  stripPlotlyScripts,
  writeFigureHtml,
} from "../../src/plots/html";
import { plotlyBundlePath, plotlyVersion } from "../../src/plots/plotly-source";
import {
  browserUnavailable,
  FigureBrowser,
  findChromium,
  PNG_DPI,
  pngDpi,
  saveFigures,
  untitled,
  withPngDpi,
} from "../../src/plots/image-export";
import { figureSize } from "../../src/plots/figure";
import { PX_PER_INCH } from "../../src/plots/theme";

const dir = mkdtempSync(join(tmpdir(), "plots-test-"));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const figure = barChart(["a", "b"], [{ name: "</script><b>x</b>", values: [1, 2] }], { size: "column", title: "t" });
const plotlySample = readFileSync(plotlyBundlePath(), "utf8").slice(400, 700);

test("standalone HTML inlines plotly.js and loads nothing from the network", () => {
  const html = standaloneHtml([figure, figure], { title: "two <figures>" });
  assert.ok(html.includes(plotlySample), "plotly's own source is inlined");
  assert.ok(html.includes(`plotly.js ${plotlyVersion()}`));
  assert.doesNotMatch(html, /<script[^>]+src=/i);
  // Outside plotly's own bundle (which mentions URLs it never loads here), nothing points to a CDN.
  const ours = html.replace(readFileSync(plotlyBundlePath(), "utf8"), "");
  assert.ok(ours.length < 20_000);
  assert.doesNotMatch(ours, /https?:\/\//);
  assert.match(html, /<title>two &lt;figures&gt;<\/title>/);
  assert.equal(html.match(/Plotly\.newPlot/g)?.length, 2);
  assert.ok(html.includes('id="figure-1"') && html.includes('id="figure-2"'));
});

test("figure markup: unique ids, plotly only on request, data cannot close the script element", () => {
  const a = figureDivHtml(figure);
  const b = figureDivHtml(figure);
  const id = (html: string) => /id="([^"]+)"/.exec(html)![1];
  assert.notEqual(id(a), id(b));
  assert.ok(!a.includes(plotlySample));
  assert.ok(figureDivHtml(figure, { includePlotly: true }).includes(plotlySample));
  assert.ok(!a.includes("</script><b>"), "a trace name with </script> is escaped");
  assert.equal(JSON.parse(scriptSafeJson({ s: "</script>\u2028" })).s, "</script>\u2028");
  assert.match(a, /width:336px;height:\d+px/);
});

test("stripPlotlyScripts removes inline plotly (any version) and keeps every other script", () => {
  const div = figureDivHtml(figure, { id: "f" });
  assert.equal(stripPlotlyScripts(figureDivHtml(figure, { id: "f", includePlotly: true })), div);
  assert.equal(stripPlotlyScripts(plotlyScriptTag() + div + plotlyScriptTag()), div, "every copy goes");
  const older =
    '<script type="text/javascript">/* plotly.js 2.35.0 */\n' +
    "if (!window.Plotly) { (function () {}).call(window); }</script>";
  assert.equal(stripPlotlyScripts(`<p>a</p>${older}<p>b</p>`), "<p>a</p><p>b</p>");
  const lookalikes = [
    '<script type="text/javascript">/* plotly.js is great */ draw();</script>',
    "<script>window.Plotly = {};</script>",
  ];
  for (const html of lookalikes) assert.equal(stripPlotlyScripts(html + div), html + div);
  const truncated = '<script type="text/javascript">/* plotly.js 4.1.2 */\nif (!window.Plotly) { (function () {';
  assert.equal(stripPlotlyScripts(truncated), truncated, "a copy without its end is left alone");
});

test("writeFigureHtml creates folders and writes the page", () => {
  const path = writeFigureHtml(join(dir, "nested", "deeper", "f.html"), figure);
  assert.ok(readFileSync(path, "utf8").startsWith("<!DOCTYPE html>"));
});

test(
  "without Chromium, image export is skipped with a reason; " + "HTML, captions and the index are still written",
  async () => {
    assert.equal(findChromium({ SPARSE_RNN_CHROMIUM: "none" }), null);
    assert.equal(findChromium({ SPARSE_RNN_CHROMIUM: join(dir, "no-such-browser") }), null);
    const out = join(dir, "no-chromium");
    const report = await saveFigures(
      out,
      { bars: figure, drawn: (size) => barChart(["a"], [{ name: "s", values: [1] }], { title: "drawn", size }) },
      { chromium: null },
    );
    assert.deepEqual(report.written, [
      join(out, "bars.html"),
      join(out, "bars.caption.txt"),
      join(out, "bars.caption.tex"),
      join(out, "drawn.html"),
      join(out, "drawn.caption.txt"),
      join(out, "drawn.caption.tex"),
      join(out, "figures.md"),
    ]);
    assert.match(report.skipped!, /Chromium not found/);
    assert.match(readFileSync(join(out, "figures.md"), "utf8"), /Images skipped:\*\* Chromium not found/);
    assert.equal(readFileSync(join(out, "bars.caption.txt"), "utf8"), "t.\n");
    assert.ok(!existsSync(join(out, "bars.svg")));
    assert.deepEqual(
      report.figures.map((f) => [f.name, f.width]),
      [
        ["bars", 336],
        ["drawn", 336],
      ],
      "builders are drawn at the column preset",
    );
    await assert.rejects(saveFigures(dir, { "../escape": figure }, { chromium: null }), /must be a plain file name/);
    await assert.rejects(
      saveFigures(dir, { ok: figure }, { chromium: null, formats: ["eps" as "pdf"] }),
      /unknown format "eps"/,
    );
  },
);

const unavailable = browserUnavailable();
test(
  "with Chromium, one browser writes a PDF, an SVG and a 300 dpi PNG of the figure, untitled",
  { skip: unavailable ?? false },
  async () => {
    const out = join(dir, "img");
    const report = await saveFigures(out, { bars: figure }, { formats: ["pdf", "svg", "png"], index: false });
    assert.deepEqual(
      report.written,
      ["pdf", "svg", "png", "caption.txt", "caption.tex"].map((ext) => join(out, `bars.${ext}`)),
    );
    const svg = readFileSync(join(out, "bars.svg"), "utf8");
    assert.match(svg, /^<svg[^>]+width="336"[^>]+height="\d+"/);
    assert.ok(svg.includes("<title>t.</title>"), "the caption is the SVG's title");
    assert.ok(!/<text[^>]*>t<\/text>/.test(svg), "the title is not drawn");
    assert.equal(readFileSync(join(out, "bars.pdf")).toString("latin1", 0, 5), "%PDF-");
    const png = readFileSync(join(out, "bars.png"));
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.equal(png.readUInt32BE(16), 1050, "3.5 in at 300 dpi");
    assert.equal(Math.round(pngDpi(png)!.x), 300);
  },
);

test(
  "the PNG, rasterised from the figure's SVG, is byte for byte Plotly.toImage's PNG (with the 300 dpi chunk)",
  { skip: unavailable ?? false },
  async () => {
    const browser = await FigureBrowser.open();
    try {
      for (const drawn of [untitled(figure), figure]) {
        const { width, height } = figureSize(drawn);
        const ours = await browser.png(await browser.svg(drawn), width, height);
        // plotly's own path draws the figure again and rasterises it: the reference.
        const url = await browser["toImage"](drawn, "png", PNG_DPI / PX_PER_INCH);
        const plotlys = withPngDpi(Buffer.from(url.slice(url.indexOf(",") + 1), "base64"), PNG_DPI);
        assert.ok(ours.equals(plotlys), `${drawn.layout.title ? "titled" : "untitled"}: the two PNGs differ`);
      }
    } finally {
      await browser.close();
    }
  },
);
