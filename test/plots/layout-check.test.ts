import { test } from "node:test";
import assert from "node:assert/strict";
import { clippedBy, overlapDepth, textBoxProblems } from "../../src/plots/layout-check";
import type { TextBox } from "../../src/plots/image-export";

const box = (x: number, y: number, w: number, h: number): [number, number][] => [
  [x, y],
  [x + w, y],
  [x + w, y + h],
  [x, y + h],
];
/** A box of width w, height h, centred at (cx, cy), rotated by `degrees`. */
function rotated(cx: number, cy: number, w: number, h: number, degrees: number): [number, number][] {
  const a = (degrees * Math.PI) / 180;
  return [
    [-w / 2, -h / 2],
    [w / 2, -h / 2],
    [w / 2, h / 2],
    [-w / 2, h / 2],
  ].map(([x, y]) => [cx + x! * Math.cos(a) - y! * Math.sin(a), cy + x! * Math.sin(a) + y! * Math.cos(a)]);
}

test("overlapDepth: the penetration of two boxes, 0 or less when apart or touching", () => {
  assert.equal(overlapDepth(box(0, 0, 10, 10), box(8, 2, 10, 10)), 2);
  assert.ok(overlapDepth(box(0, 0, 10, 10), box(10, 0, 10, 10)) <= 0, "touching boxes do not overlap");
  assert.ok(overlapDepth(box(0, 0, 10, 10), box(30, 30, 5, 5)) < 0);
  // Two rotated labels side by side: their axis-aligned boxes would overlap, the rotated boxes do not.
  const a = rotated(0, 0, 40, 8, -45);
  const b = rotated(12, 0, 40, 8, -45);
  assert.ok(overlapDepth(a, b) <= 0, "parallel rotated labels 12 px apart are clear");
  assert.ok(overlapDepth(a, rotated(3, 0, 40, 8, -45)) > 0, "3 px apart they overlap");
});

test("clippedBy: how far a box leaves the figure", () => {
  assert.equal(clippedBy(box(0, 0, 10, 10), 100, 100), 0);
  assert.equal(clippedBy(box(95, 0, 10, 10), 100, 100), 5);
  assert.equal(clippedBy(box(-3, 50, 10, 10), 100, 100), 3);
});

test("textBoxProblems names overlapping and clipped texts, within a tolerance", () => {
  const boxes: TextBox[] = [
    { text: "0.8", role: "ytick", corners: box(0, 0, 20, 10) },
    { text: "1", role: "ytick", corners: box(0, 9.5, 20, 10) },
    { text: "accuracy", role: "g-ytitle", corners: box(0, 40, 20, 10) },
    { text: "legend", role: "legendtext", corners: box(90, 90, 20, 10) },
  ];
  assert.deepEqual(textBoxProblems(boxes, 100, 100), [
    { kind: "clipped", message: 'legendtext "legend" reaches 10.0 px outside the 100×100 figure' },
  ]);
  const tight = textBoxProblems(boxes, 120, 120, 0.1);
  assert.deepEqual(
    tight.map((p) => p.kind),
    ["overlap"],
  );
  assert.match(tight[0]!.message, /ytick "0.8" overlaps ytick "1" by 0.5 px/);
});

test(
  "textBoxProblems: tick labels and legend entries must stay out of every plot area; " + "annotations may sit inside",
  () => {
    const area: [number, number, number, number] = [50, 10, 100, 80];
    const boxes: TextBox[] = [
      { text: "0.5", role: "ytick", corners: box(30, 40, 18, 10) },
      { text: "source vertices", role: "y2tick", corners: box(120, 40, 60, 10) },
      { text: "R² = 0.5", role: "annotation", corners: box(100, 70, 40, 10) },
    ];
    const problems = textBoxProblems(boxes, 200, 100, 1, [area]);
    assert.deepEqual(
      problems.map((p) => p.message),
      ['y2tick "source vertices" reaches 10.0 px into a plot area'],
    );
  },
);
