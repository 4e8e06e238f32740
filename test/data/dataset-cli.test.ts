import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildProgram } from "../../src/cli/main";
import { shippedDataDir } from "../../src/data/dataset-files";
import { readLabelledCsv } from "../../src/data/labelled-csv";
import { isEmbeddedReber } from "../../src/data/embedded-reber-grammar";

const dir = mkdtempSync(join(tmpdir(), "dataset-cli-"));
test.after(() => rmSync(dir, { recursive: true, force: true }));

/** Run `sparse-rnn <args>` in-process and capture what it prints. */
async function runCli(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const program = buildProgram().configureOutput({ writeOut: (s) => (stdout += s), writeErr: (s) => (stderr += s) });
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string) => ((stdout += chunk), true)) as typeof process.stdout.write;
  try {
    await program.parseAsync(["node", "sparse-rnn", ...args]);
  } finally {
    process.stdout.write = write;
  }
  return { stdout, stderr };
}

test("generate writes the three files; the same seed writes the same bytes, another seed others", async () => {
  const out = await runCli("dataset", "generate", "--seed", "5", "--out", join(dir, "a"));
  assert.match(out.stdout, /generated the Reber data set with seed 5/);
  assert.match(out.stdout, /train\.csv: 18,750 strings \(9,339 valid, 9,411 invalid\)/);
  await runCli("dataset", "generate", "--seed", "5", "--out", join(dir, "b"));
  const json = JSON.parse(
    (await runCli("dataset", "generate", "--seed", "6", "--out", join(dir, "c"), "--json")).stdout,
  );
  assert.deepEqual(
    json.files.map((f: { rows: number }) => f.rows),
    [25_000, 18_750, 6_250],
  );
  for (const name of ["reber_sequences.csv", "train.csv", "test.csv"]) {
    const a = readFileSync(join(dir, "a", name), "utf8");
    assert.equal(readFileSync(join(dir, "b", name), "utf8"), a, name);
    assert.notEqual(readFileSync(join(dir, "c", name), "utf8"), a, name);
  }
  assert.equal(readLabelledCsv(join(dir, "a", "test.csv")).length, 6_250);
});

test("generate --task embedded-reber writes the embedded data set; --task reber is the default", async () => {
  const out = await runCli("dataset", "generate", "--task", "embedded-reber", "--seed", "5", "--out", join(dir, "e"));
  assert.match(out.stdout, /generated the embedded Reber data set with seed 5/);
  assert.match(out.stdout, /train\.csv: 18,750 strings \(9,339 valid, 9,411 invalid\), lengths 1[45]–/);
  const rows = readLabelledCsv(join(dir, "e", "reber_sequences.csv"));
  assert.equal(rows.length, 25_000);
  for (const row of rows) assert.equal(isEmbeddedReber(row.string), row.valid, row.string);
  const json = JSON.parse(
    (await runCli("dataset", "generate", "--task", "reber", "--seed", "5", "--out", join(dir, "r"), "--json")).stdout,
  );
  assert.equal(json.task, "reber");
  await runCli("dataset", "generate", "--seed", "5", "--out", join(dir, "d"));
  for (const name of ["reber_sequences.csv", "train.csv", "test.csv"]) {
    assert.equal(readFileSync(join(dir, "r", name), "utf8"), readFileSync(join(dir, "d", name), "utf8"), name);
  }
  await assert.rejects(
    runCli("dataset", "generate", "--task", "embedded", "--out", dir),
    (e: { code?: string; message: string }) =>
      e.code === "commander.invalidArgument" &&
      /--task must be reber or embedded-reber, got "embedded"/.test(e.message),
  );
});

test(
  "validate --task embedded-reber: the shipped embedded labels agree; " + "the Reber grammar's reasons are replaced",
  async () => {
    const shipped = join(shippedDataDir(), "embedded-reber", "reber_sequences.csv");
    const result = JSON.parse(
      (await runCli("dataset", "validate", shipped, "--task", "embedded-reber", "--json")).stdout,
    );
    assert.deepEqual([result.rows, result.agree, result.disagree, result.grammarValid], [25_000, 25_000, 0, 12_500]);
    const file = join(dir, "embedded.csv");
    writeFileSync(file, "string,valid\nBTBTXSETE,True\nBTBTXSEPE,True\nBPBPVVEPE,False\n");
    const text = (await runCli("dataset", "validate", file, "--task", "embedded-reber")).stdout;
    assert.match(text, /1 agree with the grammar, 2 disagree/);
    assert.match(
      text,
      /line 3: BTBTXSEPE labelled valid; closing-mismatch at position 8: found "P", the grammar allows T/,
    );
    assert.match(text, /line 4: BPBPVVEPE labelled invalid; the grammar accepts it/);
    const unlabelled = join(dir, "embedded-strings.csv");
    writeFileSync(unlabelled, "string\nBTBTXSETE\nBTXSE\n");
    assert.match(
      (await runCli("dataset", "stats", unlabelled, "--task", "embedded-reber")).stdout,
      /2 strings, 1 valid, 1 invalid/,
    );
    assert.match((await runCli("dataset", "stats", unlabelled)).stdout, /2 strings, 1 valid, 1 invalid/);
  },
);

test("generate rejects a bad seed and a bad split, and needs --out", async () => {
  await assert.rejects(
    runCli("dataset", "generate", "--seed", "1.5", "--out", dir),
    (e: { code?: string; message: string }) =>
      e.code === "commander.invalidArgument" &&
      /--seed: "1\.5" is not an integer seed in \[0, 4294967295\]/.test(e.message),
  );
  await assert.rejects(
    runCli("dataset", "generate", "--out", dir, "--split", "half"),
    /--split must be "thesis" or "random", got "half"/,
  );
  await assert.rejects(
    runCli("dataset", "generate"),
    (e: { code?: string }) => e.code === "commander.missingMandatoryOptionValue",
  );
});

test("stats prints counts, length min/max/mode and a text histogram; --json gives the numbers", async () => {
  const file = join(dir, "small.csv");
  writeFileSync(file, "string,valid\nBTXSE,True\nBPVVE,True\nBTXXE,False\nBTSSXSE,True\n");
  const text = (await runCli("dataset", "stats", file)).stdout;
  assert.match(text, /4 strings, 3 valid, 1 invalid/);
  assert.match(text, /length: min 5, max 7, mean 5\.50, mode 5 \(3 strings\)/);
  assert.match(text, /^ {2}5 │ 3 █{50}$/m);
  assert.match(text, /^ {2}6 │ 0$/m);
  assert.match(text, /characters: B 4, E 4, P 1, S 4, T 3, V 2, X 4/);
  const json = JSON.parse((await runCli("dataset", "stats", file, "--json")).stdout);
  assert.equal(json.labelsFrom, "file");
  assert.deepEqual(json.length, { min: 5, max: 7, mean: 5.5, mode: 5, modeCount: 3 });
  assert.deepEqual(
    json.lengthHistogram.map((h: { count: number }) => h.count),
    [3, 0, 1],
  );
});

test("stats of a file without labels labels by the grammar and says so", async () => {
  const file = join(dir, "unlabelled.csv");
  writeFileSync(file, "string\nBTXSE\nBTXXE\n");
  assert.match(
    (await runCli("dataset", "stats", file)).stdout,
    /2 strings, 1 valid, 1 invalid \(labels by the grammar/,
  );
});

test("validate --json on the shipped data: every label agrees with the grammar", async () => {
  const file = join(shippedDataDir(), "reber_sequences.csv");
  const result = JSON.parse((await runCli("dataset", "validate", file, "--json")).stdout);
  assert.equal(result.rows, 25_000);
  assert.equal(result.agree, result.rows);
  assert.equal(result.disagree, 0);
  assert.deepEqual(result.firstDisagreements, []);
  assert.equal(result.grammarValid, 12_500);
});

test("validate lists the first disagreements with line, label and the grammar's reason", async () => {
  const file = join(dir, "mislabelled.csv");
  writeFileSync(file, "string,valid\nBTXSE,True\nBTTVPXTVPSE,True\nBPVVE,False\n");
  const json = JSON.parse((await runCli("dataset", "validate", file, "--json")).stdout);
  assert.deepEqual(json, {
    file,
    rows: 3,
    grammarValid: 2,
    grammarInvalid: 1,
    labelled: true,
    agree: 1,
    disagree: 2,
    firstDisagreements: [
      { line: 3, string: "BTTVPXTVPSE", label: true, grammar: false },
      { line: 4, string: "BPVVE", label: false, grammar: true },
    ],
  });
  const text = (await runCli("dataset", "validate", file)).stdout;
  assert.match(text, /1 agree with the grammar, 2 disagree/);
  assert.match(text, /line 3: BTTVPXTVPSE labelled valid; position 3: found "T", the grammar allows S or X/);
  assert.match(text, /line 4: BPVVE labelled invalid; the grammar accepts it/);
  const before = process.exitCode;
  await runCli("dataset", "validate", file, "--strict");
  assert.equal(process.exitCode, 1);
  process.exitCode = before;
});

test("validate without a valid column counts valid and invalid by the grammar", async () => {
  const file = join(dir, "strings.csv");
  writeFileSync(file, "string\nBTXSE\nBTXXE\nBPVVE\n");
  const json = JSON.parse((await runCli("dataset", "validate", file, "--json")).stdout);
  assert.deepEqual(json, { file, rows: 3, grammarValid: 2, grammarInvalid: 1, labelled: false });
});

test("a header-only file is rejected by validate, --strict or not, as by the other commands", async () => {
  const file = join(dir, "header-only.csv");
  writeFileSync(file, "string,valid\n");
  for (const extra of [[], ["--strict"], ["--json"]]) {
    await assert.rejects(
      runCli("dataset", "validate", file, ...extra),
      /header-only\.csv: no rows after the header \(nothing to validate\)/,
    );
  }
  await assert.rejects(runCli("dataset", "stats", file), /no rows/);
});

test("seeds outside [0, 2^32 - 1] are refused naming the flag (the generator would wrap them)", async () => {
  for (const seed of ["4294967296", "-1", "1e3", "0x10", ""]) {
    await assert.rejects(
      runCli("dataset", "generate", "--seed", seed, "--out", join(dir, "never")),
      (e: { message: string }) => e.message.includes(`--seed: "${seed}" is not an integer seed in [0, 4294967295]`),
    );
  }
});

test("bad files are errors naming the file and line; --help works on every command", async () => {
  const file = join(dir, "bad.csv");
  writeFileSync(file, "string,valid\nBTXSE,maybe\n");
  await assert.rejects(
    runCli("dataset", "stats", file),
    new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:2: bad label "maybe"`),
  );
  await assert.rejects(runCli("dataset", "validate", join(dir, "nope.csv")), /cannot read .*nope\.csv/);
  for (const command of [[], ["generate"], ["stats"], ["validate"]]) {
    const run = runCli("dataset", ...command, "--help");
    await assert.rejects(run, (e: { code?: string }) => e.code === "commander.helpDisplayed");
  }
});
