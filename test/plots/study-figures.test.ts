import { test } from "node:test";
import assert from "node:assert/strict";
import { nameFilter, studyFigureNames } from "../../src/plots/study-figures";
import { parseFormats, parsePreset } from "../../src/cli/figures";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cli } from "../support/cli";

test("nameFilter: substrings, * wildcards, comma-separated; none means all", () => {
  const names = studyFigureNames().flatMap((c) => c.names);
  assert.equal(names.filter(nameFilter(undefined)).length, names.length);
  assert.deepEqual(names.filter(nameFilter("retraining-*")), [
    "retraining-rnn_tanh",
    "retraining-rnn_relu",
    "retraining-lstm",
    "retraining-gru",
  ]);
  assert.deepEqual(names.filter(nameFilter("heatmap, *-gru")), [
    "weight-magnitudes-gru",
    "retraining-gru",
    "correlation-heatmap",
    "correlations-gru",
    "importances-gru",
    "spectrum-heatmaps",
  ]);
  assert.deepEqual(names.filter(nameFilter("no-such-figure")), []);
  assert.equal(new Set(names).size, names.length, "figure names are unique across chapters");
  for (const name of names) assert.match(name, /^[\w.-]+$/, `${name} is a plain file name`);
});

test("sparse-rnn figures: --format and --preset are checked, naming the option", () => {
  assert.deepEqual(parseFormats("pdf, SVG,pdf"), ["pdf", "svg"]);
  assert.throws(
    () => parseFormats("pdf,eps"),
    /invalid --format "pdf,eps". Should be a comma-separated list of pdf, svg, png, html/,
  );
  assert.throws(() => parseFormats(""), /invalid --format/);
  assert.equal(parsePreset("page"), "page");
  assert.throws(() => parsePreset("notebook"), /invalid --preset "notebook". Should be one of column, page/);
});

test("sparse-rnn figures writes the chosen figures, their captions and figures.md; bad options are named", () => {
  const out = mkdtempSync(join(tmpdir(), "figures-cli-"));
  try {
    const run = cli(
      "figures",
      "--only",
      "labels-per-split,character-*",
      "--format",
      "html",
      "--preset",
      "page",
      "--out",
      out,
    );
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /figures: 2 at the page preset \(html\) written to/);
    for (const name of ["labels-per-split", "character-counts"]) {
      for (const ext of ["html", "caption.txt", "caption.tex"])
        assert.ok(existsSync(join(out, `${name}.${ext}`)), `${name}.${ext}`);
    }
    assert.ok(!existsSync(join(out, "reber-diagram.html")), "--only leaves the other figures out");
    const index = readFileSync(join(out, "figures.md"), "utf8");
    assert.match(
      index,
      new RegExp(
        /\| `labels-per-split` \| Valid and invalid strings in the training and the test split \(thesis /.source +
          /figure 4\.2\)\. \| 7\.00 × /.source,
      ),
    );
    assert.match(
      cli("figures", "--list").stdout,
      /^04-pruning: weight-magnitudes-gru, accuracy-after-pruning, retraining-rnn_tanh/m,
    );
    assert.match(cli("figures", "--format", "eps", "--out", out).stderr, /invalid --format "eps"/);
    assert.match(
      cli("figures", "--only", "nothing-like-this", "--format", "html", "--out", out).stderr,
      /no figure matches --only "nothing-like-this"/,
    );
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
