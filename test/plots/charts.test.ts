import { test } from "node:test";
import assert from "node:assert/strict";
import {
  barChart,
  distributionChart,
  heatmapChart,
  histogramChart,
  lineChart,
  scatterChart,
  smallMultiples,
} from "../../src/plots/charts";
import { linearFit } from "../../src/plots/linear-fit";
import { mergeDeep } from "../../src/plots/figure";
import { DIVERGING_COLORSCALE, FIGURE_SIZES, GENERATOR_COLORS, LABEL_COLORS, resolveSize, themedLayout, VARIANT_COLORS } from "../../src/plots/theme";

type AnyTrace = Record<string, any>;

test("bar chart: one bar trace per series, values, colours, grouping and formatted value labels", () => {
  const figure = barChart(["train", "test"], [
    { name: "valid", values: [9339, 3161], color: LABEL_COLORS.valid },
    { name: "invalid", values: [9411, 3089] },
  ], { title: "labels", yTitle: "strings", showValues: true, size: "column" });
  const [valid, invalid] = figure.data as AnyTrace[];
  assert.equal(figure.data.length, 2);
  assert.deepEqual([valid!.type, valid!.name, valid!.x, valid!.y], ["bar", "valid", ["train", "test"], [9339, 3161]]);
  assert.equal(valid!.marker.color, LABEL_COLORS.valid);
  assert.notEqual(invalid!.marker.color, undefined);
  assert.deepEqual(valid!.text, ["9,339", "3,161"]);
  assert.equal(figure.layout.barmode, "group");
  assert.equal(figure.layout.width, FIGURE_SIZES.column.width);
  assert.equal((figure.layout.yaxis!.title as { text: string }).text, "strings");
  assert.equal((figure.layout.title as { text: string }).text, "labels");
  assert.equal(figure.layout.showlegend, true);
});

test("bar chart: horizontal bars swap the axes; a series of the wrong length is named in the error", () => {
  const figure = barChart(["a", "b"], [{ name: "s", values: [1, 2] }], { horizontal: true, mode: "stack" });
  const trace = figure.data[0] as AnyTrace;
  assert.deepEqual([trace.orientation, trace.x, trace.y], ["h", [1, 2], ["a", "b"]]);
  assert.equal(figure.layout.barmode, "stack");
  assert.throws(() => barChart(["a", "b"], [{ name: "short", values: [1] }]), /series "short" has 1 values for 2 categories/);
});

test("histogram: raw values per series, bin size and overlay transparency", () => {
  const figure = histogramChart([{ name: "train", values: [1, 2, 2, 3] }, { name: "test", values: [2, 3] }], { binSize: 1, start: 0.5 });
  const traces = figure.data as AnyTrace[];
  assert.deepEqual(traces.map((t) => t.type), ["histogram", "histogram"]);
  assert.deepEqual(traces[0]!.x, [1, 2, 2, 3]);
  assert.deepEqual(traces[0]!.xbins, { size: 1, start: 0.5 });
  assert.ok(traces.every((t) => t.opacity < 1));
  assert.equal(figure.layout.barmode, "overlay");
});

test("line chart: lines with markers for short curves, none for long ones; y range; mismatch throws", () => {
  const figure = lineChart([
    { name: "LSTM", x: [1, 2, 3], y: [0.9, 0.95, 1], color: VARIANT_COLORS.LSTM },
    { name: "long", x: Array.from({ length: 100 }, (_, i) => i), y: Array.from({ length: 100 }, () => 0.5), dash: "dash" },
  ], { yRange: [0, 1] });
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
  const figure = scatterChart([{ name: "GRU", x: [0, 1, 2], y: [1, 3, 5], color: VARIANT_COLORS.GRU }], { fitLine: true });
  const [points, line] = figure.data as AnyTrace[];
  assert.equal(points!.mode, "markers");
  assert.equal(line!.mode, "lines");
  assert.deepEqual(line!.x, [0, 2]);
  assert.deepEqual(line!.y, [1, 5]);
  assert.equal(line!.name, "GRU fit (r = 1.00)");
  assert.equal(line!.legendgroup, points!.legendgroup);
  assert.equal(scatterChart([{ name: "a", x: [1, 2], y: [1, 2] }]).data.length, 1);
});

test("heatmap: signed values use the diverging scale over [-1, 1]; shape errors name the row", () => {
  const figure = heatmapChart({ x: ["a", "b"], y: ["a", "b"], z: [[1, -0.4], [-0.4, 1]] });
  const trace = figure.data[0] as AnyTrace;
  assert.deepEqual([trace.type, trace.zmin, trace.zmax], ["heatmap", -1, 1]);
  assert.deepEqual(trace.colorscale, DIVERGING_COLORSCALE);
  assert.equal(trace.texttemplate, "%{z:.2f}");
  const unsigned = heatmapChart({ x: ["a"], y: ["a"], z: [[3]] }, { showValues: false }).data[0] as AnyTrace;
  assert.equal(unsigned.colorscale, "Viridis");
  assert.equal(unsigned.texttemplate, undefined);
  assert.throws(() => heatmapChart({ x: ["a", "b"], y: ["r"], z: [[1]] }), /row 0 \("r"\) has 1 values for 2 x labels/);
});

test("distribution chart: box plots by default, violins on request", () => {
  const series = [{ name: "WS", values: [0.8, 0.9], color: GENERATOR_COLORS.watts_strogatz }, { name: "BA", values: [0.7, 0.95] }];
  assert.deepEqual((distributionChart(series).data as AnyTrace[]).map((t) => t.type), ["box", "box"]);
  const violins = distributionChart(series, { kind: "violin", points: "all" }).data as AnyTrace[];
  assert.deepEqual(violins.map((t) => [t.type, t.points]), [["violin", "all"], ["violin", "all"]]);
  assert.equal(violins[0]!.line.color, GENERATOR_COLORS.watts_strogatz);
});

test("small multiples: one axis pair per panel in a grid, panel titles, one legend entry per name", () => {
  const panel = (title: string, name: string) => lineChart([{ name, x: [1, 2], y: [1, 2] }], { title, xTitle: "epoch", yTitle: "acc" });
  const figure = smallMultiples([panel("a", "LSTM"), panel("b", "GRU"), panel("c", "LSTM")], { columns: 2, title: "grid" });
  const traces = figure.data as AnyTrace[];
  assert.deepEqual(traces.map((t) => [t.xaxis, t.yaxis]), [["x", "y"], ["x2", "y2"], ["x3", "y3"]]);
  assert.deepEqual(traces.map((t) => t.showlegend), [true, true, false]);
  const layout = figure.layout as Record<string, any>;
  assert.ok(layout.xaxis.domain[1] < layout.xaxis2.domain[0], "columns do not overlap");
  assert.deepEqual(layout.xaxis3.domain, layout.xaxis.domain, "third panel starts the second row");
  assert.ok(layout.yaxis3.domain[1] < layout.yaxis.domain[0], "rows do not overlap");
  assert.equal(layout.xaxis2.title.text, "epoch");
  assert.equal(layout.yaxis.title.text, "acc");
  assert.equal(layout.yaxis2.title?.text, undefined, "a y title repeated along a row is shown once");
  assert.deepEqual(layout.annotations.map((a: { text: string }) => a.text), ["<b>a</b>", "<b>b</b>", "<b>c</b>"]);
  assert.throws(() => smallMultiples([]), /no panels/);
});

test("theme: distinct colours per variant, named sizes, deep merge without mutation", () => {
  assert.equal(new Set(Object.values(VARIANT_COLORS)).size, 4);
  assert.equal(resolveSize("page").width, FIGURE_SIZES.page.width);
  assert.deepEqual(resolveSize({ width: 300, height: 200 }), { width: 300, height: 200, fontSize: 10 });
  assert.throws(() => resolveSize("poster" as "page"), /unknown figure size "poster"/);
  const layout = themedLayout("column", { xaxis: { range: [0, 1] } });
  assert.deepEqual(layout.xaxis!.range, [0, 1]);
  assert.equal(layout.xaxis!.showline, true, "merging keeps the theme's other axis fields");
  const base = { a: { b: 1, c: 2 } };
  const merged = mergeDeep(base, { a: { b: 5 } });
  assert.deepEqual(merged, { a: { b: 5, c: 2 } });
  assert.deepEqual(base, { a: { b: 1, c: 2 } });
  const override = barChart(["x"], [{ name: "s", values: [1] }], { layout: { bargap: 0.5, yaxis: { type: "log" } } }).layout;
  assert.equal(override.bargap, 0.5);
  assert.equal(override.yaxis!.type, "log");
  assert.equal(override.yaxis!.showline, true);
});
