/**
 * Classification rules for ViTCoD's TX2 TensorRT profile (`ViT_Transformer-seq_len_196-dim_192-heads_3.json`):
 * data, not code. The profiled model is 12 identical pre-norm transformer blocks exported to ONNX; the ONNX
 * exporter numbers nodes in graph order, 60 nodes per block, so node `Op_N` is node `N mod 60` of block
 * `floor(N / 60)`. The table below names every node offset that appears in the profile (read from the
 * profile's layer names: block 0 holds ReduceMean_0 … Add_59, block 1 ReduceMean_60 … Add_119, …), its ONNX
 * op type (checked against the name), its role and its category.
 *
 * The block, as the names show:
 *   norm1:  ReduceMean_0, Sub_1, Pow_4, ReduceMean_5, Add_7 (+eps), Sqrt_8, Div_9, Mul_10 (γ), Add_11 (β)
 *   qkv:    MatMul_12 (192 → 576, no bias node)
 *   core:   Split_13 (q | k | v), Reshape/Transpose/Reshape 14–16 (q heads), 17–19 (k heads), 20–22 (v heads),
 *           Transpose_23 (Kᵀ), MatMul_24 (Q·Kᵀ), Softmax_27, MatMul_28 (attn·V), Reshape/Transpose/Reshape 29–31
 *           (merge heads). Offsets 25–26 (between Q·Kᵀ and Softmax, where the 1/√d scaling sits) never appear
 *           as a timed layer: TensorRT folded them.
 *   proj:   MatMul_32, Add_33 (bias); Add_34 = residual add
 *   norm2:  ReduceMean_35, Sub_36, Pow_39, ReduceMean_40, Add_42, Sqrt_43, Div_44, Mul_45, Add_46
 *   mlp:    MatMul_47 (fc1), Add_48 (bias), GELU = Div_50, Erf_51, Add_53, Mul_54, Mul_56; MatMul_57 (fc2),
 *           Add_58 (bias); Add_59 = residual add
 * Offsets not listed (2, 3, 6, 25, 26, 37, 38, 41, 49, 52, 55) are ONNX Constant nodes or folded nodes that
 * never appear by name; a profile naming one of them is an error.
 */
import type { OpCategory } from "../categories.ts";

/** One ONNX node of the block. */
export interface BlockNodeRule {
  /** Node index modulo the block size. */
  offset: number;
  /** ONNX op type the name must carry at this offset. */
  op: string;
  /** What the node does. */
  role: string;
  category: OpCategory;
  /** True for the residual additions (they join a fused kernel's other category, see classify.ts). */
  residual?: boolean;
}

/** The rule set of one profiled model. */
export interface ProfileRules {
  /** Name of the model/profile the rules describe. */
  model: string;
  /** ONNX nodes per transformer block. */
  nodesPerBlock: number;
  /** Number of blocks; a node index beyond them is an error. */
  blocks: number;
  nodes: readonly BlockNodeRule[];
}

const LN = "layerNorm" as const;
const CORE = "attentionCore" as const;
const MLP = "mlp" as const;

/** Rules for ViTCoD's TX2 profile: 12 blocks of 60 ONNX nodes. */
export const VITCOD_TX2_RULES: ProfileRules = {
  model: "ViTCoD TX2 benchmark ViT (12 blocks, dim 192, 3 heads, MLP 768, 196 tokens)",
  nodesPerBlock: 60,
  blocks: 12,
  nodes: [
    { offset: 0, op: "ReduceMean", role: "norm1 mean", category: LN },
    { offset: 1, op: "Sub", role: "norm1 x - mean", category: LN },
    { offset: 4, op: "Pow", role: "norm1 square", category: LN },
    { offset: 5, op: "ReduceMean", role: "norm1 variance", category: LN },
    { offset: 7, op: "Add", role: "norm1 + eps", category: LN },
    { offset: 8, op: "Sqrt", role: "norm1 sqrt", category: LN },
    { offset: 9, op: "Div", role: "norm1 normalise", category: LN },
    { offset: 10, op: "Mul", role: "norm1 scale (gamma)", category: LN },
    { offset: 11, op: "Add", role: "norm1 shift (beta)", category: LN },
    { offset: 12, op: "MatMul", role: "qkv linear", category: "qkvProjection" },
    { offset: 13, op: "Split", role: "split q | k | v", category: CORE },
    { offset: 14, op: "Reshape", role: "q to heads", category: CORE },
    { offset: 15, op: "Transpose", role: "q to heads", category: CORE },
    { offset: 16, op: "Reshape", role: "q to heads", category: CORE },
    { offset: 17, op: "Reshape", role: "k to heads", category: CORE },
    { offset: 18, op: "Transpose", role: "k to heads", category: CORE },
    { offset: 19, op: "Reshape", role: "k to heads", category: CORE },
    { offset: 20, op: "Reshape", role: "v to heads", category: CORE },
    { offset: 21, op: "Transpose", role: "v to heads", category: CORE },
    { offset: 22, op: "Reshape", role: "v to heads", category: CORE },
    { offset: 23, op: "Transpose", role: "k transpose (K^T)", category: CORE },
    { offset: 24, op: "MatMul", role: "Q K^T", category: CORE },
    { offset: 27, op: "Softmax", role: "softmax", category: CORE },
    { offset: 28, op: "MatMul", role: "attn V", category: CORE },
    { offset: 29, op: "Reshape", role: "merge heads", category: CORE },
    { offset: 30, op: "Transpose", role: "merge heads", category: CORE },
    { offset: 31, op: "Reshape", role: "merge heads", category: CORE },
    { offset: 32, op: "MatMul", role: "proj linear", category: "outputProjection" },
    { offset: 33, op: "Add", role: "proj bias", category: "outputProjection" },
    { offset: 34, op: "Add", role: "residual add (attention branch)", category: "other", residual: true },
    { offset: 35, op: "ReduceMean", role: "norm2 mean", category: LN },
    { offset: 36, op: "Sub", role: "norm2 x - mean", category: LN },
    { offset: 39, op: "Pow", role: "norm2 square", category: LN },
    { offset: 40, op: "ReduceMean", role: "norm2 variance", category: LN },
    { offset: 42, op: "Add", role: "norm2 + eps", category: LN },
    { offset: 43, op: "Sqrt", role: "norm2 sqrt", category: LN },
    { offset: 44, op: "Div", role: "norm2 normalise", category: LN },
    { offset: 45, op: "Mul", role: "norm2 scale (gamma)", category: LN },
    { offset: 46, op: "Add", role: "norm2 shift (beta)", category: LN },
    { offset: 47, op: "MatMul", role: "fc1 linear", category: MLP },
    { offset: 48, op: "Add", role: "fc1 bias", category: MLP },
    { offset: 50, op: "Div", role: "GELU x / sqrt(2)", category: MLP },
    { offset: 51, op: "Erf", role: "GELU erf", category: MLP },
    { offset: 53, op: "Add", role: "GELU 1 + erf", category: MLP },
    { offset: 54, op: "Mul", role: "GELU x * (1 + erf)", category: MLP },
    { offset: 56, op: "Mul", role: "GELU * 0.5", category: MLP },
    { offset: 57, op: "MatMul", role: "fc2 linear", category: MLP },
    { offset: 58, op: "Add", role: "fc2 bias", category: MLP },
    { offset: 59, op: "Add", role: "residual add (MLP branch)", category: "other", residual: true },
  ],
};
