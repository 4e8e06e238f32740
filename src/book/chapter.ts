/**
 * One notebook as a chapter of the book: its title and first paragraph for the contents page, its sections, and its
 * body (prose, code as code, outputs in place) as HTML.
 */
import { basename } from "node:path";
import { escapeHtml } from "../plots/html";
import { renderOutputs } from "./cell-outputs";
import { markdownIntro, renderMarkdown, type Heading } from "./markdown";
import type { Notebook, NotebookCell } from "./notebook-file";

/** A rendered chapter. */
export interface Chapter {
  /** The page's base name, from the notebook's file name ("01-dataset"). */
  readonly slug: string;
  /** The notebook's file name ("01-dataset.ipynb"). */
  readonly notebookFile: string;
  readonly titleHtml: string;
  readonly titleText: string;
  /** The first paragraph of the prose ("" when there is none). */
  readonly summaryHtml: string;
  /** The level-2 headings, for the contents page. */
  readonly sections: readonly Heading[];
  readonly bodyHtml: string;
  /** Plotly figures the body draws. */
  readonly figures: number;
}

/** How a chapter is rendered. */
export interface ChapterOptions {
  /** Where a link or image in the prose should point in the site (default: unchanged). */
  resolveLink?: (href: string) => string;
}

/** The page name of a notebook file ("01-dataset.ipynb" → "01-dataset"). */
export function chapterSlug(notebookPath: string): string {
  return basename(notebookPath).replace(/\.ipynb$/i, "");
}

/** A code cell: its source as code and its outputs below, figures counted into `figures`. */
function codeCellHtml(cell: NotebookCell, language: string, count: { figures: number }): string {
  const outputs = renderOutputs(cell.outputs);
  count.figures += outputs.figures;
  if (cell.source.trim() === "" && outputs.html === "") return "";
  const prompt = `In [${cell.executionCount ?? " "}]:`;
  const languageClass = escapeHtml(`language-${language || "text"}`);
  const code =
    cell.source.trim() === ""
      ? ""
      : `<pre class="code"><code class="${languageClass}">${escapeHtml(cell.source)}</code></pre>\n`;
  const output = outputs.html === "" ? "" : `<div class="outputs">\n${outputs.html}\n</div>\n`;
  return `<div class="cell code-cell"><div class="prompt">${escapeHtml(prompt)}</div>\n${code}${output}</div>`;
}

/** Render a notebook as a chapter. */
export function renderChapter(notebook: Notebook, options: ChapterOptions = {}): Chapter {
  const usedIds = new Set<string>(["top"]);
  const headings: Heading[] = [];
  const count = { figures: 0 };
  const parts = notebook.cells.map((cell) => {
    if (cell.kind === "markdown") {
      const rendered = renderMarkdown(cell.source, { resolveLink: options.resolveLink, usedIds });
      headings.push(...rendered.headings);
      return `<div class="cell markdown-cell">\n${rendered.html}</div>`;
    }
    if (cell.kind === "code") return codeCellHtml(cell, notebook.language, count);
    return cell.source.trim() === "" ? "" : `<pre class="cell raw-cell">${escapeHtml(cell.source)}</pre>`;
  });
  const prose = notebook.cells
    .filter((cell) => cell.kind === "markdown")
    .map((cell) => cell.source)
    .join("\n\n");
  const intro = markdownIntro(prose, { resolveLink: options.resolveLink });
  const slug = chapterSlug(notebook.path);
  return {
    slug,
    notebookFile: basename(notebook.path),
    titleHtml: intro.titleHtml ?? escapeHtml(slug),
    titleText: intro.titleText ?? slug,
    summaryHtml: intro.paragraphHtml ?? "",
    sections: headings.filter((heading) => heading.depth === 2),
    bodyHtml: parts.filter((part) => part !== "").join("\n"),
    figures: count.figures,
  };
}
