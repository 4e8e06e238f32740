/**
 * The one seeded random source of the lab. Every random choice (data, initialisation,
 * shuffling, graphs, splits) draws from a `SeededRandom`, so one seed reproduces a whole run.
 * Built on pure-rand's xoroshiro128+ (fast, well-tested, pure JS, identical on every platform).
 */
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import type { JumpableRandomGenerator } from "pure-rand/types/JumpableRandomGenerator";

/** FNV-1a hash of a label, used to derive independent named streams from one seed. */
function hashLabel(label: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    hash ^= label.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash | 0;
}

/** splitmix32-style avalanche, so neighbouring seeds start far apart. */
function scrambleSeed(seed: number): number {
  let z = (seed + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) | 0;
}

/**
 * The largest seed a user may give; user seeds are the integers 0..MAX_SEED. The generator reads a seed modulo
 * 2^32, so a larger or negative one would silently repeat one of these (4294967296 is 0).
 */
export const MAX_SEED = 2 ** 32 - 1;

/** A deterministic random stream; `fork(label)` gives an independent child stream. */
export class SeededRandom {
  readonly seed: number;
  private readonly generator: JumpableRandomGenerator;

  constructor(seed: number) {
    if (!Number.isSafeInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
    this.seed = seed;
    // Small seeds (0, 1, 2…) give xoroshiro a nearly empty state; scramble them first.
    this.generator = xoroshiro128plus(scrambleSeed(seed)) as JumpableRandomGenerator;
  }

  /** An independent stream derived from this stream's seed and a label (not from its state). */
  fork(label: string): SeededRandom {
    return new SeededRandom((Math.imul(this.seed | 0, 0x9e3779b1) ^ hashLabel(label)) | 0);
  }

  /** Uniform float in [0, 1). */
  random(): number {
    return uniformFloat64(this.generator);
  }

  /** Uniform integer in [from, to], both included. */
  int(from: number, to: number): number {
    return uniformInt(this.generator, from, to);
  }

  /** Uniform float in [low, high). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.random();
  }

  /** One element chosen uniformly. */
  choice<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("choice from an empty list");
    return items[this.int(0, items.length - 1)]!;
  }

  /** Fisher–Yates shuffle in place; returns the same array. */
  shuffleInPlace<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      const tmp = items[i]!;
      items[i] = items[j]!;
      items[j] = tmp;
    }
    return items;
  }

  /** A random permutation of 0..n-1. */
  permutation(n: number): number[] {
    return this.shuffleInPlace(Array.from({ length: n }, (_, i) => i));
  }
}
