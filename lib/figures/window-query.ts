/// <reference lib="dom" />
/**
 * Figure `window-query`: one query's window on the patch grid (poster Fig. 8, left).
 */
import type * as PlotModule from "@observablehq/plot";
import { axisWindow } from "../masks/window.ts";

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
    title: `One query's ${o.k}×${o.k} window${d > 1 ? ` (dilation ${d})` : ""}${border === "shift" ? ", shifted at the border" : ""} on the ${o.gridH}×${o.gridW} patch grid`,
    caption:
      `Query patch (row ${o.queryRow}, column ${o.queryCol}) keeps ${kept} patch keys (itself included) plus the CLS token; ` +
      `the other ${o.gridH * o.gridW - kept} patch keys are pruned. Border policy ${border}, dilation ${d}.`,
    x: { label: "patch column", domain: Array.from({ length: o.gridW }, (_, i) => i), tickSize: 0 },
    y: { label: "patch row", domain: Array.from({ length: o.gridH }, (_, i) => i), tickSize: 0 },
    color: { domain: [...WINDOW_ROLES], range: ROLE_COLOURS, legend: true },
    marks: [Plot.cell(cells, { x: "col", y: "row", fill: "role", inset: 0.5 })],
  });
}
