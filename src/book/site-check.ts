/**
 * Check a built book in headless Chromium, offline: every page is served from a localhost port, every request
 * leaving that origin is recorded and blocked, and each chapter page must draw its plotly figures (a `.main-svg`
 * of nonzero size inside each figure's div). Drives Debian's Chromium through playwright-core (no browser download).
 */
import { createServer, type Server } from "node:http";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join, normalize, resolve, sep } from "node:path";
import type { BrowserContext } from "playwright-core";
import { FIGURE_CLASS } from "../plots/html";
import { findChromium } from "../plots/image-export";

/** What one page showed. */
export interface PageCheck {
  /** The page's file name in the site. */
  readonly page: string;
  /** Figure divs on the page. */
  readonly figures: number;
  /** Figures plotly drew (an SVG of nonzero size). */
  readonly drawn: number;
  /** Requests for anything outside the site (blocked). */
  readonly outsideRequests: readonly string[];
  /** Script errors and console errors. */
  readonly errors: readonly string[];
}

/** The check of a whole site. */
export interface BookCheckReport {
  readonly pages: readonly PageCheck[];
  /** Everything wrong, one line each, naming the page; empty when the book passed. */
  readonly problems: readonly string[];
  readonly seconds: number;
}

/** How to check. */
export interface BookCheckOptions {
  /** Chromium's path (default: `findChromium()`; an error names what to install when there is none). */
  chromium?: string | null;
  /** Per-page limit for loading and drawing, in ms (default 30,000). */
  pageTimeoutMs?: number;
  /** Figures every chapter page must draw (default 1). */
  minFiguresPerChapter?: number;
}

/** Flags for a quiet, isolated headless run that makes no requests of its own. */
const CHROMIUM_FLAGS = [
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-extensions",
];

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

/** Serve `root`'s files (GET only, nothing outside it) on a free localhost port; resolves to the origin. */
function serveFolder(root: string): Promise<{ server: Server; origin: string }> {
  const server = createServer((request, response) => {
    const path = decodeURIComponent((request.url ?? "/").split(/[?#]/)[0]!);
    const file = normalize(join(root, path.endsWith("/") ? `${path}index.html` : path));
    let ok = request.method === "GET" && (file === root || file.startsWith(root + sep));
    try {
      ok &&= statSync(file).isFile();
    } catch {
      ok = false;
    }
    if (!ok) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "content-type": CONTENT_TYPES[extname(file)] ?? "application/octet-stream" });
    response.end(readFileSync(file));
  });
  return new Promise((done, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      if (address === null || typeof address === "string") fail(new Error("the local server has no port"));
      else done({ server, origin: `http://127.0.0.1:${address.port}` });
    });
  });
}

/** Browser-side: true once every figure div is drawn or has given up (plotly writes a message into it). */
const FIGURES_SETTLED = `Array.from(document.querySelectorAll(".${FIGURE_CLASS}")).every(
  (div) => div.querySelector(".main-svg") || /not loaded/.test(div.textContent || ""))`;

/** Browser-side: figure divs and how many hold a plotly SVG of nonzero size. */
const COUNT_FIGURES = `(() => {
  const divs = Array.from(document.querySelectorAll(".${FIGURE_CLASS}"));
  const drawn = divs.filter((div) => {
    const svg = div.classList.contains("js-plotly-plot") && div.querySelector(".main-svg");
    if (!svg) return false;
    const box = svg.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  });
  return { figures: divs.length, drawn: drawn.length };
})()`;

/** Load one page and report what it drew and requested. */
async function checkPage(context: BrowserContext, origin: string, name: string, timeoutMs: number): Promise<PageCheck> {
  const page = await context.newPage();
  const outsideRequests: string[] = [];
  const errors: string[] = [];
  const inside = (url: string) => url.startsWith(`${origin}/`) || /^(data|blob|about):/.test(url);
  page.on("request", (request) => {
    if (!inside(request.url())) outsideRequests.push(request.url());
  });
  page.on("websocket", (socket) => outsideRequests.push(socket.url()));
  page.on("pageerror", (error) => errors.push(`script error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console error: ${message.text()}`);
  });
  try {
    const response = await page.goto(`${origin}/${encodeURIComponent(name)}`, {
      waitUntil: "load",
      timeout: timeoutMs,
    });
    if (!response?.ok()) errors.push(`the page did not load (HTTP ${response?.status() ?? "no response"})`);
    await page.waitForFunction(FIGURES_SETTLED, undefined, { timeout: timeoutMs, polling: 100 }).catch(() => {
      errors.push(`figures still undrawn after ${timeoutMs} ms`);
    });
    const counts = (await page.evaluate(COUNT_FIGURES)) as { figures: number; drawn: number };
    return { page: name, ...counts, outsideRequests, errors };
  } finally {
    await page.close();
  }
}

/** The problems a page's check shows (`chapter`: it must draw at least `minFigures`). */
function pageProblems(check: PageCheck, chapter: boolean, minFigures: number): string[] {
  const problems: string[] = [];
  if (check.outsideRequests.length > 0) {
    const shown = check.outsideRequests.slice(0, 3).join(", ");
    problems.push(`${check.page}: ${check.outsideRequests.length} request(s) outside the site (blocked): ${shown}`);
  }
  for (const error of check.errors) problems.push(`${check.page}: ${error}`);
  if (check.drawn < check.figures) {
    problems.push(`${check.page}: ${check.figures - check.drawn} of ${check.figures} figures not drawn`);
  }
  if (chapter && check.drawn < minFigures) {
    problems.push(
      `${check.page}: ${check.drawn} plotly figure(s) drawn, expected at least ${minFigures} on every chapter page`,
    );
  }
  return problems;
}

/** Open index.html and every other page of the site in headless Chromium and report what each showed. */
export async function checkBookInBrowser(siteDir: string, options: BookCheckOptions = {}): Promise<BookCheckReport> {
  const started = Date.now();
  const root = resolve(siteDir);
  const chromium = options.chromium === undefined ? findChromium() : options.chromium;
  if (!chromium) {
    throw new Error(
      "checking the book needs Chromium, which was not found " +
        "(Debian: apt-get install -y chromium; or set SPARSE_RNN_CHROMIUM)",
    );
  }
  let pages: string[];
  try {
    pages = readdirSync(root)
      .filter((name) => name.endsWith(".html"))
      .sort();
  } catch (error) {
    throw new Error(
      `${root}: cannot read the book's folder (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  if (!pages.includes("index.html")) {
    throw new Error(`${root}: no index.html (expected a book written by \`sparse-rnn book\`)`);
  }
  pages = ["index.html", ...pages.filter((name) => name !== "index.html")];
  let playwright: typeof import("playwright-core");
  try {
    playwright = require("playwright-core") as typeof import("playwright-core");
  } catch {
    throw new Error("checking the book needs playwright-core, a dev dependency of this project: run `npm ci`");
  }
  const timeoutMs = options.pageTimeoutMs ?? 30_000;
  const minFigures = options.minFiguresPerChapter ?? 1;
  const { server, origin } = await serveFolder(root);
  const profile = mkdtempSync(join(tmpdir(), "sparse-rnn-book-check-"));
  let context: BrowserContext | undefined;
  try {
    context = await playwright.chromium.launchPersistentContext(profile, {
      executablePath: chromium,
      headless: true,
      chromiumSandbox: false,
      args: CHROMIUM_FLAGS,
      timeout: 60_000,
    });
    await context.route("**/*", (route) =>
      route.request().url().startsWith(`${origin}/`) ? route.continue() : route.abort("blockedbyclient"),
    );
    const checks: PageCheck[] = [];
    for (const name of pages) checks.push(await checkPage(context, origin, name, timeoutMs));
    const problems = checks.flatMap((check) => pageProblems(check, check.page !== "index.html", minFigures));
    return { pages: checks, problems, seconds: (Date.now() - started) / 1000 };
  } finally {
    await context?.close().catch(() => {});
    server.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/** The report as lines of text: one per page, then the problems. */
export function formatBookCheck(report: BookCheckReport): string {
  const lines = report.pages.map(
    (p) =>
      `  ${p.page.padEnd(34)} ${p.drawn}/${p.figures} figures drawn, ` +
      `${p.outsideRequests.length} outside requests, ${p.errors.length} errors`,
  );
  const verdict =
    report.problems.length === 0 ? "passed" : `FAILED:\n${report.problems.map((p) => `  - ${p}`).join("\n")}`;
  return `book check in headless Chromium (${report.seconds.toFixed(1)} s):\n${lines.join("\n")}\n${verdict}`;
}
