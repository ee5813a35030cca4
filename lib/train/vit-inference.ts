/**
 * Inference of a ViT trained by the PyTorch engine, in TypeScript: weights from the kit's weights file
 * (timm parameter names), linear layers, LayerNorm and GELU here, attention by the kit's kernels —
 * `sparseAttention` with the model's mask in the masked blocks (the 3×3 + CLS window, dilated or not, or the
 * study's random control stored in the weights file as `attn_mask`), `denseAttention` elsewhere.
 * The same arithmetic as `lib/train/vitsparse_train/model.py`, in float32 storage with float64 sums.
 */
import { UserError } from "../errors.ts";
import { denseAttention, sparseAttention, type KernelBackend } from "../kernels/attention.ts";
import { windowMask } from "../masks/window.ts";
import { maskFromBitmap, masksEqual, type SparseMask } from "../masks/sparse-mask.ts";
import type { EngineModelConfig } from "./engine.ts";
import type { WeightsBundle } from "./weights-file.ts";

/** A loaded model. */
export interface TsVit {
  cfg: EngineModelConfig;
  normalize: { mean: number; std: number };
  w: (name: string) => Float32Array;
  /** Mask used by the masked blocks (cfg.windowed_blocks). */
  mask: SparseMask;
}

/** Builds the model from a weights bundle written by `vitsparse_train export` (checks every tensor's shape). */
export function loadTsVit(bundle: WeightsBundle, name = "weights"): TsVit {
  const cfg = bundle.meta.model as EngineModelConfig | undefined;
  const normalize = bundle.meta.normalize as { mean: number; std: number } | undefined;
  if (!cfg || !normalize) throw new UserError(`${name}: metadata lacks the model config or the input normalisation (export it with vitsparse_train export)`);
  const D = cfg.embed_dim;
  const grid = cfg.image_size / cfg.patch_size;
  const n = 1 + grid * grid;
  const hidden = Math.trunc(D * cfg.mlp_ratio);
  const expect: Record<string, number[]> = {
    cls_token: [1, 1, D],
    pos_embed: [1, n, D],
    "patch_embed.proj.weight": [D, cfg.in_chans, cfg.patch_size, cfg.patch_size],
    "patch_embed.proj.bias": [D],
    "norm.weight": [D],
    "norm.bias": [D],
    "head.weight": [cfg.num_classes, D],
    "head.bias": [cfg.num_classes],
  };
  for (let b = 0; b < cfg.depth; b++) {
    const p = `blocks.${b}.`;
    Object.assign(expect, {
      [p + "norm1.weight"]: [D], [p + "norm1.bias"]: [D], [p + "attn.qkv.weight"]: [3 * D, D], [p + "attn.qkv.bias"]: [3 * D],
      [p + "attn.proj.weight"]: [D, D], [p + "attn.proj.bias"]: [D], [p + "norm2.weight"]: [D], [p + "norm2.bias"]: [D],
      [p + "mlp.fc1.weight"]: [hidden, D], [p + "mlp.fc1.bias"]: [hidden], [p + "mlp.fc2.weight"]: [D, hidden], [p + "mlp.fc2.bias"]: [D],
    });
  }
  for (const [k, shape] of Object.entries(expect)) {
    const t = bundle.tensors.get(k);
    if (!t) throw new UserError(`${name}: tensor ${k} missing`);
    if (t.shape.join(",") !== shape.join(",")) throw new UserError(`${name}: tensor ${k} has shape [${t.shape}], expected [${shape}]`);
  }
  return { cfg, normalize, w: (k) => bundle.tensors.get(k)!.data, mask: modelMask(bundle, cfg, n, grid, name) };
}

/**
 * The mask of the model's masked blocks: the stored `attn_mask` (n×n, 1 = kept) when the file has one — it
 * must equal the window its config names unless the config names the random control — else the window of
 * the config (k, dilation, border clip, one CLS token).
 */
function modelMask(bundle: WeightsBundle, cfg: EngineModelConfig, n: number, grid: number, name: string): SparseMask {
  const window = windowMask({ gridH: grid, gridW: grid, kh: cfg.window, special: 1, border: "clip", dilation: cfg.dilation ?? 1 });
  const stored = bundle.tensors.get("attn_mask");
  if (!stored) {
    if ((cfg.mask ?? "window") !== "window") throw new UserError(`${name}: config names mask "${cfg.mask}" but the file holds no attn_mask`);
    return window;
  }
  if (stored.shape.join(",") !== `${n},${n}`) throw new UserError(`${name}: attn_mask has shape [${stored.shape}], expected [${n},${n}]`);
  const bits = new Uint8Array(n * n);
  for (let i = 0; i < bits.length; i++) {
    const v = stored.data[i]!;
    if (v !== 0 && v !== 1) throw new UserError(`${name}: attn_mask holds ${v} at ${i} (expected 0 or 1)`);
    bits[i] = v;
  }
  const mask = maskFromBitmap(bits, n, { layout: { special: 1, gridH: grid, gridW: grid } });
  if ((cfg.mask ?? "window") === "window" && !masksEqual(mask, window)) throw new UserError(`${name}: attn_mask differs from the window its config names`);
  return mask;
}

/** y[r, :] = x[r, :] · Wᵀ + b for `rows` rows; W is [out, in] row-major. Four outputs per pass share the x loads. */
function linear(x: Float32Array, rows: number, inDim: number, W: Float32Array, b: Float32Array, outDim: number): Float32Array {
  const y = new Float32Array(rows * outDim);
  for (let r = 0; r < rows; r++) {
    const xo = r * inDim;
    let o = 0;
    for (; o + 4 <= outDim; o += 4) {
      const w0 = o * inDim;
      const w1 = w0 + inDim;
      const w2 = w1 + inDim;
      const w3 = w2 + inDim;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let i = 0; i < inDim; i++) {
        const xi = x[xo + i]!;
        s0 += xi * W[w0 + i]!;
        s1 += xi * W[w1 + i]!;
        s2 += xi * W[w2 + i]!;
        s3 += xi * W[w3 + i]!;
      }
      y[r * outDim + o] = s0 + b[o]!;
      y[r * outDim + o + 1] = s1 + b[o + 1]!;
      y[r * outDim + o + 2] = s2 + b[o + 2]!;
      y[r * outDim + o + 3] = s3 + b[o + 3]!;
    }
    for (; o < outDim; o++) {
      const wo = o * inDim;
      let s = 0;
      for (let i = 0; i < inDim; i++) s += x[xo + i]! * W[wo + i]!;
      y[r * outDim + o] = s + b[o]!;
    }
  }
  return y;
}

function layerNorm(x: Float32Array, rows: number, dim: number, g: Float32Array, b: Float32Array, eps = 1e-6): Float32Array {
  const y = new Float32Array(rows * dim);
  for (let r = 0; r < rows; r++) {
    const o = r * dim;
    let mean = 0;
    for (let i = 0; i < dim; i++) mean += x[o + i]!;
    mean /= dim;
    let v = 0;
    for (let i = 0; i < dim; i++) v += (x[o + i]! - mean) ** 2;
    const inv = 1 / Math.sqrt(v / dim + eps);
    for (let i = 0; i < dim; i++) y[o + i] = (x[o + i]! - mean) * inv * g[i]! + b[i]!;
  }
  return y;
}

/** erf from the Chebyshev-fitted erfc of Numerical Recipes (fractional error < 1.2e-7, below float32's). */
function erf(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? 1 - r : r - 1;
}

/** Exact (erf) GELU, as torch.nn.functional.gelu. */
export function gelu(x: number): number {
  return 0.5 * x * (1 + erf(x / Math.SQRT2));
}

/** Statistics of the attention calls of a forward pass. */
export interface AttentionStats {
  sparseSeconds: number;
  sparseCalls: number;
  denseCalls: number;
  backend: KernelBackend;
}

/**
 * Logits of one 28×28 uint8 image. Windowed blocks (cfg.windowed_blocks) run `sparseAttention` with the
 * window mask; the others `denseAttention`; `windowedOverride` replaces the set of windowed blocks.
 */
export function tsVitLogits(
  m: TsVit,
  pixels: Uint8Array | Float32Array,
  stats: AttentionStats,
  backend: KernelBackend | "auto" = "auto",
  windowedOverride?: readonly number[],
): Float32Array {
  const { cfg } = m;
  const D = cfg.embed_dim;
  const p = cfg.patch_size;
  const side = cfg.image_size;
  const grid = side / p;
  const n = 1 + grid * grid;
  const H = cfg.num_heads;
  const dh = D / H;
  const hidden = Math.trunc(D * cfg.mlp_ratio);
  const windowed = new Set(windowedOverride ?? cfg.windowed_blocks);
  // Patch embedding (in_chans = 1): token 1 + r·grid + c.
  const pw = m.w("patch_embed.proj.weight");
  const pb = m.w("patch_embed.proj.bias");
  const cls = m.w("cls_token");
  const pos = m.w("pos_embed");
  let x = new Float32Array(n * D);
  const patch = new Float32Array(p * p);
  for (let d = 0; d < D; d++) x[d] = cls[d]! + pos[d]!;
  for (let r = 0; r < grid; r++) {
    for (let c = 0; c < grid; c++) {
      for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) {
        patch[i * p + j] = (pixels[(r * p + i) * side + c * p + j]! / 255 - m.normalize.mean) / m.normalize.std;
      }
      const t = 1 + r * grid + c;
      for (let d = 0; d < D; d++) {
        let s = 0;
        for (let k = 0; k < p * p; k++) s += pw[d * p * p + k]! * patch[k]!;
        x[t * D + d] = s + pb[d]! + pos[t * D + d]!;
      }
    }
  }
  const q = new Float32Array(H * n * dh);
  const k = new Float32Array(H * n * dh);
  const v = new Float32Array(H * n * dh);
  const o = new Float32Array(H * n * dh);
  const merged = new Float32Array(n * D);
  for (let b = 0; b < cfg.depth; b++) {
    const P = `blocks.${b}.`;
    const h1 = layerNorm(x, n, D, m.w(P + "norm1.weight"), m.w(P + "norm1.bias"));
    const qkv = linear(h1, n, D, m.w(P + "attn.qkv.weight"), m.w(P + "attn.qkv.bias"), 3 * D);
    // qkv[t, s·D + h·dh + j] → [h][t][j] of q (s=0), k (s=1), v (s=2): torch's reshape(b, n, 3, H, dh).
    for (let t = 0; t < n; t++) for (let h = 0; h < H; h++) for (let j = 0; j < dh; j++) {
      const dst = (h * n + t) * dh + j;
      q[dst] = qkv[t * 3 * D + h * dh + j]!;
      k[dst] = qkv[t * 3 * D + D + h * dh + j]!;
      v[dst] = qkv[t * 3 * D + 2 * D + h * dh + j]!;
    }
    const tensors = { heads: H, n, d: dh, q, k, v };
    if (windowed.has(b)) {
      const t0 = performance.now();
      stats.backend = sparseAttention(tensors, m.mask, { backend, out: o }).backend;
      stats.sparseSeconds += (performance.now() - t0) / 1000;
      stats.sparseCalls++;
    } else {
      denseAttention(tensors, { backend, out: o });
      stats.denseCalls++;
    }
    for (let h = 0; h < H; h++) for (let t = 0; t < n; t++) for (let j = 0; j < dh; j++) merged[t * D + h * dh + j] = o[(h * n + t) * dh + j]!;
    const a = linear(merged, n, D, m.w(P + "attn.proj.weight"), m.w(P + "attn.proj.bias"), D);
    for (let i = 0; i < n * D; i++) x[i] = x[i]! + a[i]!;
    const h2 = layerNorm(x, n, D, m.w(P + "norm2.weight"), m.w(P + "norm2.bias"));
    const f1 = linear(h2, n, D, m.w(P + "mlp.fc1.weight"), m.w(P + "mlp.fc1.bias"), hidden);
    for (let i = 0; i < f1.length; i++) f1[i] = gelu(f1[i]!);
    const f2 = linear(f1, n, hidden, m.w(P + "mlp.fc2.weight"), m.w(P + "mlp.fc2.bias"), D);
    const nx = new Float32Array(n * D);
    for (let i = 0; i < n * D; i++) nx[i] = x[i]! + f2[i]!;
    x = nx;
  }
  const clsOut = layerNorm(x.subarray(0, D), 1, D, m.w("norm.weight"), m.w("norm.bias"));
  return linear(clsOut, 1, D, m.w("head.weight"), m.w("head.bias"), cfg.num_classes);
}
