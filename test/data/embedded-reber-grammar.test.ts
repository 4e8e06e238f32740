import { test } from "node:test";
import assert from "node:assert/strict";
import { SeededRandom } from "../../src/random/seeded-random";
import {
  CoinFlips,
  countValidReber,
  isValidReber,
  REBER_GRAMMAR,
  THESIS_LENGTH_RANGE,
} from "../../src/data/reber-grammar";
import {
  checkEmbeddedReber,
  embeddedReberVerdict,
  embedReber,
  generateValidEmbeddedReber,
  isEmbeddedReber,
} from "../../src/data/embedded-reber-grammar";

test("the textbook strings: the same T or P around a Reber string is valid, anything else is not", () => {
  for (const s of ["BTBTXSETE", "BPBTXSEPE", "BPBPVVEPE", "BTBPTVPXTTVVETE"]) {
    assert.equal(isEmbeddedReber(s), true, s);
    assert.deepEqual(checkEmbeddedReber(s), { valid: true, defect: null, position: s.length, expected: [] });
    assert.equal(embeddedReberVerdict(s), "valid");
  }
  assert.equal(embedReber("BTXSE", "P"), "BPBTXSEPE");
  assert.equal(embedReber("BTXSE", "P", "T"), "BPBTXSETE");
  for (const s of [
    "",
    "B",
    "BT",
    "BTB",
    "BTXSE",
    "BTBTXSEPE",
    "BBTXSETE",
    "BTBTXSEE",
    "BTBTXSET",
    "BTBTXXETE",
    "BXBTXSEXE",
  ]) {
    assert.equal(isEmbeddedReber(s), false, s);
    assert.equal(checkEmbeddedReber(s).valid, false, s);
  }
});

test("the validator names the defect, where it is and what the grammar allowed there", () => {
  const cases: [string, string, number, string[]][] = [
    ["BTBTXSEPE", "closing-mismatch", 7, ["T"]],
    ["BPBTXSETE", "closing-mismatch", 7, ["P"]],
    ["TBTXSETE", "outer-symbol", 0, ["B"]],
    ["BBTXSETE", "outer-symbol", 1, ["P", "T"]],
    ["BSBTXSESE", "outer-symbol", 1, ["P", "T"]],
    ["BTBTXSEE", "outer-symbol", 6, ["P", "T"]],
    ["BTBTXSET", "outer-symbol", 7, ["E"]],
    ["BTBTXSETX", "outer-symbol", 8, ["E"]],
    ["", "outer-symbol", 0, ["B"]],
    ["BT", "outer-symbol", 2, ["B"]],
    ["BTX", "outer-symbol", 2, ["B"]],
    ["BTBTXXETE", "inner-string", 6, ["T", "V"]],
    ["BTBPSXETE", "inner-string", 4, ["T", "V"]],
    ["BTBTXSTE", "inner-string", 6, ["E"]],
  ];
  for (const [s, defect, position, expected] of cases) {
    assert.deepEqual(checkEmbeddedReber(s), { valid: false, defect, position, expected }, s);
  }
  assert.equal(embeddedReberVerdict("BTBTXSEPE"), 'closing-mismatch at position 8: found "P", the grammar allows T');
  assert.equal(embeddedReberVerdict("BTBTXSET"), 'outer-symbol at position 8: found "T", the grammar allows E');
  assert.equal(
    embeddedReberVerdict("BT"),
    "outer-symbol at position 3: found the end of the string, the grammar allows B",
  );
});

/** Every string over the alphabet of the given length that starts with B and ends with E. */
function* framedStrings(length: number): Generator<string> {
  const codes = REBER_GRAMMAR.alphabet.map((letter) => letter.charCodeAt(0));
  const digits = new Array<number>(length - 2).fill(0);
  const text = Buffer.from(`B${REBER_GRAMMAR.alphabet[0]!.repeat(length - 2)}E`, "latin1");
  for (;;) {
    yield text.toString("latin1");
    // Count in base 7 over the inner letters, writing only the digits that change.
    let i = 0;
    while (i < digits.length && ++digits[i]! === codes.length) text[1 + i] = codes[(digits[i++] = 0)]!;
    if (i === digits.length) return;
    text[1 + i] = codes[digits[i]!]!;
  }
}

test(
  "brute force over all 9- and 10-letter strings: " + "exactly two embeddings of each Reber string 4 letters shorter",
  () => {
    for (const length of [9, 10]) {
      let accepted = 0;
      for (const s of framedStrings(length)) {
        const valid = isEmbeddedReber(s);
        assert.equal(checkEmbeddedReber(s).valid, valid, s);
        if (!valid) continue;
        accepted++;
        assert.ok(s[1] === s[length - 2] && isValidReber(s.slice(2, -2)), s);
      }
      assert.equal(accepted, 2 * countValidReber(length - 4), `length ${length}`);
      assert.ok(accepted > 0);
    }
  },
);

test("generated valid strings validate, have inner lengths in range, and open with T and P equally often", () => {
  const coins = new CoinFlips(new SeededRandom(3));
  let openT = 0;
  for (let i = 0; i < 20_000; i++) {
    const s = generateValidEmbeddedReber(coins, THESIS_LENGTH_RANGE);
    assert.equal(isEmbeddedReber(s), true, s);
    assert.ok(s.length >= 15 && s.length <= 57, s);
    if (s[1] === "T") openT++;
  }
  assert.ok(Math.abs(openT - 10_000) < 400, `${openT} of 20,000 open with T`);
  const [a, b] = [new CoinFlips(new SeededRandom(3)), new CoinFlips(new SeededRandom(3))];
  for (let i = 0; i < 100; i++) assert.equal(generateValidEmbeddedReber(a), generateValidEmbeddedReber(b));
});
