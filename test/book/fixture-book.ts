/**
 * The fixture notebooks of test/book/fixtures/, made ready as executed notebooks: each figure cell (marked by
 * `metadata.fixture_figure`) gets the output our real `showFigure` would give it, from `figureDivHtml`, with plotly
 * inlined where the metadata says so (5 MB, so it is generated here rather than stored in the fixture).
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { barChart, lineChart } from "../../src/plots/charts";
import type { Figure } from "../../src/plots/figure";
import { figureDivHtml } from "../../src/plots/html";
import { projectRoot } from "../support/reference";

/** The fixture folder (source notebooks without figure outputs). */
export const fixtureDir = join(projectRoot, "test", "book", "fixtures");

/** The figures the fixtures' figure cells show, by name. */
export const fixtureFigures: Readonly<Record<string, Figure>> = {
  bars: barChart(["GRU", "LSTM"], [{ name: "accuracy", values: [0.999, 0.9985] }], {
    size: "column",
    title: "Fixture bars",
  }),
  line: lineChart([{ name: "loss", x: [1, 2, 3], y: [0.7, 0.3, 0.1] }], { title: "Fixture line" }),
};

interface RawCell {
  cell_type: string;
  metadata: { fixture_figure?: { name: string; includePlotly: boolean } };
  outputs?: unknown[];
}

/** Copy the fixture notebooks into `dir` with their figure outputs filled in; returns their paths in order. */
export function writeFixtureNotebooks(dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  return readdirSync(fixtureDir)
    .filter((name) => name.endsWith(".ipynb"))
    .sort()
    .map((name) => {
      const notebook = JSON.parse(readFileSync(join(fixtureDir, name), "utf8")) as { cells: RawCell[] };
      for (const cell of notebook.cells) {
        const spec = cell.metadata.fixture_figure;
        if (!spec) continue;
        const html = figureDivHtml(fixtureFigures[spec.name]!, { includePlotly: spec.includePlotly });
        cell.outputs = [
          { output_type: "display_data", metadata: {}, data: { "text/html": html, "text/plain": "<figure>" } },
        ];
      }
      const path = join(dir, name);
      writeFileSync(path, JSON.stringify(notebook));
      return path;
    });
}
