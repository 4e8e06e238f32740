/**
 * Write the book: a folder of static pages (index.html and one page per chapter) with plotly.js and the stylesheet
 * as local assets, so it opens offline from anywhere; chapters come from executed notebooks.
 */
import { copyFileSync, mkdirSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { packageRoot } from "../data/dataset-files";
import { writeFileAtomic } from "../files/atomic-file";
import { plotlyBundlePath } from "../plots/plotly-source";
import type { BookSource } from "./book-sources";
import { chapterSlug, renderChapter, type Chapter } from "./chapter";
import { readNotebook } from "./notebook-file";
import { BOOK_ASSETS, BOOK_STYLESHEET, chapterPage, contentsPage } from "./page-layout";

/** What to build. */
export interface BookSiteOptions {
  /** The chapters' notebooks in book order. */
  sources: readonly BookSource[];
  /** The site folder (created; files of the same names are replaced). */
  outDir: string;
  /** The book's title (default: the lab's). */
  title?: string;
  /** The contents page's introduction (HTML; default: what the book is). */
  introHtml?: string;
  /** Folder the `jupyter notebook …` commands are relative to (default: this project's root). */
  projectRoot?: string;
}

/** One written chapter. */
export interface WrittenChapter {
  readonly slug: string;
  readonly title: string;
  readonly page: string;
  readonly figures: number;
  readonly bytes: number;
}

/** What `writeBook` wrote. */
export interface BookReport {
  readonly outDir: string;
  readonly index: string;
  readonly chapters: readonly WrittenChapter[];
  readonly assets: readonly string[];
}

const DEFAULT_TITLE = "sparse-rnn-lab: a walkthrough";
const DEFAULT_INTRO =
  "The lab's notebooks, executed, one chapter each: a reproduction in TypeScript of H. J. Darji, " +
  "<em>Investigating Sparsity in Recurrent Neural Networks</em> (Master's thesis, University of Passau, 2021). " +
  "Figures are interactive (hover, zoom, double-click to reset) and the whole book works offline.";

/** A count with its noun: "1 chapter", "6 chapters". */
export const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? "" : "s"}`;

/** A relative URL from the site folder to `path` (forward slashes, each segment encoded). */
function siteUrl(outDir: string, path: string): string {
  return relative(outDir, path).split(sep).map(encodeURIComponent).join("/");
}

/**
 * A link resolver for the prose of `source`: links to another chapter's notebook go to its page, other relative
 * links to the file they named (relative to the site), URLs and in-page anchors stay as they are.
 */
function linkResolver(source: string, outDir: string, slugs: ReadonlyMap<string, string>): (href: string) => string {
  return (href) => {
    if (href === "" || href.startsWith("#") || /^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith("//")) return href;
    const hash = href.indexOf("#");
    const path = hash < 0 ? href : href.slice(0, hash);
    const fragment = hash < 0 ? "" : href.slice(hash);
    let target: string;
    try {
      target = resolve(dirname(source), decodeURIComponent(path));
    } catch {
      return href;
    }
    const slug = slugs.get(target);
    return slug === undefined ? siteUrl(outDir, target) + fragment : `${encodeURIComponent(slug)}.html${fragment}`;
  };
}

/** `jupyter notebook PATH` with PATH relative to the project root when the notebook lies inside it. */
function runCommand(source: string, projectRoot: string): string {
  const inside = relative(projectRoot, source);
  const path = inside.startsWith("..") || isAbsolute(inside) ? source : inside.split(sep).join("/");
  return `jupyter notebook ${/[\s'"$`\\]/.test(path) ? JSON.stringify(path) : path}`;
}

/** Read, render and write the book; returns what was written. */
export function writeBook(options: BookSiteOptions): BookReport {
  if (options.sources.length === 0) throw new Error("writeBook: no notebooks given (expected at least one chapter)");
  const outDir = resolve(options.outDir);
  const projectRoot = options.projectRoot ?? packageRoot();
  const bookTitle = options.title ?? DEFAULT_TITLE;
  const slugs = new Map(options.sources.map((s) => [resolve(s.source), chapterSlug(s.source)]));
  const chapters: Chapter[] = options.sources.map((s) =>
    renderChapter(readNotebook(s.executed), { resolveLink: linkResolver(resolve(s.source), outDir, slugs) }),
  );

  mkdirSync(join(outDir, "assets"), { recursive: true });
  const plotly = join(outDir, BOOK_ASSETS.plotly);
  copyFileSync(plotlyBundlePath(), plotly);
  const stylesheet = join(outDir, BOOK_ASSETS.stylesheet);
  writeFileAtomic(stylesheet, BOOK_STYLESHEET.trimStart());

  const written = chapters.map((chapter, i): WrittenChapter => {
    const source = resolve(options.sources[i]!.source);
    const html = chapterPage({
      bookTitle,
      chapter,
      number: i + 1,
      total: chapters.length,
      previous: chapters[i - 1],
      next: chapters[i + 1],
      notebookHref: siteUrl(outDir, source),
      runCommand: runCommand(source, projectRoot),
    });
    const page = join(outDir, `${chapter.slug}.html`);
    writeFileAtomic(page, html);
    return { slug: chapter.slug, title: chapter.titleText, page, figures: chapter.figures, bytes: statSync(page).size };
  });

  const figures = chapters.reduce((sum, chapter) => sum + chapter.figures, 0);
  const index = join(outDir, "index.html");
  writeFileAtomic(
    index,
    contentsPage({
      bookTitle,
      introHtml: options.introHtml ?? DEFAULT_INTRO,
      chapters,
      footerHtml:
        `<p class="built">${plural(chapters.length, "chapter")}, ${plural(figures, "figure")}. ` +
        "Rebuilt by <code>npm run book</code> " +
        "(executes the notebooks) or <code>npx sparse-rnn book --no-execute</code> (from notebooks/executed/).</p>",
    }),
  );
  return { outDir, index, chapters: written, assets: [plotly, stylesheet] };
}
