/// <reference lib="dom" />
/**
 * `fig11-cycles`: the poster's Fig. 11 recomputed — Q×K and S×V cycles of one attention layer, full attention on
 * the systolic array and on the MAC lines, windowed attention on the MAC lines — with the kit's and the poster's
 * ratios in the subtitle.
 */
import type * as PlotModule from "@observablehq/plot";
import { POSTER_FIG11_REPORTED } from "../paper/poster-fig11.ts";
import type { PosterAssumptions, PosterResult } from "../cycles/poster.ts";

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
