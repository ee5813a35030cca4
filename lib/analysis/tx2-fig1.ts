/**
 * Puts ViTCoD's raw TX2 TensorRT profile (classified op by op in `lib/workload/profile/`) on poster Fig. 1's
 * categories, so the recomputed profile can stand beside the digitized bars with the same colours.
 *
 * Mapping (each op's category comes from `lib/workload/profile/classify.ts`):
 * - attention core ops that run a Softmax node → "SA-Softmax";
 * - the other attention core ops (Q·Kᵀ, attn·V, split/reshape/transpose) → "SA-MatMul & Transpose & Reshape & Split";
 * - QKV and output projections → "SA-Linear (qkv, proj)";
 * - MLP (fc1, GELU, fc2) → "MLP";
 * - LayerNorm → "LayerNorm": Fig. 1 does not say where LayerNorm went (its "SA-Others" is the nearest
 *   candidate for norm1, MLP for norm2), so the kit keeps it apart rather than guess;
 * - the profiled model has no patch embedding, so "Conv/Embedding" is 0 by construction.
 */
import type { ProfileBreakdown } from "../workload/profile/classify.ts";

/** Categories of the recomputed TX2 bars (Fig. 1's names plus LayerNorm and other). */
export const TX2_FIG1_CATEGORIES = [
  "MLP",
  "Conv/Embedding",
  "SA-MatMul & Transpose & Reshape & Split",
  "SA-Linear (qkv, proj)",
  "SA-Softmax",
  "SA-Others",
  "LayerNorm",
  "other",
] as const;

/** One of {@link TX2_FIG1_CATEGORIES}. */
export type Tx2Fig1Category = (typeof TX2_FIG1_CATEGORIES)[number];

/** Percent of the profile's time per Fig. 1 category. */
export interface Tx2Fig1Row {
  category: Tx2Fig1Category;
  percent: number;
  /** Mean time per inference, ms. */
  averageMs: number;
  ops: number;
}

/** Maps a classified op to its Fig. 1 category (see the module comment for the rules). */
export function fig1CategoryOfOp(op: ProfileBreakdown["ops"][number]): Tx2Fig1Category {
  switch (op.category) {
    case "attentionCore":
      return op.nodes.some((n) => n.startsWith("Softmax_")) ? "SA-Softmax" : "SA-MatMul & Transpose & Reshape & Split";
    case "qkvProjection":
    case "outputProjection":
      return "SA-Linear (qkv, proj)";
    case "mlp":
      return "MLP";
    case "layerNorm":
      return "LayerNorm";
    case "other":
      return "other";
  }
}

/** Sums the classified profile into Fig. 1 categories (percent of the total time; sums to 100). */
export function tx2Fig1Breakdown(breakdown: ProfileBreakdown): Tx2Fig1Row[] {
  const rows = new Map<Tx2Fig1Category, Tx2Fig1Row>(
    TX2_FIG1_CATEGORIES.map((c) => [c, { category: c, percent: 0, averageMs: 0, ops: 0 }]),
  );
  for (const op of breakdown.ops) {
    const row = rows.get(fig1CategoryOfOp(op))!;
    row.averageMs += op.averageMs;
    row.ops += 1;
  }
  for (const row of rows.values()) row.percent = (100 * row.averageMs) / breakdown.totalAverageMs;
  return [...rows.values()];
}
