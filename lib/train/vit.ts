/**
 * A small Vision Transformer in TensorFlow.js for 28×28 grey images: patch embedding, a learned CLS
 * token and learned position embeddings, pre-norm blocks (LayerNorm → multi-head self-attention →
 * residual, LayerNorm → MLP → residual), and a linear head on the final CLS token.
 *
 * Attention can be masked per block with a {@link SparseMask} from `lib/masks` (all heads of a block
 * share the block's mask): pruned entries get −1e9 added before the softmax, so their weight is exactly 0.
 *
 * Speed notes (tfjs-backend-wasm): projections run as plain 2-D matMuls on a `[batch·tokens, dim]`
 * residual stream, and {@link dense} has a hand-written gradient that transposes its operands
 * explicitly, so every matMul of the backward pass is also a plain 2-D product (the fast path).
 */
import * as tf from "@tensorflow/tfjs";
import { UserError } from "../errors.ts";
import type { SparseMask } from "../masks/sparse-mask.ts";
import { toBitmap } from "../masks/sparse-mask.ts";
import { mulberry32 } from "../random.ts";
import { mixSeed, normalSamples, uniformSamples } from "./rng.ts";

/** Architecture of the ViT. */
export interface VitConfig {
  /** Image side in pixels (square, one channel). */
  imageSize: number;
  /** Patch side in pixels; imageSize must be a multiple of it. */
  patch: number;
  /** Embedding width. */
  dim: number;
  /** Number of transformer blocks. */
  depth: number;
  /** Attention heads per block; dim must be a multiple of it. */
  heads: number;
  /** MLP hidden width = mlpRatio · dim. */
  mlpRatio: number;
  /** Number of output classes. */
  classes: number;
}

/** Patch-grid side length of a config (imageSize / patch). */
export function gridSide(cfg: VitConfig): number {
  return cfg.imageSize / cfg.patch;
}

/** Number of tokens of a config: 1 CLS + grid². */
export function tokenCount(cfg: VitConfig): number {
  return 1 + gridSide(cfg) ** 2;
}

/** Checks a config; throws {@link UserError} naming the bad field. */
export function validateConfig(cfg: VitConfig): void {
  const ints: (keyof VitConfig)[] = ["imageSize", "patch", "dim", "depth", "heads", "mlpRatio", "classes"];
  for (const k of ints) {
    if (!Number.isInteger(cfg[k]) || cfg[k] < 1) throw new UserError(`ViT config: ${k} = ${cfg[k]}, expected a positive integer`);
  }
  if (cfg.imageSize % cfg.patch !== 0) throw new UserError(`ViT config: imageSize ${cfg.imageSize} is not a multiple of patch ${cfg.patch}`);
  if (cfg.dim % cfg.heads !== 0) throw new UserError(`ViT config: dim ${cfg.dim} is not a multiple of heads ${cfg.heads}`);
}

/** Shape and initialisation of one parameter. */
interface ParamSpec {
  name: string;
  shape: number[];
  init: "glorot" | "normal02" | "zeros" | "ones";
}

/** The parameters of a config in a fixed order (that order defines checkpoints and initialisation). */
export function paramSpecs(cfg: VitConfig): ParamSpec[] {
  const d = cfg.dim;
  const h = cfg.mlpRatio * d;
  const specs: ParamSpec[] = [
    { name: "patch.w", shape: [cfg.patch * cfg.patch, d], init: "glorot" },
    { name: "patch.b", shape: [d], init: "zeros" },
    { name: "cls", shape: [1, d], init: "normal02" },
    { name: "pos", shape: [tokenCount(cfg), d], init: "normal02" },
  ];
  for (let b = 0; b < cfg.depth; b++) {
    specs.push(
      { name: `b${b}.ln1.g`, shape: [d], init: "ones" },
      { name: `b${b}.ln1.b`, shape: [d], init: "zeros" },
      { name: `b${b}.qkv.w`, shape: [d, 3 * d], init: "glorot" },
      { name: `b${b}.qkv.b`, shape: [3 * d], init: "zeros" },
      { name: `b${b}.proj.w`, shape: [d, d], init: "glorot" },
      { name: `b${b}.proj.b`, shape: [d], init: "zeros" },
      { name: `b${b}.ln2.g`, shape: [d], init: "ones" },
      { name: `b${b}.ln2.b`, shape: [d], init: "zeros" },
      { name: `b${b}.fc1.w`, shape: [d, h], init: "glorot" },
      { name: `b${b}.fc1.b`, shape: [h], init: "zeros" },
      { name: `b${b}.fc2.w`, shape: [h, d], init: "glorot" },
      { name: `b${b}.fc2.b`, shape: [d], init: "zeros" },
    );
  }
  specs.push(
    { name: "norm.g", shape: [d], init: "ones" },
    { name: "norm.b", shape: [d], init: "zeros" },
    { name: "head.w", shape: [d, cfg.classes], init: "glorot" },
    { name: "head.b", shape: [cfg.classes], init: "zeros" },
  );
  return specs;
}

/** Parameter values by name (plain arrays: what checkpoints store). */
export type ParamValues = Map<string, Float32Array>;

/** Deterministic initial parameter values for `seed` (each parameter has its own seeded stream). */
export function initParams(cfg: VitConfig, seed: number): ParamValues {
  validateConfig(cfg);
  const out: ParamValues = new Map();
  paramSpecs(cfg).forEach((s, i) => {
    const count = s.shape.reduce((a, b) => a * b, 1);
    const rand = mulberry32(mixSeed(seed, i, 0x5eed));
    let v: Float32Array;
    if (s.init === "zeros") v = new Float32Array(count);
    else if (s.init === "ones") v = new Float32Array(count).fill(1);
    else if (s.init === "normal02") v = normalSamples(count, 0.02, rand);
    else {
      const [fanIn, fanOut] = [s.shape[0]!, s.shape[1]!];
      v = uniformSamples(count, Math.sqrt(6 / (fanIn + fanOut)), rand);
    }
    out.set(s.name, v);
  });
  return out;
}

/** A model instance: its config and its parameters as tfjs variables (trainable). */
export interface VitModel {
  cfg: VitConfig;
  /** Variables by parameter name, in {@link paramSpecs} order. */
  vars: Map<string, tf.Variable>;
}

let modelCounter = 0;

/** Creates tfjs variables holding `values` (names are made unique per model instance). */
export function createModel(cfg: VitConfig, values: ParamValues): VitModel {
  validateConfig(cfg);
  const id = modelCounter++;
  const vars = new Map<string, tf.Variable>();
  for (const s of paramSpecs(cfg)) {
    const v = values.get(s.name);
    const count = s.shape.reduce((a, b) => a * b, 1);
    if (!v || v.length !== count) throw new UserError(`ViT parameter ${s.name}: expected ${count} values [${s.shape.join("x")}], found ${v ? v.length : "none"}`);
    vars.set(s.name, tf.variable(tf.tensor(v, s.shape, "float32"), true, `vit${id}/${s.name}`));
  }
  return { cfg, vars };
}

/** Reads a model's current parameter values. */
export function readParams(model: VitModel): ParamValues {
  const out: ParamValues = new Map();
  for (const [name, v] of model.vars) out.set(name, v.dataSync() as Float32Array);
  return out;
}

/** Frees a model's variables. */
export function disposeModel(model: VitModel): void {
  for (const v of model.vars.values()) v.dispose();
}

/** Number of scalar parameters of a config. */
export function parameterCount(cfg: VitConfig): number {
  return paramSpecs(cfg).reduce((a, s) => a + s.shape.reduce((x, y) => x * y, 1), 0);
}

/**
 * y = x·W + b for a 2-D x, with a gradient whose matMuls are plain (no transpose flags):
 * dx = dy·transpose(W), dW = transpose(x)·dy, db = Σ dy.
 */
export const dense: (x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D) => tf.Tensor2D = tf.customGrad(
  ((x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D, save: tf.GradSaveFunc) => {
    save([x, w]);
    return {
      value: tf.add(tf.matMul(x, w), b) as tf.Tensor2D,
      gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => {
        const [xs, ws] = saved as [tf.Tensor2D, tf.Tensor2D];
        return [tf.matMul(dy, tf.transpose(ws)), tf.matMul(tf.transpose(xs), dy), tf.sum(dy, 0)];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0],
) as unknown as (x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D) => tf.Tensor2D;

/** LayerNorm over the last axis of a 2-D tensor (ε = 1e-5). */
export function layerNorm(x: tf.Tensor2D, g: tf.Tensor, b: tf.Tensor): tf.Tensor2D {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, 1e-5))), g), b) as tf.Tensor2D;
}

/** GELU, sigmoid approximation x·σ(1.702x). */
export function gelu(x: tf.Tensor2D): tf.Tensor2D {
  return tf.mul(x, tf.sigmoid(tf.mul(x, 1.702))) as tf.Tensor2D;
}

/** Value added to the attention score of a pruned (query, key) entry before the softmax. */
export const MASKED_SCORE = -1e9;

/**
 * The additive attention mask of a {@link SparseMask}: an `[n, n]` tensor with 0 on kept entries and
 * {@link MASKED_SCORE} on pruned ones. Throws {@link UserError} when the mask size is not `n` or a row
 * keeps no entry (its softmax would be undefined).
 */
export function additiveMask(mask: SparseMask, n: number): tf.Tensor2D {
  if (mask.n !== n) throw new UserError(`attention mask has ${mask.n} tokens, the model has ${n}`);
  const bits = toBitmap(mask);
  const add = new Float32Array(n * n);
  for (let r = 0; r < n; r++) {
    let kept = 0;
    for (let c = 0; c < n; c++) {
      if (bits[r * n + c]) kept++;
      else add[r * n + c] = MASKED_SCORE;
    }
    if (kept === 0) throw new UserError(`attention mask row ${r} keeps no key: every query needs at least one`);
  }
  return tf.tensor2d(add, [n, n]);
}

/**
 * Converts 28×28 images (`count × side²` bytes) into normalised patch rows: a Float32Array of
 * `count · grid² × patch²`, patches in row-major grid order, pixels row-major inside a patch,
 * value (pixel/255 − mean)/std.
 */
export function patchify(images: Uint8Array, count: number, cfg: VitConfig, mean: number, std: number): Float32Array {
  const s = cfg.imageSize;
  const p = cfg.patch;
  const g = s / p;
  const out = new Float32Array(count * s * s);
  let o = 0;
  for (let i = 0; i < count; i++) {
    const base = i * s * s;
    for (let gy = 0; gy < g; gy++) {
      for (let gx = 0; gx < g; gx++) {
        for (let py = 0; py < p; py++) {
          const row = base + (gy * p + py) * s + gx * p;
          for (let px = 0; px < p; px++) out[o++] = (images[row + px]! / 255 - mean) / std;
        }
      }
    }
  }
  return out;
}

/** Options of {@link forward}. */
export interface ForwardOptions {
  /** Per block: an additive `[n, n]` mask ({@link additiveMask}) or null for full attention. */
  masks: ReadonlyArray<tf.Tensor2D | null>;
  /** When set, the attention probabilities `[batch, heads, n, n]` of every block are pushed here. */
  attention?: tf.Tensor4D[];
  /**
   * When set, replaces the attention of the blocks it returns non-null for: given the block index and
   * q, k, v as `[batch, heads, n, dh]` (q already scaled by 1/√dh), it returns the attention output
   * `[batch, heads, n, dh]`. Used to run attention through other kernels at inference.
   */
  attentionOverride?: (block: number, q: tf.Tensor4D, k: tf.Tensor4D, v: tf.Tensor4D) => tf.Tensor4D | null;
}

/**
 * Forward pass. `patches` is `[batch · grid², patch²]` (from {@link patchify}); returns logits
 * `[batch, classes]`.
 */
export function forward(model: VitModel, patches: tf.Tensor2D, opts: ForwardOptions): tf.Tensor2D {
  const { cfg, vars } = model;
  const P = (name: string): tf.Variable => {
    const v = vars.get(name);
    if (!v) throw new Error(`missing parameter ${name}`);
    return v;
  };
  if (opts.masks.length !== cfg.depth) throw new UserError(`forward: ${opts.masks.length} block masks given, the model has ${cfg.depth} blocks`);
  const g2 = gridSide(cfg) ** 2;
  const n = g2 + 1;
  const batch = patches.shape[0] / g2;
  if (!Number.isInteger(batch) || patches.shape[1] !== cfg.patch * cfg.patch) {
    throw new UserError(`forward: patches shape [${patches.shape.join(", ")}] is not [batch·${g2}, ${cfg.patch * cfg.patch}]`);
  }
  const d = cfg.dim;
  const H = cfg.heads;
  const dh = d / H;
  const emb = tf.reshape(dense(patches, P("patch.w") as tf.Tensor2D, P("patch.b") as tf.Tensor1D), [batch, g2, d]);
  const cls = tf.tile(tf.reshape(P("cls"), [1, 1, d]), [batch, 1, 1]);
  let x = tf.reshape(tf.add(tf.concat([cls, emb], 1), P("pos")), [batch * n, d]) as tf.Tensor2D;
  const scale = 1 / Math.sqrt(dh);
  for (let b = 0; b < cfg.depth; b++) {
    const h1 = layerNorm(x, P(`b${b}.ln1.g`), P(`b${b}.ln1.b`));
    const qkv = dense(h1, P(`b${b}.qkv.w`) as tf.Tensor2D, P(`b${b}.qkv.b`) as tf.Tensor1D);
    const [q2, k2, v2] = tf.split(qkv, 3, 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
    const heads = (t: tf.Tensor2D): tf.Tensor4D => tf.transpose(tf.reshape(t, [batch, n, H, dh]), [0, 2, 1, 3]);
    const q = tf.mul(heads(q2), scale) as tf.Tensor4D;
    const k = heads(k2);
    const v = heads(v2);
    let out: tf.Tensor4D | null = opts.attentionOverride ? opts.attentionOverride(b, q, k, v) : null;
    if (out === null) {
      let scores = tf.matMul(q, tf.transpose(k, [0, 1, 3, 2])) as tf.Tensor4D;
      const m = opts.masks[b];
      if (m) scores = tf.add(scores, m) as tf.Tensor4D;
      const att = tf.softmax(scores) as tf.Tensor4D;
      if (opts.attention) opts.attention.push(att);
      out = tf.matMul(att, v) as tf.Tensor4D;
    }
    const merged = tf.reshape(tf.transpose(out, [0, 2, 1, 3]), [batch * n, d]) as tf.Tensor2D;
    x = tf.add(x, dense(merged, P(`b${b}.proj.w`) as tf.Tensor2D, P(`b${b}.proj.b`) as tf.Tensor1D)) as tf.Tensor2D;
    const h2 = layerNorm(x, P(`b${b}.ln2.g`), P(`b${b}.ln2.b`));
    const hid = gelu(dense(h2, P(`b${b}.fc1.w`) as tf.Tensor2D, P(`b${b}.fc1.b`) as tf.Tensor1D));
    x = tf.add(x, dense(hid, P(`b${b}.fc2.w`) as tf.Tensor2D, P(`b${b}.fc2.b`) as tf.Tensor1D)) as tf.Tensor2D;
  }
  const clsOut = tf.reshape(tf.slice(tf.reshape(x, [batch, n, d]), [0, 0, 0], [batch, 1, d]), [batch, d]) as tf.Tensor2D;
  const normed = layerNorm(clsOut, P("norm.g"), P("norm.b"));
  return dense(normed, P("head.w") as tf.Tensor2D, P("head.b") as tf.Tensor1D);
}

/** Mean softmax cross-entropy of `logits` against integer `labels`. */
export function crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D, classes: number): tf.Scalar {
  return tf.losses.softmaxCrossEntropy(tf.oneHot(labels, classes), logits) as tf.Scalar;
}
