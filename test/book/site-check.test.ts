import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bookSources, listNotebooks } from "../../src/book/book-sources";
import { writeBook } from "../../src/book/book-site";
import { checkBookInBrowser } from "../../src/book/site-check";
import { findChromium } from "../../src/plots/image-export";
import { fixtureDir, writeFixtureNotebooks } from "./fixture-book";

const chromium = findChromium();
const skip = chromium
  ? false
  : "Chromium is not installed, so the book cannot be checked in a browser (Debian: apt-get install -y chromium)";

const dir = mkdtempSync(join(tmpdir(), "book-check-"));
test.after(() => rmSync(dir, { recursive: true, force: true }));

/** The fixture book, built as `--no-execute` builds it (executed notebooks to pages), once. */
function fixtureSite(): string {
  const site = join(dir, "site");
  if (!existsSync(site)) {
    const executed = join(dir, "executed");
    writeFixtureNotebooks(executed);
    writeBook({ sources: bookSources(listNotebooks(fixtureDir), executed), outDir: site });
  }
  return site;
}

test(
  "in headless Chromium every page loads offline and every chapter draws its plotly figures",
  { skip, timeout: 60_000 },
  async () => {
    const report = await checkBookInBrowser(fixtureSite(), { chromium });
    assert.deepEqual(report.problems, []);
    assert.deepEqual(
      report.pages.map((p) => [p.page, p.figures, p.drawn, p.outsideRequests.length, p.errors.length]),
      [
        ["index.html", 0, 0, 0, 0],
        ["01-fixture-chapter.html", 2, 2, 0, 0],
        ["02-fixture-second.html", 1, 1, 0, 0],
      ],
    );
  },
);

test(
  "the check reports (and blocks) a request outside the site, a script error and a chapter without figures",
  { skip, timeout: 60_000 },
  async () => {
    const site = join(dir, "broken-site");
    cpSync(fixtureSite(), site, { recursive: true });
    const first = join(site, "01-fixture-chapter.html");
    writeFileSync(
      first,
      readFileSync(first, "utf8").replace("</main>", '<img src="http://example.invalid/tracker.png" alt="">\n</main>'),
    );
    const second = join(site, "02-fixture-second.html");
    const page = readFileSync(second, "utf8").replace(
      /<div class="output-display"><div id="[^"]+" class="sparse-rnn-figure"[\s\S]*?<\/script><\/div>/,
      "",
    );
    writeFileSync(second, page.replace("</main>", "<script>undefinedFunction();</script>\n</main>"));
    const report = await checkBookInBrowser(site, { chromium });
    const problems = report.problems.join("\n");
    assert.match(
      problems,
      /01-fixture-chapter\.html: 1 request\(s\) outside the site \(blocked\): http:\/\/example\.invalid\/tracker\.png/,
    );
    assert.match(problems, /02-fixture-second\.html: script error: .*undefinedFunction/);
    assert.match(
      problems,
      /02-fixture-second\.html: 0 plotly figure\(s\) drawn, expected at least 1 on every chapter page/,
    );
    assert.ok(report.seconds < 30, `the check took ${report.seconds} s`);
  },
);

test("checking a folder that is not a book, or without Chromium, fails naming what is missing", async () => {
  await assert.rejects(
    checkBookInBrowser(fixtureSite(), { chromium: null }),
    /checking the book needs Chromium, which was not found \(Debian: apt-get install -y chromium/,
  );
  await assert.rejects(
    checkBookInBrowser(fixtureDir, { chromium: "/bin/true" }),
    /fixtures: no index\.html \(expected a book written by `sparse-rnn book`\)/,
  );
  await assert.rejects(
    checkBookInBrowser(join(dir, "no-such-folder"), { chromium: "/bin/true" }),
    /no-such-folder: cannot read the book's folder \(ENOENT\)/,
  );
});
