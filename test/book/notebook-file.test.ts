import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { multilineText, parseNotebook, readNotebook } from "../../src/book/notebook-file";
import { fixtureDir } from "./fixture-book";

const dir = mkdtempSync(join(tmpdir(), "book-notebook-file-"));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test("a notebook reads into typed cells: sources joined, outputs by kind, execution counts", () => {
  const notebook = readNotebook(join(fixtureDir, "01-fixture-chapter.ipynb"));
  assert.equal(notebook.language, "typescript");
  assert.deepEqual(
    notebook.cells.map((cell) => cell.kind),
    ["markdown", "code", "markdown", "code", "code", "code", "code", "code", "code", "raw"],
  );
  assert.match(notebook.cells[0]!.source, /^# Fixture chapter · Rendering notebooks\n\nThe first paragraph/);
  const first = notebook.cells[1]!;
  assert.equal(first.executionCount, 1);
  assert.deepEqual(
    first.outputs.map((o) => (o.type === "stream" ? o.name : o.type)),
    ["stdout", "stderr", "stdout"],
  );
  const table = notebook.cells[3]!.outputs[0]!;
  assert.ok(table.type === "display_data" && table.data["text/html"]!.startsWith("<table"));
  const error = notebook.cells[6]!.outputs[0]!;
  assert.ok(error.type === "error" && error.ename === "Error");
  assert.equal(notebook.cells[7]!.executionCount, null);
  assert.deepEqual(notebook.cells[9]!.outputs, [], "only code cells have outputs");
  assert.equal(multilineText(["a\n", "b"]), "a\nb");
  assert.equal(multilineText(undefined), "");
});

test("unreadable notebooks: the error names the file and what was expected", () => {
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const missing = join(dir, "missing.ipynb");
  assert.throws(
    () => readNotebook(missing),
    (e: Error) => e.message.includes(missing) && /cannot read the notebook \(ENOENT\)/.test(e.message),
  );
  const broken = write("broken.ipynb", '{"cells": [');
  assert.throws(
    () => readNotebook(broken),
    (e: Error) => e.message.startsWith(`${broken}: not a readable Jupyter notebook: expected JSON`),
  );
  assert.throws(
    () => parseNotebook('{"nbformat": 3, "cells": []}', "old.ipynb"),
    /old\.ipynb: .*expected nbformat 4, found 3/,
  );
  assert.throws(() => parseNotebook("[]", "list.ipynb"), /list\.ipynb: .*expected a JSON object/);
  assert.throws(() => parseNotebook('{"nbformat": 4}', "x.ipynb"), /x\.ipynb: .*expected a "cells" list/);
  assert.throws(
    () => parseNotebook('{"nbformat": 4, "cells": [{"cell_type": "image"}]}', "y.ipynb"),
    /y\.ipynb: .*cell 1 has cell_type "image"/,
  );
  const noData =
    '{"nbformat": 4, "cells": [{"cell_type": "code", "source": "", "outputs": [{"output_type": "display_data"}]}]}';
  assert.throws(() => parseNotebook(noData, "z.ipynb"), /z\.ipynb: .*cell 1, output 1 has no "data" MIME bundle/);
});
