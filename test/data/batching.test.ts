import { test } from "node:test";
import assert from "node:assert/strict";
import { SeededRandom } from "../../src/random/seeded-random";
import { makeBatches, type Batch } from "../../src/data/batching";
import { decodeAscii, encodeAscii } from "../../src/data/encoding";
import type { LabelledString } from "../../src/data/reber-dataset";

const rows: LabelledString[] = [
  { string: "BTXSE", valid: true },
  { string: "BPTVVE", valid: true },
  { string: "BTXXE", valid: false },
  { string: "BPVVE", valid: true },
  { string: "BZZZZZZZE", valid: false },
];

/** String b of a batch, read back from the time-major tokens. */
function column(batch: Batch, b: number): number[] {
  return Array.from({ length: batch.length }, (_, t) => batch.tokens[t * batch.size + b]!);
}

test("encodeAscii gives character codes and names the row (and file) of a bad character", () => {
  assert.deepEqual([...encodeAscii("BTXSE", 0)], [66, 84, 88, 83, 69]);
  assert.equal(decodeAscii(encodeAscii("a~ Z", 0)), "a~ Z");
  assert.throws(
    () => encodeAscii("BTé", 7),
    /^Error: row 7: character "é" \(code 233\) at position 3 of "BTé" is outside ASCII/,
  );
  assert.throws(() => encodeAscii("B→E", 3, "data/train.csv"), /^Error: data\/train\.csv, row 3: character "→"/);
  assert.throws(() => encodeAscii("B\u0000E", 1), /NUL \(code 0, reserved for padding\)/);
});

test("file order: consecutive rows, right-padded with 0, time-major, last batch smaller", () => {
  const batches = makeBatches(rows, { batchSize: 2, order: "file" });
  assert.deepEqual(
    batches.map((b) => [b.size, b.length, b.rows]),
    [
      [2, 6, [0, 1]],
      [2, 5, [2, 3]],
      [1, 9, [4]],
    ],
  );
  const first = batches[0]!;
  assert.deepEqual([...first.tokens], [66, 66, 84, 80, 88, 84, 83, 86, 69, 86, 0, 69]);
  assert.deepEqual(column(first, 0), [66, 84, 88, 83, 69, 0]);
  assert.deepEqual([...first.labels], [1, 1]);
  assert.deepEqual([...batches[1]!.labels], [0, 1]);
  assert.equal(decodeAscii(column(batches[2]!, 0)), "BZZZZZZZE");
});

test("shuffled order: a permutation of all rows, reproducible from the seed, consistent tokens and labels", () => {
  const many = Array.from({ length: 100 }, (_, i) => ({ string: "BT".repeat(i % 13) + "E", valid: i % 3 === 0 }));
  const a = makeBatches(many, { batchSize: 32, order: "shuffled", rng: new SeededRandom(4) });
  const b = makeBatches(many, { batchSize: 32, order: "shuffled", rng: new SeededRandom(4) });
  const c = makeBatches(many, { batchSize: 32, order: "shuffled", rng: new SeededRandom(5) });
  assert.deepEqual(
    a.map((x) => x.size),
    [32, 32, 32, 4],
  );
  assert.deepEqual(a, b);
  assert.notDeepEqual(
    a.map((x) => x.rows),
    c.map((x) => x.rows),
  );
  const order = a.flatMap((x) => x.rows);
  assert.deepEqual(
    [...order].sort((x, y) => x - y),
    many.map((_, i) => i),
  );
  assert.notDeepEqual(
    order,
    many.map((_, i) => i),
  );
  for (const batch of a) {
    assert.equal(batch.length, Math.max(...batch.rows.map((r) => many[r]!.string.length)));
    batch.rows.forEach((r, k) => {
      assert.equal(decodeAscii(column(batch, k)), many[r]!.string);
      assert.equal(batch.labels[k], many[r]!.valid ? 1 : 0);
    });
  }
});

test("bad options and bad rows are clear errors", () => {
  assert.throws(
    () => makeBatches(rows, { batchSize: 0, order: "file" }),
    /batch size must be a positive integer, got 0/,
  );
  assert.throws(() => makeBatches(rows, { batchSize: 2, order: "shuffled" }), /needs an rng/);
  assert.throws(() => makeBatches(rows, { batchSize: 2, order: "sorted" as "file" }), /unknown batch order "sorted"/);
  assert.throws(
    () => makeBatches([...rows, { string: "BÄE", valid: true }], { batchSize: 2, order: "file", source: "x.csv" }),
    /x\.csv, row 5: character "Ä"/,
  );
  assert.deepEqual(makeBatches([], { batchSize: 4, order: "file" }), []);
});
