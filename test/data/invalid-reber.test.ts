import { test } from "node:test";
import assert from "node:assert/strict";
import { SeededRandom } from "../../src/random/seeded-random";
import { CoinFlips, isValidReber, THESIS_LENGTH_RANGE } from "../../src/data/reber-grammar";
import {
  generateInvalidReber,
  generateRelabelledReber,
  generateWrongBranchReber,
  randomRelabelling,
} from "../../src/data/invalid-reber";

const REBER_LETTERS = /^[BEPSTVX]+$/;

test("100,000 wrong-branch strings: all invalid, Reber letters only, B…E, one letter away from a valid walk", () => {
  const coins = new CoinFlips(new SeededRandom(11));
  const pick = new SeededRandom(12);
  for (let i = 0; i < 100_000; i++) {
    const s = generateWrongBranchReber(coins, { site: i % 2 === 0 ? "first" : "any", pick });
    assert.equal(isValidReber(s), false, s);
    assert.match(s, REBER_LETTERS);
    assert.equal(s[0], "B");
    assert.equal(s[s.length - 1], "E");
    if (i % 2 === 0) {
      // The first fork swapped back (T<->P) gives the valid walk it came from.
      const repaired = s[0] + (s[1] === "T" ? "P" : "T") + s.slice(2);
      assert.ok(isValidReber(repaired), `${s} -> ${repaired}`);
    }
  }
});

test("100,000 relabelled strings: all invalid, B…E, letters A–Z, structure of a walk under a one-to-one map", () => {
  const rng = new SeededRandom(21);
  let outsideReber = 0;
  for (let i = 0; i < 100_000; i++) {
    const s = generateRelabelledReber(rng);
    assert.equal(isValidReber(s), false, s);
    assert.match(s, /^B[A-Z]*E$/);
    if (!REBER_LETTERS.test(s)) outsideReber++;
  }
  assert.ok(outsideReber > 90_000, `${outsideReber} strings use letters outside the Reber alphabet`);
});

test("a relabelling renames T, P, S, X, V one-to-one into A–Z", () => {
  const rng = new SeededRandom(5);
  const seen = new Set<string>();
  for (let i = 0; i < 2000; i++) {
    const map = randomRelabelling(rng);
    assert.deepEqual([...map.keys()], ["P", "S", "T", "V", "X"]);
    const targets = [...map.values()];
    assert.equal(new Set(targets).size, 5);
    for (const t of targets) {
      assert.match(t, /^[A-Z]$/);
      seen.add(t);
    }
  }
  assert.equal(seen.size, 26, "every letter A–Z is used");
});

test("invalid strings respect the length range and one seed reproduces them", () => {
  const draw = (seed: number) => {
    const rng = new SeededRandom(seed);
    return Array.from({ length: 1000 }, (_, i) => generateInvalidReber(rng, i % 2 ? "relabelled" : "wrong-branch", THESIS_LENGTH_RANGE));
  };
  const a = draw(8);
  for (const s of a) assert.ok(s.length >= 11 && s.length <= 53, s);
  assert.deepEqual(draw(8), a);
  assert.notDeepEqual(draw(9), a);
});

test('site "any" without a pick stream is a clear error', () => {
  assert.throws(() => generateWrongBranchReber(new SeededRandom(1), { site: "any" }), /needs a `pick` stream/);
});
