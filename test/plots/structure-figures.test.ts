import { test } from "node:test";
import assert from "node:assert/strict";
import { LayeredGraph } from "../../src/graphs/layered-graph";
import type { StructureRow } from "../../src/analysis/results-csv";
import { propertyCorrelations } from "../../src/analysis/structure-correlation";
import {
  accuracyAgainstPropertyFigure,
  accuracyByGeneratorFigure,
  jointPlotsFigure,
  correlationHeatmapFigure,
  correlationIntervalFigure,
  layeredGraphFigure,
  propertyDistributionsFigure,
} from "../../src/plots/structure-figures";
import { GENERATOR_COLORS, VARIANT_COLORS } from "../../src/plots/theme";

type AnyTrace = Record<string, any>;

const rows: StructureRow[] = ["GRU", "LSTM"].flatMap((mode) =>
  ["barabasi_albert", "watts_strogatz"].flatMap((graph) =>
    [0, 1, 2, 3].map((i) => ({
      mode,
      graph,
      graph_nr: i,
      nodes: 10 + i,
      edges: 12 + 2 * i,
      layers: 3 + i,
      density: 0.1 * (i + 1),
      test_acc: 0.6 + 0.05 * i + (graph === "watts_strogatz" ? 0.1 : 0),
    })),
  ),
);

test("layered graph figure: vertices at their layer, direct and skip edges as separate traces", () => {
  // 0 -> 1 -> 2 and 0 -> 2 would make 2 layer 2 and 0 -> 2 a skip edge; 3 is a source.
  const graph = LayeredGraph.fromEdges(4, [
    [0, 1],
    [1, 2],
    [0, 2],
    [2, 3],
  ]);
  const figure = layeredGraphFigure(graph, { title: "example" });
  const [direct, skip, vertices] = figure.data as AnyTrace[];
  assert.equal(vertices!.x.length, 4);
  assert.deepEqual(vertices!.x, [0, 1, 2, 3]);
  // Three direct edges (3 points each incl. the null break) and one skip edge.
  assert.equal(direct!.x.length, 9);
  assert.deepEqual(skip!.x, [0, 2, null]);
  assert.deepEqual((figure.layout.xaxis as AnyTrace).ticktext, ["0 (1)", "1 (1)", "2 (1)", "3 (1)"]);
});

test("accuracy by generator: one grouped trace per generator, WS first, values from the rows", () => {
  const figure = accuracyByGeneratorFigure(rows, ["GRU", "LSTM"]);
  const traces = figure.data as AnyTrace[];
  assert.deepEqual(
    traces.map((t) => [t.type, t.name]),
    [
      ["box", "WS"],
      ["box", "BA"],
    ],
  );
  assert.equal(traces[0]!.y.length, 8);
  assert.equal(traces[0]!.marker.color, GENERATOR_COLORS.watts_strogatz);
  assert.equal(figure.layout.boxmode, "group");
  const violin = accuracyByGeneratorFigure(rows, ["GRU"], { kind: "violin" });
  assert.deepEqual(
    (violin.data as AnyTrace[]).map((t) => [t.type, t.y.length]),
    [
      ["violin", 4],
      ["violin", 4],
    ],
  );
});

test("distributions, joint plot and heatmap carry the right data; missing columns are named", () => {
  const dist = propertyDistributionsFigure(rows, ["nodes", "layers"]);
  assert.equal(dist.data.length, 4);
  assert.ok((dist.data as AnyTrace[]).every((t) => t.type === "histogram"));
  const [wsNodes, baNodes] = dist.data as AnyTrace[];
  assert.deepEqual(wsNodes!.xbins, baNodes!.xbins, "both generators share the bins");
  assert.equal(dist.layout.barmode, "group", "side by side, no blended colour where they overlap");
  assert.equal((dist.layout.xaxis as AnyTrace).title.text, "vertices", "axes carry readable labels");
  const joint = accuracyAgainstPropertyFigure(rows, "nodes", ["GRU", "LSTM"]);
  const points = (joint.data as AnyTrace[]).filter((t) => t.mode === "markers");
  assert.deepEqual(
    points.map((t) => t.name),
    ["GRU", "LSTM"],
  );
  assert.equal(points[0]!.marker.color, VARIANT_COLORS.GRU);
  assert.deepEqual(
    [(joint.layout.xaxis as AnyTrace).title.text, (joint.layout.yaxis as AnyTrace).title.text],
    ["vertices", "test accuracy"],
  );
  assert.ok((joint.data as AnyTrace[]).some((t) => /fit \(r = /.test(t.name)));
  assert.throws(() => accuracyAgainstPropertyFigure(rows, "diameter", ["GRU"]), /lacks the feature column 'diameter'/);
  const byVariant = new Map(
    ["GRU", "LSTM"].map((m) => [
      m,
      propertyCorrelations(
        rows.filter((r) => r.mode === m),
        { features: ["nodes", "layers"] },
      ),
    ]),
  );
  const heat = correlationHeatmapFigure(byVariant);
  const trace = heat.data[0] as AnyTrace;
  assert.deepEqual(
    [(heat.layout.xaxis as AnyTrace).ticktext, (heat.layout.yaxis as AnyTrace).ticktext],
    [
      ["GRU", "LSTM"],
      ["vertices", "layers"],
    ],
  );
  assert.equal(trace.text[0], byVariant.get("GRU")![0]!.r.toFixed(2).replace("-", "−"));
  assert.equal(trace.marker.color[0], byVariant.get("GRU")![0]!.r);
});

test(
  "correlation interval figure: " + "asymmetric error bars from the CI, thesis values only where the thesis has them",
  () => {
    const ours = propertyCorrelations(
      rows.filter((r) => r.mode === "GRU"),
      { features: ["nodes", "edges"] },
    );
    const figure = correlationIntervalFigure(ours, { nodes: 0.49 });
    const [mine, thesis] = figure.data as AnyTrace[];
    assert.deepEqual(mine!.y, ["vertices", "edges"]);
    assert.equal(mine!.error_x.array[0], ours[0]!.ci95[1] - ours[0]!.r);
    assert.equal(mine!.error_x.arrayminus[0], ours[0]!.r - ours[0]!.ci95[0]);
    assert.deepEqual([thesis!.x, thesis!.y], [[0.49], ["vertices"]]);
  },
);

test("joint plots: one panel per property, fit lines kept but out of the legend", () => {
  const figure = jointPlotsFigure(rows, ["nodes", "layers"], ["GRU", "LSTM"]);
  const traces = figure.data as AnyTrace[];
  const fits = traces.filter((t) => t.mode === "lines");
  assert.equal(fits.length, 4);
  assert.ok(fits.every((t) => t.showlegend === false && /fit \(r = /.test(t.name)));
  assert.deepEqual(
    traces.filter((t) => t.showlegend).map((t) => t.name),
    ["GRU", "LSTM"],
  );
  assert.ok(figure.layout.xaxis2, "a second panel");
});
