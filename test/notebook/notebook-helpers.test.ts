import { test } from "node:test";
import assert from "node:assert/strict";
import { isQuickMode, QUICK_MODE_VARIABLE, scale } from "../../src/notebook/quick-mode";
import { htmlTable } from "../../src/notebook/html-table";
import { figureDir } from "../../src/notebook/output-paths";

test("quick mode: yes-words turn it on, no-words and absence turn it off, anything else is an error", () => {
  for (const value of ["1", "true", "YES", " on "])
    assert.equal(isQuickMode({ [QUICK_MODE_VARIABLE]: value }), true, value);
  for (const value of ["0", "false", "no", "off", ""])
    assert.equal(isQuickMode({ [QUICK_MODE_VARIABLE]: value }), false, value);
  assert.equal(isQuickMode({}), false);
  assert.throws(() => isQuickMode({ SPARSE_RNN_QUICK: "maybe" }), /SPARSE_RNN_QUICK="maybe" is not understood/);
  assert.equal(scale({ quick: 500, full: 25_000 }, { SPARSE_RNN_QUICK: "1" }), 500);
  assert.equal(scale({ quick: 500, full: 25_000 }, {}), 25_000);
});

test("HTML table: escaped text, numbers with separators and right-aligned, caption", () => {
  const html = htmlTable(
    [{ name: "<b>", n: 12500, x: 0.5 }],
    [
      { header: "name", value: (r) => r.name },
      { header: "n", value: (r) => r.n },
      { header: "x", value: (r) => r.x, digits: 2 },
    ],
    { caption: "counts & more" },
  );
  assert.ok(html.includes("&lt;b&gt;") && !html.includes("<b>"));
  assert.match(html, /text-align: ?right[^>]*>12,500</);
  assert.match(html, />0\.50</);
  assert.match(html, /<caption[^>]*>counts &amp; more<\/caption>/);
});

test("figure folder: under out/figures by default, SPARSE_RNN_FIGURES overrides, names are checked", () => {
  assert.match(figureDir("01-dataset", {}), /[\\/]out[\\/]figures[\\/]01-dataset$/);
  assert.equal(figureDir("x", { SPARSE_RNN_FIGURES: "/tmp/f" }), "/tmp/f/x");
  assert.throws(() => figureDir("../x", {}), /plain folder name/);
});
