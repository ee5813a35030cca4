/// <reference lib="dom" />
/**
 * Figure `window-pruning-sweep`: pruning ratio of the windowed mask vs window size.
 */
import type * as PlotModule from "@observablehq/plot";
import type { WindowSweepRow } from "../analysis/masks.ts";

type PlotApi = typeof PlotModule;

/** The (grid, k) a notebook's parameters pick, marked on the sweep. */
export interface SweepHighlight {
  /** Grid label as in the sweep rows, e.g. `14x14`. */
  grid: string;
  k: number;
}

/**
 * Pruning ratio of the windowed mask vs window size, one line per grid; window sizes as integer ticks. With
 * `highlight`, the chosen (grid, k) is ringed and named in the caption with its exact ratio.
 */
export function pruningSweepFigure(
  Plot: PlotApi,
  document: Document,
  rows: readonly WindowSweepRow[],
  o: { claimPercent: number; highlight?: SweepHighlight },
): Element {
  const grids = [...new Set(rows.map((r) => r.grid))];
  const chosen = o.highlight ? rows.filter((r) => r.grid === o.highlight!.grid && r.k === o.highlight!.k) : [];
  const picked = chosen[0]
    ? ` Ringed: k = ${chosen[0].k} on the ${chosen[0].grid.replace("x", "×")} grid, ${chosen[0].pruningRatioPercent.toFixed(4)} % pruned.`
    : o.highlight
      ? ` (k = ${o.highlight.k} on ${o.highlight.grid.replace("x", "×")} is not in the sweep.)`
      : "";
  return Plot.plot({
    document,
    width: 640,
    height: 360,
    title: "Pruning ratio of the windowed attention mask vs window size",
    caption: `One head, 1 CLS token, border clip. Dashed: the poster's "up to ${o.claimPercent} %".${picked}`,
    // Inset so the ring of a point at the first or last k stays clear of the axis labels.
    x: { label: "window side k →", ticks: [...new Set(rows.map((r) => r.k))], tickFormat: "d", inset: 24 },
    y: { label: "↑ pruning ratio (%)", grid: true },
    color: { domain: grids, legend: true },
    marks: [
      Plot.ruleY([o.claimPercent], { strokeDasharray: "6 4" }),
      Plot.line(rows, { x: "k", y: "pruningRatioPercent", stroke: "grid", z: "grid" }),
      Plot.dot(rows, { x: "k", y: "pruningRatioPercent", fill: "grid", r: 3 }),
      ...(chosen.length > 0 ? [Plot.dot(chosen, { x: "k", y: "pruningRatioPercent", r: 8, stroke: "black", strokeWidth: 1.5 })] : []),
    ],
  });
}
