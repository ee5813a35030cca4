/**
 * The tables of an experiment's result, as rows (one CSV each): per block pruning, per design the cycle breakdown,
 * utilisation and energy, the array × sparsity split, and Fig. 11's one-layer ratios when the spec asks for them.
 * `vitsparse run` writes them as CSV; notebook 07 shows them.
 */
import type { ExperimentResult } from "./run.ts";

/** A table row: column → value. */
export type Row = Record<string, string | number | boolean | null>;

/** `blocks`: pruning per block. */
export function blockRows(r: ExperimentResult): Row[] {
  return r.pruning.blocks.map((b) => ({ block: b.block, attention: b.kind, tokens: b.tokens, "kept entries": b.kept, "dense entries": b.entries, "pruned (%)": 100 * b.pruningRatio }));
}

/** `macs`: the block MACs of the dense model and of the workload, and the Amdahl split. */
export function macRows(r: ExperimentResult): Row[] {
  const m = r.macs;
  return (["attention", "projections", "mlp", "selector", "total"] as const).map((part) => ({
    part: part === "attention" ? "attention core (Q×K, S×V)" : part === "mlp" ? "MLP" : part,
    "dense MACs": m.dense[part],
    "workload MACs": m.sparse[part],
    "dense / workload": m.sparse[part] > 0 ? m.dense[part] / m.sparse[part] : null,
  }));
}

/** `designs`: every design's cycles, utilisation, time and energy on the workload and on the dense model. */
export function designRows(r: ExperimentResult): Row[] {
  return r.designs.map((d) => {
    const b = d.breakdown;
    return {
      design: d.design,
      mapping: Object.entries(d.mapping).map(([k, v]) => `${k}=${String(v)}`).join(" "),
      "attention cycles": b.attentionMatmuls,
      "projection cycles": b.projections,
      "MLP cycles": b.mlp,
      "nonlinear cycles": b.nonlinear.softmax + b.nonlinear.gelu + b.nonlinear.layerNorm,
      "selector cycles": b.selector,
      "exposed data movement": b.exposedDataMovement,
      "total cycles": b.total,
      "dense-model cycles": d.dense.total,
      "utilisation (%)": 100 * b.utilisation,
      "attention utilisation (%)": 100 * b.attentionUtilisation,
      ms: b.ms,
      "energy µJ (estimate)": d.energy.totalUj,
    };
  });
}

/** `split`: per design and scope, arrayEffect × sparsityEffect = total over the baseline on the dense model. */
export function splitRows(r: ExperimentResult): Row[] {
  return r.designs.flatMap((d) =>
    (["attention", "total"] as const).map((scope) => ({ design: d.design, scope, baseline: r.baseline, arrayEffect: d.split[scope].arrayEffect, sparsityEffect: d.split[scope].sparsityEffect, total: d.split[scope].total })),
  );
}

/** `fig11`: the one-layer model's four ratios beside the poster's (when the spec lists `references: [fig11]`). */
export function fig11Rows(r: ExperimentResult): Row[] {
  const f = r.references.fig11;
  if (!f) return [];
  return (["qkSystolicToLines", "qkFullToWindow", "svSystolicToLines", "svFullToWindow"] as const).map((ratio) => ({ ratio, kit: f.ratios[ratio], poster: f.reported[ratio], k: f.k, pesPerLine: f.pesPerLine, systolic: f.systolic }));
}
