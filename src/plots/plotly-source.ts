/** plotly.js from the installed package, wrapped to be inlined in a page (no CDN, works offline). */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";

let cachedScript: string | undefined;

/** Absolute path of plotly's minified bundle (plotly.js-dist-min). */
export function plotlyBundlePath(): string {
  return join(dirname(require.resolve("plotly.js-dist-min/package.json")), "plotly.min.js");
}

/** The installed plotly.js version. */
export function plotlyVersion(): string {
  return (JSON.parse(readFileSync(require.resolve("plotly.js-dist-min/package.json"), "utf8")) as { version: string })
    .version;
}

/**
 * plotly's bundle as JavaScript safe to put inside a `<script>` element: it defines `window.Plotly`
 * once per page (later copies are skipped), and ignores AMD/CommonJS loaders a page may have
 * (Jupyter's require.js), which would otherwise capture the module instead of the global.
 */
export function plotlyInlineScript(): string {
  if (cachedScript === undefined) {
    const source = readFileSync(plotlyBundlePath(), "utf8").replace(/<\/script/gi, "<\\/script");
    cachedScript = `if (!window.Plotly) { (function (module, exports, define) {\n${source}\n}).call(window); }`;
  }
  return cachedScript;
}
