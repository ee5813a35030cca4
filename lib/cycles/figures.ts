/// <reference lib="dom" />
/**
 * Figures of the FPGA-speedup notebook (05): Fig. 11 reproduced, design-space lines, the equal-footing
 * speedups. Builders take Observable Plot and a headless document (see `lib/output/figure.ts`).
 */
import type * as PlotModule from "@observablehq/plot";
import { POSTER_FIG11_REPORTED, type PosterResult } from "./poster.ts";
import type { FootingRow } from "./compare.ts";

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
export function fig11Figure(Plot: typeof PlotModule, document: Document, r: PosterResult, assumptions: string): Element {
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
    caption: `One attention layer of DeiT-tiny (3 heads, 197 tokens, d = 64), k = 3. Assumptions: ${assumptions}`,
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

/** Speedups of the equal-footing table, grouped by scope. */
export function footingFigure(Plot: typeof PlotModule, document: Document, rows: readonly FootingRow[]): Element {
  const bars = rows.flatMap((r) => [
    { design: r.design, scope: "attention matmuls", speedup: r.speedupAttentionMatmuls },
    { design: r.design, scope: "whole attention", speedup: r.speedupAttention },
    { design: r.design, scope: "end to end", speedup: r.speedupEndToEnd },
  ]);
  return Plot.plot({
    document,
    width: 820,
    height: 400,
    marginLeft: 60,
    marginTop: 40,
    title: "DeiT-tiny on one hardware budget (512 PEs, 500 MHz, 76.8 GB/s): speedup over the dense model",
    subtitle: "Attention matmuls only, whole attention module, end to end — the attention matmuls are a minority of the model",
    fx: { label: null, domain: ["attention matmuls", "whole attention", "end to end"] },
    x: { label: null, axis: null, domain: rows.map((r) => r.design) },
    y: { label: "↑ speedup over dense (×, log scale)", type: "log", grid: true, tickFormat: (d: number) => `${d}` },
    color: { legend: true, domain: rows.map((r) => r.design) },
    marks: [
      Plot.barY(bars, { fx: "scope", x: "design", y1: 1, y2: "speedup", fill: "design", insetLeft: 2, insetRight: 2 }),
      Plot.text(bars, { fx: "scope", x: "design", y: "speedup", text: (d: { speedup: number }) => d.speedup.toFixed(2), dy: -7, fontSize: 9 }),
      Plot.ruleY([1]),
    ],
  });
}
