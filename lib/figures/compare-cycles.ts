/// <reference lib="dom" />
/**
 * `compare-cycles`: every design × workload on one footing — total cycles per inference split into
 * attention matmuls, projections + MLP, nonlinear, selector and exposed data movement.
 */
import type * as PlotModule from "@observablehq/plot";
import type { CompareRow } from "../cycles/compare.ts";

/** One stacked segment. */
interface Segment {
  design: string;
  workload: string;
  part: string;
  cycles: number;
}

const PARTS = ["attention matmuls", "projections + MLP", "nonlinear", "selector", "exposed data movement"] as const;

/** Stacked bars of cycles per design (facets) and workload (x). */
export function compareCyclesFigure(Plot: typeof PlotModule, document: Document, rows: readonly CompareRow[], presetLabel: string): Element {
  const segs: Segment[] = rows.flatMap((r) => {
    const b = r.breakdown;
    const values = [b.attentionMatmuls, b.projections + b.mlp, b.nonlinear.softmax + b.nonlinear.gelu + b.nonlinear.layerNorm, b.selector, b.exposedDataMovement];
    return PARTS.map((part, i) => ({ design: r.design, workload: r.workload, part, cycles: values[i]! }));
  });
  const workloads = [...new Set(rows.map((r) => r.workload))];
  const designs = [...new Set(rows.map((r) => r.design))];
  // The legend lists only the parts some bar draws; a part that is zero everywhere is said in the caption.
  const drawn = PARTS.filter((p) => segs.some((s) => s.part === p && s.cycles > 0));
  const absent = PARTS.filter((p) => !drawn.includes(p));
  return Plot.plot({
    document,
    width: 900,
    height: 420,
    marginLeft: 70,
    marginBottom: 90,
    title: `Designs × workloads on one footing (${presetLabel}): cycles per inference`,
    subtitle: "Each bar stacks the parts of one inference; only the attention matmuls differ between workloads for a given design (plus softmax over kept entries)",
    caption:
      "Cycles per DeiT-tiny inference from each design's cycle model (lib/cycles/models/) on the same hardware, for every workload (dense attention, the poster's 3×3 " +
      `window, ViTCoD's learned masks, HeatViT's token pruning).${absent.length > 0 ? ` ${absent.join(", ")}: 0 cycles in every bar (not drawn).` : ""}`,
    fx: { label: null, domain: designs },
    x: { label: null, domain: workloads, tickRotate: -30 },
    y: { label: "↑ cycles", grid: true },
    color: { legend: true, domain: [...drawn] },
    marks: [Plot.barY(segs.filter((s) => (drawn as readonly string[]).includes(s.part)), { fx: "design", x: "workload", y: "cycles", fill: "part", order: [...drawn] }), Plot.ruleY([0])],
  });
}
