/// <reference lib="dom" />
/**
 * `fig12-power`: poster Fig. 12's on-chip power, first as the poster shows it (Vivado's power summary: on-chip
 * power split into dynamic and static, the dynamic part into its components, each with watts and share as
 * printed), then every component on a log scale beside the kit's energy-based estimate for the accelerator's
 * datapath.
 */
import type * as PlotModule from "@observablehq/plot";
import type { ReportedPower } from "../paper/poster-fig12.ts";
import { composeFigure, wrapLabel } from "./compose.ts";
import { printedTable } from "./printed-table.ts";

/** Colours of Vivado's power summary, per component. */
const VIVADO_COLOURS: Record<string, string> = {
  Dynamic: "#fff59d",
  "Device Static": "#90caf9",
  Clocks: "#f48fb1",
  Signals: "#80deea",
  Logic: "#aed581",
  BRAM: "#42a5f5",
  DSP: "#ce93d8",
  PS7: "#2ecc71",
};

/** Height (percent of its bar) of a slice Vivado prints as "<1 %", so it is seen, as in Vivado's own panel. */
const BELOW_ONE_PERCENT = 1;

/** The poster's power panel as printed, and log-scale bars of the components beside the kit's estimate. */
export function fig12PowerFigure(Plot: typeof PlotModule, document: Document, power: readonly ReportedPower[], estimate: { label: string; milliwatts: number }): Element {
  const dynamic = power.find((p) => p.component === "Dynamic")!;
  const parts = power.filter((p) => p.component !== "Dynamic" && p.component !== "Device Static");
  const stat = power.find((p) => p.component === "Device Static")!;
  // Left bar: on-chip = dynamic + static; right bar: dynamic by component, each at its printed share ("<1 %"
  // slices at 1 %, so they are seen).
  const slices = [
    { bar: "on-chip", component: "Device Static", share: stat.percent },
    { bar: "on-chip", component: "Dynamic", share: dynamic.percent },
    ...parts.map((p) => ({ bar: "dynamic", component: p.component, share: p.percentBound === "<" ? BELOW_ONE_PERCENT : p.percent })),
  ];
  const stacked = slices.map((s, i) => {
    const before = slices.slice(0, i).filter((o) => o.bar === s.bar).reduce((a, o) => a + o.share, 0);
    return { ...s, y1: before, y2: before + s.share };
  });
  const split = Plot.plot({
    document,
    width: 190,
    height: 240,
    marginLeft: 10,
    marginRight: 10,
    marginBottom: 28,
    x: { domain: ["on-chip", "dynamic"], label: null, padding: 0.25 },
    y: { axis: null, domain: [0, 101] },
    marks: [
      Plot.rectY(stacked, { x: "bar", y1: "y1", y2: "y2", fill: (d: { component: string }) => VIVADO_COLOURS[d.component] ?? "#cccccc", stroke: "#666666", strokeWidth: 0.5 }),
      Plot.text(stacked.filter((s) => s.y2 - s.y1 >= 8), { x: "bar", y: (d: { y1: number; y2: number }) => (d.y1 + d.y2) / 2, text: (d: { share: number }) => `${Math.round(d.share)}%`, fontSize: 10 }),
    ],
  });
  const shown = [dynamic, ...parts, stat];
  const list = printedTable(Plot, document, {
    columns: [
      { header: "On-Chip Power", width: 130, align: "start" },
      { header: "W", width: 70, align: "end" },
      { header: "share", width: 60, align: "end" },
    ],
    rows: shown.map((p) => [p.component, `${p.bound}${p.watts.toFixed(3)}`, `(${p.percentBound}${p.percent}%)`]),
    swatches: shown.map((p) => VIVADO_COLOURS[p.component] ?? "#cccccc"),
    rowHeight: 24,
  });
  // Log bars in mW: printed values (rounded to 1 mW, so ±0.5 mW), an upper bound for "<0.001 W", the estimate.
  const REPORTED = "reported (poster Fig. 12)";
  const ESTIMATE = "kit estimate";
  const rows = [
    ...power
      .filter((p) => p.component !== "Dynamic")
      .map((p) => ({ item: p.component, kind: REPORTED, value: p.watts * 1000, bound: p.bound === "<", text: p.bound === "<" ? "< 1 mW" : `${(p.watts * 1000).toLocaleString("en-US")} mW` })),
    { item: estimate.label, kind: ESTIMATE, value: estimate.milliwatts, bound: false, text: `≈ ${estimate.milliwatts.toPrecision(2)} mW` },
  ];
  const floor = 0.1;
  const bars = Plot.plot({
    document,
    width: 760,
    height: 300,
    marginLeft: 60,
    marginBottom: 48,
    x: { label: null, domain: rows.map((b) => b.item), tickFormat: (d: string) => wrapLabel(d, 14) },
    y: { label: "↑ mW (log scale)", type: "log", grid: true, domain: [floor, 4000] },
    color: { legend: true, domain: [REPORTED, ESTIMATE], range: ["#4269d0", "#efb118"] },
    marks: [
      Plot.barY(rows.filter((r) => !r.bound), { x: "item", y1: floor, y2: "value", fill: "kind" }),
      // "<0.001 W": only an upper bound, drawn as an open dashed bar up to 1 mW.
      Plot.barY(rows.filter((r) => r.bound), { x: "item", y1: floor, y2: "value", fill: "white", stroke: "kind", strokeDasharray: "4,3", strokeWidth: 1.5 }),
      // Printed to 1 mW: the rounding interval of the small programmable-logic values.
      Plot.ruleX(rows.filter((r) => r.kind === REPORTED && !r.bound && r.value < 10), { x: "item", y1: (r: { value: number }) => r.value - 0.5, y2: (r: { value: number }) => r.value + 0.5, stroke: "#222222", strokeWidth: 1.5 }),
      Plot.text(rows, { x: "item", y: (r: { value: number }) => (r.value < 10 ? r.value + 0.5 : r.value), text: "text", dy: -8, fontSize: 9 }),
    ],
  });
  return composeFigure(document, {
    title: "Poster Fig. 12: on-chip power, as printed and beside the kit's estimate for the accelerator's datapath",
    subtitle: `Top: the poster's Vivado power summary (${(dynamic.watts + stat.watts).toFixed(3)} W on chip). Bottom: each part in mW on a log scale; the PS7 (ARM cores) draws almost all of it`,
    caption:
      "Reported: the poster's Fig. 12 power panel (watts and shares as printed; \"<1 %\" slices drawn at 1 %, as Vivado draws them). Bottom: printed values " +
      "rounded to 1 mW (whiskers: ±0.5 mW); \"<0.001 W\" is an upper bound (dashed, open). Kit estimate: one DeiT-tiny inference on the poster's MAC-line design, " +
      "energy per operation from the kit's table (lib/specs/energy.ts) averaged over the run time, on chip only.",
    parts: [{ row: [split, list] }, bars],
  });
}
