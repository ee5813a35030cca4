/**
 * Runs a trained ViT with the attention of its windowed blocks computed by the kit's sparse kernels
 * (`lib/kernels` sparseAttention: SDDMM at the mask's kept entries, row softmax, SpMM) instead of
 * tfjs masked dense attention, and compares the two paths (predictions, logits, time).
 */
import * as tf from "@tensorflow/tfjs";
import { sparseAttention, type KernelBackend } from "../kernels/attention.ts";
import type { SparseMask } from "../masks/sparse-mask.ts";
import { argmaxRows } from "./train-step.ts";
import { additiveMask, forward, gridSide, tokenCount, type VitModel } from "./vit.ts";

/** Result of {@link compareKernelPath}. */
export interface KernelPathComparison {
  images: number;
  /** Blocks whose attention ran through the kernels. */
  kernelBlocks: number[];
  /** Share of images with the same predicted class on both paths (0..1). */
  predictionAgreement: number;
  /** Largest |logit difference| over all images and classes. */
  maxAbsLogitDiff: number;
  /** Largest |logit| of the tfjs path (scale for the difference). */
  maxAbsLogit: number;
  /** Top-1 accuracy of each path (0..1), when labels are given. */
  accuracyTfjs: number;
  accuracyKernel: number;
  /** Wall time of the whole inference on each path. */
  tfjsSeconds: number;
  kernelSeconds: number;
  /** Part of kernelSeconds spent inside the kit's sparse attention calls. */
  kernelAttentionSeconds: number;
  /** Sparse-attention calls made (images × kernel blocks). */
  kernelCalls: number;
  backend: KernelBackend;
}

/**
 * Logits of `count` images with the attention of every block whose mask is non-null computed by
 * `sparseAttention` per image (all heads at once), the other blocks by tfjs. Returns the logits and the
 * time spent in the kernel calls.
 */
export function kernelPathLogits(
  model: VitModel,
  masks: ReadonlyArray<SparseMask | null>,
  patches: Float32Array,
  count: number,
  batch: number,
  backend: KernelBackend | "auto" = "auto",
): { logits: Float32Array; attentionSeconds: number; calls: number; backend: KernelBackend } {
  const cfg = model.cfg;
  const n = tokenCount(cfg);
  const H = cfg.heads;
  const dh = cfg.dim / H;
  const rows = gridSide(cfg) ** 2;
  const width = cfg.patch * cfg.patch;
  const out = new Float32Array(count * cfg.classes);
  let attentionSeconds = 0;
  let calls = 0;
  let used: KernelBackend = "ts";
  const per = H * n * dh;
  for (let s = 0; s < count; s += batch) {
    const b = Math.min(batch, count - s);
    const logits = tf.tidy(() => {
      const x = tf.tensor2d(patches.subarray(s * rows * width, (s + b) * rows * width), [b * rows, width]);
      return forward(model, x, {
        masks: masks.map(() => null),
        attentionOverride: (block, q, k, v) => {
          const mask = masks[block];
          if (!mask) return null;
          const qd = q.dataSync() as Float32Array;
          const kd = k.dataSync() as Float32Array;
          const vd = v.dataSync() as Float32Array;
          const o = new Float32Array(b * per);
          const t0 = performance.now();
          for (let i = 0; i < b; i++) {
            const r = sparseAttention(
              { heads: H, n, d: dh, q: qd.subarray(i * per, (i + 1) * per), k: kd.subarray(i * per, (i + 1) * per), v: vd.subarray(i * per, (i + 1) * per) },
              mask,
              { scale: 1, backend, out: o.subarray(i * per, (i + 1) * per) },
            );
            used = r.backend;
          }
          attentionSeconds += (performance.now() - t0) / 1000;
          calls += b;
          return tf.tensor4d(o, [b, H, n, dh]);
        },
      });
    });
    out.set(logits.dataSync() as Float32Array, s * cfg.classes);
    logits.dispose();
  }
  return { logits: out, attentionSeconds, calls, backend: used };
}

/**
 * Runs `count` images through the tfjs path (masked dense attention, additive mask) and the kernel
 * path, and compares predictions, logits and wall time.
 */
export function compareKernelPath(
  model: VitModel,
  masks: ReadonlyArray<SparseMask | null>,
  patches: Float32Array,
  labels: ArrayLike<number>,
  count: number,
  batch = 250,
  backend: KernelBackend | "auto" = "auto",
): KernelPathComparison {
  const cfg = model.cfg;
  const n = tokenCount(cfg);
  const add = masks.map((m) => (m ? additiveMask(m, n) : null));
  const rows = gridSide(cfg) ** 2;
  const width = cfg.patch * cfg.patch;
  const t0 = performance.now();
  const ref = new Float32Array(count * cfg.classes);
  for (let s = 0; s < count; s += batch) {
    const b = Math.min(batch, count - s);
    const logits = tf.tidy(() => forward(model, tf.tensor2d(patches.subarray(s * rows * width, (s + b) * rows * width), [b * rows, width]), { masks: add }));
    ref.set(logits.dataSync() as Float32Array, s * cfg.classes);
    logits.dispose();
  }
  const tfjsSeconds = (performance.now() - t0) / 1000;
  for (const m of add) m?.dispose();
  const t1 = performance.now();
  const k = kernelPathLogits(model, masks, patches, count, batch, backend);
  const kernelSeconds = (performance.now() - t1) / 1000;
  const pa = argmaxRows(ref, cfg.classes);
  const pb = argmaxRows(k.logits, cfg.classes);
  let same = 0;
  let okA = 0;
  let okB = 0;
  for (let i = 0; i < count; i++) {
    if (pa[i] === pb[i]) same++;
    if (pa[i] === labels[i]) okA++;
    if (pb[i] === labels[i]) okB++;
  }
  let maxDiff = 0;
  let maxAbs = 0;
  for (let i = 0; i < ref.length; i++) {
    maxDiff = Math.max(maxDiff, Math.abs(ref[i]! - k.logits[i]!));
    maxAbs = Math.max(maxAbs, Math.abs(ref[i]!));
  }
  return {
    images: count,
    kernelBlocks: masks.flatMap((m, i) => (m ? [i] : [])),
    predictionAgreement: same / count,
    maxAbsLogitDiff: maxDiff,
    maxAbsLogit: maxAbs,
    accuracyTfjs: okA / count,
    accuracyKernel: okB / count,
    tfjsSeconds,
    kernelSeconds,
    kernelAttentionSeconds: k.attentionSeconds,
    kernelCalls: k.calls,
    backend: k.backend,
  };
}
