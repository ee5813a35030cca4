/// <reference lib="dom" />
/**
 * `experiment-cycles`: an experiment's cycles per inference for every design, on the dense model and on the
 * experiment's workload, each bar stacked by part (attention matmuls, projections + MLP, nonlinear, selector,
 * exposed data movement).
 */
import type * as PlotModule from "@observablehq/plot";
import type { CycleBreakdown } from "../cycles/model.ts";

const PARTS = ["attention matmuls", "projections + MLP", "nonlinear", "selector", "exposed data movement"] as const;

/** One design's two runs. */
export interface ExperimentCyclesInput {
  design: string;
  /** The design on the dense model and on the experiment's workload. */
  dense: CycleBreakdown;
  workload: CycleBreakdown;
}

/** Stacked bars per design (facets): dense model vs the experiment's workload. */
export function experimentCyclesFigure(Plot: typeof PlotModule, document: Document, name: string, hardware: string, runs: readonly ExperimentCyclesInput[]): Element {
  const bars = ["dense model", "this workload"];
  const segs = runs.flatMap((r) =>
    ([r.dense, r.workload] as const).flatMap((b, i) => {
      const values = [b.attentionMatmuls, b.projections + b.mlp, b.nonlinear.softmax + b.nonlinear.gelu + b.nonlinear.layerNorm, b.selector, b.exposedDataMovement];
      return PARTS.map((part, j) => ({ design: r.design, bar: bars[i]!, part, cycles: values[j]! }));
    }),
  );
  // The legend lists only the parts some bar draws; a part that is zero everywhere is said in the caption.
  const drawn = PARTS.filter((p) => segs.some((x) => x.part === p && x.cycles > 0));
  const absent = PARTS.filter((p) => !drawn.includes(p));
  return Plot.plot({
    document,
    width: 900,
    height: 400,
    marginLeft: 80,
    title: `${name}: cycles per inference by design, dense model vs this workload`,
    subtitle: `Every design on ${hardware}; each bar stacks the parts of one inference`,
    fx: { label: null, domain: runs.map((r) => r.design) },
    x: { label: null, domain: bars },
    y: { label: "↑ cycles", grid: true },
    caption:
      "Cycles per inference from each registered design's cycle model (lib/cycles/models/) on the experiment's hardware, for the dense model " +
      `and for the experiment's workload (same model, image and hardware).${absent.length > 0 ? ` ${absent.join(", ")}: 0 cycles in every bar (not drawn).` : ""}`,
    color: { legend: true, domain: [...drawn] },
    marks: [Plot.barY(segs.filter((x) => (drawn as readonly string[]).includes(x.part)), { fx: "design", x: "bar", y: "cycles", fill: "part", order: [...drawn] }), Plot.ruleY([0])],
  });
}
