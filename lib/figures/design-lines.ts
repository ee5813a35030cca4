/// <reference lib="dom" />
/**
 * The line chart the design-space figures share (`design-pes-per-line`, `design-window-size`,
 * `design-vitcod-bandwidth`, `vitcod-utilisation`): y against x, one line per series, optional log axes
 * and reference rules. Not a figure itself: each figure's builder, in its own file, calls it.
 */
import type * as PlotModule from "@observablehq/plot";

/** Options of {@link designLines}. */
export interface DesignLinesOptions {
  x: string;
  y: string;
  series: string;
  title: string;
  subtitle?: string;
  /** What the chart shows and where its numbers come from (every figure of the kit has one). */
  caption: string;
  xLabel: string;
  yLabel: string;
  logY?: boolean;
  logX?: boolean;
  refY?: number[];
}

/** A line chart of design-space rows: `y` against `x`, one line per `series` value. */
export function designLines(Plot: typeof PlotModule, document: Document, rows: readonly Record<string, number | string>[], opts: DesignLinesOptions): Element {
  return Plot.plot({
    document,
    width: 820,
    height: 360,
    marginLeft: 70,
    title: opts.title,
    subtitle: opts.subtitle,
    caption: opts.caption,
    x: { label: opts.xLabel, type: opts.logX ? "log" : "linear", grid: true },
    y: { label: opts.yLabel, type: opts.logY ? "log" : "linear", grid: true },
    color: { legend: true, type: "ordinal" },
    marks: [
      ...(opts.refY ? [Plot.ruleY(opts.refY, { stroke: "#c00", strokeDasharray: "4,3" })] : []),
      Plot.line(rows, { x: opts.x, y: opts.y, stroke: opts.series, marker: "circle" }),
    ],
  });
}
