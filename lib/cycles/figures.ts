/// <reference lib="dom" />
/**
 * Figures of the FPGA-speedup notebook (05): Fig. 11 reproduced and design-space lines. Builders take Observable Plot and a headless document (see `lib/output/figure.ts`).
 */
import type * as PlotModule from "@observablehq/plot";
import { POSTER_FIG11_REPORTED } from "../paper/poster-fig11.ts";
import type { PosterAssumptions, PosterResult } from "./poster.ts";

/** One bar of the Fig. 11 figure. */
export interface Fig11Bar {
  phase: string;
  bar: string;
  cycles: number;
}

/** Bars of Fig. 11 in the poster's order. */
export function fig11Bars(r: PosterResult): Fig11Bar[] {
  const bars: Fig11Bar[] = [];
  for (const [phase, c] of [["Q × K", r.qk], ["S × V", r.sv]] as const) {
    bars.push({ phase, bar: "Full + Systolic", cycles: c.systolicFull });
    bars.push({ phase, bar: "Full + Ours", cycles: c.linesFull });
    bars.push({ phase, bar: "Window + Ours", cycles: c.linesWindow });
  }
  return bars;
}

/** Fig. 11 as the kit computes it, with the kit's and the poster's ratios in the subtitle. */
export function fig11Figure(Plot: typeof PlotModule, document: Document, r: PosterResult, assumptions: string, setting: { k: number; tokens: number; a: PosterAssumptions }): Element {
  const bars = fig11Bars(r);
  const rep = POSTER_FIG11_REPORTED;
  const f = (x: number, d = 2): string => `×${x.toFixed(d)}`;
  return Plot.plot({
    document,
    width: 820,
    height: 380,
    marginLeft: 70,
    title: "Cycle count: full vs windowed attention, systolic array vs MAC lines (equal PEs) — poster Fig. 11, recomputed",
    subtitle:
      `Q×K: systolic→lines ${f(r.ratios.qkSystolicToLines)} (poster ${f(rep.qkSystolicToLines)}), full→window ${f(r.ratios.qkFullToWindow)} (poster ${f(rep.qkFullToWindow, 1)}); ` +
      `S×V: ${f(r.ratios.svSystolicToLines)} (poster ${f(rep.svSystolicToLines)}), ${f(r.ratios.svFullToWindow)} (poster ${f(rep.svFullToWindow)})`,
    caption: `One attention layer (${setting.a.heads} heads, ${setting.tokens} tokens, d = ${setting.a.featureDim}), k = ${setting.k}. Assumptions: ${assumptions}`,
    fx: { label: null },
    x: { domain: ["Full + Systolic", "Full + Ours", "Window + Ours"], label: null, tickSize: 0 },
    y: { label: "↑ cycles", grid: true },
    marks: [
      Plot.barY(bars, { fx: "phase", x: "bar", y: "cycles", fill: "#808080", insetLeft: 12, insetRight: 12 }),
      Plot.text(bars, { fx: "phase", x: "bar", y: "cycles", text: (d: Fig11Bar) => d.cycles.toLocaleString("en-US"), dy: -8, fontSize: 10 }),
      Plot.ruleY([0]),
    ],
  });
}

/** A generic line chart of design-space rows: y against x, one line per `series` value. */
export function designSpaceFigure(
  Plot: typeof PlotModule,
  document: Document,
  rows: readonly Record<string, number | string>[],
  opts: { x: string; y: string; series: string; title: string; subtitle?: string; xLabel: string; yLabel: string; logY?: boolean; logX?: boolean; refY?: number[] },
): Element {
  return Plot.plot({
    document,
    width: 820,
    height: 360,
    marginLeft: 70,
    title: opts.title,
    subtitle: opts.subtitle,
    x: { label: opts.xLabel, type: opts.logX ? "log" : "linear", grid: true },
    y: { label: opts.yLabel, type: opts.logY ? "log" : "linear", grid: true },
    color: { legend: true, type: "ordinal" },
    marks: [
      ...(opts.refY ? [Plot.ruleY(opts.refY, { stroke: "#c00", strokeDasharray: "4,3" })] : []),
      Plot.line(rows, { x: opts.x, y: opts.y, stroke: opts.series, marker: "circle" }),
    ],
  });
}
