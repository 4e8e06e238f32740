import { test } from "node:test";
import assert from "node:assert/strict";
import { SeededRandom } from "../../src/random/seeded-random";
import { CoinFlips, isValidReber, REBER_GRAMMAR, THESIS_LENGTH_RANGE } from "../../src/data/reber-grammar";
import { checkEmbeddedReber, generateValidEmbeddedReber, isEmbeddedReber } from "../../src/data/embedded-reber-grammar";
import {
  breakOuterSymbol,
  EMBEDDED_FAMILY_DEFECT,
  generateClosingMismatchReber,
  generateInnerDefectReber,
  generateInvalidEmbeddedReber,
  generateOuterSymbolReber,
  type EmbeddedInvalidFamily,
} from "../../src/data/invalid-embedded-reber";

const innerLengths = THESIS_LENGTH_RANGE;

/** Whether `s` has the frame B x … x E with x = T or P (the outer symbols intact and matching). */
const hasMatchingFrame = (s: string): boolean =>
  s[0] === "B" && s[s.length - 1] === "E" && (s[1] === "T" || s[1] === "P") && s[s.length - 2] === s[1];

test("closing-mismatch strings fail for that reason only: the other closing T/P makes each valid", () => {
  const coins = new CoinFlips(new SeededRandom(41));
  let openT = 0;
  for (let i = 0; i < 20_000; i++) {
    const s = generateClosingMismatchReber(coins, innerLengths);
    const n = s.length;
    assert.deepEqual(checkEmbeddedReber(s), {
      valid: false,
      defect: "closing-mismatch",
      position: n - 2,
      expected: [s[1]],
    });
    assert.ok(isValidReber(s.slice(2, -2)), s);
    const repaired = s.slice(0, n - 2) + (s[n - 2] === "T" ? "P" : "T") + "E";
    assert.equal(isEmbeddedReber(repaired), true, `${s} -> ${repaired}`);
    if (s[1] === "T") openT++;
  }
  assert.ok(Math.abs(openT - 10_000) < 400, `${openT} of 20,000 open with T`);
});

/** The valid strings one deletion or one substitution at an outer position away from `s` (recomputed from scratch). */
function outerRepairs(s: string): string[] {
  const repairs: string[] = [];
  const n = s.length;
  for (const letter of REBER_GRAMMAR.alphabet) {
    for (const at of [0, 1, n - 1, n]) repairs.push(s.slice(0, at) + letter + s.slice(at)); // a deleted symbol put back
    for (const at of [0, 1, n - 2, n - 1]) repairs.push(s.slice(0, at) + letter + s.slice(at + 1)); // a replaced one
  }
  return repairs.filter(isEmbeddedReber);
}

test("outer-symbol strings fail for that reason: one outer symbol put back or restored makes each valid", () => {
  const rng = new SeededRandom(42);
  for (let i = 0; i < 10_000; i++) {
    const s = generateOuterSymbolReber(rng, { innerLengths });
    assert.equal(checkEmbeddedReber(s).defect, "outer-symbol", s);
    assert.ok(outerRepairs(s).length > 0, `no valid string is one outer edit from ${s}`);
  }
});

test("breakOuterSymbol deletes or replaces each of the four outer symbols, never T/P by the other one", () => {
  const rng = new SeededRandom(43);
  const coins = new CoinFlips(rng.fork("walks"));
  const seen = new Set<string>();
  for (let i = 0; i < 4_000; i++) {
    const valid = generateValidEmbeddedReber(coins, innerLengths);
    const { string, edit } = breakOuterSymbol(valid, rng);
    const n = valid.length;
    const slot = [0, 1, n - 2, n - 1].indexOf(edit.position);
    assert.ok(slot >= 0, `position ${edit.position} of ${valid}`);
    seen.add(`${slot}:${edit.replacement === null ? "deleted" : "replaced"}`);
    assert.equal(string, valid.slice(0, edit.position) + (edit.replacement ?? "") + valid.slice(edit.position + 1));
    if (edit.replacement !== null) {
      assert.notEqual(edit.replacement, valid[edit.position]);
      if (slot === 1 || slot === 2) assert.ok(!"TP".includes(edit.replacement), `${valid} -> ${string}`);
    }
    assert.equal(checkEmbeddedReber(string).defect, "outer-symbol", `${valid} -> ${string}`);
  }
  assert.equal(seen.size, 8, [...seen].join(" "));
});

test("inner-* strings keep a matching frame around an invalid Reber string of the thesis's family", () => {
  const rng = new SeededRandom(44);
  const coins = new CoinFlips(rng.fork("walks"));
  let relabelledOutsideReber = 0;
  for (let i = 0; i < 10_000; i++) {
    for (const family of ["wrong-branch", "mislabelled", "relabelled"] as const) {
      const s = generateInnerDefectReber(rng, family, { innerLengths, coins });
      const inner = s.slice(2, -2);
      assert.ok(hasMatchingFrame(s), s);
      assert.equal(checkEmbeddedReber(s).defect, "inner-string", s);
      assert.equal(isValidReber(inner), false, s);
      assert.match(inner, /^B[A-Z]+E$/);
      if (family === "wrong-branch") assert.ok(isValidReber(`B${inner[1] === "T" ? "P" : "T"}${inner.slice(2)}`), s);
      if (family === "mislabelled") assert.match(inner, /^[BEPSTVX]+$/);
      if (family === "relabelled" && !/^[BEPSTVX]+$/.test(inner)) relabelledOutsideReber++;
    }
  }
  assert.ok(
    relabelledOutsideReber > 9_000,
    `${relabelledOutsideReber} relabelled inner strings leave the Reber letters`,
  );
});

test("generateInvalidEmbeddedReber: every family's strings fail the grammar with the family's defect", () => {
  const families = Object.keys(EMBEDDED_FAMILY_DEFECT) as EmbeddedInvalidFamily[];
  assert.deepEqual(families, [
    "closing-mismatch",
    "outer-symbol",
    "inner-wrong-branch",
    "inner-mislabelled",
    "inner-relabelled",
  ]);
  for (const family of families) {
    const rng = new SeededRandom(45);
    const coins = new CoinFlips(rng.fork("walks"));
    const again = new SeededRandom(45);
    const againCoins = new CoinFlips(again.fork("walks"));
    for (let i = 0; i < 2_000; i++) {
      const s = generateInvalidEmbeddedReber(rng, family, { innerLengths, coins });
      assert.equal(checkEmbeddedReber(s).defect, EMBEDDED_FAMILY_DEFECT[family], `${family}: ${s}`);
      assert.equal(
        generateInvalidEmbeddedReber(again, family, { innerLengths, coins: againCoins }),
        s,
        "one seed, one string",
      );
    }
  }
});
