import { test } from "node:test";
import assert from "node:assert/strict";
import { automatonDiagramFigure, automatonLayout, reberDiagramFigure } from "../../src/plots/automaton-diagram";
import { REBER_GRAMMAR } from "../../src/data/reber-grammar";

type Annotation = { text: string; showarrow?: boolean; x: number; y: number; ax?: number; ay?: number };

test("layout: a state's column is its distance from the start; forks stack in diagram order", () => {
  const layout = automatonLayout(REBER_GRAMMAR);
  const column = (s: number) => layout.get(s)!.x;
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 7].map(column), [0, 1, 2, 2, 3, 3, 4, 5]);
  assert.ok(layout.get(2)!.y > layout.get(3)!.y, "2 (reached by T) above 3 (reached by P)");
  assert.ok(layout.get(4)!.y > layout.get(5)!.y);
  assert.equal(layout.get(0)!.y, 0);
  assert.equal(layout.get(7)!.y, 0);
});

test("Reber diagram: every transition's symbol labelled, two self loops, eight states, end state doubled", () => {
  const figure = reberDiagramFigure();
  const annotations = figure.layout.annotations as Annotation[];
  const labels = annotations
    .filter((a) => a.text.startsWith("<b>"))
    .map((a) => a.text.replace(/<\/?b>/g, ""))
    .sort();
  assert.deepEqual(labels, REBER_GRAMMAR.transitions.map((t) => t.symbol).sort());
  const shapes = figure.layout.shapes as { type: string }[];
  assert.equal(shapes.filter((s) => s.type === "path").length, 2, "self loops 2-S->2 and 3-T->3");
  assert.equal(shapes.filter((s) => s.type === "circle").length, 8 + 1);
  const stateLabels = annotations
    .filter((a) => /^\d$/.test(a.text))
    .map((a) => a.text)
    .sort();
  assert.deepEqual(stateLabels, ["0", "1", "2", "3", "4", "5", "6", "7"]);
  // 10 edges between distinct states + 2 loop arrowheads + the start arrow.
  assert.equal(annotations.filter((a) => a.showarrow).length, 13);
  const yAxis = figure.layout.yaxis as { scaleanchor?: string };
  assert.equal(yAxis.scaleanchor, "x", "equal scales keep the circles round");
});

test(
  "Reber diagram at a paper size: " + "no drawn title, the caption names thesis figure 4.1, whole 6 pt height steps",
  () => {
    const figure = reberDiagramFigure({ size: "column" });
    assert.equal(figure.layout.title, undefined);
    assert.deepEqual(figure.caption, {
      title: "The Reber grammar as a finite automaton",
      reference: "thesis figure 4.1",
    });
    assert.equal(figure.layout.width, 336);
    assert.equal(figure.layout.height! % 8, 0);
    assert.ok(reberDiagramFigure().layout.title, "inline in a notebook the title is drawn");
  },
);

test("the diagram is drawn from the automaton it is given", () => {
  const figure = automatonDiagramFigure({
    start: 0,
    end: 2,
    transitions: [
      { from: 0, symbol: "a", to: 1 },
      { from: 1, symbol: "b", to: 1 },
      { from: 1, symbol: "c", to: 2 },
      { from: 1, symbol: "d", to: 2 },
    ],
  });
  const labels = (figure.layout.annotations as Annotation[]).filter((a) => a.text.startsWith("<b>")).map((a) => a.text);
  assert.deepEqual(labels.sort(), ["<b>a</b>", "<b>b</b>", "<b>c, d</b>"]);
  assert.throws(
    () =>
      automatonDiagramFigure({
        start: 0,
        end: 1,
        transitions: [
          { from: 0, symbol: "a", to: 1 },
          { from: 3, symbol: "z", to: 1 },
        ],
      }),
    /state 3 cannot be reached from the start state 0/,
  );
});
