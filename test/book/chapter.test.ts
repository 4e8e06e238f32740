import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chapterSlug, renderChapter } from "../../src/book/chapter";
import { readNotebook } from "../../src/book/notebook-file";
import { plotlyBundlePath } from "../../src/plots/plotly-source";
import { writeFixtureNotebooks } from "./fixture-book";

const dir = mkdtempSync(join(tmpdir(), "book-chapter-"));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const [first, second] = writeFixtureNotebooks(dir);
const plotlySample = readFileSync(plotlyBundlePath(), "utf8").slice(400, 700);

test("a chapter: title, first paragraph and sections from the prose; code, outputs and figures in order", () => {
  const chapter = renderChapter(readNotebook(first!), {
    resolveLink: (href) => href.replace(/^02-fixture-second\.ipynb/, "02-fixture-second.html"),
  });
  assert.equal(chapter.slug, "01-fixture-chapter");
  assert.equal(chapter.notebookFile, "01-fixture-chapter.ipynb");
  assert.equal(chapter.titleText, "Fixture chapter · Rendering notebooks");
  assert.match(chapter.summaryHtml, /^<p>The first paragraph says <em>what<\/em> .*<code>code &lt;b&gt;<\/code>/s);
  assert.match(chapter.summaryHtml, /<a href="02-fixture-second\.html#details">link to the second chapter<\/a>/);
  assert.doesNotMatch(chapter.summaryHtml, /second paragraph/);
  assert.deepEqual(
    chapter.sections.map((s) => [s.id, s.text]),
    [
      ["1-prose-a-table-and-a-list", "1. Prose, a table and a list"],
      ["2-outputs", "2. Outputs"],
    ],
  );
  assert.equal(chapter.figures, 2);
  const body = chapter.bodyHtml;
  assert.ok(!body.includes(plotlySample), "no inline plotly left");
  const order = [
    '<h1 id="fixture-chapter-rendering-notebooks">',
    '<pre class="code"><code class="language-typescript">console.log(&quot;hello &lt;world&gt; &amp; co&quot;);',
    '<pre class="output-stream output-stdout">hello &lt;world&gt; &amp; co',
    '<pre class="output-stream output-stderr">warning: careful',
    "progress 100%",
    "<caption>Fixture table: ours beside the thesis's</caption>",
    'class="sparse-rnn-figure"',
    '<pre class="output-text">42</pre>',
    '<pre class="output-error">Error: boom in the fixture',
    'class="sparse-rnn-figure"',
    '<pre class="cell raw-cell">raw &lt;text&gt;</pre>',
  ];
  let at = 0;
  for (const piece of order) {
    const found = body.indexOf(piece, at);
    assert.ok(found >= 0, `"${piece}" after position ${at}`);
    at = found + piece.length;
  }
  assert.equal(body.match(/<div class="prompt">/g)?.length, 6, "the empty code cell is left out");
  assert.match(body, /<div class="prompt">In \[4\]:<\/div>/);
});

test("a chapter without a heading is titled by its file; slugs come from file names", () => {
  const chapter = renderChapter({
    path: "/x/07-untitled.ipynb",
    language: "",
    cells: [{ kind: "code", source: "1", outputs: [], executionCount: null }],
  });
  assert.equal(chapter.titleText, "07-untitled");
  assert.equal(chapter.summaryHtml, "");
  assert.match(chapter.bodyHtml, /<code class="language-text">1<\/code>/);
  assert.equal(chapterSlug("notebooks/executed/03-base-model.ipynb"), "03-base-model");
  assert.equal(renderChapter(readNotebook(second!)).figures, 1);
});
