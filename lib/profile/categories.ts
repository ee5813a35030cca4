/**
 * The op categories of a transformer latency breakdown, and the two common definitions of the
 * self-attention (SA) share.
 */

/** Where an op's time goes. */
export type OpCategory = "attentionCore" | "qkvProjection" | "outputProjection" | "mlp" | "layerNorm" | "other";

/** All categories, in display order. */
export const OP_CATEGORIES: readonly OpCategory[] = ["attentionCore", "qkvProjection", "outputProjection", "mlp", "layerNorm", "other"];

/** Human-readable category names. */
export const OP_CATEGORY_LABELS: Record<OpCategory, string> = {
  attentionCore: "Attention core (Q·Kᵀ, softmax, attn·V, split/reshape/transpose)",
  qkvProjection: "QKV projection",
  outputProjection: "Output projection",
  mlp: "MLP (fc1, activation, fc2)",
  layerNorm: "LayerNorm",
  other: "Other (residual adds not fused into a bias add)",
};

/** Categories counted as self-attention under each definition. */
export const SELF_ATTENTION_DEFINITIONS = {
  /** Attention core only: Q·Kᵀ, softmax, attn·V and the split/reshape/transpose around them. */
  coreOnly: ["attentionCore"],
  /** Core plus the QKV and output projections (the whole attention module minus its LayerNorm). */
  coreAndProjections: ["attentionCore", "qkvProjection", "outputProjection"],
} as const satisfies Record<string, readonly OpCategory[]>;
