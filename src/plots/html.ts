/** Figures as HTML: a div plus a script that draws it, and standalone pages with plotly inlined. */
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { writeFileAtomic } from "../files/atomic-file";
import { captionText, type Figure } from "./figure";
import { plotlyInlineScript, plotlyVersion } from "./plotly-source";

/** JSON that can sit inside a `<script>` element (no `</script>`, no line separators). */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** Escape text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** A fresh element id (unique across re-runs and kernel restarts, so figures on one page never collide). */
export function newFigureId(): string {
  return `sparse-rnn-figure-${randomUUID()}`;
}

/** The class of every figure's div (pages and checks find figures by it). */
export const FIGURE_CLASS = "sparse-rnn-figure";

/** The opening of every `plotlyScriptTag`, followed by the plotly version (what `stripPlotlyScripts` looks for). */
const PLOTLY_TAG_OPEN = '<script type="text/javascript">';
const PLOTLY_TAG_START = `${PLOTLY_TAG_OPEN}/* plotly.js `;

/** The `<script>` element that loads plotly into the page (once per page; later copies do nothing). */
export function plotlyScriptTag(): string {
  return `${PLOTLY_TAG_START}${plotlyVersion()} */\n${plotlyInlineScript()}</script>`;
}

/**
 * `html` without the inline copies of plotly that `plotlyScriptTag` adds (of any plotly version), for pages that
 * load plotly once from a file. A copy ends at its first `</script>`, which `plotlyInlineScript` guarantees by
 * escaping the bundle's own; other scripts, such as the ones that draw figures, are kept.
 */
export function stripPlotlyScripts(html: string): string {
  const ours = /^\/\* plotly\.js [\w.+-]+ \*\/\nif \(!window\.Plotly\) \{/;
  let result = "";
  let from = 0;
  for (let start = html.indexOf(PLOTLY_TAG_START); start >= 0; start = html.indexOf(PLOTLY_TAG_START, from)) {
    const body = start + PLOTLY_TAG_OPEN.length;
    const end = html.indexOf("</script>", body);
    const keep = end < 0 || !ours.test(html.slice(body, body + 100));
    result += html.slice(from, keep ? body : start);
    from = keep ? body : end + "</script>".length;
  }
  return result + html.slice(from);
}

/** What a figure's div says when plotly.js has not appeared after 10 s. */
const PLOTLY_MISSING =
  "plotly.js is not loaded on this page: re-run the notebook's first figure cell " +
  "(or trust the notebook so its scripts may run).";

/**
 * A div and the script that draws `figure` into it with `Plotly.newPlot`. The script waits up to 10 s for
 * plotly to appear (outputs may render out of order) and otherwise says in the div what is missing.
 */
export function figureDivHtml(figure: Figure, options: { id?: string; includePlotly?: boolean } = {}): string {
  const id = options.id ?? newFigureId();
  const width = figure.layout.width ? `width:${figure.layout.width}px;` : "";
  const height = figure.layout.height ? `height:${figure.layout.height}px;` : "";
  const draw = `(function () {
  var id = ${scriptSafeJson(id)}, figure = ${scriptSafeJson(figure)}, waited = 0;
  function draw() {
    var div = document.getElementById(id);
    if (!div) return;
    if (window.Plotly) { window.Plotly.newPlot(div, figure.data, figure.layout, figure.config || {}); return; }
    if ((waited += 100) > 10000) { div.textContent = "${PLOTLY_MISSING}"; return; }
    setTimeout(draw, 100);
  }
  draw();
})();`;
  return (
    `${options.includePlotly ? plotlyScriptTag() : ""}<div id="${escapeHtml(id)}" class="${FIGURE_CLASS}" ` +
    `style="${width}${height}"></div>\n<script type="text/javascript">${draw}</script>`
  );
}

/**
 * A complete HTML page showing the figures one below the other, plotly inlined (opens offline); with `captions`,
 * each figure's caption is printed under it (outside the figure).
 */
export function standaloneHtml(
  figures: Figure | readonly Figure[],
  options: { title?: string; captions?: boolean } = {},
): string {
  const list = Array.isArray(figures) ? figures : [figures as Figure];
  const caption = (figure: Figure) =>
    options.captions && figure.caption
      ? `\n<p class="caption" style="font:13px/1.4 sans-serif;color:#333;max-width:${figure.layout.width ?? 760}px">` +
        `${escapeHtml(captionText(figure.caption))}</p>`
      : "";
  const title = escapeHtml(options.title ?? "sparse-rnn-lab figure");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${title}</title>
${plotlyScriptTag()}
</head>
<body style="margin:16px;background:#fff">
${list.map((figure, i) => figureDivHtml(figure, { id: `figure-${i + 1}` }) + caption(figure)).join("\n")}
</body>
</html>
`;
}

/** Write a standalone HTML page of the figures (atomically; parent folders are created). */
export function writeFigureHtml(
  path: string,
  figures: Figure | readonly Figure[],
  options: { title?: string } = {},
): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomic(path, standaloneHtml(figures, options));
  return path;
}
