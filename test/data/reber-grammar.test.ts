import { test } from "node:test";
import assert from "node:assert/strict";
import { SeededRandom } from "../../src/random/seeded-random";
import {
  checkReber,
  countValidReber,
  CoinFlips,
  generateValidReber,
  isValidReber,
  REBER_GRAMMAR,
  reberTransitionsFrom,
  reberVerdict,
  THESIS_LENGTH_RANGE,
  THESIS_REBER_EXAMPLES,
  walkReber,
} from "../../src/data/reber-grammar";

const THESIS_VALID = ["BPTVPXTTVVE", "BTSXXTTTTVVE", "BTSSXXTTVVE", "BTXXVPXTVVE", "BPTTTTTVPSE"];
const THESIS_INVALID = ["BTTVPXTVPSE", "BPSXXTTTVPSE", "BPSSSXXTVVE", "BTTTVPXTVVE", "BPSSXXTTVVE"];

test("the automaton is the thesis's diagram", () => {
  assert.equal(REBER_GRAMMAR.start, 0);
  assert.equal(REBER_GRAMMAR.end, 7);
  assert.deepEqual([...REBER_GRAMMAR.alphabet].sort(), ["B", "E", "P", "S", "T", "V", "X"]);
  const edges = REBER_GRAMMAR.transitions.map((t) => `${t.from}-${t.symbol}->${t.to}`);
  assert.deepEqual(edges, [
    "0-B->1",
    "1-T->2",
    "1-P->3",
    "2-S->2",
    "2-X->4",
    "3-T->3",
    "3-V->5",
    "4-X->3",
    "4-S->6",
    "5-P->4",
    "5-V->6",
    "6-E->7",
  ]);
  assert.deepEqual(reberTransitionsFrom(7), []);
  assert.equal(reberTransitionsFrom(1).length, 2);
});

test("the thesis's five valid and five invalid examples are classified correctly", () => {
  for (const s of THESIS_VALID) assert.equal(isValidReber(s), true, s);
  for (const s of THESIS_INVALID) assert.equal(isValidReber(s), false, s);
});

test("the validator rejects truncations, extensions and strings outside the alphabet", () => {
  for (const s of ["", "B", "BT", "BTXSE ", "TXSE", "BTXS", "BTXSEE", "btxse", "BTXSEB", "BPVVEX"])
    assert.equal(isValidReber(s), false, JSON.stringify(s));
  for (const s of ["BTXSE", "BPVVE", "BTSSXSE"]) assert.equal(isValidReber(s), true, s);
});

test("checkReber names the first offending position and what the diagram allowed", () => {
  assert.deepEqual(checkReber("BTTVPXTVPSE"), { valid: false, position: 2, expected: ["S", "X"] });
  assert.deepEqual(checkReber("BTXS"), { valid: false, position: 4, expected: ["E"] });
  assert.deepEqual(checkReber("BTXSEE"), { valid: false, position: 5, expected: [] });
  assert.equal(checkReber("BPVVE").valid, true);
});

test("reberVerdict says where a string leaves the grammar and why; the library holds the thesis's examples", () => {
  assert.equal(reberVerdict("BTXSE"), "valid");
  assert.equal(reberVerdict("BTTVPXTVPSE"), 'invalid at position 3: "T" where the grammar allows S or X');
  assert.equal(reberVerdict("BTX"), "invalid at position 4: the string stops where the grammar allows X or S");
  assert.equal(reberVerdict("BTXSEE"), 'invalid at position 6: "E" after the end state');
  assert.equal(reberVerdict(""), "invalid at position 1: the string stops where the grammar allows B");
  assert.deepEqual(THESIS_REBER_EXAMPLES, { valid: THESIS_VALID, invalid: THESIS_INVALID });
});

test("100,000 random walks are all valid, and their lengths follow the walk's distribution", () => {
  const coins = new CoinFlips(new SeededRandom(1));
  const lengths = new Map<number, number>();
  for (let i = 0; i < 100_000; i++) {
    const walk = walkReber(coins);
    assert.ok(isValidReber(walk.string), walk.string);
    lengths.set(walk.string.length, (lengths.get(walk.string.length) ?? 0) + 1);
    for (let k = 0; k < walk.branchPositions.length; k++) {
      const at = walk.branchPositions[k]!;
      assert.notEqual(walk.alternatives[k], walk.string[at]);
    }
  }
  // Exact probabilities: length 5 needs two heads-or-tails choices (BTXSE, BPVVE): 1/4; length 6: 3/16.
  assert.ok(Math.abs(lengths.get(5)! / 100_000 - 0.25) < 0.005, `P(5) = ${lengths.get(5)! / 100_000}`);
  assert.ok(Math.abs(lengths.get(6)! / 100_000 - 0.1875) < 0.005, `P(6) = ${lengths.get(6)! / 100_000}`);
  assert.equal(Math.min(...lengths.keys()), 5);
});

test("countValidReber counts the distinct valid strings per length (checked by enumeration)", () => {
  const byLength = new Map<number, Set<string>>();
  const coins = new CoinFlips(new SeededRandom(2));
  for (let i = 0; i < 200_000; i++) {
    const s = walkReber(coins).string;
    if (s.length <= 12) (byLength.get(s.length) ?? byLength.set(s.length, new Set()).get(s.length)!).add(s);
  }
  // 200,000 walks see every string of up to 12 letters (the rarest has probability 2^-11 or more).
  for (let n = 0; n <= 12; n++) assert.equal(countValidReber(n), byLength.get(n)?.size ?? 0, `length ${n}`);
  assert.equal(countValidReber(11), 24);
  assert.equal(countValidReber(22), 1683);
});

test("generateValidReber respects a length range and is deterministic per seed", () => {
  const draw = (seed: number) => {
    const rng = new SeededRandom(seed);
    const coins = new CoinFlips(rng);
    return Array.from({ length: 2000 }, () => generateValidReber(coins, THESIS_LENGTH_RANGE));
  };
  const a = draw(3);
  for (const s of a) {
    assert.ok(isValidReber(s));
    assert.ok(s.length >= 11 && s.length <= 53, s);
  }
  assert.deepEqual(draw(3), a);
  assert.notDeepEqual(draw(4), a);
  assert.ok(isValidReber(generateValidReber(new SeededRandom(9))));
});

test("an impossible length range is a clear error", () => {
  assert.throws(
    () => generateValidReber(new SeededRandom(1), { min: 1, max: 4 }),
    /no Reber string has a length in \[1, 4\]/,
  );
  assert.throws(() => generateValidReber(new SeededRandom(1), { min: 20, max: 10 }), /no Reber string/);
});
