/// <reference lib="dom" />
/**
 * `experiment-pruning`: an experiment's attention pruning ratio per block (the share of the dense model's
 * attention entries the block does not compute), coloured by what the block runs, with the whole model's ratio
 * in the subtitle.
 */
import type * as PlotModule from "@observablehq/plot";
import type { ExperimentResult } from "../experiment/run.ts";

/** Bars of the pruning ratio (%) per block. */
export function experimentPruningFigure(Plot: typeof PlotModule, document: Document, r: Pick<ExperimentResult, "name" | "workload" | "pruning">): Element {
  const rows = r.pruning.blocks.map((b) => ({ block: b.block, kind: b.kind, percent: 100 * b.pruningRatio }));
  return Plot.plot({
    document,
    width: 820,
    height: 320,
    marginLeft: 60,
    title: `${r.name}: attention entries pruned per block`,
    subtitle: `${r.workload.label} — whole model ${(100 * r.pruning.pruningRatio).toFixed(2)} % of ${r.pruning.entries.toLocaleString("en-US")} entries pruned`,
    x: { label: "block →", tickFormat: (d: number) => String(d) },
    y: { label: "↑ pruned (%)", domain: [0, 100], grid: true },
    color: { legend: true, domain: ["dense", "window", "masks", "token-pruned"] },
    marks: [Plot.barY(rows, { x: "block", y: "percent", fill: "kind" }), Plot.ruleY([0])],
  });
}
