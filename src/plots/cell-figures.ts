/** Figures of the recurrent cells chapter (thesis chapter 3): the activation functions the cells use. */
import { lineChart } from "./charts";
import type { Figure } from "./figure";
import { PALETTE, presetSize, type SizeOption } from "./theme";

/** ReLU, the logistic sigmoid σ and tanh on [−4, 4]: the non-linearities of RNN_RELU, the gates, and the states. */
export function activationFunctionsFigure(options: { size?: SizeOption } = {}): Figure {
  const zs = Array.from({ length: 161 }, (_, i) => -4 + i * 0.05);
  return lineChart(
    [
      { name: "ReLU", x: zs, y: zs.map((z) => Math.max(0, z)), color: PALETTE.vermillion },
      { name: "sigmoid σ", x: zs, y: zs.map((z) => 1 / (1 + Math.exp(-z))), color: PALETTE.blue },
      { name: "tanh", x: zs, y: zs.map(Math.tanh), color: PALETTE.green },
    ],
    {
      title: "The activation functions of the recurrent cells",
      reference: "thesis chapter 3",
      xTitle: "z",
      yTitle: "φ(z)",
      yRange: [-1.2, 2.2],
      size: presetSize(options.size, { column: 0.6, page: 0.3 }),
    },
  );
}
