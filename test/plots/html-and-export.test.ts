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
import { exportImages, findChromium, saveFigures } from "../../src/plots/image-export";

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
  assert.match(a, /width:340px;height:255px/);
});

test("stripPlotlyScripts removes inline plotly (any version) and keeps every other script", () => {
  const div = figureDivHtml(figure, { id: "f" });
  assert.equal(stripPlotlyScripts(figureDivHtml(figure, { id: "f", includePlotly: true })), div);
  assert.equal(stripPlotlyScripts(plotlyScriptTag() + div + plotlyScriptTag()), div, "every copy goes");
  const older =
    '<script type="text/javascript">/* plotly.js 2.35.0 */\nif (!window.Plotly) { (function () {}).call(window); }</script>';
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

test("without Chromium, image export is skipped with a reason and HTML is still written", async () => {
  assert.equal(findChromium({ SPARSE_RNN_CHROMIUM: "none" }), null);
  assert.equal(findChromium({ SPARSE_RNN_CHROMIUM: join(dir, "no-such-browser") }), null);
  const report = await saveFigures(join(dir, "no-chromium"), { bars: figure }, { chromium: null });
  assert.deepEqual(report.written, [join(dir, "no-chromium", "bars.html")]);
  assert.match(report.skipped!, /Chromium not found/);
  assert.ok(!existsSync(join(dir, "no-chromium", "bars.svg")));
  await assert.rejects(saveFigures(dir, { "../escape": figure }, { chromium: null }), /must be a plain file name/);
});

const chromium = findChromium();
test("with Chromium, one run writes a valid SVG and a PNG at the requested scale", { skip: chromium ? false : "Chromium is not installed (apt-get install -y chromium)" }, async () => {
  const svgPath = join(dir, "img", "bars.svg");
  const pngPath = join(dir, "img", "bars.png");
  const report = await exportImages([
    { figure, path: svgPath, format: "svg" },
    { figure, path: pngPath, format: "png", scale: 2 },
  ]);
  assert.deepEqual(report.written, [svgPath, pngPath]);
  const svg = readFileSync(svgPath, "utf8");
  assert.match(svg, /^<svg[^>]+width="340"[^>]+height="255"/);
  assert.ok(svg.includes(">t<"), "the title is drawn");
  const png = readFileSync(pngPath);
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.equal(png.toString("ascii", 12, 16), "IHDR");
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [680, 510]);
});
