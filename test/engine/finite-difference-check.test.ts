/**
 * The finite-difference check on a loss whose gradient is known exactly: a right gradient passes, a deliberately
 * wrong one is caught in the tensor where it is wrong, and the divisor is the step float32 really took.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { centralDifference, checkGradients, relativeError } from "../../src/engine/finite-difference-check";
import { floatTensor, type TensorMap } from "../../src/models/named-tensors";

/** L(θ) = Σ_i a_i θ_i² + Σ_i θ_i over the tensors "u" and "v", with a_i = i + 1. */
const loss = (params: TensorMap) => {
  let sum = 0;
  for (const tensor of params.values()) tensor.data.forEach((x, i) => (sum += (i + 1) * x * x + x));
  return sum;
};
const params: TensorMap = new Map([
  ["u", floatTensor([2, 2], Float32Array.from([0.5, -1, 0.25, 2]))],
  ["v", floatTensor([3], Float32Array.from([-0.75, 0.125, 1.5]))],
]);
/** ∂L/∂θ_i = 2·a_i·θ_i + 1, times `scale` in the tensor `wrong`. */
const gradientOf = (scale = 1, wrong = ""): TensorMap =>
  new Map(
    [...params].map(([name, t]) => {
      const factor = name === wrong ? scale : 1;
      return [
        name,
        floatTensor(
          t.shape,
          Float32Array.from(t.data, (x, i) => (2 * (i + 1) * x + 1) * factor),
        ),
      ];
    }),
  );

test("the right gradient passes; a wrong one is caught in its own tensor, at each tensor's largest entry", () => {
  const before = Float32Array.from(params.get("u")!.data);
  const gradients = { right: gradientOf(), doubled: gradientOf(2, "v"), flipped: gradientOf(-1, "u") };
  const rows = checkGradients({ loss, params, gradients, epsilon: 1e-3 });
  assert.deepEqual(
    rows.map((r) => [r.name, r.index]),
    [
      ["u", 3],
      ["v", 2],
    ],
    "largest: u[3] = 17, v[2] = 10",
  );
  for (const row of rows) assert.ok(row.error.right < 1e-5, `${row.name}: ${row.error.right}`);
  const [u, v] = rows;
  assert.ok(Math.abs(u!.finiteDifference - 17) < 1e-3 && Math.abs(v!.finiteDifference - 10) < 1e-3);
  assert.ok(Math.abs(v!.error.doubled - 0.5) < 1e-4 && u!.error.doubled < 1e-5, "twice too large: 1/2, only in v");
  assert.ok(Math.abs(u!.error.flipped - 2) < 1e-4 && v!.error.flipped < 1e-5, "a flipped sign: error 2, only in u");
  assert.deepEqual(params.get("u")!.data, before, "the parameters are left as they were");
});

test("the divisor is the step float32 took: a linear loss at θ = 1000 gives its slope exactly", () => {
  const big: TensorMap = new Map([["w", floatTensor([1], Float32Array.from([1000]))]]);
  const linear = (p: TensorMap) => 3 * p.get("w")!.data[0]!;
  // 1000 ± 1e-4 rounds to 1000 ± 1.22e-4 in float32: dividing by 2ε would give 3.66.
  assert.equal(centralDifference(linear, big, { name: "w", index: 0 }, 1e-4), 3);
  assert.throws(
    () => centralDifference(linear, big, { name: "w", index: 0 }, 1e-6),
    /epsilon 0\.000001 is below the float32 spacing of "w"\[0\] = 1000/,
  );
});

test("relative error: symmetric, 0 for equal values, 2 for a flipped sign", () => {
  assert.equal(relativeError(2, 2), 0);
  assert.equal(relativeError(0, 0), 0);
  assert.equal(relativeError(1, -1), 2);
  assert.equal(relativeError(4, 3), relativeError(3, 4));
});

test("bad arguments are named", () => {
  const right = gradientOf();
  assert.throws(() => checkGradients({ loss, params, gradients: { right }, epsilon: 0 }), /epsilon must be positive/);
  assert.throws(() => checkGradients({ loss, params, gradients: {} }), /no gradients to check/);
  const partial = new Map([["u", right.get("u")!]]);
  assert.throws(
    () => checkGradients({ loss, params, gradients: { right, partial } }),
    /"partial" gradients have no "v"/,
  );
  assert.throws(() => centralDifference(loss, params, { name: "w", index: 0 }, 1e-2), /no float32 parameter "w"/);
  assert.throws(() => centralDifference(loss, params, { name: "v", index: 3 }, 1e-2), /index 3 is outside "v"/);
});
