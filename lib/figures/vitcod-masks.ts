/// <reference lib="dom" />
/**
 * Figures `vitcod-masks` and `vitcod-masks-polarized`: every head of a model's masks as a grid of heatmaps.
 * Heatmaps use rect/cell marks (the raster mark needs a canvas); big maps are drawn as non-empty b×b blocks
 * so files stay proportional to the kept entries.
 */
import type * as PlotModule from "@observablehq/plot";
import { maskBlocks } from "../masks/block-density.ts";
import type { SparseMask } from "../masks/sparse-mask.ts";
import { withColourLegend } from "./colour-legend.ts";

type PlotApi = typeof PlotModule;

/**
 * Every head of a `[layer][head]` model as a grid of small heatmaps (rows = layers, columns = heads),
 * aggregated into b×b blocks shaded by the share of kept entries.
 */
export function headGridFigure(
  Plot: PlotApi,
  document: Document,
  masks: readonly (readonly SparseMask[])[],
  o: { title: string; caption: string; blockSize: number; panel?: number },
): Element {
  const data: { layer: string; head: string; col0: number; col1: number; row0: number; row1: number; density: number }[] = [];
  masks.forEach((layer, l) =>
    layer.forEach((m, h) => {
      for (const blk of maskBlocks(m, o.blockSize)) {
        data.push({ layer: `L${l}`, head: `head ${h}`, col0: blk.col0, col1: blk.col1, row0: blk.row0, row1: blk.row1, density: blk.density });
      }
    }),
  );
  const n = masks[0]?.[0]?.n ?? 0;
  const panel = o.panel ?? 96;
  const heads = masks[0]?.length ?? 0;
  const chart = Plot.plot({
    document,
    width: heads * panel + 80,
    height: masks.length * panel + 90,
    marginLeft: 10,
    marginRight: 50,
    marginTop: 30,
    marginBottom: 10,
    title: o.title,
    caption: o.caption,
    fx: { domain: Array.from({ length: heads }, (_, h) => `head ${h}`), label: null, axis: "top" },
    fy: { domain: masks.map((_, l) => `L${l}`), label: null, axis: "right" },
    x: { domain: [0, n], axis: null },
    y: { domain: [0, n], reverse: true, axis: null },
    color: { type: "sqrt", domain: [0, 1], scheme: "blues", legend: false },
    marks: [
      Plot.frame({ stroke: "#ccc" }),
      Plot.rect(data, { fx: "head", fy: "layer", x1: "col0", x2: "col1", y1: "row0", y2: "row1", fill: "density" }),
    ],
  });
  const cells = o.blockSize === 1 ? "entry" : `${o.blockSize}×${o.blockSize} block`;
  return withColourLegend(Plot, document, chart, { label: `kept share of each ${cells} (0–1, √ scale; blank = all pruned)`, width: Math.min(300, heads * panel + 40) });
}
