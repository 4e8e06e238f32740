/**
 * Code-cell outputs as HTML for a static page: rich displays (HTML tables and figures, SVG, images, plain text),
 * stream text and errors. The inline copy of plotly that our first figure carries is removed: the page loads
 * plotly once from the site's assets.
 */
import { escapeHtml, FIGURE_CLASS, stripPlotlyScripts } from "../plots/html";
import type { MimeBundle, NotebookOutput } from "./notebook-file";

/** Rendered outputs of one cell. */
export interface RenderedOutputs {
  readonly html: string;
  /** How many plotly figures (our `figureDivHtml` divs) the outputs draw. */
  readonly figures: number;
}

/** Text without ANSI colour and cursor codes (tslab and Node colour their errors). */
export function stripAnsi(text: string): string {
  return text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "");
}

/** Terminal text as it looks once shown: a carriage return rewrites its line (progress bars). */
export function terminalText(text: string): string {
  return stripAnsi(text)
    .split("\n")
    .map((line) => {
      const parts = line.split("\r");
      let shown = parts.pop() ?? "";
      while (shown === "" && parts.length > 0) shown = parts.pop()!;
      return shown;
    })
    .join("\n");
}

/** The richest representation of a display that a static page can show, as HTML ("" when none). */
function displayHtml(data: MimeBundle): string {
  if (data["text/html"] !== undefined) return stripPlotlyScripts(data["text/html"]).trim();
  if (data["image/svg+xml"] !== undefined) return data["image/svg+xml"];
  for (const mime of ["image/png", "image/jpeg", "image/gif"]) {
    const base64 = data[mime];
    if (base64 !== undefined) return `<img alt="" src="data:${mime};base64,${base64.replace(/\s+/g, "")}">`;
  }
  if (data["text/plain"] !== undefined) {
    return `<pre class="output-text">${escapeHtml(terminalText(data["text/plain"]))}</pre>`;
  }
  return "";
}

/** One output as HTML ("" for an output with nothing to show). */
export function renderOutput(output: NotebookOutput): string {
  switch (output.type) {
    case "stream": {
      const text = terminalText(output.text);
      return text === ""
        ? ""
        : `<pre class="output-stream output-${escapeHtml(output.name)}">${escapeHtml(text)}</pre>`;
    }
    case "display_data":
    case "execute_result": {
      const html = displayHtml(output.data);
      return html === "" ? "" : `<div class="output-display">${html}</div>`;
    }
    case "error": {
      // tslab puts the whole stack in evalue and leaves the traceback empty; Python's traceback holds everything.
      const lines = output.traceback.length > 0 ? output.traceback : [output.evalue];
      const detail = lines.map(stripAnsi).join("\n").trim();
      const title = output.ename && !detail.includes(output.ename) ? `${output.ename}: ` : "";
      return `<pre class="output-error">${escapeHtml(title + detail)}</pre>`;
    }
  }
}

/** Outputs with each run of consecutive stream outputs of one name joined into one (as Jupyter shows them). */
export function mergeStreams(outputs: readonly NotebookOutput[]): NotebookOutput[] {
  const merged: NotebookOutput[] = [];
  for (const output of outputs) {
    const last = merged[merged.length - 1];
    if (output.type === "stream" && last?.type === "stream" && last.name === output.name) {
      merged[merged.length - 1] = { ...last, text: last.text + output.text };
    } else merged.push(output);
  }
  return merged;
}

/** All outputs of a cell (consecutive streams merged), with the number of figures they draw. */
export function renderOutputs(outputs: readonly NotebookOutput[]): RenderedOutputs {
  const parts = mergeStreams(outputs)
    .map(renderOutput)
    .filter((html) => html !== "");
  const html = parts.join("\n");
  return { html, figures: html.split(`class="${FIGURE_CLASS}"`).length - 1 };
}
