/// <reference lib="dom" />
/**
 * `experiment-split`: per design, its speedup over the baseline design on the dense model, split into the array
 * effect (the design on the dense model) and the sparsity effect (dense model → this workload); array × sparsity
 * = total, for the attention matmuls and for the whole inference.
 */
import type * as PlotModule from "@observablehq/plot";
import type { DesignRun } from "../experiment/run.ts";

const FACTORS = ["array effect", "sparsity effect", "total"];

/** Bars (log scale) of the three factors per design, one facet row per scope. */
export function experimentSplitFigure(Plot: typeof PlotModule, document: Document, name: string, baseline: string, designs: readonly Pick<DesignRun, "design" | "split">[]): Element {
  const rows = designs.flatMap((d) =>
    (["attention", "total"] as const).flatMap((scope) => [
      { design: d.design, scope: scope === "attention" ? "attention matmuls" : "whole inference", factor: "array effect", value: d.split[scope].arrayEffect },
      { design: d.design, scope: scope === "attention" ? "attention matmuls" : "whole inference", factor: "sparsity effect", value: d.split[scope].sparsityEffect },
      { design: d.design, scope: scope === "attention" ? "attention matmuls" : "whole inference", factor: "total", value: d.split[scope].total },
    ]),
  );
  return Plot.plot({
    document,
    width: 900,
    height: 460,
    marginLeft: 60,
    marginRight: 130,
    title: `${name}: where each design's speedup comes from — array × sparsity = total`,
    subtitle: `Over ${baseline} on the dense model, every design on the same hardware`,
    fx: { label: null, domain: designs.map((d) => d.design) },
    fy: { label: null, domain: ["attention matmuls", "whole inference"] },
    x: { label: null, axis: null, domain: FACTORS },
    y: { label: "↑ speedup (×, log scale)", type: "log", grid: true, tickFormat: (d: number) => `${d}` },
    caption:
      `Array effect: ${baseline}'s cycles on the dense model / the design's on the dense model; sparsity effect: the design's cycles on ` +
      "the dense model / on this workload; total = their product, for the attention matmuls (top) and the whole inference (bottom). " +
      "Bars start at ×1 (no gain); from each design's cycle model (lib/cycles/models/).",
    color: { legend: true, domain: FACTORS },
    marks: [Plot.barY(rows, { fx: "design", fy: "scope", x: "factor", y1: 1, y2: "value", fill: "factor" }), Plot.ruleY([1])],
  });
}
