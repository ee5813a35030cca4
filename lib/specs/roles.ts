/**
 * Operator roles — a finer split than the poster's Fig. 1 categories — and the one table that maps each
 * role to its Fig. 1 category. The analytic workload (`vit.ts`), the ONNX graphs (`lib/workload/onnx/`) and
 * the measured CPU breakdown all label operators with these roles, so MAC shares and latency shares use the
 * same rule.
 *
 * Placement choices (Fig. 1, taken from ViTCoD, names the categories but not the rule):
 * - the pre-attention norm, the 1/√d scale, LeViT's attention-bias add, LeViT's Hardswish before the output
 *   projection and the attention residual add are "SA-Others";
 * - the split/reshape/transpose of q, k, v and of the attention output (and LeViT's query subsampling,
 *   a reshape + strided slice) are "SA-MatMul & Transpose & Reshape & Split";
 * - the pre-MLP norm, the activation and the MLP residual add belong to "MLP";
 * - the patch/stem convolutions and their activations, the flatten to tokens, the CLS concat and the
 *   position-embedding add are "Conv/Embedding";
 * - the classifier head (final norm, token pick or pooling, linear layers) is outside Fig. 1's labelled
 *   categories and goes to "unlabelled" (the kit's name for what Fig. 1's labels do not cover).
 */
import type { Fig1Category } from "../paper/poster-fig1.ts";

/** Every operator role, with its Fig. 1 category. */
export const ROLE_CATEGORY = {
  "embed.conv": "Conv/Embedding",
  "embed.act": "Conv/Embedding",
  "embed.reshape": "Conv/Embedding",
  "embed.token": "Conv/Embedding",
  "embed.pos": "Conv/Embedding",
  "attn.norm": "SA-Others",
  "attn.qkv": "SA-Linear (qkv, proj)",
  "attn.split": "SA-MatMul & Transpose & Reshape & Split",
  "attn.qk": "SA-MatMul & Transpose & Reshape & Split",
  "attn.scale": "SA-Others",
  "attn.bias": "SA-Others",
  "attn.softmax": "SA-Softmax",
  "attn.av": "SA-MatMul & Transpose & Reshape & Split",
  "attn.merge": "SA-MatMul & Transpose & Reshape & Split",
  "attn.act": "SA-Others",
  "attn.proj": "SA-Linear (qkv, proj)",
  "attn.residual": "SA-Others",
  "mlp.norm": "MLP",
  "mlp.fc1": "MLP",
  "mlp.act": "MLP",
  "mlp.fc2": "MLP",
  "mlp.residual": "MLP",
  "head.norm": "unlabelled",
  "head.pool": "unlabelled",
  "head.fc": "unlabelled",
  "head.merge": "unlabelled",
} as const satisfies Record<string, Fig1Category>;

/** An operator role, e.g. `attn.qk`. */
export type Role = keyof typeof ROLE_CATEGORY;

/** All roles in a stable order. */
export const ROLES: readonly Role[] = Object.keys(ROLE_CATEGORY) as Role[];

/**
 * The roles a windowed sparse-attention kernel replaces in a windowed block: S = Q·Kᵀ·scale (+ bias),
 * softmax, P·V — the "MatMul–Softmax–MatMul" that the kernel benchmark times densely in onnxruntime.
 */
export const ATTENTION_CORE_ROLES: readonly Role[] = ["attn.qk", "attn.scale", "attn.bias", "attn.softmax", "attn.av"];

/** True when `s` names a role. */
export function isRole(s: string): s is Role {
  return Object.prototype.hasOwnProperty.call(ROLE_CATEGORY, s);
}

/** The Fig. 1 category of a role. */
export function roleCategory(role: Role): Fig1Category {
  return ROLE_CATEGORY[role];
}
