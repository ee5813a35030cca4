/// <reference lib="dom" />
/**
 * `fig12-resources`: poster Fig. 12's utilisation, first as the poster prints it (Vivado's table: resource,
 * utilization, available, utilization %), beside it the same as % of the XC7Z020 next to the kit's first-order
 * estimates where it has a rule (DSP, BRAM).
 */
import type * as PlotModule from "@observablehq/plot";
import type { ReportedResource } from "../paper/poster-fig12.ts";
import { composeFigure } from "./compose.ts";
import { printedTable } from "./printed-table.ts";

/** One estimate of a resource. */
export interface ResourceEstimateBar {
  resource: string;
  estimate: number;
  /** What the estimate assumes, shown in the legend. */
  label: string;
}

const REPORTED = "reported (poster Fig. 12)";
const COLOURS = ["#4269d0", "#efb118", "#ff725c", "#6cc5b0", "#a463f2"];

/** The poster's table as printed, and horizontal bars: reported and estimated utilisation per resource. */
export function fig12ResourcesFigure(Plot: typeof PlotModule, document: Document, resources: readonly ReportedResource[], estimates: readonly ResourceEstimateBar[]): Element {
  const table = printedTable(Plot, document, {
    columns: [
      { header: "Resource", width: 90, align: "start" },
      { header: "Utilization", width: 90, align: "end" },
      { header: "Available", width: 90, align: "end" },
      { header: "Utilization %", width: 100, align: "end" },
    ],
    // Numbers as Vivado prints them: no thousands separators, two decimals for the percentage.
    rows: resources.map((r) => [r.resource, String(r.used), String(r.available), r.percent.toFixed(2)]),
    rowHeight: 26,
  });
  const bars = [
    ...resources.map((r) => ({ item: r.resource, kind: REPORTED, value: r.percent, text: `${r.used.toLocaleString("en-US")} (${r.percent.toFixed(2)} %)` })),
    ...estimates.map((e) => {
      const avail = resources.find((r) => r.resource === e.resource)!.available;
      const pct = (100 * e.estimate) / avail;
      return { item: e.resource, kind: `kit estimate: ${e.label}`, value: pct, text: `${e.estimate.toLocaleString("en-US")} (${pct.toFixed(1)} %)` };
    }),
  ];
  const kinds = [...new Set(bars.map((b) => b.kind))];
  const chart = Plot.plot({
    document,
    width: 520,
    height: 40 + resources.length * kinds.length * 17,
    marginLeft: 60,
    marginRight: 130,
    fy: { label: null, domain: resources.map((r) => r.resource), padding: 0.15 },
    y: { label: null, axis: null, domain: kinds },
    x: { label: "% of the XC7Z020 →", domain: [0, 100], grid: true },
    color: { legend: true, domain: kinds, range: COLOURS.slice(0, kinds.length) },
    marks: [
      Plot.barX(bars, { fy: "item", y: "kind", x: "value", fill: "kind" }),
      Plot.text(bars, { fy: "item", y: "kind", x: "value", text: "text", textAnchor: "start", dx: 4, fontSize: 9 }),
      Plot.ruleX([0]),
    ],
  });
  return composeFigure(document, {
    title: "Poster Fig. 12: FPGA utilisation of the XC7Z020, as printed and beside the kit's first-order estimates",
    subtitle: "Left: the poster's Vivado utilisation table, as printed. Right: each resource as % of the device; the kit estimates DSP and BRAM only",
    caption:
      "Reported: the poster's Fig. 12 table (Zybo Z7-20, xc7z020). Kit estimates (lib/cycles/resources.ts): one DSP48E1 per 16-bit MAC; BRAM36 for a per-head score " +
      "buffer holding the dense 197×197 map or only the window's entries. LUT, FF and LUTRAM are dominated by control and AXI logic, which the kit does not model.",
    parts: [{ row: [table, chart] }],
  });
}
