/// <reference lib="dom" />
/**
 * Figure `window-mask-map`: a whole n×n attention mask as a heatmap. Heatmaps use rect/cell marks (the raster mark needs a canvas); big maps are drawn as non-empty b×b blocks
 * so files stay proportional to the kept entries.
 */
import type * as PlotModule from "@observablehq/plot";
import { maskBlocks } from "../masks/block-density.ts";
import type { SparseMask } from "../masks/sparse-mask.ts";
import { withColourLegend } from "./colour-legend.ts";

type PlotApi = typeof PlotModule;

/**
 * A full n×n attention mask as a heatmap of kept entries (b = 1) or of non-empty b×b blocks shaded by density.
 */
export function maskMapFigure(
  Plot: PlotApi,
  document: Document,
  mask: SparseMask,
  o: { title: string; caption: string; blockSize?: number; size?: number },
): Element {
  const b = o.blockSize ?? 1;
  const blocks = maskBlocks(mask, b);
  const size = o.size ?? 460;
  const chart = Plot.plot({
    document,
    width: size,
    height: size + 40,
    title: o.title,
    caption: o.caption,
    x: { domain: [0, mask.n], label: "key token →", ticks: 5 },
    y: { domain: [0, mask.n], reverse: true, label: "↓ query token", ticks: 5 },
    color: { type: "sqrt", domain: [0, 1], scheme: "blues", legend: false },
    marks: [
      Plot.frame({ stroke: "#bbb" }),
      b === 1
        ? Plot.rect(blocks, { x1: "col0", x2: "col1", y1: "row0", y2: "row1", fill: "#08519c" })
        : Plot.rect(blocks, { x1: "col0", x2: "col1", y1: "row0", y2: "row1", fill: "density" }),
    ],
  });
  // One colour (kept entries) needs no ramp; a block map shades by density.
  return b === 1 ? chart : withColourLegend(Plot, document, chart, { label: `kept share of each ${b}×${b} block (0–1, √ scale; blank = all pruned)`, width: Math.min(320, size - 40) });
}
