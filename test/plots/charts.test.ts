import { test } from "node:test";
import assert from "node:assert/strict";
import {
  barChart,
  distributionChart,
  heatmapChart,
  histogramChart,
  integerTicks,
  legendRows,
  lineChart,
  sharedBins,
  scatterChart,
  smallMultiples,
} from "../../src/plots/charts";
import { linearFit } from "../../src/plots/linear-fit";
import { mergeDeep } from "../../src/plots/figure";
import {
  colorAt,
  DIVERGING_COLORSCALE,
  FIGURE_SIZES,
  GENERATOR_COLORS,
  LABEL_COLORS,
  perPreset,
  presetSize,
  resolveSize,
  themedLayout,
  VARIANT_COLORS,
  VIRIDIS_COLORSCALE,
} from "../../src/plots/theme";

type AnyTrace = Record<string, any>;

test("bar chart: one bar trace per series, values, colours, grouping and formatted value labels", () => {
  const figure = barChart(
    ["train", "test"],
    [
      { name: "valid", values: [9339, 3161], color: LABEL_COLORS.valid },
      { name: "invalid", values: [9411, 3089] },
    ],
    { title: "labels", yTitle: "strings", showValues: true, size: "column" },
  );
  const [valid, invalid] = figure.data as AnyTrace[];
  assert.equal(figure.data.length, 2);
  assert.deepEqual([valid!.type, valid!.name, valid!.x, valid!.y], ["bar", "valid", ["train", "test"], [9339, 3161]]);
  assert.equal(valid!.marker.color, LABEL_COLORS.valid);
  assert.notEqual(invalid!.marker.color, undefined);
  assert.deepEqual(valid!.text, ["9,339", "3,161"]);
  assert.equal(figure.layout.barmode, "group");
  assert.equal(figure.layout.width, FIGURE_SIZES.column.width);
  assert.equal((figure.layout.yaxis!.title as { text: string }).text, "strings");
  assert.equal(figure.layout.title, undefined, "a column figure draws no title");
  assert.deepEqual(figure.caption, { title: "labels", reference: undefined });
  assert.equal(figure.layout.font!.family!.split(",")[0], "'CMU Serif'", "paper figures use the LaTeX serif");
  assert.equal(figure.layout.showlegend, true);
  assert.ok(
    figure.layout.margin!.b! > 2 * figure.layout.font!.size!,
    "the bottom margin holds the axis and the legend below it",
  );
});

test("bar chart: horizontal bars swap the axes; a series of the wrong length is named in the error", () => {
  const figure = barChart(["a", "b"], [{ name: "s", values: [1, 2] }], { horizontal: true, mode: "stack" });
  const trace = figure.data[0] as AnyTrace;
  assert.deepEqual([trace.orientation, trace.x, trace.y], ["h", [1, 2], ["a", "b"]]);
  assert.equal(figure.layout.barmode, "stack");
  assert.throws(
    () => barChart(["a", "b"], [{ name: "short", values: [1] }]),
    /series "short" has 1 values for 2 categories/,
  );
});

test("histogram: every series on the same bins, whole-number bins for integers", () => {
  const figure = histogramChart(
    [
      { name: "WS", values: [10, 12, 30] },
      { name: "BA", values: [11, 50] },
    ],
    { mode: "group" },
  );
  const [ws, ba] = figure.data as AnyTrace[];
  assert.deepEqual(ws!.xbins, ba!.xbins, "both generators share one set of bins");
  assert.deepEqual(ws!.xbins, { size: 3, start: 9.5 });
  assert.deepEqual(sharedBins([0.1, 0.35, 0.2]), { size: 0.02, start: 0.1 });
  assert.equal(sharedBins([]), undefined);
});

test("integerTicks and legendRows: whole-number epoch ticks; legends wrap by width", () => {
  assert.deepEqual(integerTicks(3), { tickmode: "linear", tick0: 0, dtick: 1, tickformat: "d" });
  assert.equal(integerTicks(50).dtick, 10);
  assert.equal(integerTicks(12, { target: 3 }).dtick, 5);
  assert.equal(legendRows(["a", "b"], 600, 12), 1);
  assert.equal(
    legendRows(
      Array.from({ length: 10 }, (_, i) => `p = ${i}0%`),
      336,
      10.7,
    ),
    4,
  );
  assert.equal(legendRows([], 336, 10), 0);
});

test("histogram: raw values per series, bin size and overlay transparency", () => {
  const figure = histogramChart(
    [
      { name: "train", values: [1, 2, 2, 3] },
      { name: "test", values: [2, 3] },
    ],
    { binSize: 1, start: 0.5 },
  );
  const traces = figure.data as AnyTrace[];
  assert.deepEqual(
    traces.map((t) => t.type),
    ["histogram", "histogram"],
  );
  assert.deepEqual(traces[0]!.x, [1, 2, 2, 3]);
  assert.deepEqual(traces[0]!.xbins, { size: 1, start: 0.5 });
  assert.ok(traces.every((t) => t.opacity < 1));
  assert.equal(figure.layout.barmode, "overlay");
});

test("line chart: lines with markers for short curves, none for long ones; y range; mismatch throws", () => {
  const figure = lineChart(
    [
      { name: "LSTM", x: [1, 2, 3], y: [0.9, 0.95, 1], color: VARIANT_COLORS.LSTM },
      {
        name: "long",
        x: Array.from({ length: 100 }, (_, i) => i),
        y: Array.from({ length: 100 }, () => 0.5),
        dash: "dash",
      },
    ],
    { yRange: [0, 1] },
  );
  const [short, long] = figure.data as AnyTrace[];
  assert.equal(short!.mode, "lines+markers");
  assert.equal(long!.mode, "lines");
  assert.equal(short!.line.color, VARIANT_COLORS.LSTM);
  assert.equal(long!.line.dash, "dash");
  assert.deepEqual(figure.layout.yaxis!.range, [0, 1]);
  assert.throws(() => lineChart([{ name: "bad", x: [1, 2], y: [1] }]), /series "bad" has 2 x values but 1 y values/);
});

test("linear fit: exact line, Pearson r, and clear errors", () => {
  const fit = linearFit([0, 1, 2, 3], [1, 3, 5, 7]);
  assert.equal(fit.slope, 2);
  assert.equal(fit.intercept, 1);
  assert.equal(fit.r, 1);
  const anti = linearFit([1, 2, 3], [3, 2, 1.5]);
  assert.ok(anti.r < -0.9 && anti.r > -1);
  assert.throws(() => linearFit([1, 1], [2, 3]), /all x values are equal/);
  assert.throws(() => linearFit([1], [2]), /at least 2 points/);
  assert.throws(() => linearFit([1, 2], [2]), /x has 2 values but y has 1/);
});

test("scatter with fit line: a dashed line through the least-squares ends, named with r", () => {
  const figure = scatterChart([{ name: "GRU", x: [0, 1, 2], y: [1, 3, 5], color: VARIANT_COLORS.GRU }], {
    fitLine: true,
  });
  const [points, line] = figure.data as AnyTrace[];
  assert.equal(points!.mode, "markers");
  assert.equal(line!.mode, "lines");
  assert.deepEqual(line!.x, [0, 2]);
  assert.deepEqual(line!.y, [1, 5]);
  assert.equal(line!.name, "GRU fit (r = 1.00)");
  assert.equal(line!.legendgroup, points!.legendgroup);
  assert.equal(scatterChart([{ name: "a", x: [1, 2], y: [1, 2] }]).data.length, 1);
});

test(
  "heatmap: cells are vector rectangles coloured on the diverging scale over [-1, 1]; " + "shape errors name the row",
  () => {
    const figure = heatmapChart({
      x: ["a", "b"],
      y: ["a", "b"],
      z: [
        [1, -0.4],
        [-0.4, 1],
      ],
    });
    assert.ok(!figure.data.some((t) => (t as AnyTrace).type === "heatmap"), "no raster heatmap trace");
    const shapes = figure.layout.shapes as AnyTrace[];
    assert.equal(shapes.length, 4);
    assert.deepEqual(
      shapes.map((s) => s.fillcolor),
      [
        DIVERGING_COLORSCALE[4]![1],
        colorAt(DIVERGING_COLORSCALE, 0.3),
        colorAt(DIVERGING_COLORSCALE, 0.3),
        DIVERGING_COLORSCALE[4]![1],
      ],
    );
    assert.deepEqual(
      [shapes[1]!.x0 < 1, shapes[1]!.x1 > 1, shapes[1]!.y0 < 0],
      [true, true, true],
      "cell (row 0, column 1) sits at x = 1, y = 0",
    );
    const trace = figure.data[0] as AnyTrace;
    assert.deepEqual(
      [trace.marker.cmin, trace.marker.cmax, trace.marker.showscale],
      [-1, 1, true],
      "the colour bar spans [-1, 1]",
    );
    assert.deepEqual(trace.marker.colorscale, DIVERGING_COLORSCALE);
    assert.deepEqual(trace.text, ["1.00", "−0.40", "−0.40", "1.00"], "values with a real minus sign");
    assert.deepEqual(trace.textfont.color, ["#FFFFFF", "#222222", "#222222", "#FFFFFF"], "light text on dark cells");
    assert.deepEqual(figure.layout.yaxis!.ticktext, ["a", "b"]);
    assert.deepEqual(figure.layout.yaxis!.range, [1.5, -0.5], "the first row on top");
    const unsigned = heatmapChart({ x: ["a"], y: ["a"], z: [[3]] }, { showValues: false }).data[0] as AnyTrace;
    assert.deepEqual(unsigned.marker.colorscale, VIRIDIS_COLORSCALE);
    assert.equal(unsigned.mode, "markers");
    assert.throws(
      () => heatmapChart({ x: ["a", "b"], y: ["r"], z: [[1]] }),
      /row 0 \("r"\) has 1 values for 2 x labels/,
    );
  },
);

test("distribution chart: box plots by default, violins on request", () => {
  const series = [
    { name: "WS", values: [0.8, 0.9], color: GENERATOR_COLORS.watts_strogatz },
    { name: "BA", values: [0.7, 0.95] },
  ];
  assert.deepEqual(
    (distributionChart(series).data as AnyTrace[]).map((t) => t.type),
    ["box", "box"],
  );
  const violins = distributionChart(series, { kind: "violin", points: "all" }).data as AnyTrace[];
  assert.deepEqual(
    violins.map((t) => [t.type, t.points]),
    [
      ["violin", "all"],
      ["violin", "all"],
    ],
  );
  assert.equal(violins[0]!.line.color, GENERATOR_COLORS.watts_strogatz);
});

test("small multiples: one axis pair per panel in a grid, panel titles, one legend entry per name", () => {
  const panel = (title: string, name: string, yTitle = "acc") =>
    lineChart([{ name, x: [1, 2], y: [1, 2] }], { title, xTitle: "epoch", yTitle });
  const shared = smallMultiples([panel("a", "LSTM"), panel("b", "GRU"), panel("c", "LSTM")], {
    columns: 2,
    title: "grid",
  });
  const notes = (shared.layout.annotations as AnyTrace[]).map((a) => a.text);
  assert.deepEqual(
    notes,
    ["<b>a</b>", "<b>b</b>", "<b>c</b>", "acc", "epoch"],
    "titles every panel shares are drawn once for the grid",
  );
  const figure = smallMultiples([panel("a", "LSTM"), panel("b", "GRU"), panel("c", "LSTM", "loss")], {
    columns: 2,
    title: "grid",
  });
  const traces = figure.data as AnyTrace[];
  assert.deepEqual(
    traces.map((t) => [t.xaxis, t.yaxis]),
    [
      ["x", "y"],
      ["x2", "y2"],
      ["x3", "y3"],
    ],
  );
  assert.deepEqual(
    traces.map((t) => t.showlegend),
    [true, true, false],
  );
  const layout = figure.layout as Record<string, any>;
  assert.ok(layout.xaxis.domain[1] < layout.xaxis2.domain[0], "columns do not overlap");
  assert.deepEqual(layout.xaxis3.domain, layout.xaxis.domain, "third panel starts the second row");
  assert.ok(layout.yaxis3.domain[1] < layout.yaxis.domain[0], "rows do not overlap");
  assert.equal(layout.xaxis2.title?.text, undefined, "an x title every panel shares is drawn once, for the grid");
  assert.equal(layout.yaxis.title.text, "acc");
  assert.equal(layout.yaxis2.title?.text, undefined, "a y title repeated along a row is shown once");
  assert.equal(layout.yaxis3.title.text, "loss");
  assert.deepEqual(
    layout.annotations.map((a: { text: string }) => a.text),
    ["<b>a</b>", "<b>b</b>", "<b>c</b>", "epoch"],
  );
  // Laid out per preset, not scaled: a column grid keeps the 8 pt text and grows taller with more rows.
  const four = [panel("a", "LSTM"), panel("b", "GRU"), panel("c", "LSTM"), panel("d", "GRU")];
  const oneRow = smallMultiples(four, { columns: { column: 2, page: 4 }, size: "page" });
  const twoRows = smallMultiples(four, { columns: { column: 2, page: 4 }, size: "column" });
  assert.equal(oneRow.layout.font!.size, twoRows.layout.font!.size);
  assert.deepEqual((oneRow.layout as AnyTrace).yaxis4.domain, (oneRow.layout as AnyTrace).yaxis.domain);
  assert.deepEqual((twoRows.layout as AnyTrace).xaxis3.domain, (twoRows.layout as AnyTrace).xaxis.domain);
  assert.equal(twoRows.layout.width, FIGURE_SIZES.column.width);
  assert.equal(twoRows.layout.height! % 8, 0, "heights are whole multiples of 8 px (6 pt)");
  assert.throws(() => smallMultiples([]), /no panels/);
});

test("theme: distinct colours per variant, named sizes, deep merge without mutation", () => {
  assert.equal(new Set(Object.values(VARIANT_COLORS)).size, 4);
  assert.equal(resolveSize("page").width, FIGURE_SIZES.page.width);
  assert.deepEqual(resolveSize({ width: 300, height: 200 }), {
    width: 300,
    height: 200,
    fontSize: 10,
    fontFamily: FIGURE_SIZES.notebook.fontFamily,
    preset: "notebook",
  });
  assert.equal(FIGURE_SIZES.column.width / 96, 3.5, "one column: 3.5 in");
  assert.equal(FIGURE_SIZES.page.width / 96, 7, "two columns: 7 in");
  assert.equal((FIGURE_SIZES.column.fontSize * 72) / 96, 8, "8 pt text at the printed size");
  assert.deepEqual(presetSize("column", 0.5), { width: 336, height: 168, preset: "column" });
  assert.deepEqual(presetSize("page", { column: 0.5, page: 0.25 }), { width: 672, height: 168, preset: "page" });
  assert.deepEqual(presetSize({ width: 10, height: 20 }, 3), { width: 10, height: 20 }, "explicit pixels are kept");
  assert.equal(
    perPreset({ column: 1, notebook: 3 }, "page", 2),
    3,
    "a preset without its own value takes the notebook's",
  );
  assert.throws(() => resolveSize("poster" as "page"), /unknown figure size "poster"/);
  const layout = themedLayout("column", { xaxis: { range: [0, 1] } });
  assert.deepEqual(layout.xaxis!.range, [0, 1]);
  assert.equal(layout.xaxis!.showline, true, "merging keeps the theme's other axis fields");
  const base = { a: { b: 1, c: 2 } };
  const merged = mergeDeep(base, { a: { b: 5 } });
  assert.deepEqual(merged, { a: { b: 5, c: 2 } });
  assert.deepEqual(base, { a: { b: 1, c: 2 } });
  const override = barChart(["x"], [{ name: "s", values: [1] }], {
    layout: { bargap: 0.5, yaxis: { type: "log" } },
  }).layout;
  assert.equal(override.bargap, 0.5);
  assert.equal(override.yaxis!.type, "log");
  assert.equal(override.yaxis!.showline, true);
});
