/// <reference lib="dom" />
/**
 * `heatvit-speedup`: HeatViT's modelled speedup over its baseline per model, stacked as its factors
 * (datapath × nonlinear × pruning, on a log axis so the segments add), against the reported range.
 */
import type * as PlotModule from "@observablehq/plot";
import type { HeatvitReport } from "../analysis/heatvit.ts";

const FACTORS = ["datapath (16→8 bit)", "nonlinear (exact→polynomial)", "token pruning"] as const;

/** Log-stacked factor bars per model and the reported range as a band. */
export function heatvitSpeedupFigure(Plot: typeof PlotModule, document: Document, reports: readonly HeatvitReport[], tolerance: number): Element {
  const segs = reports.flatMap((r) => {
    const f = [r.factors.datapath, r.factors.nonlinear, r.factors.pruning];
    let lo = 1;
    return FACTORS.map((factor, i) => {
      const hi = lo * f[i]!;
      const seg = { model: r.model, factor, y1: lo, y2: hi };
      lo = hi;
      return seg;
    });
  });
  const { min, max } = reports[0]!.reportedRange;
  return Plot.plot({
    document,
    width: 820,
    height: 380,
    marginLeft: 60,
    title: "HeatViT vs its baseline on the ZCU102: modelled speedup per model, as the product of its causes",
    subtitle: `Grey lines: the reported ×${min}–×${max} (HeatViT's paper, abstract); dashed: ±${Math.round(tolerance * 100)} % around each end. Log axis: segment heights multiply`,
    x: { label: null, domain: reports.map((r) => r.model) },
    y: { label: "↑ speedup over the baseline (×, log scale)", type: "log", grid: true, domain: [1, max * (1 + tolerance) * 1.1], tickFormat: (d: number) => `${d}` },
    color: { legend: true, domain: [...FACTORS] },
    marks: [
      Plot.ruleY([min, max], { stroke: "#999999", strokeWidth: 3 }),
      Plot.ruleY([min * (1 - tolerance), max * (1 + tolerance)], { stroke: "#888888", strokeDasharray: "4,3" }),
      Plot.barY(segs, { x: "model", y1: "y1", y2: "y2", fill: "factor", insetLeft: 8, insetRight: 8 }),
      Plot.text(reports, { x: "model", y: (r: HeatvitReport) => r.modelledSpeedup, text: (r: HeatvitReport) => `×${r.modelledSpeedup.toFixed(2)}`, dy: -8, fontSize: 10 }),
    ],
  });
}
