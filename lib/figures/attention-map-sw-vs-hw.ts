/// <reference lib="dom" />
/**
 * Figure `attention-map-sw-vs-hw`: one head's attention probabilities, SW and HW side by side.
 */
import type * as PlotModule from "@observablehq/plot";
import type { MapCell } from "../analysis/kernels.ts";
import { withColourLegend } from "./colour-legend.ts";

/** The attention probabilities of one head, SW and HW side by side (first tokens). */
export function mapsFigure(Plot: typeof PlotModule, document: Document, cells: readonly MapCell[], title: string): Element {
  const chart = Plot.plot({
    document,
    width: 820,
    height: 440,
    title,
    subtitle: "Attention probabilities of the first tokens (CLS = 0, then patches row-major); blank = masked (exactly 0)",
    caption:
      "Each cell: softmax of one query's windowed scores (3×3 window + CLS) on seeded N(0, 1) Q and K; left computed in float64, right from the kit's " +
      "fixed-point SDDMM scores, then the same softmax. Colour on a square-root scale, so small probabilities stay visible.",
    fx: { label: null, domain: ["SW (float64)", "HW (fixed point)"] },
    x: { label: "key token", axis: "top", ticks: [0, 10, 20, 30, 40] },
    y: { label: "query token", ticks: [0, 10, 20, 30, 40] },
    color: { scheme: "blues", type: "sqrt", legend: false },
    marks: [Plot.cell(cells, { fx: "map", x: "key", y: "query", fill: "value", inset: 0 })],
  });
  return withColourLegend(Plot, document, chart, { label: "attention probability (0–1, √ scale)" });
}
