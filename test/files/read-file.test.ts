/** Input files that cannot be read give an error naming their role, path and the reason in words. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readBinaryFile, readTextFile } from "../../src/files/read-file";

test("reads text and bytes, and explains a missing file, a folder and a path through a file", () => {
  const folder = mkdtempSync(join(tmpdir(), "read-file-"));
  const file = join(folder, "a.csv");
  writeFileSync(file, "x,y\n");
  assert.equal(readTextFile(file), "x,y\n");
  assert.deepEqual([...readBinaryFile(file)], [...Buffer.from("x,y\n")]);
  assert.throws(() => readTextFile(join(folder, "b.csv"), "the records CSV"), {
    message: `cannot read the records CSV ${join(folder, "b.csv")}: no such file`,
  });
  assert.throws(
    () => readBinaryFile(folder, "the weights file"),
    /cannot read the weights file .*: it is a folder, not a file$/,
  );
  assert.throws(
    () => readTextFile(join(file, "inner")),
    /cannot read the file .*: a part of the path is not a folder$/,
  );
});
