/**
 * Markdown cells as HTML with marked (GitHub-flavoured, as Jupyter renders them): headings get anchors, links are
 * re-pointed for the site, and a notebook's title and first paragraph can be taken out for the contents page.
 * Equations in our notebooks are written in Unicode (σ, ⊙, h_{t−1}), not LaTeX, so no math renderer is involved.
 */
import { Marked, type Token, type Tokens } from "marked";

/** A heading of a page, for anchors and section lists. */
export interface Heading {
  readonly depth: number;
  /** The element id (unique on its page). */
  readonly id: string;
  /** The heading as plain text. */
  readonly text: string;
}

/** How markdown is rendered for one page. */
export interface MarkdownOptions {
  /** Where a link or image in the notebook should point in the site (default: unchanged). */
  resolveLink?: (href: string) => string;
  /** Ids already used on the page; new heading ids are added to it (default: a fresh set). */
  usedIds?: Set<string>;
}

/** A markdown cell rendered, with the headings it holds. */
export interface RenderedMarkdown {
  readonly html: string;
  readonly headings: readonly Heading[];
}

/** The start of a notebook's prose: its title and first paragraph (HTML and plain text). */
export interface MarkdownIntro {
  readonly titleHtml: string | null;
  readonly titleText: string | null;
  readonly paragraphHtml: string | null;
}

/** Plain text of an HTML fragment (tags dropped, the entities marked writes decoded). */
export function htmlToText(html: string): string {
  const entities: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'" };
  return html
    .replace(/<[^>]*>/g, "")
    .replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => entities[entity]!)
    .trim();
}

/** A URL fragment for a heading ("2. The four cells" → "2-the-four-cells"), unique among `used`. */
export function headingId(text: string, used: Set<string>): string {
  const base =
    text
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[^\p{L}\p{N}]+/gu, "-")
      .replace(/^-+|-+$/g, "") || "section";
  let id = base;
  for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
  used.add(id);
  return id;
}

/** A marked instance for one page: heading anchors recorded into `headings`, links re-pointed. */
function pageMarked(options: MarkdownOptions, headings: Heading[]): Marked {
  const used = options.usedIds ?? new Set<string>();
  const resolveLink = options.resolveLink;
  return new Marked({
    gfm: true,
    walkTokens(token: Token) {
      if (resolveLink && (token.type === "link" || token.type === "image")) {
        (token as Tokens.Link | Tokens.Image).href = resolveLink((token as Tokens.Link | Tokens.Image).href);
      }
    },
    renderer: {
      heading({ tokens, depth }: Tokens.Heading): string {
        const inner = this.parser.parseInline(tokens);
        const text = htmlToText(inner);
        const id = headingId(text, used);
        headings.push({ depth, id, text });
        return `<h${depth} id="${id}">${inner}</h${depth}>\n`;
      },
    },
  });
}

/** Render one markdown cell. */
export function renderMarkdown(source: string, options: MarkdownOptions = {}): RenderedMarkdown {
  const headings: Heading[] = [];
  const html = pageMarked(options, headings).parse(source, { async: false });
  return { html, headings };
}

/** The first level-1 heading (else the first heading) and the first paragraph of `source`, rendered inline. */
export function markdownIntro(source: string, options: Pick<MarkdownOptions, "resolveLink"> = {}): MarkdownIntro {
  const marked = pageMarked({ resolveLink: options.resolveLink }, []);
  const tokens = marked.lexer(source);
  marked.walkTokens(tokens, marked.defaults.walkTokens ?? (() => {}));
  const headings = tokens.filter((token): token is Tokens.Heading => token.type === "heading");
  const title = headings.find((heading) => heading.depth === 1) ?? headings[0];
  const paragraph = tokens.find((token): token is Tokens.Paragraph => token.type === "paragraph");
  const titleHtml = title ? marked.Parser.parseInline(title.tokens, marked.defaults) : null;
  return {
    titleHtml,
    titleText: titleHtml === null ? null : htmlToText(titleHtml),
    paragraphHtml: paragraph ? marked.parser([paragraph]).trim() : null,
  };
}
