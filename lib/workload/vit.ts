/**
 * Analytic workload of a modelled ViT: the list of operators with their multiply-accumulates (MACs),
 * parameters and output elements, block by block, optionally with windowed attention in some blocks.
 *
 * Conventions:
 * - MACs count the multiply-accumulates of convolutions, linear layers and the two attention matmuls
 *   (Q·Kᵀ and P·V). Normalisations, activations, softmax, scale, bias adds and residual adds count 0 MACs
 *   (their work is in `elements`). BatchNorm is folded into the preceding layer at inference (LeViT), so it
 *   costs nothing. This is the convention of fvcore's MAC count minus its BatchNorm entries and of the
 *   papers' "FLOPs" columns.
 * - Parameters follow the PyTorch/timm training convention the papers quote: weights, biases, LayerNorm and
 *   BatchNorm affine parameters (2 per channel), CLS and position embeddings, LeViT's attention biases, and
 *   both LeViT heads (class + distillation).
 */
import { UserError } from "../errors.ts";
import { nnz } from "../masks/sparse-mask.ts";
import { windowMask } from "../masks/window.ts";
import type { Fig1Category } from "../paper/poster-fig1.ts";
import { formatBlockList } from "../specs/block-list.ts";
import type { LevitConfig, ModelConfig, VitConfig } from "../specs/models.ts";
import { roleCategory, type Role } from "../specs/roles.ts";

/** Shape of the attention of one block. */
export interface AttentionShape {
  /** Block index (a block = one attention + the MLP after it). */
  block: number;
  /** `attention` = self-attention on one grid; `subsample` = LeViT's shrinking attention. */
  kind: "attention" | "subsample";
  heads: number;
  keyDim: number;
  valueDim: number;
  /** Side of the query grid and of the key grid (equal for self-attention). */
  queryGrid: number;
  keyGrid: number;
  /** Special tokens (CLS) before the patches; they attend to all and are attended by all. */
  specialTokens: number;
  /** Query and key token counts. */
  queries: number;
  keys: number;
}

/** One operator of the analytic workload. */
export interface WorkloadOp {
  /** Module path, e.g. `blocks.3.attn.qkv` (DeiT, timm names) or `blocks.6.m.qkv.c` (LeViT, fvcore names). */
  module: string;
  /** Block index; -1 for the embedding/stem and the head. */
  block: number;
  role: Role;
  category: Fig1Category;
  macs: number;
  params: number;
  /** Output elements (the work measure of MAC-free operators such as softmax). */
  elements: number;
}

/** Windowed attention: a k×k window (clip or shift border) in the listed blocks. */
export interface WindowSpec {
  k: number;
  /** Block indices to window (self-attention blocks only). */
  blocks: readonly number[];
  border?: "clip" | "shift";
}

/** The expanded workload of a model. */
export interface Workload {
  config: ModelConfig;
  attention: AttentionShape[];
  ops: WorkloadOp[];
  /** Kept (query, key) pairs per head in each block: keys·queries when dense, the mask's nnz when windowed. */
  attentionPairs: number[];
  window: { k: number; blocks: number[]; border: "clip" | "shift" } | null;
  /** Totals. */
  macs: number;
  params: number;
}

class OpList {
  readonly ops: WorkloadOp[] = [];
  add(module: string, block: number, role: Role, macs: number, params: number, elements: number): void {
    this.ops.push({ module, block, role, category: roleCategory(role), macs, params, elements });
  }
}

/** Attention shapes of a model's blocks, in order. */
export function attentionShapes(config: ModelConfig): AttentionShape[] {
  if (config.family === "vit") {
    const tokens = config.specialTokens + config.grid * config.grid;
    const d = config.dim / config.heads;
    return Array.from({ length: config.depth }, (_, block) => ({
      block,
      kind: "attention" as const,
      heads: config.heads,
      keyDim: d,
      valueDim: d,
      queryGrid: config.grid,
      keyGrid: config.grid,
      specialTokens: config.specialTokens,
      queries: tokens,
      keys: tokens,
    }));
  }
  const shapes: AttentionShape[] = [];
  config.stages.forEach((stage, s) => {
    for (let i = 0; i < stage.depth; i++) {
      const n = stage.resolution * stage.resolution;
      shapes.push({
        block: shapes.length,
        kind: "attention",
        heads: stage.heads,
        keyDim: stage.keyDim,
        valueDim: stage.attnRatio * stage.keyDim,
        queryGrid: stage.resolution,
        keyGrid: stage.resolution,
        specialTokens: 0,
        queries: n,
        keys: n,
      });
    }
    const sub = config.subsamples[s];
    if (sub) {
      const next = config.stages[s + 1]!;
      shapes.push({
        block: shapes.length,
        kind: "subsample",
        heads: sub.heads,
        keyDim: sub.keyDim,
        valueDim: sub.attnRatio * sub.keyDim,
        queryGrid: next.resolution,
        keyGrid: stage.resolution,
        specialTokens: 0,
        queries: next.resolution * next.resolution,
        keys: stage.resolution * stage.resolution,
      });
    }
  });
  return shapes;
}

/**
 * Number of distinct 2-D offsets LeViT keeps one learned bias for: pairs (|s·qx − kx|, |s·qy − ky|) over
 * query positions of a `queryGrid`² grid and key positions of a `keyGrid`² grid (stride s = 1 for
 * self-attention). Self-attention on R×R gives R²; 14→7 with stride 2 gives 196; 7→4 gives 49.
 */
export function attentionBiasOffsets(queryGrid: number, keyGrid: number, stride: number): number {
  const axis = new Set<number>();
  for (let q = 0; q < queryGrid; q++) for (let k = 0; k < keyGrid; k++) axis.add(Math.abs(q * stride - k));
  return axis.size * axis.size;
}

/** The self-attention (windowable) blocks of a model as a block list, e.g. `0-3,5-8,10-13` for LeViT. */
export function selfAttentionBlocks(shapes: readonly AttentionShape[]): string {
  return formatBlockList(shapes.filter((s) => s.kind === "attention").map((s) => s.block));
}

/** Kept (query, key) pairs of one head of a windowed block (the window mask's nnz); `hint` names the windowable blocks in the error. */
export function windowedPairs(shape: AttentionShape, k: number, border: "clip" | "shift", hint?: string): number {
  if (shape.kind !== "attention" || shape.queryGrid !== shape.keyGrid) {
    throw new UserError(
      `block ${shape.block} is a subsample attention (queries ${shape.queryGrid}x${shape.queryGrid}, keys ` +
        `${shape.keyGrid}x${shape.keyGrid}); windowing is defined for self-attention on one grid` +
        (hint ? ` (self-attention blocks: ${hint})` : ""),
    );
  }
  const mask = windowMask({ gridH: shape.queryGrid, gridW: shape.queryGrid, kh: k, border, special: shape.specialTokens });
  return nnz(mask);
}

function vitOps(config: VitConfig, pairs: number[], list: OpList): void {
  const D = config.dim;
  const tokens = config.specialTokens + config.grid * config.grid;
  const td = tokens * D;
  if (config.patchEmbed) {
    const { inChannels: c, patchSize: p } = config.patchEmbed;
    const patches = config.grid * config.grid;
    list.add("patch_embed.proj", -1, "embed.conv", patches * c * p * p * D, c * p * p * D + D, patches * D);
    list.add("patch_embed.flatten", -1, "embed.reshape", 0, 0, patches * D);
    if (config.specialTokens > 0) list.add("cls_token", -1, "embed.token", 0, config.specialTokens * D, td);
    list.add("pos_embed", -1, "embed.pos", 0, td, td);
  }
  const H = config.heads;
  const hidden = config.mlpRatio * D;
  const b = config.bias ? 1 : 0;
  for (let i = 0; i < config.depth; i++) {
    const m = `blocks.${i}`;
    const p = pairs[i]!;
    const d = D / H;
    list.add(`${m}.norm1`, i, "attn.norm", 0, 2 * D, td);
    list.add(`${m}.attn.qkv`, i, "attn.qkv", tokens * D * 3 * D, 3 * D * D + b * 3 * D, 3 * td);
    list.add(`${m}.attn.split`, i, "attn.split", 0, 0, 3 * td);
    list.add(`${m}.attn.q@k`, i, "attn.qk", H * p * d, 0, H * p);
    list.add(`${m}.attn.scale`, i, "attn.scale", 0, 0, H * p);
    list.add(`${m}.attn.softmax`, i, "attn.softmax", 0, 0, H * p);
    list.add(`${m}.attn.a@v`, i, "attn.av", H * p * d, 0, td);
    list.add(`${m}.attn.merge`, i, "attn.merge", 0, 0, td);
    list.add(`${m}.attn.proj`, i, "attn.proj", tokens * D * D, D * D + b * D, td);
    list.add(`${m}.attn.residual`, i, "attn.residual", 0, 0, td);
    list.add(`${m}.norm2`, i, "mlp.norm", 0, 2 * D, td);
    list.add(`${m}.mlp.fc1`, i, "mlp.fc1", tokens * D * hidden, D * hidden + b * hidden, tokens * hidden);
    list.add(`${m}.mlp.act`, i, "mlp.act", 0, 0, tokens * hidden);
    list.add(`${m}.mlp.fc2`, i, "mlp.fc2", tokens * hidden * D, hidden * D + b * D, td);
    list.add(`${m}.mlp.residual`, i, "mlp.residual", 0, 0, td);
  }
  if (config.finalNorm) list.add("norm", -1, "head.norm", 0, 2 * D, td);
  if (config.numClasses !== null) {
    const C = config.numClasses;
    list.add("head.token", -1, "head.pool", 0, 0, D);
    list.add("head", -1, "head.fc", D * C, D * C + C, C);
  }
}

function levitOps(config: LevitConfig, shapes: AttentionShape[], pairs: number[], list: OpList): void {
  // Stem: 3×3 stride-2 convolutions with BN (folded), Hardswish between them.
  let side = config.imageSize;
  let cin = config.inChannels;
  const k = config.stemKernel;
  config.stemChannels.forEach((cout, i) => {
    side = Math.floor((side + 2 * Math.floor(k / 2) - k) / config.stemStride) + 1;
    const out = side * side * cout;
    list.add(`patch_embed.${2 * i}.c`, -1, "embed.conv", out * cin * k * k, cin * cout * k * k + 2 * cout, out);
    if (i < config.stemChannels.length - 1) list.add(`patch_embed.${2 * i + 1}`, -1, "embed.act", 0, 0, out);
    cin = cout;
  });
  list.add("patch_embed.flatten", -1, "embed.reshape", 0, 0, side * side * cin);
  const stageOf = (shape: AttentionShape): number => config.stages.findIndex((s) => s.resolution === shape.queryGrid);
  for (const shape of shapes) {
    const i = shape.block;
    const m = `blocks.${2 * i}`;
    const s = stageOf(shape);
    const out = config.stages[s]!.dim;
    const N = shape.queries;
    const H = shape.heads;
    const qk = H * shape.keyDim;
    const dh = H * shape.valueDim;
    const p = pairs[i]!;
    if (shape.kind === "attention") {
      const h = 2 * qk + dh;
      list.add(`${m}.m.qkv.c`, i, "attn.qkv", N * out * h, out * h + 2 * h, N * h);
      list.add(`${m}.m.split`, i, "attn.split", 0, 0, N * h);
    } else {
      const cinAttn = config.stages[s - 1]!.dim;
      const h = qk + dh;
      list.add(`${m}.kv.c`, i, "attn.qkv", shape.keys * cinAttn * h, cinAttn * h + 2 * h, shape.keys * h);
      list.add(`${m}.kv.split`, i, "attn.split", 0, 0, shape.keys * h);
      list.add(`${m}.q.0`, i, "attn.split", 0, 0, N * cinAttn);
      list.add(`${m}.q.1.c`, i, "attn.qkv", N * cinAttn * qk, cinAttn * qk + 2 * qk, N * qk);
    }
    const offsets = attentionBiasOffsets(shape.queryGrid, shape.keyGrid, shape.kind === "subsample" ? 2 : 1);
    const pre = shape.kind === "attention" ? `${m}.m` : m;
    list.add(`${pre}.cal_attn`, i, "attn.qk", H * p * shape.keyDim, 0, H * p);
    list.add(`${pre}.scale`, i, "attn.scale", 0, 0, H * p);
    list.add(`${pre}.attention_biases`, i, "attn.bias", 0, H * offsets, H * p);
    list.add(`${pre}.softmax`, i, "attn.softmax", 0, 0, H * p);
    list.add(`${pre}.cal_out`, i, "attn.av", H * p * shape.valueDim, 0, N * dh);
    list.add(`${pre}.merge`, i, "attn.merge", 0, 0, N * dh);
    list.add(`${pre}.proj.0`, i, "attn.act", 0, 0, N * dh);
    list.add(`${pre}.proj.1.c`, i, "attn.proj", N * dh * out, dh * out + 2 * out, N * out);
    if (shape.kind === "attention") list.add(`blocks.${2 * i}.residual`, i, "attn.residual", 0, 0, N * out);
    // The MLP block after the attention (blocks.2i+1 in the reference numbering).
    const mlpRatio = shape.kind === "attention" ? config.stages[s]!.mlpRatio : config.subsamples[s - 1]!.mlpRatio;
    const hidden = mlpRatio * out;
    const mm = `blocks.${2 * i + 1}`;
    list.add(`${mm}.m.0.c`, i, "mlp.fc1", N * out * hidden, out * hidden + 2 * hidden, N * hidden);
    list.add(`${mm}.m.1`, i, "mlp.act", 0, 0, N * hidden);
    list.add(`${mm}.m.2.c`, i, "mlp.fc2", N * hidden * out, hidden * out + 2 * out, N * out);
    list.add(`${mm}.residual`, i, "mlp.residual", 0, 0, N * out);
  }
  const last = config.stages[config.stages.length - 1]!;
  const C = config.numClasses;
  list.add("mean", -1, "head.pool", 0, 0, last.dim);
  // NormLinear: BatchNorm1d (folded into the linear at inference) + Linear with bias.
  const headParams = 2 * last.dim + last.dim * C + C;
  list.add("head.l", -1, "head.fc", last.dim * C, headParams, C);
  if (config.distillationHead) {
    list.add("head_dist.l", -1, "head.fc", last.dim * C, headParams, C);
    list.add("head.mean", -1, "head.merge", 0, 0, C);
  }
}

/**
 * Expands a model into its analytic operator list. With `window`, the attention core (Q·Kᵀ, softmax,
 * P·V) of the listed blocks keeps only the window mask's pairs (the mask of `lib/masks/window.ts`:
 * 14×14, k = 3, clip, 1 CLS → 1,993 pairs per head instead of 197² = 38,809).
 * Throws {@link UserError} for a bad window (even k, k larger than the grid, a block that does not exist
 * or is a subsample attention).
 */
export function buildWorkload(config: ModelConfig, window?: WindowSpec): Workload {
  const shapes = attentionShapes(config);
  const pairs = shapes.map((s) => s.queries * s.keys);
  let resolved: Workload["window"] = null;
  if (window) {
    const border = window.border ?? "clip";
    for (const b of window.blocks) {
      if (!Number.isInteger(b) || b < 0 || b >= shapes.length) {
        throw new UserError(`windowed block ${b} does not exist: ${config.name} has blocks 0-${shapes.length - 1}`);
      }
      pairs[b] = windowedPairs(shapes[b]!, window.k, border, selfAttentionBlocks(shapes));
    }
    resolved = { k: window.k, blocks: [...window.blocks].sort((a, b) => a - b), border };
  }
  const list = new OpList();
  if (config.family === "vit") vitOps(config, pairs, list);
  else levitOps(config, shapes, pairs, list);
  const ops = list.ops;
  return {
    config,
    attention: shapes,
    ops,
    attentionPairs: pairs,
    window: resolved,
    macs: ops.reduce((a, o) => a + o.macs, 0),
    params: ops.reduce((a, o) => a + o.params, 0),
  };
}

/** MACs per Fig. 1 category (every category present, zero where none). */
export function macsByCategory(workload: Workload, categories: readonly Fig1Category[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of categories) out[c] = 0;
  for (const op of workload.ops) out[op.category] = (out[op.category] ?? 0) + op.macs;
  return out;
}

/** MACs per role, optionally restricted to some blocks. */
export function macsByRole(workload: Workload, blocks?: readonly number[]): Map<Role, number> {
  const keep = blocks ? new Set(blocks) : null;
  const out = new Map<Role, number>();
  for (const op of workload.ops) {
    if (keep && !keep.has(op.block)) continue;
    out.set(op.role, (out.get(op.role) ?? 0) + op.macs);
  }
  return out;
}
