/**
 * SVG and PNG files of figures, drawn by plotly itself (`Plotly.toImage`) in headless Chromium: one
 * browser launch renders a whole batch. Without Chromium the export is skipped with a reason, never
 * a crash, so notebooks still run (their HTML figures are written regardless).
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import writeFileAtomic from "write-file-atomic";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { figureSize, type Figure } from "./figure";
import { writeFigureHtml, scriptSafeJson } from "./html";
import { plotlyBundlePath } from "./plotly-source";

/** Image formats Chromium export writes. */
export type ImageFormat = "svg" | "png";

/** One image to write. */
export interface ImageJob {
  figure: Figure;
  path: string;
  format: ImageFormat;
  /** PNG pixel ratio (default 3: a 3.5 in column figure at about 290 dpi). */
  scale?: number;
}

/** What an export wrote, and why anything was skipped. */
export interface ExportReport {
  written: string[];
  /** Set when images were not written (e.g. Chromium missing). */
  skipped?: string;
}

const CHROMIUM_CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];

/** Chromium's path: SPARSE_RNN_CHROMIUM ("" or "none" disables export), else the usual install paths; null if absent. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const chosen = env.SPARSE_RNN_CHROMIUM;
  if (chosen !== undefined) return chosen === "" || chosen === "none" || !existsSync(chosen) ? null : chosen;
  return CHROMIUM_CANDIDATES.find((path) => existsSync(path)) ?? null;
}

/** Flags for a quiet, isolated, offline headless run. */
function chromiumArgs(profileDir: string, pageUrl: string): string[] {
  return [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--no-first-run",
    "--no-default-browser-check",
    "--hide-scrollbars",
    `--user-data-dir=${profileDir}`,
    // Virtual time lets the page's asynchronous rendering finish before the DOM is dumped.
    "--virtual-time-budget=120000",
    "--dump-dom",
    pageUrl,
  ];
}

/** The page: loads plotly from the package, renders each job with toImage, writes the results into a <pre>. */
function exportPage(jobs: readonly ImageJob[]): string {
  const specs = jobs.map((job) => {
    const { width, height } = figureSize(job.figure);
    return { figure: { data: job.figure.data, layout: job.figure.layout }, format: job.format, width, height, scale: job.format === "png" ? (job.scale ?? 3) : 1 };
  });
  return `<!DOCTYPE html><html><head><meta charset="utf-8">
<script src="${pathToFileURL(plotlyBundlePath()).href}"></script></head><body>
<pre id="sparse-rnn-result"></pre>
<script>
(async function () {
  var specs = ${scriptSafeJson(specs)}, results = [];
  for (var i = 0; i < specs.length; i++) {
    var s = specs[i];
    try {
      var url = await Plotly.toImage(s.figure, { format: s.format, width: s.width, height: s.height, scale: s.scale });
      results.push({ ok: true, url: url });
    } catch (e) {
      results.push({ ok: false, error: encodeURIComponent(String(e && e.message || e)) });
    }
  }
  document.querySelectorAll("script").forEach(function (el) { el.remove(); });
  document.getElementById("sparse-rnn-result").textContent = "BEGIN" + JSON.stringify(results) + "END";
})();
</script></body></html>`;
}

/** Run Chromium on a page and return the dumped DOM. */
function dumpDom(chromium: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(chromium, args, { timeout: timeoutMs, maxBuffer: 1 << 30, encoding: "utf8" }, (error, stdout, stderr) => {
      if (error) reject(new Error(`Chromium (${chromium}) failed: ${error.message}\n${String(stderr).split("\n").slice(-5).join("\n")}`));
      else resolve(stdout);
    });
  });
}

/** Decode a data URL from Plotly.toImage into file contents. */
function dataUrlBytes(url: string, format: ImageFormat): Buffer {
  const comma = url.indexOf(",");
  const header = url.slice(0, comma);
  const payload = url.slice(comma + 1);
  if (header.endsWith(";base64")) return Buffer.from(payload, "base64");
  if (format === "svg") return Buffer.from(decodeURIComponent(payload), "utf8");
  throw new Error(`unexpected image data URL header "${header}"`);
}

/** Write file contents atomically (temporary file, then rename). */
function writeBytesAtomic(path: string, bytes: Buffer): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomic.sync(path, bytes);
}

/** Render every job in one headless Chromium run and write the files; skips (with a reason) when Chromium is missing. */
export async function exportImages(
  jobs: readonly ImageJob[],
  options: { chromium?: string | null; timeoutMs?: number } = {},
): Promise<ExportReport> {
  if (jobs.length === 0) return { written: [] };
  const chromium = options.chromium === undefined ? findChromium() : options.chromium;
  if (!chromium) {
    return { written: [], skipped: "Chromium not found (install it, e.g. `apt-get install -y chromium`, or set SPARSE_RNN_CHROMIUM): SVG/PNG export skipped" };
  }
  const work = mkdtempSync(join(tmpdir(), "sparse-rnn-export-"));
  try {
    const page = join(work, "export.html");
    writeFileSync(page, exportPage(jobs));
    const dom = await dumpDom(chromium, chromiumArgs(join(work, "profile"), pathToFileURL(page).href), options.timeoutMs ?? 60_000 + 5_000 * jobs.length);
    const begin = dom.indexOf("BEGIN[");
    const end = dom.lastIndexOf("]END");
    if (begin < 0 || end < 0) throw new Error("Chromium finished without rendering the figures (plotly.js did not run in the headless page)");
    const results = JSON.parse(dom.slice(begin + 5, end + 1)) as { ok: boolean; url?: string; error?: string }[];
    const written: string[] = [];
    results.forEach((result, i) => {
      const job = jobs[i]!;
      if (!result.ok) throw new Error(`plotly could not render ${job.path}: ${decodeURIComponent(result.error ?? "")}`);
      writeBytesAtomic(job.path, dataUrlBytes(result.url!, job.format));
      written.push(job.path);
    });
    return { written };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** File formats `saveFigures` writes. */
export type SaveFormat = "html" | ImageFormat;

/**
 * Save figures under `dir` as `<name>.html` (always possible) and `<name>.svg`/`<name>.png` (when
 * Chromium exists; one browser run for all). Returns the files written and why images were skipped.
 */
export async function saveFigures(
  dir: string,
  figures: Readonly<Record<string, Figure>>,
  options: { formats?: readonly SaveFormat[]; chromium?: string | null; scale?: number } = {},
): Promise<ExportReport> {
  const formats = options.formats ?? ["html", "svg", "png"];
  const written: string[] = [];
  const jobs: ImageJob[] = [];
  for (const [name, figure] of Object.entries(figures)) {
    if (!/^[\w.-]+$/.test(name)) throw new Error(`figure name "${name}" must be a plain file name (letters, digits, _ . -)`);
    if (formats.includes("html")) written.push(writeFigureHtml(join(dir, `${name}.html`), figure, { title: name }));
    for (const format of ["svg", "png"] as const) {
      if (formats.includes(format)) jobs.push({ figure, path: join(dir, `${name}.${format}`), format, scale: options.scale });
    }
  }
  const images = await exportImages(jobs, { chromium: options.chromium });
  return { written: [...written, ...images.written], skipped: images.skipped };
}
