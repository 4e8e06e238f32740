import { test } from "node:test";
import assert from "node:assert/strict";
import type { StructureRow } from "../../src/analysis/results-csv";
import { smallWorldSpectrum } from "../../src/analysis/small-world-spectrum";
import { randomBaselineFigure, spectrumHeatmap, spectrumHeatmapsFigure } from "../../src/plots/spectrum-figures";
import { colorAt, VIRIDIS_COLORSCALE } from "../../src/plots/theme";

type AnyTrace = Record<string, any>;

/** Rows of graphs at (C, L) with two runs each; accuracy from `score`. */
function rowsFor(mode: string, score: (c: number, l: number, i: number) => number): StructureRow[] {
  const points = [
    [0.05, 3.4],
    [0.1, 3.2],
    [0.15, 3.5],
    [0.55, 1.6],
    [0.6, 1.5],
    [0.5, 1.7],
    [0.58, 3.3],
    [0.52, 3.1],
  ];
  return points.flatMap(([c, l], i) =>
    [0, 1].map((replicate) => ({
      mode,
      graph: "ws_flex",
      graph_nr: i,
      replicate,
      average_clustering: c!,
      transitivity: c!,
      average_shortest_path_length: l!,
      test_acc: score(c!, l!, i) + 0.01 * replicate + 0.003 * (i % 3),
    })),
  );
}

const rows = [
  ...rowsFor("GRU", (c, l) => (l > 2.5 && c < 0.3 ? 0.9 : c > 0.45 && l < 2 ? 0.899 : 0.6)),
  ...rowsFor("LSTM", (c) => (c > 0.45 ? 0.8 : 0.7)),
];
const spectrum = smallWorldSpectrum(rows, { clusteringBins: 2, pathLengthBins: 2, minGraphs: 2 });

test(
  "spectrum heatmap: cells at their C and L bins (L growing upwards), " + "sweet spots outlined, the best starred",
  () => {
    const gru = spectrum.variants[0]!;
    const figure = spectrumHeatmap(gru, spectrum.grid, { zmin: 0.5, zmax: 1 });
    const trace = figure.data[0] as AnyTrace;
    const shapes = figure.layout.shapes as AnyTrace[];
    const cells = shapes.filter((s) => s.layer === "below");
    const outlines = shapes.filter((s) => s.layer === "above");
    assert.equal(cells.length, 4, "a 2 × 2 grid");
    const sweet = gru.bins.filter((b) => b.sweetSpot);
    assert.equal(outlines.length, sweet.length);
    assert.ok(sweet.length >= 1 && sweet.length < gru.bins.length);
    const best = gru.bins.find((b) => b.best)!;
    assert.deepEqual([best.clusteringBin, best.pathLengthBin], [0, 1]);
    // L bin 1 (the higher) is row 0, drawn at the top.
    const k = trace.x.findIndex((x: number, i: number) => x === 0 && trace.y[i] === 0);
    assert.match(trace.text[k], /^★0\.9/);
    assert.match(trace.hovertext[k], /over 3 graphs, 6 runs; best bin/);
    const topLeft = cells.find((s) => s.x0 < 0 && s.y0 < 0)!;
    assert.equal(topLeft.fillcolor, colorAt(VIRIDIS_COLORSCALE, (best.accuracy.mean - 0.5) / 0.5));
    const empty = cells.find((s) => s.x0 < 0 && s.y0 > 0)!;
    assert.equal(empty.fillcolor, "#FFFFFF", "an empty bin stays white");
    assert.equal(figure.layout.yaxis!.ticktext!.length, 2);
    assert.ok(
      Number(figure.layout.yaxis!.ticktext![0]) > Number(figure.layout.yaxis!.ticktext![1]),
      "L falls down the rows",
    );
  },
);

test("spectrum heatmaps: one panel per variant on one colour scale, shown once", () => {
  const figure = spectrumHeatmapsFigure(spectrum.variants, spectrum.grid, { size: "page" });
  const traces = figure.data as AnyTrace[];
  assert.equal(traces.length, 2);
  assert.deepEqual(
    traces.map((t) => t.marker.showscale),
    [true, false],
  );
  const means = spectrum.variants.flatMap((v) => v.bins.map((b) => b.accuracy.mean));
  for (const trace of traces)
    assert.deepEqual([trace.marker.cmin, trace.marker.cmax], [Math.min(...means), Math.max(...means)]);
  const titles = (figure.layout.annotations ?? []).map((a) => a.text);
  assert.ok(titles.includes("<b>GRU</b>") && titles.includes("<b>LSTM</b>"));
  assert.ok(
    (figure.layout.shapes as AnyTrace[]).some((s) => s.layer === "above" && s.xref === "x2"),
    "LSTM's outlines on its panel",
  );
  assert.throws(() => spectrumHeatmapsFigure([], spectrum.grid), /no variants/);
});

test("random baseline figure: per variant, WS-flex and G(n, m) against k, each a mean line in its 95% band", () => {
  const summary = (mean: number, half: number, n: number) => ({
    n,
    mean,
    sd: NaN,
    ci95: [mean - half, mean + half] as [number, number],
  });
  const point = (mode: string, k: number, smallWorld: number, random: number) => ({
    mode,
    k,
    random: summary(random, 0.02, 3),
    randomClustering: 0.1,
    randomPathLength: 2,
    smallWorld: summary(smallWorld, 0.01, 45),
    bestP: 0,
    bestPAccuracy: smallWorld + 0.01,
    difference: smallWorld - random,
    ci95: [0, 0] as [number, number],
    pValue: 0.5,
  });
  const points = [point("GRU", 6, 0.9, 0.85), point("GRU", 4, 0.8, 0.82), point("LSTM", 4, 0.7, 0.75)];
  const figure = randomBaselineFigure(points, { size: "page" });
  const lines = (figure.data as AnyTrace[]).filter((t) => t.name);
  assert.deepEqual(
    lines.map((t) => [t.name, t.xaxis ?? "x"]),
    [
      ["WS-flex, all p", "x"],
      ["G(n, m), same edges", "x"],
      ["WS-flex, all p", "x2"],
      ["G(n, m), same edges", "x2"],
    ],
  );
  assert.deepEqual(lines[0]!.x, [4, 6], "k ascending");
  assert.deepEqual(lines[1]!.y, [0.82, 0.85]);
  const bands = (figure.data as AnyTrace[]).filter((t) => t.fill === "tonexty");
  assert.equal(bands.length, 4, "one band per line");
  assert.deepEqual(bands[1]!.y, [0.84, 0.87], "the upper edge of G(n, m)'s interval");
  const high = randomBaselineFigure([point("GRU", 4, 0.99, 0.995)]);
  const edges = (high.data as AnyTrace[]).filter((t) => t.fill === "tonexty").map((t) => t.y[0]);
  assert.deepEqual(edges, [1, 1], "bands are cut at an accuracy of 1");
});
