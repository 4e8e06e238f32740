import { test } from "node:test";
import assert from "node:assert/strict";
import { headingId, htmlToText, markdownIntro, renderMarkdown } from "../../src/book/markdown";

test("markdown renders GitHub-flavoured: anchored headings, tables, code escaped, links re-pointed", () => {
  const used = new Set<string>();
  const source =
    "## 1. The grammar\n\n| a | b |\n|---|---|\n| `<l>` | 2 |\n\n" +
    "See [next](02-x.ipynb#top) and [web](https://example.org).\n\n## 1. The grammar";
  const { html, headings } = renderMarkdown(source, {
    usedIds: used,
    resolveLink: (href) => (href.endsWith(".ipynb#top") ? "02-x.html#top" : href),
  });
  assert.deepEqual(headings, [
    { depth: 2, id: "1-the-grammar", text: "1. The grammar" },
    { depth: 2, id: "1-the-grammar-2", text: "1. The grammar" },
  ]);
  assert.match(html, /<h2 id="1-the-grammar">1\. The grammar<\/h2>/);
  assert.match(html, /<table>[\s\S]*<code>&lt;l&gt;<\/code>/);
  assert.match(html, /<a href="02-x\.html#top">next<\/a>/);
  assert.match(html, /<a href="https:\/\/example\.org">web<\/a>/);
  assert.ok(used.has("1-the-grammar-2"), "ids are recorded for the page");
  assert.equal(
    renderMarkdown("h_{t−1} = φ(U·x_t)").html.trim(),
    "<p>h_{t−1} = φ(U·x_t)</p>",
    "Unicode equations stay text",
  );
});

test("the intro is the first level-1 heading and the first paragraph", () => {
  const intro = markdownIntro(
    "Preface line.\n\n# Chapter 4 · The *Reber* data\n\nFirst `paragraph` & more.\n\nSecond.",
  );
  assert.equal(intro.titleHtml, "Chapter 4 · The <em>Reber</em> data");
  assert.equal(intro.titleText, "Chapter 4 · The Reber data");
  assert.equal(intro.paragraphHtml, "<p>Preface line.</p>", "the first paragraph of the prose, wherever it is");
  assert.equal(
    markdownIntro("# T\n\nBody [x](a.ipynb).", { resolveLink: () => "a.html" }).paragraphHtml,
    '<p>Body <a href="a.html">x</a>.</p>',
  );
  assert.deepEqual(markdownIntro(""), { titleHtml: null, titleText: null, paragraphHtml: null });
});

test("heading ids and plain text", () => {
  const used = new Set<string>(["top"]);
  assert.equal(headingId("Top", used), "top-2");
  assert.equal(headingId("Barabási–Albert (BA) graphs!", used), "barabasi-albert-ba-graphs");
  assert.equal(headingId("···", used), "section");
  assert.equal(htmlToText("<em>a</em> &amp; &lt;b&gt; &quot;c&quot; &#39;d&#39;"), `a & <b> "c" 'd'`);
});
