/// <reference lib="dom" />
/**
 * `experiment-pruning`: an experiment's attention pruning ratio per block (the share of the dense model's
 * attention entries the block does not compute), coloured by what the block runs, with the whole model's ratio
 * in the subtitle.
 */
import type * as PlotModule from "@observablehq/plot";
import type { ExperimentResult } from "../experiment/run.ts";

/** What a block runs, in the legend's order. */
const KINDS = ["dense", "window", "masks", "token-pruned"] as const;
/** Their colours (Observable Plot's first four categorical colours, fixed per kind). */
const KIND_COLOURS = ["#4269d0", "#efb118", "#ff725c", "#6cc5b0"] as const;

/** Bars of the pruning ratio (%) per block. */
export function experimentPruningFigure(Plot: typeof PlotModule, document: Document, r: Pick<ExperimentResult, "name" | "workload" | "pruning">): Element {
  const rows = r.pruning.blocks.map((b) => ({ block: b.block, kind: b.kind, percent: 100 * b.pruningRatio }));
  // Each kind keeps its colour whatever the experiment; the legend lists only the kinds some block runs.
  const drawn = KINDS.filter((k) => rows.some((x) => x.kind === k));
  return Plot.plot({
    document,
    width: 820,
    height: 320,
    marginLeft: 60,
    title: `${r.name}: attention entries pruned per block`,
    subtitle: `${r.workload.label} — whole model ${(100 * r.pruning.pruningRatio).toFixed(2)} % of ${r.pruning.entries.toLocaleString("en-US")} entries pruned`,
    x: { label: "block →", tickFormat: (d: number) => String(d) },
    y: { label: "↑ pruned (%)", domain: [0, 100], grid: true },
    caption:
      "Share of each block's dense attention entries (heads × tokens², the token count after any pruning selector before it) that the " +
      "experiment's workload does not compute, from the experiment file's workload (lib/experiment/run.ts); a dense block prunes nothing. " +
      "The whole model's ratio weighs each block by its dense entries.",
    color: { legend: true, domain: [...drawn], range: drawn.map((k) => KIND_COLOURS[KINDS.indexOf(k)]!) },
    marks: [Plot.barY(rows, { x: "block", y: "percent", fill: "kind" }), Plot.ruleY([0])],
  });
}
