/**
 * Show figures inline in a tslab notebook, offline: the first figure of a kernel session carries
 * plotly.js itself (about 5 MB, once), later ones only their data. Jupyter runs the scripts of trusted
 * outputs only: notebooks executed here are trusted; a notebook received from elsewhere needs
 * "File > Trust Notebook" (or `jupyter trust FILE`) before its figures draw.
 */
import { figureAt, type Figure, type FigureBuilder } from "./figure";
import { escapeHtml, figureDivHtml } from "./html";

let plotlySent = false;

/** tslab's display API, or a clear error outside a tslab kernel. */
function tslabDisplay(): { html(s: string): void } {
  const display = (require("tslab") as { display: { html(s: string): void } }).display;
  return {
    html(s: string) {
      try {
        display.html(s);
      } catch (error) {
        throw new Error(
          `showing HTML needs a running tslab notebook kernel (${(error as Error).message}); ` +
            "outside a notebook use writeFigureHtml or saveFigures",
        );
      }
    },
  };
}

/**
 * Display a figure in the notebook (a builder is drawn at the notebook size, with its title); `reloadPlotly` sends
 * plotly.js again (e.g. after clearing outputs).
 */
export function showFigure(figure: Figure | FigureBuilder, options: { reloadPlotly?: boolean } = {}): void {
  const includePlotly = !plotlySent || options.reloadPlotly === true;
  tslabDisplay().html(figureDivHtml(figureAt(figure, "notebook"), { includePlotly }));
  plotlySent = true;
}

/** Display raw HTML (tables, notes) in the notebook. */
export function showHtml(html: string): void {
  tslabDisplay().html(html);
}

/** Display a short note in a muted box (e.g. "quick mode: 500 strings instead of 25,000"). */
export function showNote(text: string): void {
  showHtml(
    `<div style="border-left:3px solid #999;padding:4px 10px;color:#444;background:#f6f6f6">${escapeHtml(text)}</div>`,
  );
}
