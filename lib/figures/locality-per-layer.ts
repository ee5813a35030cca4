/// <reference lib="dom" />
/**
 * Figure `locality-per-layer`: the per-layer share of kept entries inside the window.
 */
import type * as PlotModule from "@observablehq/plot";
import type { LocalityRow } from "../analysis/masks.ts";

type PlotApi = typeof PlotModule;

/** Per-layer in-window share with the uniform-spread baseline and the "local" threshold. */
export function localityFigure(Plot: PlotApi, document: Document, rows: readonly LocalityRow[], o: { k: number; uniformPercent: number; localSharePercent: number }): Element {
  return Plot.plot({
    document,
    width: 640,
    height: 340,
    title: `Share of kept patch→patch entries inside the ${o.k}×${o.k} window, per layer (ViTCoD DeiT-tiny masks)`,
    caption:
      `Heads pooled per layer. Dashed: ${o.localSharePercent} % threshold for a "local" layer; dotted: ${o.uniformPercent.toFixed(2)} % expected if kept entries were spread uniformly.`,
    x: { label: "layer (block)", domain: rows.map((r) => r.layer) },
    y: { label: "↑ kept entries in window (%)", domain: [0, 100], grid: true },
    color: { domain: ["lower", "upper"], range: ["#2171b5", "#fd8d3c"], legend: true },
    marks: [
      Plot.barY(rows, { x: "layer", y: "inWindowPercent", fill: "group", insetLeft: 2, insetRight: 2 }),
      Plot.ruleY([o.localSharePercent], { strokeDasharray: "6 4" }),
      Plot.ruleY([o.uniformPercent], { strokeDasharray: "2 3" }),
      Plot.ruleY([0]),
    ],
  });
}
