import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { renderOutput, renderOutputs, stripAnsi, terminalText } from "../../src/book/cell-outputs";
import { figureDivHtml } from "../../src/plots/html";
import { plotlyBundlePath } from "../../src/plots/plotly-source";
import { fixtureFigures } from "./fixture-book";

const plotlySample = readFileSync(plotlyBundlePath(), "utf8").slice(400, 700);

test("the first figure's inline plotly is stripped; its div and drawing script stay", () => {
  const html = figureDivHtml(fixtureFigures.bars!, { includePlotly: true, id: "fig-1" });
  assert.ok(html.includes(plotlySample) && html.length > 1_000_000, "the notebook output carries plotly");
  const rendered = renderOutputs([{ type: "display_data", data: { "text/html": html, "text/plain": "<figure>" } }]);
  assert.ok(!rendered.html.includes(plotlySample), "plotly's source is gone");
  assert.doesNotMatch(rendered.html, /plotly\.js \d/);
  assert.ok(rendered.html.length < 20_000, `${rendered.html.length} characters left`);
  assert.match(rendered.html, /<div id="fig-1" class="sparse-rnn-figure"/);
  assert.match(rendered.html, /Plotly\.newPlot/);
  assert.equal(rendered.figures, 1);
  const second = renderOutputs([{ type: "display_data", data: { "text/html": figureDivHtml(fixtureFigures.line!) } }]);
  assert.equal(second.figures, 1);
});

test("stream text is escaped, uncoloured, and carriage returns rewrite their line", () => {
  assert.equal(
    renderOutput({ type: "stream", name: "stdout", text: "a <b> & c\n" }),
    '<pre class="output-stream output-stdout">a &lt;b&gt; &amp; c\n</pre>',
  );
  assert.equal(stripAnsi("\x1b[33mwarn\x1b[0m"), "warn");
  assert.equal(terminalText("10%\r50%\r100%\nnext\r\n"), "100%\nnext\n");
  assert.equal(renderOutput({ type: "stream", name: "stdout", text: "" }), "");
  const tslabCompileErrors = renderOutputs([
    { type: "stream", name: "stderr", text: "1:7 - first\n" },
    { type: "stream", name: "stderr", text: "2:7 - second\n" },
    { type: "stream", name: "stdout", text: "out\n" },
    { type: "stream", name: "stderr", text: "third\n" },
  ]);
  assert.equal(
    tslabCompileErrors.html,
    '<pre class="output-stream output-stderr">1:7 - first\n2:7 - second\n</pre>\n' +
      '<pre class="output-stream output-stdout">out\n</pre>\n' +
      '<pre class="output-stream output-stderr">third\n</pre>',
    "consecutive streams of one name are shown as one block",
  );
});

test("displays: HTML as is, then SVG, images, plain text; errors with their message", () => {
  const table = "<table><tr><td>1</td></tr></table>";
  assert.equal(
    renderOutput({ type: "display_data", data: { "text/html": table, "text/plain": "x" } }),
    `<div class="output-display">${table}</div>`,
  );
  assert.match(
    renderOutput({ type: "execute_result", data: { "image/png": "iVBO\nRw==" } }),
    /<img alt="" src="data:image\/png;base64,iVBORw==">/,
  );
  assert.match(
    renderOutput({ type: "execute_result", data: { "image/svg+xml": "<svg></svg>", "text/plain": "s" } }),
    /<svg><\/svg>/,
  );
  assert.match(
    renderOutput({ type: "execute_result", data: { "text/plain": "[ 1, <2> ]" } }),
    /<pre class="output-text">\[ 1, &lt;2&gt; \]<\/pre>/,
  );
  assert.equal(renderOutput({ type: "display_data", data: { "application/x-unknown": "?" } }), "");
  const tslab = renderOutput({
    type: "error",
    ename: "Error",
    evalue: "\x1b[31mError: boom\x1b[39m\n    at <anonymous>",
    traceback: [],
  });
  assert.equal(tslab, '<pre class="output-error">Error: boom\n    at &lt;anonymous&gt;</pre>');
  const python = renderOutput({
    type: "error",
    ename: "ValueError",
    evalue: "bad",
    traceback: ["\x1b[0;31mValueError\x1b[0m: bad"],
  });
  assert.equal(python, '<pre class="output-error">ValueError: bad</pre>');
  assert.equal(
    renderOutput({ type: "error", ename: "Oops", evalue: "x", traceback: [] }),
    '<pre class="output-error">Oops: x</pre>',
  );
});
