import { test } from "node:test";
import assert from "node:assert/strict";
import { differenceOverDegrees, randomBaselineComparison } from "../../src/analysis/random-baseline-comparison";
import type { StructureRow } from "../../src/analysis/results-csv";
import { describeRandomBaseline, randomBaselineTable } from "../../src/notebook/random-baseline-tables";
import { randomBaselineSections } from "../../src/experiments/study-report";
import { smallWorldSpectrum } from "../../src/analysis/small-world-spectrum";
import { spectrumVerdict } from "../../src/notebook/spectrum-tables";
import { writeCsvAtomic } from "../../src/experiments/runner/csv-table";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Two trainings of one graph whose mean is `accuracy` (±0.01), with its grid point and made-up measures. */
function runs(graph: string, graphNr: number, k: number, p: number | "", accuracy: number): StructureRow[] {
  return [-0.01, 0.01].map((offset, replicate) => ({
    mode: "GRU",
    graph,
    graph_nr: graphNr,
    average_clustering: graph === "gnm" ? 0.1 : 0.4,
    transitivity: 0.3,
    average_shortest_path_length: graph === "gnm" ? 2 : 2.5,
    test_acc: accuracy + offset,
    replicate,
    k,
    p,
  }));
}

// WS-flex at k = 4: graph means 0.90, 0.92 (p = 0) and 0.95, 0.97 (p = 1); G(n, m) at k = 4: 0.80, 0.86, 0.83.
const spectrum = [
  ...runs("complete", 0, 7, 0, 0.99),
  ...runs("ws_flex", 0, 4, 0, 0.9),
  ...runs("ws_flex", 1, 4, 0, 0.92),
  ...runs("ws_flex", 2, 4, 1, 0.95),
  ...runs("ws_flex", 3, 4, 1, 0.97),
  ...runs("ws_flex", 4, 6, 1, 0.5),
];
const random = [...runs("gnm", 0, 4, "", 0.8), ...runs("gnm", 1, 4, "", 0.86), ...runs("gnm", 2, 4, "", 0.83)];

test("WS-flex against G(n, m) at each k: graph means, Welch's interval and p as scipy gives them", () => {
  const [point, ...rest] = randomBaselineComparison(spectrum, random);
  assert.equal(rest.length, 0, "one variant, one k of the baseline");
  assert.deepEqual([point!.mode, point!.k, point!.random.n, point!.smallWorld.n], ["GRU", 4, 3, 4]);
  // scipy.stats.ttest_ind([.9, .92, .95, .97], [.8, .86, .83], equal_var=False) and the Welch-df t interval.
  assert.ok(Math.abs(point!.difference - 0.105) < 1e-12);
  assert.ok(Math.abs(point!.pValue - 0.007930084703857648) < 1e-9, `p ${point!.pValue}`);
  assert.ok(Math.abs(point!.ci95[0] - 0.043354029981742294) < 1e-9);
  assert.ok(Math.abs(point!.ci95[1] - 0.16664597001825768) < 1e-9);
  assert.deepEqual([point!.bestP, point!.bestPAccuracy.toFixed(2)], [1, "0.96"]);
  assert.ok(Math.abs(point!.randomClustering - 0.1) < 1e-12 && point!.randomPathLength === 2);
  const table = randomBaselineTable([point!]);
  assert.match(table, /\+10\.5 points \[\+4\.3, \+16\.7\]/);
  assert.match(table, /0\.0079/);
  assert.equal(
    describeRandomBaseline([point!]),
    "GRU: over 1 average degrees, WS-flex wiring is ahead of random wiring with the same weights at 1 (k = 4), " +
      "behind at 0, and not distinguishable at 0; the largest difference is at k = 4: +10.5 points [+4.3, +16.7]. " +
      "Averaged over the degrees (paired by k): +10.5 points.",
  );
});

test("over the degrees: the per-k differences' mean with a t interval over k", () => {
  const at = (k: number, difference: number) => ({ ...randomBaselineComparison(spectrum, random)[0]!, k, difference });
  const overall = differenceOverDegrees(
    [at(4, 0.01), at(6, 0.03), at(8, 0.02), { ...at(4, 0.5), mode: "LSTM" }],
    "GRU",
  );
  assert.equal(overall.n, 3);
  assert.ok(Math.abs(overall.mean - 0.02) < 1e-15);
  // sd 0.01, t(0.975, 2) = 4.302652729911275: half-width 4.3027 · 0.01 / √3.
  assert.ok(Math.abs(overall.ci95[1] - (0.02 + (4.302652729911275 * 0.01) / Math.sqrt(3))) < 1e-9);
});

test("a k the spectrum sweep lacks is left out, not compared with nothing", () => {
  const extra = [...random, ...runs("gnm", 3, 8, "", 0.9), ...runs("gnm", 4, 8, "", 0.9)];
  assert.deepEqual(
    randomBaselineComparison(spectrum, extra).map((point) => point.k),
    [4],
  );
});

test("summary.md's section: one row per variant and k, from the two stages' tables", () => {
  const dir = mkdtempSync(join(tmpdir(), "random-baseline-"));
  writeCsvAtomic(join(dir, "spectrum.csv"), spectrum);
  writeCsvAtomic(join(dir, "random.csv"), random);
  const [section] = randomBaselineSections("Random baseline", join(dir, "spectrum.csv"), join(dir, "random.csv"));
  assert.equal(section!.title, "Random baseline");
  const rows = section!.lines.filter((line) => line.startsWith("| GRU"));
  assert.equal(rows.length, 1);
  const cells = rows[0]!.split("|").map((cell) => cell.trim());
  assert.deepEqual(cells.slice(1, -1), ["GRU", "4", "3", "0.8300", "4", "0.9350", "+10.5 [+4.3, +16.7]"]);
  assert.equal(section!.lines.at(-1), "Averaged over the degrees (paired by k, t interval over k): GRU +10.5.");
});

test("the spectrum's verdict: density decides unless one test at equal weights says the wiring matters", () => {
  const { variants } = smallWorldSpectrum(spectrum);
  // Only k = 4 has random graphs: one difference, no interval over degrees, so no claim that the wiring matters.
  const single = spectrumVerdict(variants, randomBaselineComparison(spectrum, random));
  assert.match(
    single,
    new RegExp(
      /^GRU: its best C × L bin does not beat the complete graph \(−14\.2 points \[−38\.5, \+10\.1\]\); /.source +
        /WS-flex wiring is not distinguishable from random wiring with the same weights \(\+10\.5 points\)/.source,
    ),
  );
  assert.match(
    single,
    /so no small-world sweet spot shows beyond the number of weights: density, not the wiring, decides\.$/,
  );
  // With k = 6 in the baseline too (WS-flex 0.5 against random 0.4), WS-flex is ahead at both degrees.
  const both = [...random, ...runs("gnm", 3, 6, "", 0.4), ...runs("gnm", 4, 6, "", 0.4)];
  const verdict = spectrumVerdict(variants, randomBaselineComparison(spectrum, both));
  assert.match(
    verdict,
    /WS-flex wiring is ahead of random wiring with the same weights \(\+10\.2 points \[\+7\.1, \+13\.4\]\)/,
  );
  assert.match(
    verdict,
    new RegExp(
      /so the wiring matters beyond the number of weights in 1 of these 2 tests \(each at 95%, not /.source +
        /corrected for 2 tests\)\.$/.source,
    ),
  );
  assert.doesNotMatch(spectrumVerdict(variants, []), /WS-flex wiring/, "without a baseline, no wiring claim");
});
