import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bookSources, listNotebooks } from "../../src/book/book-sources";
import { writeBook } from "../../src/book/book-site";
import { plotlyBundlePath } from "../../src/plots/plotly-source";
import { cli } from "../support/cli";
import { fixtureDir, writeFixtureNotebooks } from "./fixture-book";

const dir = mkdtempSync(join(tmpdir(), "book-site-"));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const executed = join(dir, "executed");
writeFixtureNotebooks(executed);
const plotlyBundle = readFileSync(plotlyBundlePath(), "utf8");

test("the site: a contents page, a small page per chapter, plotly once as a local asset, nothing from the web", () => {
  const out = join(dir, "site");
  const report = writeBook({
    sources: bookSources(listNotebooks(fixtureDir), executed),
    outDir: out,
    title: "Fixture book",
    projectRoot: join(fixtureDir, ".."),
  });
  assert.deepEqual(
    report.chapters.map((c) => [c.slug, c.figures]),
    [
      ["01-fixture-chapter", 2],
      ["02-fixture-second", 1],
    ],
  );
  assert.equal(readFileSync(join(out, "assets", "plotly.min.js"), "utf8"), plotlyBundle);
  assert.ok(existsSync(join(out, "assets", "book.css")));
  const pages = ["index.html", "01-fixture-chapter.html", "02-fixture-second.html"].map((name) =>
    readFileSync(join(out, name), "utf8"),
  );
  for (const [i, html] of pages.entries()) {
    assert.ok(html.length < 100_000, `page ${i} is ${html.length} characters`);
    assert.ok(!html.includes(plotlyBundle.slice(400, 700)), `page ${i} has no inline plotly`);
    assert.doesNotMatch(
      html,
      /<(script|link|img|iframe)\b[^>]*\b(src|href)="(https?:)?\/\//i,
      `page ${i} loads nothing from the web`,
    );
    assert.doesNotMatch(html, /require\.js|mathjax|fonts\.googleapis|@import/i);
  }
  const [index, first, second] = pages as [string, string, string];
  for (const chapterPage of [first, second]) {
    assert.equal(
      chapterPage.match(/<script src="assets\/plotly\.min\.js"><\/script>/g)?.length,
      1,
      "plotly is loaded once, from the asset",
    );
  }
  assert.match(index, /<a href="01-fixture-chapter\.html">Fixture chapter · Rendering notebooks<\/a>/);
  assert.match(index, /The first paragraph says <em>what<\/em>/);
  assert.match(
    index,
    /<a href="02-fixture-second\.html">Second fixture chapter<\/a>[\s\S]*One figure, from a fresh kernel/,
  );
  assert.match(index, /<a href="01-fixture-chapter\.html#2-outputs">2\. Outputs<\/a>/);
  assert.match(
    first,
    /<a href="02-fixture-second\.html#details">link to the second chapter<\/a>/,
    "links between notebooks go to pages",
  );
  assert.match(
    first,
    /<a href="(\.\.\/)+[^"]*\/test\/book\/fixture-book\.ts">the fixture builder<\/a>/,
    "other relative links point at their file",
  );
  assert.match(first, /<a rel="next" class="next" href="02-fixture-second\.html">/);
  assert.doesNotMatch(first, /rel="prev"/);
  assert.match(second, /<a rel="prev" class="prev" href="01-fixture-chapter\.html">← Fixture chapter/);
  assert.match(first, /<a class="notebook-link" href="(\.\.\/)+.*test\/book\/fixtures\/01-fixture-chapter\.ipynb">/);
  assert.match(first, /<code>jupyter notebook fixtures\/01-fixture-chapter\.ipynb<\/code>/);
  assert.match(first, /Chapter 1 of 2/);
  assert.ok(report.chapters.every((c) => c.bytes === statSync(c.page).size));
});

test("sources: filters choose notebooks; a missing executed copy or folder is named with the fix", () => {
  assert.deepEqual(
    listNotebooks(fixtureDir, ["02"]).map((p) => p.split("/").pop()),
    ["02-fixture-second.ipynb"],
  );
  assert.throws(
    () => listNotebooks(fixtureDir, ["zz"]),
    /fixtures: no notebook matching zz \(expected \*\.ipynb files; have: 01-fixture-chapter\.ipynb, 02-fixture-second/,
  );
  assert.throws(() => listNotebooks(join(dir, "nowhere")), /nowhere: no such notebooks folder/);
  const empty = join(dir, "empty");
  mkdirSync(empty, { recursive: true });
  assert.throws(
    () => bookSources(listNotebooks(fixtureDir), empty),
    /empty: no executed copy of 01-fixture-chapter\.ipynb, 02-fixture-second\.ipynb \(execute the notebooks first/,
  );
  assert.throws(() => writeBook({ sources: [], outDir: join(dir, "none") }), /no notebooks given/);
});

test("the CLI builds with --no-execute, and an unreadable executed notebook is named", () => {
  const out = join(dir, "cli-site");
  const ok = cli("book", "--no-execute", "--notebooks", fixtureDir, "--executed", executed, "--out", out, "--json");
  assert.equal(ok.status, 0, ok.stderr);
  const report = JSON.parse(ok.stdout);
  assert.deepEqual(
    report.chapters.map((c: { slug: string }) => c.slug),
    ["01-fixture-chapter", "02-fixture-second"],
  );
  assert.ok(existsSync(join(out, "index.html")));
  const text = cli(
    "book",
    "--no-execute",
    "01",
    "--notebooks",
    fixtureDir,
    "--executed",
    executed,
    "--out",
    join(dir, "cli-one"),
  );
  assert.match(
    text.stdout,
    /book: 1 chapter written to .*cli-one[\s\S]*01-fixture-chapter\.html {2}2 figures, \d+ KiB {2}Fixture chapter/,
  );
  const broken = join(dir, "broken");
  mkdirSync(broken, { recursive: true });
  writeFileSync(join(broken, "01-fixture-chapter.ipynb"), "not json");
  writeFileSync(join(broken, "02-fixture-second.ipynb"), "{}");
  const bad = cli(
    "book",
    "--no-execute",
    "--notebooks",
    fixtureDir,
    "--executed",
    broken,
    "--out",
    join(dir, "cli-bad"),
  );
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /broken\/01-fixture-chapter\.ipynb: not a readable Jupyter notebook: expected JSON/);
});
