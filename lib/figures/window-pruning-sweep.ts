/// <reference lib="dom" />
/**
 * Figure `window-pruning-sweep`: pruning ratio of the windowed mask vs window size.
 */
import type * as PlotModule from "@observablehq/plot";
import type { WindowSweepRow } from "../analysis/masks.ts";

type PlotApi = typeof PlotModule;

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
