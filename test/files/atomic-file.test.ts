/**
 * The lab's one atomic write: replaces content whole, leaves no temp file, names the target on failure, and cleans up
 * only dead writers' leftovers.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { isTempFileName, removeStaleTempFiles, writeFileAtomic } from "../../src/files/atomic-file";

const scratch = (): string => mkdtempSync(join(tmpdir(), "atomic-file-"));

/** A pid that no process on this machine has (beyond Linux's pid_max). */
const DEAD_PID = 4_194_305;

describe("writeFileAtomic", () => {
  test("writes strings as UTF-8 and bytes as they are, replacing old content, with no temp file left", () => {
    const folder = scratch();
    const target = join(folder, "records.csv");
    writeFileAtomic(target, "first version, much longer than the second\n");
    writeFileAtomic(target, "zweite ✓\n");
    assert.equal(readFileSync(target, "utf8"), "zweite ✓\n");
    writeFileAtomic(target, new Uint8Array([0, 255, 7]));
    assert.deepEqual([...readFileSync(target)], [0, 255, 7]);
    assert.deepEqual(readdirSync(folder), ["records.csv"]);
  });

  test("a failed write names the target and leaves the old content", () => {
    const folder = scratch();
    assert.throws(
      () => writeFileAtomic(join(folder, "missing-folder", "x.json"), "{}"),
      (error: Error) => error.message.startsWith(`cannot write ${join(folder, "missing-folder", "x.json")}:`),
    );
    const target = join(folder, "kept.txt");
    writeFileAtomic(target, "old");
    mkdirSync(join(folder, "dir-target"));
    assert.throws(() => writeFileAtomic(join(folder, "dir-target"), "new"), /cannot write .*dir-target/);
    assert.equal(readFileSync(target, "utf8"), "old");
    assert.deepEqual(readdirSync(folder).filter(isTempFileName), []);
  });
});

describe("removeStaleTempFiles", () => {
  test("removes this host's temp files of dead processes, in subfolders too, and keeps live and foreign ones", () => {
    const folder = scratch();
    mkdirSync(join(folder, "results"));
    const dead = `.a.json.tmp-${hostname()}-${DEAD_PID}-abc`;
    const live = `.b.json.tmp-${hostname()}-${process.pid}-def`;
    const foreign = `.c.json.tmp-some-other-node-${DEAD_PID}-ghi`;
    for (const name of [dead, live, foreign]) writeFileSync(join(folder, "results", name), "partial");
    writeFileSync(join(folder, "results", "a.json"), "{}");
    assert.equal(removeStaleTempFiles(folder), 1);
    assert.deepEqual(readdirSync(join(folder, "results")).sort(), [live, foreign, "a.json"].sort());
  });

  test("recognises its own temp names only", () => {
    assert.equal(isTempFileName(`.x.csv.tmp-${hostname()}-1-a`), true);
    assert.equal(isTempFileName("x.csv"), false);
    assert.equal(isTempFileName(".hidden"), false);
  });
});
