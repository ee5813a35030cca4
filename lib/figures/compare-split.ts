/// <reference lib="dom" />
/**
 * `compare-split-<scope>`: per design, its speedup over the systolic baseline on dense attention split into
 * the array effect (its PE arrangement, on dense attention) and the sparsity effect (dense → the sparsity
 * it exploits); the two multiply to the total.
 */
import type * as PlotModule from "@observablehq/plot";
import type { SplitRow } from "../cycles/compare.ts";

const FACTORS = ["array effect", "sparsity effect", "total"];

/** Bars of arrayEffect, sparsityEffect and total per design for one scope (log scale). */
export function compareSplitFigure(Plot: typeof PlotModule, document: Document, split: readonly SplitRow[], scope: SplitRow["scope"]): Element {
  const rows = split.filter((s) => s.scope === scope);
  const bars = rows.flatMap((s) => [
    { design: `${s.design} (${s.workload})`, factor: "array effect", value: s.arrayEffect },
    { design: `${s.design} (${s.workload})`, factor: "sparsity effect", value: s.sparsityEffect },
    { design: `${s.design} (${s.workload})`, factor: "total", value: s.total },
  ]);
  return Plot.plot({
    document,
    width: 900,
    height: 360,
    marginLeft: 60,
    title: `Where each design's speedup comes from (${scope === "attention" ? "attention matmuls Q×K + S×V" : "whole inference"}): array × sparsity = total`,
    subtitle: "Over the systolic baseline on dense attention, all designs on the same PEs, clock and bandwidth; in brackets the workload whose sparsity the design exploits",
    caption:
      "Cycles from the kit's cycle models (lib/cycles/models/) on one footing (lib/cycles/compare.ts). Array effect: the design on dense attention vs the systolic baseline; " +
      "sparsity effect: the design on its own workload vs on dense attention; total = array × sparsity. A bar rises from ×1 (no change), so a factor of exactly ×1.00 " +
      "is drawn as its thick tick on the ×1 line.",
    fx: { label: null, domain: rows.map((s) => `${s.design} (${s.workload})`) },
    x: { label: null, axis: null, domain: FACTORS },
    y: { label: "↑ speedup (×, log scale)", type: "log", grid: true, tickFormat: (d: number) => `${d}`, domain: [0.8, Math.max(2, ...bars.map((b) => b.value)) * 1.25] },
    color: { legend: true, domain: FACTORS },
    marks: [
      Plot.barY(bars, { fx: "design", x: "factor", y1: 1, y2: "value", fill: "factor" }),
      Plot.ruleY([1]),
      // Every factor also as a thick tick at its value, so ×1.00 (a bar of zero height) is seen.
      Plot.tickY(bars, { fx: "design", x: "factor", y: "value", stroke: "factor", strokeWidth: 4 }),
      Plot.text(bars, { fx: "design", x: "factor", y: "value", text: (d: { value: number }) => `×${d.value.toFixed(2)}`, dy: -9, fontSize: 9 }),
    ],
  });
}
