import { test } from "node:test";
import assert from "node:assert/strict";
import { smallWorldSpectrum } from "../../src/analysis/small-world-spectrum";
import type { StructureRow } from "../../src/analysis/results-csv";
import { completeGraph } from "../../src/graphs/complete-graph";
import { wsFlexGraph } from "../../src/graphs/ws-flex";
import { SeededRandom } from "../../src/random/seeded-random";
import {
  completeComparisonTable,
  describeSpectrum,
  mappingDepths,
  mappingDepthTable,
  spectrumCorrelationTable,
  sweetSpotShare,
  sweetSpotTable,
} from "../../src/notebook/spectrum-tables";

test(
  "mapping depths: a ring lattice stacks one layered layer per vertex, a complete graph too; " + "C and L as networkx",
  () => {
    const [ring, complete] = mappingDepths([
      { label: "ring", graph: wsFlexGraph({ nodes: 8, k: 2, p: 0 }, new SeededRandom(0)) },
      { label: "K5", graph: completeGraph({ nodes: 5 }) },
    ]);
    // 0-1-…-7 plus 0-7: the longest index-increasing path visits every vertex; 0 → 7 needs a skip layer.
    assert.deepEqual([ring!.layeredLayers, ring!.layeredSkips, ring!.clustering, ring!.pathLength], [8, 1, 0, 16 / 7]);
    assert.deepEqual([complete!.layeredLayers, complete!.clustering, complete!.pathLength], [5, 1, 1]);
    assert.match(mappingDepthTable([ring!]), /<td[^>]*>ring<\/td>.*<td[^>]*>8<\/td>.*<td[^>]*>1<\/td><\/tr>/s);
  },
);

/**
 * Rows of a synthetic sweep: 40 graphs over C ∈ [0, 0.8], L ∈ [1.5, 4], accuracy peaking at mid C; K_n at `complete`.
 */
function syntheticRows(complete: readonly number[]): StructureRow[] {
  const random = new SeededRandom(4);
  const rows: StructureRow[] = complete.map((acc) => ({
    mode: "GRU",
    graph: "complete",
    graph_nr: 0,
    average_clustering: 1,
    transitivity: 1,
    average_shortest_path_length: 1,
    test_acc: acc,
  }));
  for (let g = 1; g <= 40; g++) {
    const c = (0.8 * g) / 40;
    const l = 4 - 2.5 * c;
    const acc = 0.8 - 0.5 * (c - 0.4) ** 2 + 0.01 * random.random();
    rows.push({
      mode: "GRU",
      graph: "ws_flex",
      graph_nr: g,
      average_clustering: c,
      transitivity: c,
      average_shortest_path_length: l,
      test_acc: acc,
    });
  }
  return rows;
}

test(
  "spectrum answer: the best bin, " +
    "the sweet-spot count and the verdict against the complete graph follow the numbers",
  () => {
    const behind = smallWorldSpectrum(syntheticRows([0.7, 0.71, 0.69]));
    const [variant] = behind.variants;
    const best = variant!.bins.find((bin) => bin.best)!;
    assert.ok(best.clusteringRange[0] <= 0.4 && best.clusteringRange[1] >= 0.4 - 0.2, "the peak's bin is best");
    const share = sweetSpotShare(variant!);
    assert.ok(share.inside >= 1 && share.inside < share.tested, `${share.inside} of ${share.tested}`);
    const text = describeSpectrum(behind.variants);
    assert.match(text, new RegExp(`GRU: the best bin is C ${best.clusteringRange[0].toFixed(2)}–`));
    assert.match(text, new RegExp(`${share.inside} of ${share.tested} tested bins`));
    assert.match(text, /that bin beats the complete graph/);
    assert.match(
      describeSpectrum(smallWorldSpectrum(syntheticRows([0.9, 0.91, 0.92])).variants),
      /is worse than the complete graph/,
    );
    assert.match(sweetSpotTable(behind.variants), /best bin/);
    assert.match(completeComparisonTable(behind.variants), /\(3 runs\)/);
    assert.match(spectrumCorrelationTable(behind.variants), /average clustering C/);
  },
);

test("spectrum answer: a complete graph with one run is reported, not tested", () => {
  const single = smallWorldSpectrum(syntheticRows([0.9])).variants;
  assert.match(describeSpectrum(single), /from the complete graph's one run so far, too few to test/);
  assert.match(completeComparisonTable(single), /\(1 run\)/);
});
