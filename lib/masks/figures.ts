/// <reference lib="dom" />
/**
 * Figure builders of the mask notebooks (02-attention-maps, 03-pruning-ratio), for `saveFigure`. Heatmaps
 * use rect/cell marks (the raster mark needs a canvas); big maps are drawn as non-empty b×b blocks so
 * files stay proportional to the kept entries.
 */
import type * as PlotModule from "@observablehq/plot";
import { maskBlocks } from "./block-density.ts";
import { FIG5_COLOURS, type Fig5Point } from "./fig5.ts";
import type { LocalityRow, WindowSweepRow } from "./report.ts";
import type { SparseMask } from "./sparse-mask.ts";
import { axisWindow } from "./window.ts";

type PlotApi = typeof PlotModule;

/** Roles of the patches in {@link windowQueryFigure}. */
export const WINDOW_ROLES = ["query", "kept key (in window)", "pruned key"] as const;
const ROLE_COLOURS = ["#d62728", "#6baed6", "#f0f0f0"];

/**
 * One query's window on the patch grid (poster Fig. 8, left): the query patch, the patch keys it keeps, and
 * the pruned ones. The CLS token (not on the grid) is kept by every query.
 */
export function windowQueryFigure(
  Plot: PlotApi,
  document: Document,
  o: { gridH: number; gridW: number; k: number; queryRow: number; queryCol: number; dilation?: number; border?: "clip" | "shift" },
): Element {
  const d = o.dilation ?? 1;
  const border = o.border ?? "clip";
  const rows = new Set(axisWindow(o.queryRow, o.gridH, o.k, d, border));
  const cols = new Set(axisWindow(o.queryCol, o.gridW, o.k, d, border));
  const cells: { row: number; col: number; role: string }[] = [];
  for (let r = 0; r < o.gridH; r++) {
    for (let c = 0; c < o.gridW; c++) {
      const role = r === o.queryRow && c === o.queryCol ? WINDOW_ROLES[0] : rows.has(r) && cols.has(c) ? WINDOW_ROLES[1] : WINDOW_ROLES[2];
      cells.push({ row: r, col: c, role });
    }
  }
  const kept = cells.filter((c) => c.role !== WINDOW_ROLES[2]).length;
  return Plot.plot({
    document,
    width: 420,
    height: 460,
    title: `One query's ${o.k}×${o.k} window on the ${o.gridH}×${o.gridW} patch grid`,
    caption:
      `Query patch (row ${o.queryRow}, column ${o.queryCol}) keeps ${kept} patch keys (itself included) plus the CLS token; ` +
      `the other ${o.gridH * o.gridW - kept} patch keys are pruned. Border policy ${border}, dilation ${d}.`,
    x: { label: "patch column", domain: Array.from({ length: o.gridW }, (_, i) => i), tickSize: 0 },
    y: { label: "patch row", domain: Array.from({ length: o.gridH }, (_, i) => i), tickSize: 0 },
    color: { domain: [...WINDOW_ROLES], range: ROLE_COLOURS, legend: true },
    marks: [Plot.cell(cells, { x: "col", y: "row", fill: "role", inset: 0.5 })],
  });
}

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
  return Plot.plot({
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
}

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
  return Plot.plot({
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
}

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

/** Pruning ratio of the windowed mask vs window size, one line per grid. */
export function pruningSweepFigure(Plot: PlotApi, document: Document, rows: readonly WindowSweepRow[], o: { claimPercent: number }): Element {
  const grids = [...new Set(rows.map((r) => r.grid))];
  return Plot.plot({
    document,
    width: 640,
    height: 360,
    title: "Pruning ratio of the windowed attention mask vs window size",
    caption: `One head, 1 CLS token, border clip. Dashed: the poster's "up to ${o.claimPercent} %".`,
    x: { label: "window side k →", ticks: [...new Set(rows.map((r) => r.k))] },
    y: { label: "↑ pruning ratio (%)", grid: true },
    color: { domain: grids, legend: true },
    marks: [
      Plot.ruleY([o.claimPercent], { strokeDasharray: "6 4" }),
      Plot.line(rows, { x: "k", y: "pruningRatioPercent", stroke: "grid", z: "grid" }),
      Plot.dot(rows, { x: "k", y: "pruningRatioPercent", fill: "grid", r: 3 }),
    ],
  });
}

/**
 * Digitized Fig. 5, one metric per figure (BLEU for the NLP transformers, top-1 accuracy for DeiT):
 * filled dots = clearly visible markers, hollow = partly hidden markers, with the reading uncertainty as
 * error bars; optional dashed baselines (unpruned accuracy).
 */
export function fig5Figure(
  Plot: PlotApi,
  document: Document,
  points: readonly Fig5Point[],
  o: { metric: "BLEU" | "top-1 accuracy"; title: string; caption: string; baselines?: { name: string; value: number }[] },
): Element {
  const pts = points.filter((p) => p.metric === o.metric);
  const series = [...new Set(pts.map((p) => p.series))];
  const clear = pts.filter((p) => p.visibility === "clear");
  const partial = pts.filter((p) => p.visibility !== "clear");
  return Plot.plot({
    document,
    width: 680,
    height: 380,
    title: o.title,
    caption: o.caption,
    x: { label: "sparsity ratio of attention maps (%) →", domain: [5, 100], grid: true },
    y: { label: o.metric === "BLEU" ? "↑ BLEU" : "↑ top-1 accuracy (%)", grid: true },
    color: { domain: series, range: series.map((s) => FIG5_COLOURS[s] ?? "#555"), legend: true },
    marks: [
      ...(o.baselines ?? []).map((b) => Plot.ruleY([b.value], { stroke: "#333", strokeDasharray: "6 4" })),
      Plot.line(pts, { x: "sparsity", y: "value", stroke: "series", z: "series" }),
      Plot.ruleX(pts, { x: "sparsity", y1: (p: Fig5Point) => p.value - p.valueUncertainty, y2: (p: Fig5Point) => p.value + p.valueUncertainty, stroke: "series", strokeOpacity: 0.6 }),
      Plot.ruleY(pts, { y: "value", x1: (p: Fig5Point) => p.sparsity - p.sparsityUncertainty, x2: (p: Fig5Point) => p.sparsity + p.sparsityUncertainty, stroke: "series", strokeOpacity: 0.6 }),
      Plot.dot(clear, { x: "sparsity", y: "value", fill: "series", r: 3.5 }),
      Plot.dot(partial, { x: "sparsity", y: "value", stroke: "series", fill: "white", r: 3.5 }),
    ],
  });
}
