/// <reference lib="dom" />
/**
 * `attention-query-image<N>` (notebook 06): the Fig. 7-style view — attention of one query patch over the patch grid, per layer and head.
 */
import type * as PlotModule from "@observablehq/plot";
import { withColourLegend } from "./colour-legend.ts";

/**
 * Attention of one query patch over the patch grid, per layer (rows) and head (columns): the spatial
 * view of Fig. 7. The query's cell is outlined, its 3×3 window dashed.
 */
export function queryAttentionFigure(
  Plot: typeof PlotModule,
  document: Document,
  cells: readonly { layer: number; head: number; row: number; col: number; weight: number; cls: number }[],
  o: { title: string; caption: string; gridSide: number; queryRow: number; queryCol: number; panel?: number },
): Element {
  const layers = [...new Set(cells.map((c) => c.layer))];
  const heads = [...new Set(cells.map((c) => c.head))];
  const panel = o.panel ?? 110;
  const data = cells.map((c) => ({ ...c, L: `L${c.layer}`, H: `head ${c.head}`, x1: c.col, x2: c.col + 1, y1: c.row, y2: c.row + 1 }));
  const frames = layers.flatMap((l) => heads.map((h) => ({ L: `L${l}`, H: `head ${h}` })));
  const q = { x1: o.queryCol, x2: o.queryCol + 1, y1: o.queryRow, y2: o.queryRow + 1 };
  const w = { x1: Math.max(0, o.queryCol - 1), x2: Math.min(o.gridSide, o.queryCol + 2), y1: Math.max(0, o.queryRow - 1), y2: Math.min(o.gridSide, o.queryRow + 2) };
  const chart = Plot.plot({
    document,
    width: heads.length * panel + 70,
    aspectRatio: 1,
    marginLeft: 10,
    marginRight: 50,
    marginTop: 30,
    marginBottom: 10,
    title: o.title,
    caption: o.caption,
    fx: { domain: heads.map((h) => `head ${h}`), label: null, axis: "top" },
    fy: { domain: layers.map((l) => `L${l}`), label: null, axis: "right" },
    x: { domain: [0, o.gridSide], axis: null },
    y: { domain: [0, o.gridSide], reverse: true, axis: null },
    color: { type: "sqrt", scheme: "viridis", legend: false },
    marks: [
      Plot.rect(data, { fx: "H", fy: "L", x1: "x1", x2: "x2", y1: "y1", y2: "y2", fill: "weight" }),
      Plot.rect(frames, { fx: "H", fy: "L", x1: () => w.x1, x2: () => w.x2, y1: () => w.y1, y2: () => w.y2, stroke: "white", strokeDasharray: "3 2", fill: "none" }),
      Plot.rect(frames, { fx: "H", fy: "L", x1: () => q.x1, x2: () => q.x2, y1: () => q.y1, y2: () => q.y2, stroke: "red", strokeWidth: 1.5, fill: "none" }),
    ],
  });
  return withColourLegend(Plot, document, chart, { label: "attention weight of the query on each key patch (0–1, √ scale)" });
}
