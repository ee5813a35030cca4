/**
 * The Vision Transformers the kit models, as data, written once: one {@link ModelConfig} type (a plain ViT —
 * DeiT, LV-ViT, ViTCoD's TX2 encoder — or a LeViT) for every consumer (the analytic workload, the ONNX
 * graphs, the cycle models). Each entry names its sources; numbers the kit re-derives (parameter counts,
 * MACs) are checked in `test/specs/models.test.ts` and `test/workload/vit-macs.test.ts`.
 */
import { UserError } from "../errors.ts";

/** A plain (DeiT-style, pre-norm) ViT encoder. */
export interface VitConfig {
  family: "vit";
  /** Identifier used on the command line, e.g. `deit-tiny`. */
  name: string;
  /** Display label, as in the poster's Fig. 1 where it appears there. */
  label: string;
  /** Patch embedding (a k×k stride-k convolution); `null` when the workload starts from tokens. */
  patchEmbed: { imageSize: number; inChannels: number; patchSize: number } | null;
  /** Side of the square patch grid (tokens = grid² patches + special tokens). */
  grid: number;
  /** Special tokens before the patches (1 = CLS). */
  specialTokens: number;
  /** Embedding width. */
  dim: number;
  /** Number of transformer blocks. */
  depth: number;
  heads: number;
  /** MLP hidden width = mlpRatio · dim. */
  mlpRatio: number;
  /** Linear layers carry a bias (qkv, proj, fc1, fc2). */
  bias: boolean;
  /** A LayerNorm after the last block. */
  finalNorm: boolean;
  /** Classifier output width; `null` = no head (the workload ends with the last block). */
  numClasses: number | null;
  /** Where each number comes from. */
  sources: string[];
}

/** One LeViT stage (a run of attention + MLP residual blocks at one resolution). */
export interface LevitStage {
  /** Embedding width. */
  dim: number;
  /** Query/key width per head. */
  keyDim: number;
  heads: number;
  /** Attention blocks (each followed by an MLP block). */
  depth: number;
  /** Value width per head = attnRatio · keyDim. */
  attnRatio: number;
  /** MLP hidden width = mlpRatio · dim. */
  mlpRatio: number;
  /** Side of the square token grid of this stage. */
  resolution: number;
}

/** The shrinking ("subsample") attention between two LeViT stages, followed by one MLP block. */
export interface LevitSubsample {
  keyDim: number;
  /** Heads = input width / keyDim in the reference code. */
  heads: number;
  /** Value width per head = attnRatio · keyDim. */
  attnRatio: number;
  /** MLP hidden width = mlpRatio · output width. */
  mlpRatio: number;
  /** Query subsampling stride. */
  stride: number;
}

/** A LeViT (convolutional stem, three attention stages, subsample attention, BN folded at inference). */
export interface LevitConfig {
  family: "levit";
  name: string;
  label: string;
  imageSize: number;
  inChannels: number;
  /** Output channels of the stem's 3×3 stride-2 convolutions (each but the last followed by Hardswish). */
  stemChannels: number[];
  stemKernel: number;
  stemStride: number;
  stages: LevitStage[];
  /** Between stage i and i+1. */
  subsamples: LevitSubsample[];
  numClasses: number;
  /** Distillation head beside the class head (eval output = mean of both). */
  distillationHead: boolean;
  sources: string[];
}

/** Any modelled workload. */
export type ModelConfig = VitConfig | LevitConfig;

const DEIT_SOURCES = [
  "Touvron et al., Training data-efficient image transformers & distillation through attention (DeiT), ICML 2021, arXiv:2012.12877, Table 1 (widths, heads, depth 12, 224² input, 16×16 patches)",
  "timm vision_transformer.py deit_{tiny,small,base}_patch16_224: mlp_ratio 4, qkv_bias True, pre-norm blocks, final LayerNorm, CLS-token head",
];

function deit(name: string, label: string, dim: number, heads: number): VitConfig {
  return {
    family: "vit",
    name,
    label,
    patchEmbed: { imageSize: 224, inChannels: 3, patchSize: 16 },
    grid: 14,
    specialTokens: 1,
    dim,
    depth: 12,
    heads,
    mlpRatio: 4,
    bias: true,
    finalNorm: true,
    numClasses: 1000,
    sources: DEIT_SOURCES,
  };
}

const LEVIT_SOURCES = [
  "Graham et al., LeViT: a Vision Transformer in ConvNet's Clothing for Faster Inference, ICCV 2021, arXiv:2104.01136, Table 2 / Fig. 4 (stem of four 3×3 stride-2 convolutions, stages at 14², 7², 4², shrinking attention, attention bias, Hardswish, BN instead of LayerNorm)",
  "facebookresearch/LeViT levit.py `specification` and `model_factory` (C = embed dims, D = key dim, N = heads, X = depth; attn_ratio 2, mlp_ratio 2; down_ops ['Subsample', D, C_i // D, 4, 2, 2]; stem channels C0/8, C0/4, C0/2, C0; distillation head); the same layout in timm levit.py",
  "Cross-checked for LeViT-128 module by module against ViTCoD's fvcore printout Algorithm/deit/flops.txt (../shared/reference/vitcod/flops.txt): every Linear/Conv2d/MatMul shape and count",
];

function levit(
  name: string,
  label: string,
  dims: [number, number, number],
  keyDim: number,
  heads: [number, number, number],
): LevitConfig {
  const resolutions = [14, 7, 4];
  return {
    family: "levit",
    name,
    label,
    imageSize: 224,
    inChannels: 3,
    stemChannels: [dims[0] / 8, dims[0] / 4, dims[0] / 2, dims[0]],
    stemKernel: 3,
    stemStride: 2,
    stages: dims.map((dim, i) => ({
      dim,
      keyDim,
      heads: heads[i]!,
      depth: 4,
      attnRatio: 2,
      mlpRatio: 2,
      resolution: resolutions[i]!,
    })),
    subsamples: [0, 1].map((i) => ({
      keyDim,
      heads: dims[i]! / keyDim,
      attnRatio: 4,
      mlpRatio: 2,
      stride: 2,
    })),
    numClasses: 1000,
    distillationHead: true,
    sources: LEVIT_SOURCES,
  };
}

/** Every modelled workload, by command-line name. */
export const MODEL_CONFIGS: readonly ModelConfig[] = [
  deit("deit-tiny", "DeiT-Tiny", 192, 3),
  deit("deit-small", "DeiT-Small", 384, 6),
  deit("deit-base", "DeiT-Base", 768, 12),
  levit("levit-128", "LeViT-128", [128, 256, 384], 16, [4, 8, 12]),
  levit("levit-192", "LeViT-192", [192, 288, 384], 32, [3, 5, 6]),
  levit("levit-256", "LeViT-256", [256, 384, 512], 32, [4, 6, 8]),
  {
    family: "vit",
    name: "vitcod-tx2",
    label: "ViTCoD TX2 encoder",
    patchEmbed: null,
    grid: 14,
    specialTokens: 0,
    dim: 192,
    depth: 12,
    heads: 3,
    mlpRatio: 4,
    bias: true,
    finalNorm: false,
    numClasses: null,
    sources: [
      "ViTCoD Profile/TX2_benchmark (github.com/GATECH-EIC/ViTCoD @ b2f7fb5): ViT_Transformer-seq_len_196-dim_192-heads_3 — 12 pre-norm blocks, dim 192, 3 heads, MLP 768 (GELU), 196 tokens; no CLS, no patch embedding, no head, no final norm (the TensorRT profile ends with the last block's residual add)",
    ],
  },
];

const LVVIT_SOURCES = [
  "Jiang et al., All Tokens Matter: Token Labeling for Training Better Vision Transformers (LV-ViT), NeurIPS 2021, arXiv:2104.10858, Table 1 (LV-ViT-S: dim 384, 6 heads, 16 blocks; LV-ViT-M: dim 512, 8 heads, 20 blocks; MLP ratio 3; 224² input, 16×16 patches)",
  "The 4-layer convolutional stem before the patch embedding is not modelled: the workload is the patch embedding plus the transformer blocks",
];

function lvvit(name: string, label: string, dim: number, heads: number, depth: number): VitConfig {
  return { ...deit(name, label, dim, heads), depth, mlpRatio: 3, sources: LVVIT_SOURCES };
}

/**
 * Models the kit describes but does not build as ONNX graphs or measure on the CPU (the accelerator models'
 * workloads only): LV-ViT-S and LV-ViT-M, two of HeatViT's five models.
 */
export const EXTRA_MODEL_CONFIGS: readonly ModelConfig[] = [
  lvvit("lvvit-s", "LV-ViT-S", 384, 6, 16),
  lvvit("lvvit-m", "LV-ViT-M", 512, 8, 20),
];

/** Names of {@link MODEL_CONFIGS} (the models the kit builds as ONNX graphs and measures). */
export const MODEL_NAMES: readonly string[] = MODEL_CONFIGS.map((c) => c.name);

/** Every model the kit describes: {@link MODEL_CONFIGS} then {@link EXTRA_MODEL_CONFIGS}. */
export const ALL_MODEL_CONFIGS: readonly ModelConfig[] = [...MODEL_CONFIGS, ...EXTRA_MODEL_CONFIGS];

/** The config of a model by name; throws {@link UserError} naming the accepted names. */
export function modelConfig(name: string): ModelConfig {
  const config = ALL_MODEL_CONFIGS.find((c) => c.name === name);
  if (!config) throw new UserError(`unknown model "${name}"; expected one of: ${ALL_MODEL_CONFIGS.map((c) => c.name).join(", ")}`);
  return config;
}

/** The config of a plain ViT by name; throws {@link UserError} for an unknown name or a LeViT. */
export function vitConfig(name: string): VitConfig {
  const config = modelConfig(name);
  if (config.family !== "vit") throw new UserError(`model "${name}" is a ${config.family}, expected a plain ViT`);
  return config;
}

/** Patch tokens of a plain ViT (grid²). */
export function patchCount(config: VitConfig): number {
  return config.grid * config.grid;
}

/** Tokens entering block 0: patches + special tokens. */
export function tokenCount(config: VitConfig): number {
  return patchCount(config) + config.specialTokens;
}

/**
 * A plain ViT's shape in the terms the cycle models use, derived from its {@link VitConfig} (never written by
 * hand, so each model's numbers appear once).
 */
export interface VitShape {
  /** The model's name, e.g. `deit-tiny`. */
  id: string;
  /** Tokens entering block 0 (patches + special). */
  tokens: number;
  /** Patch tokens (prunable). */
  patches: number;
  /** Special tokens (CLS). */
  special: number;
  /** Embedding dimension E. */
  embedding: number;
  heads: number;
  /** Per-head dim d = E / heads. */
  headDim: number;
  /** MLP hidden = mlpRatio · E. */
  mlpRatio: number;
  depth: number;
  /** The config's sources, joined. */
  source: string;
}

/** The {@link VitShape} of a plain ViT config. */
export function vitShape(config: VitConfig): VitShape {
  return {
    id: config.name,
    tokens: tokenCount(config),
    patches: patchCount(config),
    special: config.specialTokens,
    embedding: config.dim,
    heads: config.heads,
    headDim: config.dim / config.heads,
    mlpRatio: config.mlpRatio,
    depth: config.depth,
    source: config.sources.join("; "),
  };
}

/**
 * Every plain ViT of {@link ALL_MODEL_CONFIGS} as the shape the cycle models and the experiment spec use, by
 * name: the one model list (a new entry in {@link MODEL_CONFIGS} or {@link EXTRA_MODEL_CONFIGS} appears here).
 */
export const VIT_MODELS: Readonly<Record<string, VitShape>> = Object.fromEntries(
  ALL_MODEL_CONFIGS.filter((c): c is VitConfig => c.family === "vit").map((c) => [c.name, vitShape(c)]),
);

/** The {@link VitShape} of a plain ViT by name; throws {@link UserError} naming the accepted names. */
export function vitModel(name: string): VitShape {
  const shape = VIT_MODELS[name];
  if (!shape) {
    const levit = ALL_MODEL_CONFIGS.find((c) => c.name === name && c.family !== "vit");
    if (levit) throw new UserError(`model "${name}" is a ${levit.family}, expected a plain ViT (one of: ${Object.keys(VIT_MODELS).join(", ")})`);
    throw new UserError(`unknown model "${name}" (expected one of: ${Object.keys(VIT_MODELS).join(", ")})`);
  }
  return shape;
}
