/**
 * The op categories of a transformer latency breakdown, and the two common definitions of the
 * self-attention (SA) share.
 */
import type { Role } from "../specs/roles.ts";

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

/**
 * The one vocabulary: every operator role of `lib/specs/roles.ts` (the atoms the analytic workload, the ONNX graphs and
 * the measured breakdowns label operators with) in its op category. Poster Fig. 1's categories
 * (`ROLE_CATEGORY` in `lib/specs/roles.ts`) and these op categories are two groupings of the same roles.
 */
export const ROLE_OP_CATEGORY = {
  "embed.conv": "other",
  "embed.act": "other",
  "embed.reshape": "other",
  "embed.token": "other",
  "embed.pos": "other",
  "attn.norm": "layerNorm",
  "attn.qkv": "qkvProjection",
  "attn.split": "attentionCore",
  "attn.qk": "attentionCore",
  "attn.scale": "attentionCore",
  "attn.bias": "attentionCore",
  "attn.softmax": "attentionCore",
  "attn.av": "attentionCore",
  "attn.merge": "attentionCore",
  "attn.act": "outputProjection",
  "attn.proj": "outputProjection",
  "attn.residual": "other",
  "mlp.norm": "layerNorm",
  "mlp.fc1": "mlp",
  "mlp.act": "mlp",
  "mlp.fc2": "mlp",
  "mlp.residual": "other",
  "head.norm": "layerNorm",
  "head.pool": "other",
  "head.fc": "other",
  "head.merge": "other",
} as const satisfies Record<Role, OpCategory>;

/** The op category of a role. */
export function roleOpCategory(role: Role): OpCategory {
  return ROLE_OP_CATEGORY[role];
}
