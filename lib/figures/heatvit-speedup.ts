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
  const pct = Math.round(tolerance * 100);
  const lines = [
    { y: max * (1 + tolerance), text: `+${pct} %: ×${(max * (1 + tolerance)).toFixed(2)}`, dashed: true },
    { y: max, text: `reported max ×${max}`, dashed: false },
    { y: min, text: `reported min ×${min}`, dashed: false },
    { y: min * (1 - tolerance), text: `−${pct} %: ×${(min * (1 - tolerance)).toFixed(2)}`, dashed: true },
  ];
  return Plot.plot({
    document,
    width: 900,
    height: 380,
    marginLeft: 60,
    marginRight: 130,
    title: "HeatViT vs its baseline on the ZCU102: modelled speedup per model, as the product of its causes",
    subtitle: `Grey lines: the reported ×${min}–×${max} (HeatViT's paper, abstract); dashed: ±${pct} % around each end. Log axis: segment heights multiply`,
    caption:
      "Modelled with the kit's HeatViT model (lib/cycles/models/heatvit.ts): datapath 16→8 bit × exact→polynomial nonlinear units × token pruning at the keep schedule " +
      "of the notebook's parameters, each model on the ZCU102 preset; the label on each bar is the product. The reported range is HeatViT's, over all its models.",
    x: { label: null, domain: reports.map((r) => r.model) },
    y: { label: "↑ speedup over the baseline (×, log scale)", type: "log", grid: true, domain: [1, max * (1 + tolerance) * 1.1], tickFormat: (d: number) => `${d}` },
    color: { legend: true, domain: [...FACTORS] },
    marks: [
      Plot.ruleY(lines.filter((l) => !l.dashed), { y: "y", stroke: "#999999", strokeWidth: 3 }),
      Plot.ruleY(lines.filter((l) => l.dashed), { y: "y", stroke: "#888888", strokeDasharray: "4,3" }),
      // Each reference line named at its right end, in the margin.
      Plot.text(lines, { y: "y", text: "text", frameAnchor: "right", textAnchor: "start", dx: 6, fontSize: 9, fill: "#555555" }),
      Plot.barY(segs, { x: "model", y1: "y1", y2: "y2", fill: "factor", insetLeft: 8, insetRight: 8 }),
      Plot.text(reports, { x: "model", y: (r: HeatvitReport) => r.modelledSpeedup, text: (r: HeatvitReport) => `×${r.modelledSpeedup.toFixed(2)}`, dy: -8, fontSize: 10 }),
    ],
  });
}
