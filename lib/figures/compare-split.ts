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
    fx: { label: null, domain: rows.map((s) => `${s.design} (${s.workload})`) },
    x: { label: null, axis: null, domain: FACTORS },
    y: { label: "↑ speedup (×, log scale)", type: "log", grid: true, tickFormat: (d: number) => `${d}` },
    color: { legend: true, domain: FACTORS },
    marks: [
      Plot.barY(bars, { fx: "design", x: "factor", y1: 1, y2: "value", fill: "factor" }),
      Plot.text(bars, { fx: "design", x: "factor", y: "value", text: (d: { value: number }) => `×${d.value.toFixed(2)}`, dy: -6, fontSize: 9 }),
      Plot.ruleY([1]),
    ],
  });
}
