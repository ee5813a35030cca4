/**
 * The accuracy experiment: a small ViT trained on Fashion-MNIST with full attention, windowed
 * attention in the lower half of the blocks, and windowed attention in all blocks, for several seeds.
 *
 * One run = (variant, seed). Runs can be advanced epoch by epoch (`untilEpoch`), so the script trains
 * epoch 1 of every run, then epoch 2 of every run, ...: all runs progress together. Every variant of a seed starts from the same initial weights (seeded by the
 * seed) and sees the same training subset in the same order. A run checkpoints after each epoch (weights,
 * Adam state, per-epoch records) and resumes from its last checkpoint; a finished run stores its final
 * weights and attention maps so the output files can be rewritten without training.
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { UserError } from "../errors.ts";
import { writeFileAtomic } from "../data/atomic-write.ts";
import type { FashionMnistSplit } from "../datasets/fashion-mnist.ts";
import { windowMask } from "../masks/window.ts";
import type { SparseMask } from "../masks/sparse-mask.ts";
import { createAdamState, disposeAdamState, warmupCosine, type AdamState } from "./adam.ts";
import { mixSeed, seededPermutation } from "./rng.ts";
import { accuracy, predictLogits, trainStep } from "./train-step.ts";
import {
  additiveMask, createModel, disposeModel, forward, gridSide, initParams, patchify, readParams, tokenCount,
  type ParamValues, type VitConfig, type VitModel,
} from "./vit.ts";
import { readWeights, writeWeights, type WeightsBundle } from "./weights-file.ts";

/** The attention variants compared. */
export const VARIANTS = ["full", "windowed-lower", "windowed-all"] as const;
/** One attention variant. */
export type Variant = (typeof VARIANTS)[number];

/** Window side (patches) of the windowed blocks: 3×3 + CLS, clipped at the border (the poster's mask). */
export const WINDOW_SIDE = 3;

/** Everything that defines the experiment (stored with checkpoints and in the output metadata). */
export interface ExperimentConfig {
  model: VitConfig;
  /** Training images used (a fixed seeded subset of the 60,000). */
  trainSubset: number;
  /** Seed of the subset choice (independent of the run seeds). */
  subsetSeed: number;
  epochs: number;
  batch: number;
  /** Peak learning rate of the warm-up + cosine schedule. */
  lr: number;
  warmupSteps: number;
  seeds: number[];
  variants: Variant[];
  /** Batch size of test-set evaluation. */
  evalBatch: number;
  /** Test images evaluated after the intermediate epochs (the first this-many); the last epoch uses the full test set. */
  evalSubset: number;
  /** Test-image indices whose attention maps are stored per layer and head. */
  mapImages: number[];
  /** The first this-many test images give the mean attention map per layer and head. */
  meanMapImages: number;
}

/** The blocks of `depth` that are windowed in `variant`. */
export function windowedBlocks(variant: Variant, depth: number): number[] {
  if (variant === "full") return [];
  if (variant === "windowed-lower") return Array.from({ length: Math.floor(depth / 2) }, (_, i) => i);
  return Array.from({ length: depth }, (_, i) => i);
}

/** Per block, the variant's {@link SparseMask} (3×3 window + CLS) or null for full attention. */
export function variantMasks(variant: Variant, cfg: VitConfig): (SparseMask | null)[] {
  const g = gridSide(cfg);
  const win = windowMask({ gridH: g, gridW: g, kh: WINDOW_SIDE, special: 1, border: "clip" });
  const blocks = new Set(windowedBlocks(variant, cfg.depth));
  return Array.from({ length: cfg.depth }, (_, b) => (blocks.has(b) ? win : null));
}

/** Per-epoch record of a run. */
export interface EpochRecord {
  epoch: number;
  /** Mean training loss over the epoch's steps. */
  trainLoss: number;
  /** Accuracy on the evaluated test images after the epoch (0..1). */
  testAccuracy: number;
  /** Number of test images evaluated: the first `evalSubset` after intermediate epochs, all after the last. */
  testImages: number;
  testLoss: number;
  trainSeconds: number;
  evalSeconds: number;
  steps: number;
}

/** Saved progress of a run. */
export interface RunState {
  configKey: string;
  variant: Variant;
  seed: number;
  records: EpochRecord[];
  finished: boolean;
}

/** Stable key of the parts of a config that change a run's numbers (a checkpoint resumes only with the same key). */
export function configKey(cfg: ExperimentConfig): string {
  const { model, trainSubset, subsetSeed, epochs, batch, lr, warmupSteps, evalSubset } = cfg;
  return JSON.stringify({ model, trainSubset, subsetSeed, epochs, batch, lr, warmupSteps, evalSubset });
}

/** Prepared data shared by all runs. */
export interface PreparedData {
  trainPatches: Float32Array;
  trainLabels: Uint8Array;
  testPatches: Float32Array;
  testLabels: Uint8Array;
  /** Pixel mean and std (0..1 scale) of the training subset, used for normalisation. */
  mean: number;
  std: number;
  /** Indices (into the 60,000) of the training subset, in subset order. */
  subsetIndices: Int32Array;
}

/** Chooses the training subset, computes the normalisation and patchifies train and test images. */
export function prepareData(cfg: ExperimentConfig, train: FashionMnistSplit, test: FashionMnistSplit): PreparedData {
  if (cfg.trainSubset < cfg.batch || cfg.trainSubset > train.count) {
    throw new UserError(`--train-subset ${cfg.trainSubset}: expected between the batch size ${cfg.batch} and ${train.count}`);
  }
  const px = cfg.model.imageSize * cfg.model.imageSize;
  const subsetIndices = seededPermutation(train.count, cfg.subsetSeed).slice(0, cfg.trainSubset).sort();
  const images = new Uint8Array(cfg.trainSubset * px);
  const labels = new Uint8Array(cfg.trainSubset);
  subsetIndices.forEach((src, i) => {
    images.set(train.images.subarray(src * px, (src + 1) * px), i * px);
    labels[i] = train.labels[src]!;
  });
  let sum = 0;
  let sq = 0;
  for (let i = 0; i < images.length; i++) {
    const v = images[i]! / 255;
    sum += v;
    sq += v * v;
  }
  const mean = sum / images.length;
  const std = Math.sqrt(sq / images.length - mean * mean);
  return {
    trainPatches: patchify(images, cfg.trainSubset, cfg.model, mean, std),
    trainLabels: labels,
    testPatches: patchify(test.images, test.count, cfg.model, mean, std),
    testLabels: test.labels,
    mean,
    std,
    subsetIndices,
  };
}

/** Steps per epoch (incomplete last batches are dropped). */
export function stepsPerEpoch(cfg: ExperimentConfig): number {
  return Math.floor(cfg.trainSubset / cfg.batch);
}

/** Training order of the subset for (seed, epoch): identical for every variant. */
export function epochOrder(cfg: ExperimentConfig, seed: number, epoch: number): Int32Array {
  return seededPermutation(cfg.trainSubset, mixSeed(seed, epoch, 0xda7a));
}

/** Folder of one run's checkpoint and final artefacts. */
export function runDir(checkpointDir: string, variant: Variant, seed: number): string {
  return join(checkpointDir, `${variant}-seed${seed}`);
}

function saveCheckpoint(dir: string, model: VitModel, adam: AdamState, state: RunState): void {
  const tensors: WeightsBundle["tensors"] = new Map();
  for (const [name, v] of model.vars) tensors.set(name, { shape: v.shape, data: v.dataSync() as Float32Array });
  for (const [name, v] of adam.m) tensors.set(`adam.m/${name}`, { shape: v.shape, data: v.dataSync() as Float32Array });
  for (const [name, v] of adam.v) tensors.set(`adam.v/${name}`, { shape: v.shape, data: v.dataSync() as Float32Array });
  writeWeights(join(dir, "checkpoint.bin"), { meta: { step: adam.step, epochsDone: state.records.length }, tensors });
  writeFileAtomic(join(dir, "state.json"), JSON.stringify(state, null, 1));
}

/** Reads a run's saved state, or null when it has none. Throws {@link UserError} when it was made with another config. */
export function loadRunState(dir: string, key: string): RunState | null {
  const p = join(dir, "state.json");
  if (!existsSync(p)) return null;
  const state = JSON.parse(readFileSync(p, "utf8")) as RunState;
  if (state.configKey !== key) {
    throw new UserError(`${p}: checkpoint was made with a different experiment configuration; delete ${dir} or rerun with the same flags (its config: ${state.configKey})`);
  }
  return state;
}

/** Progress callback: one line of text. */
export type Log = (line: string) => void;

/** Attention artefacts of a finished run: per-image maps and the mean map, each `[layer][head][n·n]`. */
export interface RunMaps {
  /** `images[i][layer][head]` = n×n row-major attention of test image `mapImages[i]`. */
  images: Float32Array[][][];
  /** Mean attention over the first `meanMapImages` test images, `[layer][head]`. */
  mean: Float32Array[][];
}

/** Computes the attention maps of `model` for the configured test images (batched, single thread). */
export function attentionMaps(model: VitModel, masks: ReadonlyArray<tf.Tensor2D | null>, data: PreparedData, cfg: ExperimentConfig): RunMaps {
  const mc = model.cfg;
  const rows = gridSide(mc) ** 2;
  const width = mc.patch * mc.patch;
  const n = tokenCount(mc);
  const collect = (indices: number[]): Float32Array[][][] => {
    const x = new Float32Array(indices.length * rows * width);
    indices.forEach((t, i) => x.set(data.testPatches.subarray(t * rows * width, (t + 1) * rows * width), i * rows * width));
    const att: tf.Tensor4D[] = [];
    const logits = forward(model, tf.tensor2d(x, [indices.length * rows, width]), { masks, attention: att });
    logits.dispose();
    const per = indices.map(() => Array.from({ length: mc.depth }, () => [] as Float32Array[]));
    att.forEach((a, layer) => {
      const v = a.dataSync() as Float32Array;
      for (let i = 0; i < indices.length; i++) for (let h = 0; h < mc.heads; h++) {
        const off = (i * mc.heads + h) * n * n;
        per[i]![layer]!.push(v.slice(off, off + n * n));
      }
    });
    return per;
  };
  const images = tf.tidy(() => collect(cfg.mapImages));
  const mean = Array.from({ length: mc.depth }, () => Array.from({ length: mc.heads }, () => new Float64Array(n * n)));
  const chunk = 100;
  for (let s = 0; s < cfg.meanMapImages; s += chunk) {
    const idx = Array.from({ length: Math.min(chunk, cfg.meanMapImages - s) }, (_, i) => s + i);
    const part = tf.tidy(() => collect(idx));
    for (const img of part) img.forEach((layer, l) => layer.forEach((m, h) => { const acc = mean[l]![h]!; for (let i = 0; i < m.length; i++) acc[i]! += m[i]!; }));
  }
  return { images, mean: mean.map((layer) => layer.map((m) => Float32Array.from(m, (v) => v / cfg.meanMapImages))) };
}

/** Encodes run maps for storage in a run folder. */
function mapsBundle(maps: RunMaps): WeightsBundle {
  const tensors: WeightsBundle["tensors"] = new Map();
  maps.images.forEach((img, i) => img.forEach((layer, l) => layer.forEach((m, h) => tensors.set(`image${i}/l${l}/h${h}`, { shape: [m.length], data: m }))));
  maps.mean.forEach((layer, l) => layer.forEach((m, h) => tensors.set(`mean/l${l}/h${h}`, { shape: [m.length], data: m })));
  return { meta: { images: maps.images.length }, tensors };
}

/** Reads the maps a finished run stored. */
export function readRunMaps(dir: string, depth: number, heads: number): RunMaps {
  const b = readWeights(join(dir, "maps.bin"));
  const count = Number(b.meta.images);
  const get = (k: string): Float32Array => {
    const t = b.tensors.get(k);
    if (!t) throw new UserError(`${join(dir, "maps.bin")}: missing ${k}`);
    return t.data;
  };
  const grid = (prefix: string): Float32Array[][] => Array.from({ length: depth }, (_, l) => Array.from({ length: heads }, (_, h) => get(`${prefix}/l${l}/h${h}`)));
  return { images: Array.from({ length: count }, (_, i) => grid(`image${i}`)), mean: grid("mean") };
}

/** Parameter values of a weights bundle (model tensors only). */
export function paramsFromBundle(b: WeightsBundle, cfg: VitConfig): ParamValues {
  const init = initParams(cfg, 0);
  const out: ParamValues = new Map();
  for (const name of init.keys()) {
    const t = b.tensors.get(name);
    if (!t) throw new UserError(`weights file lacks parameter ${name}`);
    out.set(name, t.data);
  }
  return out;
}

/**
 * Trains (or resumes, or skips when finished) one run, checkpointing after every epoch into
 * `runDir(checkpointDir, variant, seed)`. Returns the run's state.
 */
export function runTraining(
  cfg: ExperimentConfig,
  data: PreparedData,
  variant: Variant,
  seed: number,
  checkpointDir: string,
  log: Log,
  label: string,
  untilEpoch: number = cfg.epochs,
): RunState {
  const dir = runDir(checkpointDir, variant, seed);
  mkdirSync(dir, { recursive: true });
  const key = configKey(cfg);
  let state = loadRunState(dir, key) ?? { configKey: key, variant, seed, records: [], finished: false };
  if (state.finished) {
    log(`${label}: finished earlier, skipping (${dir})`);
    return state;
  }
  if (state.records.length >= untilEpoch) return state;
  const mc = cfg.model;
  const n = tokenCount(mc);
  let params = initParams(mc, seed);
  let adamSaved: WeightsBundle | null = null;
  if (state.records.length > 0) {
    adamSaved = readWeights(join(dir, "checkpoint.bin"));
    params = paramsFromBundle(adamSaved, mc);
    log(`${label}: resuming after epoch ${state.records.length} from ${dir}`);
  }
  const model = createModel(mc, params);
  const adam = createAdamState(model.vars);
  if (adamSaved) {
    adam.step = Number(adamSaved.meta.step);
    for (const [name, v] of adam.m) v.assign(tf.tensor(adamSaved.tensors.get(`adam.m/${name}`)!.data, v.shape));
    for (const [name, v] of adam.v) v.assign(tf.tensor(adamSaved.tensors.get(`adam.v/${name}`)!.data, v.shape));
  }
  const masks = variantMasks(variant, mc).map((m) => (m ? additiveMask(m, n) : null));
  const spe = stepsPerEpoch(cfg);
  const total = spe * cfg.epochs;
  const rows = gridSide(mc) ** 2;
  const width = mc.patch * mc.patch;
  const xBuf = new Float32Array(cfg.batch * rows * width);
  const yBuf = new Int32Array(cfg.batch);
  for (let epoch = state.records.length; epoch < Math.min(untilEpoch, cfg.epochs); epoch++) {
    const order = epochOrder(cfg, seed, epoch);
    const t0 = performance.now();
    let lossSum = 0;
    for (let s = 0; s < spe; s++) {
      for (let i = 0; i < cfg.batch; i++) {
        const src = order[s * cfg.batch + i]!;
        xBuf.set(data.trainPatches.subarray(src * rows * width, (src + 1) * rows * width), i * rows * width);
        yBuf[i] = data.trainLabels[src]!;
      }
      const x = tf.tensor2d(xBuf, [cfg.batch * rows, width]);
      const y = tf.tensor1d(yBuf, "int32");
      const lr = warmupCosine(adam.step, total, cfg.lr, cfg.warmupSteps);
      const loss = trainStep(model, masks, adam, x, y, lr);
      x.dispose();
      y.dispose();
      if (!Number.isFinite(loss)) throw new Error(`${label}: loss became ${loss} at epoch ${epoch + 1} step ${s + 1}`);
      lossSum += loss;
      if ((s + 1) % 20 === 0 || s + 1 === spe) {
        const el = (performance.now() - t0) / 1000;
        const per = el / (s + 1);
        log(`${label}: epoch ${epoch + 1}/${cfg.epochs} step ${s + 1}/${spe} loss ${(lossSum / (s + 1)).toFixed(4)} ${per.toFixed(2)} s/step, epoch ETA ${Math.round(per * (spe - s - 1))} s`);
      }
    }
    const trainSeconds = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    const testImages = epoch + 1 === cfg.epochs ? data.testLabels.length : Math.min(cfg.evalSubset, data.testLabels.length);
    const testLabels = data.testLabels.subarray(0, testImages);
    const logits = predictLogits(model, masks, data.testPatches, testImages, cfg.evalBatch);
    const testAccuracy = accuracy(logits, testLabels, mc.classes);
    const testLoss = crossEntropyOf(logits, testLabels, mc.classes);
    const evalSeconds = (performance.now() - t1) / 1000;
    state = { ...state, records: [...state.records, { epoch: epoch + 1, trainLoss: lossSum / spe, testAccuracy, testImages, testLoss, trainSeconds, evalSeconds, steps: spe }] };
    log(`${label}: epoch ${epoch + 1} done: train loss ${(lossSum / spe).toFixed(4)}, test accuracy ${(100 * testAccuracy).toFixed(2)} % on ${testImages} images, ${trainSeconds.toFixed(0)} s train + ${evalSeconds.toFixed(0)} s eval`);
    saveCheckpoint(dir, model, adam, state);
  }
  if (state.records.length < cfg.epochs) {
    disposeModel(model);
    disposeAdamState(adam);
    for (const m of masks) m?.dispose();
    return state;
  }
  log(`${label}: computing attention maps (${cfg.mapImages.length} images + mean over ${cfg.meanMapImages})`);
  const maps = attentionMaps(model, masks, data, cfg);
  writeWeights(join(dir, "maps.bin"), mapsBundle(maps));
  const finalParams = readParams(model);
  const tensors: WeightsBundle["tensors"] = new Map();
  for (const [name, v] of model.vars) tensors.set(name, { shape: v.shape, data: finalParams.get(name)! });
  writeWeights(join(dir, "final.bin"), { meta: { variant, seed, config: cfg.model }, tensors });
  state = { ...state, finished: true };
  writeFileAtomic(join(dir, "state.json"), JSON.stringify(state, null, 1));
  disposeModel(model);
  disposeAdamState(adam);
  for (const m of masks) m?.dispose();
  return state;
}

function crossEntropyOf(logits: Float32Array, labels: Uint8Array, classes: number): number {
  let sum = 0;
  const count = labels.length;
  for (let i = 0; i < count; i++) {
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, logits[i * classes + c]!);
    let z = 0;
    for (let c = 0; c < classes; c++) z += Math.exp(logits[i * classes + c]! - max);
    sum += Math.log(z) + max - logits[i * classes + labels[i]!]!;
  }
  return sum / count;
}
