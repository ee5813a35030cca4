/// <reference lib="dom" />
/**
 * `fig12-resources`: the poster's Fig. 12 utilisation as a figure — % of the XC7Z020 per resource as
 * reported (used / available as printed) beside the kit's first-order estimates where it has a rule.
 */
import type * as PlotModule from "@observablehq/plot";
import type { ReportedResource } from "../paper/poster-fig12.ts";

/** One estimate of a resource. */
export interface ResourceEstimateBar {
  resource: string;
  estimate: number;
  /** What the estimate assumes, shown in the legend. */
  label: string;
}

/** Grouped bars: reported and estimated utilisation per resource. */
export function fig12ResourcesFigure(Plot: typeof PlotModule, document: Document, resources: readonly ReportedResource[], estimates: readonly ResourceEstimateBar[]): Element {
  const bars = [
    ...resources.map((r) => ({ item: r.resource, kind: "reported (poster Fig. 12)", value: r.percent, text: `${r.used.toLocaleString("en-US")} / ${r.available.toLocaleString("en-US")}` })),
    ...estimates.map((e) => {
      const avail = resources.find((r) => r.resource === e.resource)!.available;
      return { item: e.resource, kind: `kit estimate: ${e.label}`, value: (100 * e.estimate) / avail, text: e.estimate.toLocaleString("en-US") };
    }),
  ];
  const kinds = [...new Set(bars.map((b) => b.kind))];
  return Plot.plot({
    document,
    width: 900,
    height: 340,
    marginLeft: 60,
    title: "Poster Fig. 12: FPGA utilisation of the XC7Z020 (reported) beside the kit's first-order estimates",
    subtitle: "Labels: used / available as printed (reported) or the estimated count. The kit estimates DSP and BRAM only; LUT, FF and LUTRAM are dominated by control and AXI logic",
    fx: { label: null, domain: resources.map((r) => r.resource) },
    x: { label: null, axis: null, domain: kinds },
    y: { label: "↑ % of the device", grid: true },
    color: { legend: true, domain: kinds },
    marks: [
      Plot.barY(bars, { fx: "item", x: "kind", y: "value", fill: "kind" }),
      Plot.text(bars, { fx: "item", x: "kind", y: "value", text: "text", dy: -6, fontSize: 8 }),
      Plot.ruleY([0]),
    ],
  });
}
