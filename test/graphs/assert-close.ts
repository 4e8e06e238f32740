/** Relative-tolerance number comparison for the graph tests, with an absolute floor for values that are 0. */
import assert from "node:assert/strict";

/** Assert |actual − expected| ≤ max(relative·|expected|, absolute), naming what is compared. */
export function assertClose(actual: number, expected: number, label: string, relative = 1e-9, absolute = 1e-15): void {
  const tolerance = Math.max(relative * Math.abs(expected), absolute);
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `${label}: got ${actual}, expected ${expected} (tolerance ${tolerance})`,
  );
}
