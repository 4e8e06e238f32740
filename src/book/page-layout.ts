/**
 * The book's pages: one shell (head, stylesheet, navigation bar) around the contents page and each chapter page.
 * Pages reference only the site's own assets, so the book works offline from any folder.
 */
import { escapeHtml } from "../plots/html";
import type { Chapter } from "./chapter";

/** Site-relative paths of the shared assets every page links to. */
export const BOOK_ASSETS = Object.freeze({ plotly: "assets/plotly.min.js", stylesheet: "assets/book.css" });

/** A chapter page's place in the book and how to run its notebook. */
export interface ChapterPageInput {
  readonly bookTitle: string;
  readonly chapter: Chapter;
  /** 1-based position in the book. */
  readonly number: number;
  readonly total: number;
  readonly previous?: Chapter;
  readonly next?: Chapter;
  /** Link (relative to the site) to the notebook file to open in Jupyter. */
  readonly notebookHref: string;
  /** The shell command that opens the notebook in Jupyter. */
  readonly runCommand: string;
}

/** What the contents page lists. */
export interface ContentsPageInput {
  readonly bookTitle: string;
  /** An introductory paragraph (HTML). */
  readonly introHtml: string;
  readonly chapters: readonly Chapter[];
  /** A closing note (HTML), e.g. how the book was built. */
  readonly footerHtml?: string;
}

/** The stylesheet of every page (system fonts only: nothing is fetched). */
export const BOOK_STYLESHEET = `
body { margin: 0; background: #fff; color: #1d1d1f; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto,
  "Helvetica Neue", Arial, sans-serif; }
header.book-bar { position: sticky; top: 0; z-index: 10; display: flex; gap: 16px; align-items: center;
  justify-content: space-between; padding: 8px 20px; background: #f4f4f6; border-bottom: 1px solid #ddd;
  font-size: 14px; }
header.book-bar .book-title { font-weight: 600; color: inherit; text-decoration: none; }
main { max-width: 980px; margin: 0 auto; padding: 8px 20px 40px; }
h1, h2, h3, h4 { scroll-margin-top: 48px; }
a { color: #0b5cad; }
nav.pager { display: flex; gap: 14px; flex-wrap: wrap; }
nav.pager a { text-decoration: none; }
footer nav.pager { justify-content: space-between; max-width: 980px; margin: 0 auto; padding: 16px 20px 40px;
  border-top: 1px solid #ddd; }
.chapter-number { color: #666; margin: 16px 0 0; font-size: 14px; }
.run-it { background: #f6f8fa; border-left: 3px solid #0b5cad; padding: 8px 12px; margin: 12px 0 20px;
  font-size: 14px; }
code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace;
  font-size: 13px; }
:not(pre) > code { background: #f0f0f3; padding: 1px 4px; border-radius: 3px; }
.markdown-cell table { border-collapse: collapse; margin: 10px 0; }
.markdown-cell th, .markdown-cell td { border: 1px solid #ccc; padding: 3px 9px; text-align: left; }
.markdown-cell blockquote { margin: 10px 0; padding: 2px 14px; border-left: 3px solid #bbb; color: #444; }
.code-cell { margin: 14px 0; }
.code-cell .prompt { color: #8a8a8a; font: 12px ui-monospace, Menlo, Consolas, monospace; }
pre.code { background: #f6f8fa; border: 1px solid #e1e4e8; border-radius: 4px; padding: 10px 12px;
  overflow-x: auto; margin: 2px 0; }
.outputs { padding: 4px 0 4px 12px; border-left: 3px solid #e6e6e6; overflow-x: auto; }
.outputs pre { margin: 4px 0; white-space: pre-wrap; }
pre.output-stderr { background: #fff6e5; }
pre.output-error { background: #fdecec; color: #8a1111; padding: 6px 8px; }
.output-display { margin: 6px 0; }
ol.chapters { padding-left: 0; list-style: none; }
ol.chapters > li { margin: 0 0 26px; }
ol.chapters h2 { margin: 0 0 4px; font-size: 20px; }
ol.chapters .sections { font-size: 14px; color: #555; }
`;

/** The document around a page's content. */
function pageShell(options: { title: string; head?: string; bar: string; main: string; footer?: string }): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
<link rel="stylesheet" href="${BOOK_ASSETS.stylesheet}">
${options.head ?? ""}</head>
<body>
<header class="book-bar">${options.bar}</header>
<main id="top">
${options.main}
</main>
${options.footer ?? ""}
</body>
</html>
`;
}

/** Previous / contents / next links (`long` spells out the neighbours' titles). */
function pager(input: ChapterPageInput, long: boolean): string {
  const link = (chapter: Chapter | undefined, rel: "prev" | "next") => {
    if (!chapter) return `<span class="${rel} none"></span>`;
    const label = long ? chapter.titleHtml : rel === "prev" ? "previous" : "next";
    const text = rel === "prev" ? `← ${label}` : `${label} →`;
    return `<a rel="${rel}" class="${rel}" href="${escapeHtml(chapter.slug)}.html">${text}</a>`;
  };
  const contents = '<a class="contents" href="index.html">contents</a>';
  return `<nav class="pager">${link(input.previous, "prev")}${contents}${link(input.next, "next")}</nav>`;
}

/** A chapter page: plotly from the site's asset file, the notebook's body, previous/next navigation. */
export function chapterPage(input: ChapterPageInput): string {
  const { chapter } = input;
  const href = escapeHtml(input.notebookHref);
  const notebookLink = `<a class="notebook-link" href="${href}">${escapeHtml(chapter.notebookFile)}</a>`;
  const runIt =
    `<aside class="run-it">Run this chapter yourself: open ${notebookLink} in Jupyter (tslab kernel), ` +
    "from the project folder: " +
    `<code>${escapeHtml(input.runCommand)}</code></aside>`;
  return pageShell({
    title: `${chapter.titleText} · ${input.bookTitle}`,
    head: `<script src="${BOOK_ASSETS.plotly}"></script>\n`,
    bar: `<a class="book-title" href="index.html">${escapeHtml(input.bookTitle)}</a>${pager(input, false)}`,
    main: `<p class="chapter-number">Chapter ${input.number} of ${input.total}</p>\n${runIt}\n${chapter.bodyHtml}`,
    footer: `<footer>${pager(input, true)}</footer>`,
  });
}

/** The contents page: every chapter with its title, first paragraph and sections. */
export function contentsPage(input: ContentsPageInput): string {
  const items = input.chapters.map((chapter, i) => {
    const page = `${escapeHtml(chapter.slug)}.html`;
    const sections = chapter.sections
      .map((s) => `<a href="${page}#${escapeHtml(s.id)}">${escapeHtml(s.text)}</a>`)
      .join(" · ");
    return `<li class="chapter">
<h2><span class="number">${i + 1}.</span> <a href="${page}">${chapter.titleHtml}</a></h2>
${chapter.summaryHtml}
${sections === "" ? "" : `<p class="sections">${sections}</p>`}
</li>`;
  });
  return pageShell({
    title: input.bookTitle,
    bar: `<a class="book-title" href="index.html">${escapeHtml(input.bookTitle)}</a>`,
    main: [
      `<h1>${escapeHtml(input.bookTitle)}</h1>`,
      `<p>${input.introHtml}</p>`,
      `<ol class="chapters">\n${items.join("\n")}\n</ol>`,
      input.footerHtml ?? "",
    ].join("\n"),
  });
}
