import { test } from "node:test";
import assert from "node:assert/strict";
import { SeededRandom } from "../../src/random/seeded-random";
import { CoinFlips, isValidReber, THESIS_LENGTH_RANGE } from "../../src/data/reber-grammar";
import {
  generateInvalidReber,
  generateMislabelledReber,
  randomEdgeLabelling,
  spellWithLabels,
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

test("100,000 mislabelled strings: all invalid, Reber letters only, B…E, a walk's edges spelled by a labelling", () => {
  const rng = new SeededRandom(31);
  let withForbiddenBigram = 0;
  for (let i = 0; i < 100_000; i++) {
    const s = generateMislabelledReber(rng);
    assert.equal(isValidReber(s), false, s);
    assert.match(s, REBER_LETTERS);
    assert.equal(s[0], "B");
    assert.equal(s[s.length - 1], "E");
    if (!isValidPrefixPairs(s)) withForbiddenBigram++;
  }
  // Unlike a first-fork swap, a mislabelled walk almost always shows a bigram the diagram never emits.
  assert.ok(withForbiddenBigram > 85_000, `${withForbiddenBigram} of 100,000 hold a forbidden bigram`);
});

test(
  "spelling a walk with the diagram's own labels gives the walk; " +
    "another labelling changes the letters, not the path",
  () => {
    const own = new Map([
      ["1T", "T"],
      ["1P", "P"],
      ["2S", "S"],
      ["2X", "X"],
      ["3T", "T"],
      ["3V", "V"],
      ["4X", "X"],
      ["4S", "S"],
      ["5P", "P"],
      ["5V", "V"],
    ]);
    assert.equal(spellWithLabels("BTSSXXTVVE", own), "BTSSXXTVVE");
    const swapped = new Map(own);
    swapped.set("4X", "P"); // the X from state 4 to 3 now reads P
    assert.equal(spellWithLabels("BTSSXXTVVE", swapped), "BTSSXPTVVE");
    assert.throws(() => spellWithLabels("BTT", own), /not a walk of the diagram \(no edge T from state 2\)/);
    const labels = randomEdgeLabelling(new SeededRandom(4));
    assert.deepEqual([...labels.keys()].sort(), [...own.keys()].sort());
    for (const letter of labels.values()) assert.match(letter, /^[PSTVX]$/);
  },
);

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
    return Array.from({ length: 1002 }, (_, i) =>
      generateInvalidReber(rng, (["relabelled", "wrong-branch", "mislabelled"] as const)[i % 3]!, THESIS_LENGTH_RANGE),
    );
  };
  const a = draw(8);
  for (const s of a) assert.ok(s.length >= 11 && s.length <= 53, s);
  assert.deepEqual(draw(8), a);
  assert.notDeepEqual(draw(9), a);
});

test('site "any" without a pick stream is a clear error', () => {
  assert.throws(() => generateWrongBranchReber(new SeededRandom(1), { site: "any" }), /needs a `pick` stream/);
});

/**
 * Whether every adjacent pair of letters is one the diagram can emit (a first-fork swap passes; most mislabelled walks
 * do not).
 */
function isValidPrefixPairs(s: string): boolean {
  const edges: [number, string, number][] = [
    [0, "B", 1],
    [1, "T", 2],
    [1, "P", 3],
    [2, "S", 2],
    [2, "X", 4],
    [3, "T", 3],
    [3, "V", 5],
    [4, "X", 3],
    [4, "S", 6],
    [5, "P", 4],
    [5, "V", 6],
    [6, "E", 7],
  ];
  const pairs = new Set<string>();
  for (const [, a, to] of edges) for (const [from, b] of edges) if (from === to) pairs.add(a + b);
  for (let i = 0; i + 1 < s.length; i++) if (!pairs.has(s.slice(i, i + 2))) return false;
  return true;
}
