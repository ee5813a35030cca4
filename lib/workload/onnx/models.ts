/**
 * ONNX graphs of the modelled ViTs (configs from `lib/specs/models.ts`), built node by node as a PyTorch
 * export of the reference code would lay them out, with seeded random weights. BatchNorm is folded into the
 * preceding convolution/linear layer (LeViT at inference), so every linear layer is MatMul + bias Add.
 * Every node carries its block and role (`lib/specs/roles.ts`).
 */
import type { LevitConfig, ModelConfig, VitConfig } from "../../specs/models.ts";
import { attentionShapes, type AttentionShape } from "../vit.ts";
import { GraphBuilder, type BuiltGraph, type Tensor } from "./graph-builder.ts";

/** Options of {@link buildModelGraph}. */
export interface GraphOptions {
  /** Seed of the random weights (default 6). */
  seed?: number;
  /** Build shapes, MACs and roles only (no weights, no encoding; `bytes` is empty). */
  shapesOnly?: boolean;
}

function vitGraph(config: VitConfig, seed: number, shapesOnly: boolean): BuiltGraph {
  const g = new GraphBuilder(config.name, seed, shapesOnly);
  const D = config.dim;
  const H = config.heads;
  const d = D / H;
  const patches = config.grid * config.grid;
  const N = config.specialTokens + patches;
  let input: Tensor;
  let x: Tensor;
  if (config.patchEmbed) {
    const { imageSize, inChannels, patchSize } = config.patchEmbed;
    input = { name: "image", shape: [1, inChannels, imageSize, imageSize] };
    g.scope(-1, "embed.conv");
    const conv = g.conv(input, D, patchSize, patchSize, 0, "patch_embed.proj");
    g.scope(-1, "embed.reshape");
    x = g.transpose(g.reshape(conv, [1, D, patches]), [0, 2, 1]);
    if (config.specialTokens > 0) {
      g.scope(-1, "embed.token");
      x = g.concat([g.weight("cls_token", [1, config.specialTokens, D], 0.02), x], 1);
    }
    g.scope(-1, "embed.pos");
    x = g.binary("Add", x, g.weight("pos_embed", [1, N, D], 0.02));
  } else {
    input = { name: "tokens", shape: [1, N, D] };
    x = input;
  }
  for (let i = 0; i < config.depth; i++) {
    const p = `blocks.${i}`;
    g.scope(i, "attn.norm");
    const n1 = g.layerNorm(x, `${p}.norm1`);
    g.scope(i, "attn.qkv");
    const qkv = g.linear(n1, 3 * D, `${p}.attn.qkv`);
    g.scope(i, "attn.split");
    const [q0, k0, v0] = g.split(qkv, 2, [D, D, D]) as [Tensor, Tensor, Tensor];
    const q = g.transpose(g.reshape(q0, [1, N, H, d]), [0, 2, 1, 3]);
    const kT = g.transpose(g.reshape(k0, [1, N, H, d]), [0, 2, 3, 1]);
    const v = g.transpose(g.reshape(v0, [1, N, H, d]), [0, 2, 1, 3]);
    const o = attentionCore(g, i, q, kT, v, d, null);
    g.scope(i, "attn.merge");
    const merged = g.reshape(g.transpose(o, [0, 2, 1, 3]), [1, N, D]);
    g.scope(i, "attn.proj");
    const proj = g.linear(merged, D, `${p}.attn.proj`);
    g.scope(i, "attn.residual");
    x = g.binary("Add", x, proj);
    g.scope(i, "mlp.norm");
    const n2 = g.layerNorm(x, `${p}.norm2`);
    g.scope(i, "mlp.fc1");
    const h = g.linear(n2, config.mlpRatio * D, `${p}.mlp.fc1`);
    g.scope(i, "mlp.act");
    const a = g.unary("Gelu", h);
    g.scope(i, "mlp.fc2");
    const f = g.linear(a, D, `${p}.mlp.fc2`);
    g.scope(i, "mlp.residual");
    x = g.binary("Add", x, f);
  }
  if (config.finalNorm) {
    g.scope(-1, "head.norm");
    x = g.layerNorm(x, "norm");
  }
  if (config.numClasses !== null) {
    g.scope(-1, "head.pool");
    const cls = g.gather(x, 1, 0);
    g.scope(-1, "head.fc");
    x = g.linear(cls, config.numClasses, "head");
  }
  return g.finish(input, x);
}

/** S = Q·Kᵀ, ·scale, (+ bias), softmax, ·V — the nodes a windowed kernel replaces. */
function attentionCore(g: GraphBuilder, block: number, q: Tensor, kT: Tensor, v: Tensor, keyDim: number, bias: Tensor | null): Tensor {
  g.scope(block, "attn.qk");
  let s = g.matmul(q, kT);
  g.scope(block, "attn.scale");
  s = g.binary("Mul", s, g.constant("scale", [1], 1 / Math.sqrt(keyDim)));
  if (bias) {
    g.scope(block, "attn.bias");
    s = g.binary("Add", s, bias);
  }
  g.scope(block, "attn.softmax");
  const p = g.softmax(s);
  g.scope(block, "attn.av");
  return g.matmul(p, v);
}

function levitAttention(g: GraphBuilder, config: LevitConfig, shape: AttentionShape, x: Tensor, outDim: number): Tensor {
  const i = shape.block;
  const p = `blocks.${2 * i}`;
  const H = shape.heads;
  const kd = shape.keyDim;
  const dv = shape.valueDim;
  const N = shape.queries;
  const cin = x.shape[2]!;
  let q: Tensor;
  let kT: Tensor;
  let v: Tensor;
  if (shape.kind === "attention") {
    g.scope(i, "attn.qkv");
    const qkv = g.linear(x, H * (2 * kd + dv), `${p}.m.qkv`);
    g.scope(i, "attn.split");
    const [q0, k0, v0] = g.split(g.reshape(qkv, [1, N, H, 2 * kd + dv]), 3, [kd, kd, dv]) as [Tensor, Tensor, Tensor];
    q = g.transpose(q0, [0, 2, 1, 3]);
    kT = g.transpose(k0, [0, 2, 3, 1]);
    v = g.transpose(v0, [0, 2, 1, 3]);
  } else {
    g.scope(i, "attn.qkv");
    const kv = g.linear(x, H * (kd + dv), `${p}.kv`);
    g.scope(i, "attn.split");
    const [k0, v0] = g.split(g.reshape(kv, [1, shape.keys, H, kd + dv]), 3, [kd, dv]) as [Tensor, Tensor];
    kT = g.transpose(k0, [0, 2, 3, 1]);
    v = g.transpose(v0, [0, 2, 1, 3]);
    const grid = g.reshape(x, [1, shape.keyGrid, shape.keyGrid, cin]);
    const sub = g.reshape(g.strided(grid, [1, 2], 2), [1, N, cin]);
    g.scope(i, "attn.qkv");
    const q0 = g.linear(sub, H * kd, `${p}.q`);
    g.scope(i, "attn.split");
    q = g.transpose(g.reshape(q0, [1, N, H, kd]), [0, 2, 1, 3]);
  }
  // The learned table holds heads × attentionBiasOffsets(...) values; at inference LeViT gathers it once
  // into a heads × queries × keys tensor (`self.ab`), which is what the graph adds.
  const bias = g.weight(`${p}.ab`, [H, N, shape.keys], 0.1);
  const o = attentionCore(g, i, q, kT, v, kd, bias);
  g.scope(i, "attn.merge");
  const merged = g.reshape(g.transpose(o, [0, 2, 1, 3]), [1, N, H * dv]);
  g.scope(i, "attn.act");
  const act = g.hardswish(merged);
  g.scope(i, "attn.proj");
  return g.linear(act, outDim, `${p}.proj`);
}

function levitGraph(config: LevitConfig, seed: number, shapesOnly: boolean): BuiltGraph {
  const g = new GraphBuilder(config.name, seed, shapesOnly);
  const input: Tensor = { name: "image", shape: [1, config.inChannels, config.imageSize, config.imageSize] };
  let y: Tensor = input;
  config.stemChannels.forEach((c, i) => {
    g.scope(-1, "embed.conv");
    y = g.conv(y, c, config.stemKernel, config.stemStride, Math.floor(config.stemKernel / 2), `patch_embed.${2 * i}`);
    if (i < config.stemChannels.length - 1) {
      g.scope(-1, "embed.act");
      y = g.hardswish(y);
    }
  });
  const [, C, R] = y.shape as [number, number, number];
  g.scope(-1, "embed.reshape");
  let x = g.transpose(g.reshape(y, [1, C, R * R]), [0, 2, 1]);
  for (const shape of attentionShapes(config)) {
    const i = shape.block;
    const stage = config.stages.findIndex((s) => s.resolution === shape.queryGrid);
    const out = config.stages[stage]!.dim;
    const attn = levitAttention(g, config, shape, x, out);
    if (shape.kind === "attention") {
      g.scope(i, "attn.residual");
      x = g.binary("Add", x, attn);
    } else {
      x = attn;
    }
    const ratio = shape.kind === "attention" ? config.stages[stage]!.mlpRatio : config.subsamples[stage - 1]!.mlpRatio;
    g.scope(i, "mlp.fc1");
    const h = g.linear(x, ratio * out, `blocks.${2 * i + 1}.m.0`);
    g.scope(i, "mlp.act");
    const a = g.hardswish(h);
    g.scope(i, "mlp.fc2");
    const f = g.linear(a, out, `blocks.${2 * i + 1}.m.2`);
    g.scope(i, "mlp.residual");
    x = g.binary("Add", x, f);
  }
  g.scope(-1, "head.pool");
  const pooled = g.reduceMean(x, 1);
  g.scope(-1, "head.fc");
  let logits = g.linear(pooled, config.numClasses, "head.l");
  if (config.distillationHead) {
    const dist = g.linear(pooled, config.numClasses, "head_dist.l");
    g.scope(-1, "head.merge");
    logits = g.binary("Mul", g.binary("Add", logits, dist), g.constant("half", [1], 0.5));
  }
  return g.finish(input, logits);
}

/** Builds the ONNX graph of a model (float32, batch 1) with seeded random weights. */
export function buildModelGraph(config: ModelConfig, options: GraphOptions = {}): BuiltGraph {
  const seed = options.seed ?? 6;
  const shapesOnly = options.shapesOnly ?? false;
  return config.family === "vit" ? vitGraph(config, seed, shapesOnly) : levitGraph(config, seed, shapesOnly);
}

/** The output shape a model's graph must produce: [1, classes], or [1, tokens, dim] without a head. */
export function expectedOutputShape(config: ModelConfig): number[] {
  if (config.family === "levit") return [1, config.numClasses];
  if (config.numClasses !== null) return [1, config.numClasses];
  return [1, config.specialTokens + config.grid * config.grid, config.dim];
}
