/// <reference lib="dom" />
/**
 * Figure `diagonal-share-vs-band`: the share of kept patch→patch entries within |q − k| ≤ w against the band's
 * half-width w, for the whole map, the sparse part (the polarizer's global columns removed) and a uniform spread.
 */
import type * as PlotModule from "@observablehq/plot";
import type { DiagonalShareRow } from "../analysis/attention-verdicts.ts";

type PlotApi = typeof PlotModule;

/** Share in the diagonal band vs band half-width, three series, with the 50 % line and the kit's base band marked. */
export function diagonalShareFigure(Plot: PlotApi, document: Document, rows: readonly DiagonalShareRow[], o: { baseBand: number; title: string }): Element {
  const long = rows.flatMap((r) => [
    { band: r.band, series: "whole map", percent: 100 * r.whole },
    { band: r.band, series: "sparse part (global columns removed)", percent: 100 * r.sparse },
    { band: r.band, series: "uniform spread", percent: 100 * r.uniform },
  ]);
  return Plot.plot({
    document,
    width: 640,
    height: 340,
    title: o.title,
    caption: `Dashed: half of the kept entries ("mostly"); dotted: the kit's base band w = ${o.baseBand} (one patch row and one column either side on the 14×14 grid). The verdict flips where a curve crosses 50 %.`,
    x: { label: "band half-width w (token offsets) →" },
    y: { label: "↑ kept patch→patch entries in the band (%)", domain: [0, 100], grid: true },
    color: { domain: ["whole map", "sparse part (global columns removed)", "uniform spread"], range: ["#2171b5", "#d94801", "#969696"], legend: true },
    marks: [
      Plot.lineY(long, { x: "band", y: "percent", stroke: "series" }),
      Plot.ruleY([50], { strokeDasharray: "6 4" }),
      Plot.ruleX([o.baseBand], { strokeDasharray: "2 3" }),
      Plot.ruleY([0]),
    ],
  });
}
