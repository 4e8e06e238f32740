/** `sparse-rnn predict` run as a process: the thesis's split reproduces table 6.5; repeats; clear errors. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cli } from "../support/cli";
import { readReferenceJson, skipWithoutReference } from "../support/reference";
import { STRUCTURE_FEATURES } from "../../src/analysis/structure-features";
import { SeededRandom } from "../../src/random/seeded-random";

const work = mkdtempSync(join(tmpdir(), "sparse-rnn-predict-"));

/** Write rows as a CSV with the given columns (pandas-style unnamed index first). */
function writeCsv(path: string, columns: string[], rows: Record<string, unknown>[]): void {
  const lines = [["", ...columns].join(",")];
  rows.forEach((row, i) => lines.push([String(i), ...columns.map((c) => String(row[c]))].join(",")));
  writeFileSync(path, `${lines.join("\n")}\n`);
}

const COLUMNS = ["mode", "graph", "graph_nr", ...STRUCTURE_FEATURES, "test_acc", "test_loss", "time"];

/** A small synthetic results file (test_acc follows source_nodes). */
function syntheticCsv(name: string, n: number): string {
  const random = new SeededRandom(11);
  const rows = Array.from({ length: n }, (_, i) => {
    const row: Record<string, unknown> = { mode: "LSTM", graph: "watts_strogatz", graph_nr: i, test_loss: 1, time: 10 };
    for (const f of STRUCTURE_FEATURES) row[f] = random.uniform(1, 20);
    row.test_acc = 0.7 + 0.01 * (row.source_nodes as number) + 0.02 * random.random();
    return row;
  });
  const path = join(work, name);
  writeCsv(path, COLUMNS, rows);
  return path;
}

for (const variant of ["gru", "lstm"] as const) {
  test(
    `${variant}: predict --test-rows <thesis split> --json reproduces sklearn's Bayesian-ridge R²`,
    { skip: skipWithoutReference(`thesis-graphs/${variant}.json`) },
    () => {
      const graphs = readReferenceJson<{ thesis: Record<string, unknown> }[]>(`thesis-graphs/${variant}.json`);
      const reference = readReferenceJson<{ test_idx: number[]; bayesian_ridge: { r2: number } }>(
        `regression/${variant}.json`,
      );
      const csv = join(work, `${variant}.csv`);
      writeCsv(
        csv,
        COLUMNS,
        graphs.map((g) => g.thesis),
      );
      const rowsFile = join(work, `${variant}-test-rows.txt`);
      writeFileSync(rowsFile, reference.test_idx.join("\n"));
      const run = cli("predict", "--results", csv, "--test-rows", rowsFile, "--json");
      assert.equal(run.status, 0, run.stderr);
      const report = JSON.parse(run.stdout) as {
        perRegressor: { name: string; r2: number }[];
        trainCount: number;
        testCount: number;
      };
      assert.deepEqual([report.trainCount, report.testCount], [180, 20]);
      assert.deepEqual(
        report.perRegressor.map((r) => r.name),
        ["bayesian_ridge", "random_forest", "ada_boost"],
      );
      assert.ok(Math.abs(report.perRegressor[0]!.r2 - reference.bayesian_ridge.r2) < 1e-6);
    },
  );
}

test("predict prints R², importances and correlations; --repeats adds mean ± sd, a 95% interval and the caveat", () => {
  const csv = syntheticCsv("synthetic.csv", 60);
  const one = cli("predict", "--results", csv, "--features", "only_node_edge", "--seed", "4");
  assert.equal(one.status, 0, one.stderr);
  assert.match(one.stdout, /60 graphs, 4 features, target test_acc; random 54\/6 split/);
  assert.match(one.stdout, /Bayesian ridge\s+ 0\.\d{5}/);
  assert.match(one.stdout, /a single split says little/);
  assert.match(one.stdout, /^source_nodes\s/m);
  assert.doesNotMatch(one.stdout, /^layers\s/m);
  const again = cli("predict", "--results", csv, "--features", "only_node_edge", "--seed", "4");
  assert.equal(again.stdout, one.stdout, "same seed, same report");
  const many = cli("predict", "--results", csv, "--repeats", "3", "--features", "source_nodes,layers");
  assert.equal(many.status, 0, many.stderr);
  assert.match(many.stdout, /R² over 3 random splits: mean ± sd \[95% t interval of the mean\]/);
  assert.match(many.stdout, /random forest\s+ 0\.\d{5} ± 0\.\d{5}\s+\[/);
  assert.match(many.stdout, /thesis judged each regressor on one split of 20 graphs/);
});

test("predict errors name the file, line and column, or the option", () => {
  const missing = join(work, "missing.csv");
  writeCsv(
    missing,
    ["mode", "layers", "test_acc"],
    [
      { mode: "GRU", layers: 3, test_acc: 0.9 },
      { mode: "GRU", layers: 4, test_acc: 0.8 },
    ],
  );
  let run = cli("predict", "--results", missing);
  assert.equal(run.status, 1);
  assert.match(run.stderr, new RegExp(`sparse-rnn: ${missing} lacks the feature column 'nodes'`));
  const text = join(work, "text.csv");
  writeFileSync(text, ",mode,layers,test_acc\n0,GRU,3,0.9\n1,GRU,3,n/a\n");
  run = cli("predict", "--results", text, "--features", "layers");
  assert.match(run.stderr, new RegExp(`${text}:3: column 'test_acc' holds 'n/a', expected a finite number`));
  const csv = syntheticCsv("ok.csv", 30);
  assert.match(
    cli("predict", "--results", csv, "--repeats", "0").stderr,
    /--repeats must be a positive integer, got "0"/,
  );
  assert.match(
    cli("predict", "--results", csv, "--test-rows", "1,30").stderr,
    /test row 30 is outside the results' rows 0\.\.29/,
  );
  assert.match(
    cli("predict", "--results", csv, "--features", "layers,girth").stderr,
    /lacks the feature column 'girth'/,
  );
});

test("predict refuses a constant test_acc column instead of reporting R² = 1", () => {
  const random = new SeededRandom(5);
  const rows = Array.from({ length: 40 }, (_, i) => {
    const row: Record<string, unknown> = {
      mode: "GRU",
      graph: "barabasi_albert",
      graph_nr: i,
      test_acc: 0.5,
      test_loss: 1,
      time: 1,
    };
    for (const f of STRUCTURE_FEATURES) row[f] = random.uniform(1, 20);
    return row;
  });
  const path = join(work, "constant.csv");
  writeCsv(path, COLUMNS, rows);
  const run = cli("predict", "--results", path);
  assert.equal(run.status, 1);
  assert.match(
    run.stderr,
    /--results .*constant\.csv: column "test_acc" is 0\.5 in all 40 rows; R² is undefined for a constant target/,
  );
  assert.doesNotMatch(run.stdout, /1\.00000/);
});
