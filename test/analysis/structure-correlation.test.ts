import { test } from "node:test";
import assert from "node:assert/strict";
import {
  bootstrapCorrelationInterval,
  compareGenerators,
  correlationFindings,
  correlationPValue,
  describeCorrelationFindings,
  correlationsByVariant,
  fisherInterval,
  generatorSummaries,
  propertyCorrelations,
  significantlyAhead,
  strongestProperties,
  welchTest,
  type PropertyCorrelation,
} from "../../src/analysis/structure-correlation";
import { STRUCTURE_FEATURES } from "../../src/analysis/structure-features";
import type { StructureRow } from "../../src/analysis/results-csv";
import { SeededRandom } from "../../src/random/seeded-random";
import {
  THESIS_CORRELATIONS,
  THESIS_CORRELATION_PROPERTIES,
  THESIS_MEAN_ACCURACY,
} from "../../src/analysis/thesis-structure-values";
import { readReferenceJson, skipWithoutReference } from "../support/reference";

const close = (actual: number, expected: number, tolerance: number, what: string) =>
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `${what}: ${actual} differs from ${expected} by more than ${tolerance}`,
  );

/** Synthetic rows: every feature a function of the graph index, accuracy rising with nodes plus a little noise. */
function syntheticRows(modes: readonly string[], perGenerator: number): StructureRow[] {
  const random = new SeededRandom(3);
  const rows: StructureRow[] = [];
  for (const mode of modes) {
    for (const graph of ["watts_strogatz", "barabasi_albert"]) {
      for (let i = 0; i < perGenerator; i++) {
        const row: StructureRow = { mode, graph, graph_nr: i };
        STRUCTURE_FEATURES.forEach((f, k) => {
          row[f] = Math.sin(i * (k + 1)) + k;
        });
        row.nodes = 10 + i;
        row.layers = graph === "watts_strogatz" ? 3 : 6;
        row.test_acc = 0.5 + 0.01 * i + (graph === "watts_strogatz" ? 0.1 : 0) + 0.001 * random.uniform(-1, 1);
        rows.push(row);
      }
    }
  }
  return rows;
}

test("Fisher-z interval and p-value match scipy/closed form", () => {
  const [lo, hi] = fisherInterval(0.5, 28);
  close(lo, 0.15602836252908595, 1e-12, "lower bound");
  close(hi, 0.7358184794439376, 1e-12, "upper bound");
  assert.deepEqual(fisherInterval(0.3, 3).map(Number.isNaN), [true, true]);
  assert.deepEqual(fisherInterval(1, 10), [1, 1]);
  // scipy.stats.pearsonr([1..10], [2,1,4,3,7,5,6,9,8,12]) -> r 0.92260069, p 0.00014289183
  const x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const y = [2, 1, 4, 3, 7, 5, 6, 9, 8, 12];
  const [c] = propertyCorrelations(
    x.map((v, i) => ({ nodes: v, test_acc: y[i]! })),
    { features: ["nodes"] },
  );
  close(c!.r, 0.9226006913232159, 1e-12, "r");
  close(c!.pValue, 0.00014289183167453032, 1e-9, "p-value");
  close(correlationPValue(0, 50), 1, 1e-12, "p of r = 0");
});

test("Welch test matches scipy.stats.ttest_ind(equal_var=False)", () => {
  const w = welchTest([0.9, 0.85, 0.95, 0.8, 0.88], [0.7, 0.75, 0.9, 0.6]);
  close(w.t, 2.057277349610597, 1e-10, "t");
  close(w.df, 3.96226287325738, 1e-10, "df");
  close(w.pValue, 0.10945325428142223, 1e-8, "p");
});

test("bootstrap interval: deterministic per seed, degenerate for a perfect line, brackets r for noisy data", () => {
  const x = Array.from({ length: 40 }, (_, i) => i);
  assert.deepEqual(
    bootstrapCorrelationInterval(
      x,
      x.map((v) => 2 * v + 1),
      200,
      new SeededRandom(1),
    ),
    [1, 1],
  );
  const noise = new SeededRandom(9);
  const y = x.map((v) => v + 15 * noise.uniform(-1, 1));
  const a = bootstrapCorrelationInterval(x, y, 500, new SeededRandom(5));
  const b = bootstrapCorrelationInterval(x, y, 500, new SeededRandom(5));
  assert.deepEqual(a, b);
  const [c] = propertyCorrelations(
    x.map((v, i) => ({ nodes: v, test_acc: y[i]! })),
    { features: ["nodes"], bootstrap: 500 },
  );
  assert.ok(a[0] < c!.r && c!.r < a[1], `bootstrap [${a}] should bracket r ${c!.r}`);
  // The two interval kinds agree roughly for a well-behaved sample.
  close(a[0], c!.ci95[0], 0.15, "bootstrap vs Fisher lower");
  assert.ok(c!.bootstrap95 && c!.bootstrap95[0] < c!.r && c!.r < c!.bootstrap95[1]);
  assert.throws(() => bootstrapCorrelationInterval(x, y.slice(1), 10, new SeededRandom(1)), /lengths 40 and 39/);
});

test("correlations per variant, and clear errors for missing columns and tiny groups", () => {
  const rows = syntheticRows(["GRU", "LSTM"], 15);
  const byVariant = correlationsByVariant(rows, { features: ["nodes", "layers"] });
  assert.deepEqual([...byVariant.keys()], ["GRU", "LSTM"]);
  const gru = byVariant.get("GRU")!;
  assert.deepEqual(
    gru.map((c) => c.property),
    ["nodes", "layers"],
  );
  assert.equal(gru[0]!.n, 30);
  assert.ok(gru[0]!.r > 0.5, `nodes should correlate clearly, got ${gru[0]!.r}`);
  assert.ok(gru[1]!.r < -0.3, `BA has more layers and lower accuracy here, got ${gru[1]!.r}`);
  assert.ok(gru[0]!.ci95[0] < gru[0]!.r && gru[0]!.r < gru[0]!.ci95[1]);
  assert.equal(propertyCorrelations(rows).length, 23);
  assert.throws(
    () => propertyCorrelations([{ test_acc: 1 }, { test_acc: 2 }], { features: ["nodes"] }),
    /lacks the feature column 'nodes'/,
  );
  assert.throws(() => correlationsByVariant(rows.slice(0, 2), { source: "x.csv" }), /x.csv: variant GRU has 2 graphs/);
});

test("generator summaries: counts, accuracy means and property means per variant and generator", () => {
  const rows = syntheticRows(["GRU"], 10);
  const summaries = generatorSummaries(rows, ["nodes", "layers"]);
  assert.deepEqual(
    summaries.map((s) => [s.mode, s.generator, s.n]),
    [
      ["GRU", "watts_strogatz", 10],
      ["GRU", "barabasi_albert", 10],
    ],
  );
  const ws = rows.filter((r) => r.mode === "GRU" && r.graph === "watts_strogatz").map((r) => r.test_acc as number);
  close(summaries[0]!.accuracy.mean, ws.reduce((a, b) => a + b, 0) / ws.length, 1e-12, "WS mean");
  assert.deepEqual(summaries[0]!.means, { nodes: 14.5, layers: 3 });
  assert.equal(summaries[1]!.means.layers, 6);
});

for (const variant of ["gru", "lstm"] as const) {
  test(
    `the thesis's ${variant.toUpperCase()} graphs reproduce its table of correlations and its mean accuracy`,
    { skip: skipWithoutReference(`thesis-graphs/${variant}.json`) },
    () => {
      const graphs = readReferenceJson<{ thesis: StructureRow }[]>(`thesis-graphs/${variant}.json`);
      const rows = graphs.map((g) => g.thesis);
      const mode = variant === "gru" ? "GRU" : "LSTM";
      const ours = propertyCorrelations(rows, { features: [...THESIS_CORRELATION_PROPERTIES] });
      for (const c of ours) close(c.r, THESIS_CORRELATIONS[mode][c.property]!, 0.0051, `${mode} ${c.property}`);
      const mean = rows.reduce((a, r) => a + (r.test_acc as number), 0) / rows.length;
      close(mean, THESIS_MEAN_ACCURACY[mode], 0.0005, `${mode} mean accuracy`);
      // And against scikit-learn's reference run's own Pearson values (raw features), to rounding of floats.
      const reference = readReferenceJson<{ features: string[]; pearson: number[] | Record<string, number> }>(
        `regression/${variant}.json`,
      );
      const refPearson = Array.isArray(reference.pearson)
        ? reference.pearson
        : reference.features.map((f) => (reference.pearson as Record<string, number>)[f]!);
      propertyCorrelations(rows, { features: reference.features }).forEach((c, i) =>
        close(c.r, refPearson[i]!, 1e-9, `${mode} ${c.property} vs reference`),
      );
    },
  );
}

test("findings name the strongest correlations and count agreement with the thesis", () => {
  const rows = syntheticRows(["GRU"], 15);
  const byVariant = correlationsByVariant(rows, { features: ["nodes", "layers", "edges"] });
  const gru = byVariant.get("GRU")!;
  const [f] = correlationFindings(byVariant, { GRU: { nodes: 0.49, layers: 0.34 } });
  assert.equal(f!.strongestPositive!.property, "nodes");
  assert.equal(f!.strongestNegative!.property, "layers");
  assert.equal(f!.total, 3);
  assert.equal(f!.thesisCompared, 2);
  assert.equal(f!.sameSign, 1, "layers is negative here, positive in the thesis");
  const inside = ["nodes", "layers"].filter((p) => {
    const c = gru.find((x) => x.property === p)!;
    const t = p === "nodes" ? 0.49 : 0.34;
    return c.ci95[0] <= t && t <= c.ci95[1];
  }).length;
  assert.equal(f!.thesisInsideInterval, inside);
  const [sentence] = describeCorrelationFindings([f!]);
  assert.match(sentence!, /^GRU \(30 graphs\): strongest positive: nodes \(r = 0\.\d\d, 95% CI/);
  assert.match(
    sentence!,
    new RegExp(
      /Intervals that exclude 0: \d of 3 properties\. Of the 2 properties in the thesis's table: 1 with the /.source +
        /thesis's sign, \d with the thesis's value inside our interval\.$/.source,
    ),
  );
});

test("compareGenerators: WS against BA per variant, with each group's summary and Welch's test of WS − BA", () => {
  const rows: StructureRow[] = [
    ...[0.9, 0.85, 0.95, 0.8, 0.88].map((test_acc) => ({ mode: "GRU", graph: "watts_strogatz", test_acc })),
    ...[0.7, 0.75, 0.9, 0.6].map((test_acc) => ({ mode: "GRU", graph: "barabasi_albert", test_acc })),
    ...[0.5, 0.6].map((test_acc) => ({ mode: "LSTM", graph: "watts_strogatz", test_acc })),
    ...[0.5, 0.7].map((test_acc) => ({ mode: "LSTM", graph: "barabasi_albert", test_acc })),
  ];
  const [gru, lstm] = compareGenerators(rows);
  assert.equal(gru!.mode, "GRU");
  close(gru!.mean, (0.9 + 0.85 + 0.95 + 0.8 + 0.88 + 0.7 + 0.75 + 0.9 + 0.6) / 9, 1e-12, "GRU mean over all graphs");
  assert.deepEqual(
    [gru!.first.generator, gru!.first.n, gru!.second.generator, gru!.second.n],
    ["watts_strogatz", 5, "barabasi_albert", 4],
  );
  close(gru!.first.accuracy.mean, 0.876, 1e-12, "WS mean");
  assert.deepEqual(gru!.test, welchTest([0.9, 0.85, 0.95, 0.8, 0.88], [0.7, 0.75, 0.9, 0.6]));
  close(lstm!.test.difference, -0.05, 1e-12, "LSTM WS − BA");
  const reversed = compareGenerators(rows, { first: "barabasi_albert", second: "watts_strogatz" });
  close(reversed[0]!.test.difference, -gru!.test.difference, 1e-12, "reversed difference");
  assert.deepEqual(
    compareGenerators(rows, { second: "erdos_renyi" }),
    [],
    "variants without both generators are left out",
  );
  assert.deepEqual(
    compareGenerators(rows.filter((r) => r.mode === "GRU" || r.graph === "watts_strogatz")).map((c) => c.mode),
    ["GRU"],
  );
  // GRU's WS lead has p ≈ 0.109 (scipy, above): "ahead" at alpha 0.15, not at 0.05; LSTM's difference is noise.
  assert.deepEqual(significantlyAhead([gru!, lstm!]), { first: [], second: [] });
  assert.deepEqual(significantlyAhead([gru!, lstm!], { alpha: 0.15 }), { first: ["GRU"], second: [] });
  assert.deepEqual(significantlyAhead(reversed, { alpha: 0.15 }), { first: [], second: ["GRU"] });
});

test("strongestProperties: largest mean |r| over variants first; a NaN r counts as 0", () => {
  const c = (property: string, r: number): PropertyCorrelation => ({
    property,
    n: 10,
    r,
    ci95: [NaN, NaN],
    pValue: NaN,
  });
  const byVariant = new Map([
    ["GRU", [c("nodes", 0.5), c("layers", -0.9), c("density", 0.1), c("diameter", NaN)]],
    ["LSTM", [c("nodes", 0.6), c("layers", 0.1), c("density", -0.2), c("diameter", 0.8)]],
  ]);
  assert.deepEqual(strongestProperties(byVariant, { count: 3 }), ["nodes", "layers", "diameter"]);
  assert.deepEqual(strongestProperties(byVariant), ["nodes", "layers", "diameter", "density"]);
});
