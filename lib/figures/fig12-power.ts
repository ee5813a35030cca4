/// <reference lib="dom" />
/**
 * `fig12-power`: the poster's Fig. 12 on-chip power by component (reported), with the kit's energy-based
 * power estimate of the accelerator's datapath beside it.
 */
import type * as PlotModule from "@observablehq/plot";
import type { ReportedPower } from "../paper/poster-fig12.ts";

/** Bars of power (mW, log scale): the reported components and the kit's estimate. */
export function fig12PowerFigure(Plot: typeof PlotModule, document: Document, power: readonly ReportedPower[], estimate: { label: string; milliwatts: number }): Element {
  const bars = [
    ...power.filter((p) => p.component !== "Dynamic").map((p) => ({ item: p.component, kind: "reported (poster Fig. 12)", value: p.watts * 1000, text: `${p.bound}${p.watts} W` })),
    { item: estimate.label, kind: "kit estimate", value: estimate.milliwatts, text: `≈ ${estimate.milliwatts.toPrecision(2)} mW` },
  ];
  return Plot.plot({
    document,
    width: 900,
    height: 320,
    marginLeft: 60,
    marginBottom: 50,
    title: "Poster Fig. 12: on-chip power by component (reported) and the kit's estimate for the accelerator's datapath",
    subtitle: "The PS7 (ARM cores) draws almost all of the 1.4 W; the programmable logic a few mW. Log scale",
    x: { label: null, domain: bars.map((b) => b.item), tickRotate: -20 },
    y: { label: "↑ mW (log scale)", type: "log", grid: true },
    color: { legend: true, domain: ["reported (poster Fig. 12)", "kit estimate"] },
    marks: [Plot.barY(bars, { x: "item", y1: 0.1, y2: "value", fill: "kind" }), Plot.text(bars, { x: "item", y: "value", text: "text", dy: -6, fontSize: 9 })],
  });
}
