/// <reference lib="dom" />
/**
 * `mean-attention-full` (notebook 06): the full n×n mean attention map per layer, heads averaged.
 */
import type * as PlotModule from "@observablehq/plot";
import { withColourLegend } from "./colour-legend.ts";

/** Full n×n mean attention map per layer (heads averaged): query down, key across; token 0 = CLS. */
export function meanMapFigure(Plot: typeof PlotModule, document: Document, maps: readonly Float32Array[][], n: number, o: { title: string; caption: string; panel?: number }): Element {
  const data: { L: string; x1: number; y1: number; weight: number }[] = [];
  maps.forEach((heads, l) => {
    for (let q = 0; q < n; q++) for (let k = 0; k < n; k++) {
      let s = 0;
      for (const h of heads) s += h[q * n + k]!;
      data.push({ L: `L${l}`, x1: k, y1: q, weight: s / heads.length });
    }
  });
  const panel = o.panel ?? 170;
  const chart = Plot.plot({
    document,
    width: maps.length * panel + 40,
    aspectRatio: 1,
    marginTop: 30,
    marginLeft: 10,
    marginRight: 10,
    title: o.title,
    caption: o.caption,
    fx: { domain: maps.map((_, l) => `L${l}`), label: null, axis: "top" },
    x: { domain: [0, n], axis: null },
    y: { domain: [0, n], reverse: true, axis: null },
    color: { type: "sqrt", scheme: "viridis", legend: false },
    marks: [Plot.rect(data, { fx: "L", x1: "x1", x2: (d: { x1: number }) => d.x1 + 1, y1: "y1", y2: (d: { y1: number }) => d.y1 + 1, fill: "weight" })],
  });
  return withColourLegend(Plot, document, chart, { label: "mean attention weight over the heads (0–1, √ scale)" });
}
