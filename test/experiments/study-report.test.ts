import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { datasetSection, formatReport, pruningSections, structureSections } from "../../src/experiments/study-report";
import { STRUCTURE_COLUMNS } from "../../src/experiments/structure-sweep";
import { readReferenceJson, referenceDir, skipWithoutReference } from "../support/reference";

test("the data-set section confirms the shipped files regenerate and shows the thesis's counts", () => {
  const section = datasetSection();
  assert.match(section.lines[0]!, /identical to the files/);
  assert.ok(
    section.lines.some((line) => /train \(valid \/ invalid\)\s*\|\s*9,339 \/ 9,411\s*\|\s*9,339 \/ 9,411/.test(line)),
  );
});

test(
  "on the thesis's own records and graphs the report gives the thesis's numbers",
  { skip: skipWithoutReference("thesis-results and thesis-graphs") },
  () => {
    const dir = mkdtempSync(join(tmpdir(), "report-"));
    const records = ["rnn_tanh", "rnn_relu", "lstm", "gru"].map((mode) =>
      join(referenceDir!, "thesis-results", `prune-${mode}.csv`),
    );
    const combined = join(dir, "records.csv");
    writeFileSync(
      combined,
      records
        .map((path, i) =>
          readFileSync(path, "utf8")
            .trimEnd()
            .split("\n")
            .slice(i === 0 ? 0 : 1)
            .join("\n"),
        )
        .join("\n") + "\n",
    );
    const [base, safe] = pruningSections(combined, ["RNN_TANH", "RNN_RELU", "LSTM", "GRU"]);
    assert.ok(base!.lines.some((line) => /RNN_TANH \| 0\.937 \| 0\.937/.test(line)));
    assert.ok(
      safe!.lines.some((line) => line.startsWith("| both") && line.includes("80% / 80%") && line.includes("60% / 60%")),
    );

    type Graph = { mode: string; graph: string; graph_nr: number; thesis: Record<string, number | string> };
    const rows = ["gru", "lstm"].flatMap((mode) => readReferenceJson<Graph[]>(`thesis-graphs/${mode}.json`));
    const csv = join(dir, "results.csv");
    writeFileSync(
      csv,
      [STRUCTURE_COLUMNS.join(","), ...rows.map((g) => STRUCTURE_COLUMNS.map((c) => g.thesis[c]).join(","))].join(
        "\n",
      ) + "\n",
    );
    const [accuracy, prediction] = structureSections(csv, ["LSTM", "GRU"], 2);
    assert.ok(accuracy!.lines.some((line) => /GRU\s*\| 200\s*\| 0\.956 \| 0\.956/.test(line)));
    assert.ok(accuracy!.lines.some((line) => /LSTM\s*\| 200\s*\| 0\.946 \| 0\.946/.test(line)));
    assert.equal(prediction!.lines.length, 4);
    assert.match(formatReport("t", [accuracy!]), /^# t\n\n## Graph-structured networks/);
  },
);
