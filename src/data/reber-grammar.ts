/**
 * The Reber grammar (thesis chapter 4) as data: a transition diagram with states 0..6 and the end
 * state 7, a validator, and the random walk that generates valid strings.
 * Edges: 0-B->1; 1-T->2, 1-P->3; 2-S->2, 2-X->4; 3-T->3, 3-V->5; 4-X->3, 4-S->6; 5-P->4, 5-V->6; 6-E->7.
 */
import type { SeededRandom } from "../random/seeded-random";

/** One edge of the diagram: reading `symbol` in state `from` moves to state `to`. */
export interface ReberTransition {
  readonly from: number;
  readonly symbol: string;
  readonly to: number;
}

/** The automaton exactly as the thesis draws it (plotting helpers draw the diagram from this). */
export const REBER_GRAMMAR: {
  readonly start: 0;
  readonly end: 7;
  readonly alphabet: readonly string[];
  readonly transitions: readonly ReberTransition[];
} = Object.freeze({
  start: 0,
  end: 7,
  alphabet: Object.freeze(["B", "E", "P", "S", "T", "V", "X"]),
  transitions: Object.freeze(
    (
      [
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
      ] as const
    ).map(([from, symbol, to]) => Object.freeze({ from, symbol, to })),
  ),
} as const);

/** An inclusive range of string lengths (B and E included). */
export interface LengthRange {
  readonly min: number;
  readonly max: number;
}

/** No constraint: the walk's own length distribution (shortest strings have 5 letters). */
export const ANY_LENGTH: LengthRange = Object.freeze({ min: 0, max: Number.POSITIVE_INFINITY });

/** The thesis data's length range (lengths 11–53). */
export const THESIS_LENGTH_RANGE: LengthRange = Object.freeze({ min: 11, max: 53 });

/** Outgoing transitions per state, in diagram order (index = state). */
const OUTGOING: readonly (readonly ReberTransition[])[] = Array.from({ length: REBER_GRAMMAR.end + 1 }, (_, state) =>
  REBER_GRAMMAR.transitions.filter((t) => t.from === state),
);

/** The transitions leaving `state` (empty for the end state). */
export function reberTransitionsFrom(state: number): readonly ReberTransition[] {
  return OUTGOING[state] ?? [];
}

/** How many distinct valid strings have exactly `length` letters (24 for 11, 1,683 for 22; a float beyond 2^53). */
export function countValidReber(length: number): number {
  // ways[state] = number of letter sequences of the current length leading from the start to `state`.
  let ways = new Array<number>(REBER_GRAMMAR.end + 1).fill(0);
  ways[REBER_GRAMMAR.start] = 1;
  for (let step = 0; step < length; step++) {
    const next = new Array<number>(ways.length).fill(0);
    for (const t of REBER_GRAMMAR.transitions) next[t.to]! += ways[t.from]!;
    ways = next;
  }
  return ways[REBER_GRAMMAR.end]!;
}

/** Where a string leaves the grammar: the first offending position and what the diagram allowed there. */
export interface ReberCheck {
  readonly valid: boolean;
  /** Index of the first character the diagram rejects (= length when the string stops before the end state). */
  readonly position: number;
  /** Symbols the diagram accepts at `position` (empty when the string goes on past the end state). */
  readonly expected: readonly string[];
}

/** Run the automaton over `s` and say where (if anywhere) it leaves the grammar. */
export function checkReber(s: string): ReberCheck {
  let state: number = REBER_GRAMMAR.start;
  for (let i = 0; i < s.length; i++) {
    const out = OUTGOING[state]!;
    const next = out.find((t) => t.symbol === s[i]);
    if (!next) return { valid: false, position: i, expected: out.map((t) => t.symbol) };
    state = next.to;
  }
  if (state !== REBER_GRAMMAR.end)
    return { valid: false, position: s.length, expected: OUTGOING[state]!.map((t) => t.symbol) };
  return { valid: true, position: s.length, expected: [] };
}

/** The validator's verdict in words: "valid", or where the string leaves the grammar and what it allowed there. */
export function reberVerdict(s: string): string {
  const check = checkReber(s);
  if (check.valid) return "valid";
  const at = `invalid at position ${check.position + 1}`;
  if (check.expected.length === 0) return `${at}: "${s[check.position]}" after the end state`;
  const allowed = check.expected.join(" or ");
  if (check.position === s.length) return `${at}: the string stops where the grammar allows ${allowed}`;
  return `${at}: "${s[check.position]}" where the grammar allows ${allowed}`;
}

/** The thesis's printed examples (chapter 4): five valid strings and five invalid ones. */
export const THESIS_REBER_EXAMPLES: { readonly valid: readonly string[]; readonly invalid: readonly string[] } =
  Object.freeze({
    valid: Object.freeze(["BPTVPXTTVVE", "BTSXXTTTTVVE", "BTSSXXTTVVE", "BTXXVPXTVVE", "BPTTTTTVPSE"]),
    invalid: Object.freeze(["BTTVPXTVPSE", "BPSXXTTTVPSE", "BPSSSXXTVVE", "BTTTVPXTVVE", "BPSSXXTTVVE"]),
  });

/** True when `s` starts with B, ends with E and follows the diagram. */
export function isValidReber(s: string): boolean {
  let state: number = REBER_GRAMMAR.start;
  for (let i = 0; i < s.length; i++) {
    const out = OUTGOING[state]!;
    const c = s[i];
    // At most two ways out, so a linear scan beats a map here.
    if (out[0]?.symbol === c) state = out[0].to;
    else if (out[1]?.symbol === c) state = out[1].to;
    else return false;
  }
  return state === REBER_GRAMMAR.end;
}

/** One walk through the diagram and, for each place it had two ways out, the letter it did not take. */
export interface ReberWalk {
  readonly string: string;
  /** Positions (indices into `string`) where the walk chose between two transitions. */
  readonly branchPositions: readonly number[];
  /** The letter of the transition not taken at each branch position. */
  readonly alternatives: readonly string[];
}

/** Fair coin flips drawn 30 at a time from the seeded stream (the walk needs millions of them). */
export class CoinFlips {
  private bits = 0;
  private remaining = 0;
  constructor(private readonly rng: SeededRandom) {}

  /** 0 or 1 with equal probability. */
  flip(): number {
    if (this.remaining === 0) {
      this.bits = this.rng.int(0, 0x3fffffff);
      this.remaining = 30;
    }
    const bit = this.bits & 1;
    this.bits >>>= 1;
    this.remaining--;
    return bit;
  }
}

const END = REBER_GRAMMAR.end;

/** The diagram as flat tables for the hot loop: entry `2 * state + k` is the k-th way out of `state`. */
const WAYS_OUT = Uint8Array.from(OUTGOING, (out) => out.length);
const NEXT_STATE = Int32Array.from({ length: 2 * OUTGOING.length }, (_, i) => OUTGOING[i >> 1]![i & 1]?.to ?? -1);
const SYMBOL_CODE = Uint8Array.from(
  { length: 2 * OUTGOING.length },
  (_, i) => OUTGOING[i >> 1]![i & 1]?.symbol.charCodeAt(0) ?? 0,
);

/**
 * Scratch space of the walk. Millions of walks are drawn and most are rejected by length or as
 * duplicates, so a walk writes here and allocates only when it is kept.
 */
let scratchCodes: Buffer = Buffer.alloc(64);
/** Per fork: position * 16 + index of the way not taken. */
let scratchForks: Int32Array = new Int32Array(64);
let scratchForkCount = 0;

/** Walk into the scratch buffers until the length lies in `lengths`; returns that length. */
function walkIntoScratch(coins: CoinFlips, lengths: LengthRange): number {
  if (lengths.min > lengths.max || lengths.max < 5) {
    throw new Error(`no Reber string has a length in [${lengths.min}, ${lengths.max}] (the shortest has 5 letters)`);
  }
  for (;;) {
    let length = 0;
    let forks = 0;
    let state: number = REBER_GRAMMAR.start;
    while (state !== END) {
      let way = 2 * state;
      if (WAYS_OUT[state] === 2) {
        const k = coins.flip();
        way += k;
        if (forks === scratchForks.length) scratchForks = grow(scratchForks, new Int32Array(2 * forks));
        scratchForks[forks++] = length * 16 + (way ^ 1);
      }
      if (length === scratchCodes.length) scratchCodes = grow(scratchCodes, Buffer.alloc(2 * length));
      scratchCodes[length++] = SYMBOL_CODE[way]!;
      state = NEXT_STATE[way]!;
    }
    if (length >= lengths.min && length <= lengths.max) {
      scratchForkCount = forks;
      return length;
    }
  }
}

/** Copy `from` into the larger `to`. */
function grow<T extends Uint8Array | Int32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** A walk whose length lies in `lengths` (whole walks are redrawn until one fits). */
export function walkReberInRange(coins: CoinFlips, lengths: LengthRange = ANY_LENGTH): ReberWalk {
  const length = walkIntoScratch(coins, lengths);
  const branchPositions: number[] = [];
  const alternatives: string[] = [];
  for (let i = 0; i < scratchForkCount; i++) {
    branchPositions.push(scratchForks[i]! >> 4);
    alternatives.push(String.fromCharCode(SYMBOL_CODE[scratchForks[i]! & 15]!));
  }
  return { string: scratchCodes.toString("latin1", 0, length), branchPositions, alternatives };
}

/** Walk from the start to the end state, choosing uniformly where there are two ways out. */
export function walkReber(coins: CoinFlips): ReberWalk {
  return walkReberInRange(coins, ANY_LENGTH);
}

/** A random valid Reber string (uniform choice at each fork), redrawn until its length lies in `lengths`. */
export function generateValidReber(rng: SeededRandom | CoinFlips, lengths: LengthRange = ANY_LENGTH): string {
  const coins = rng instanceof CoinFlips ? rng : new CoinFlips(rng);
  return scratchCodes.toString("latin1", 0, walkIntoScratch(coins, lengths));
}
