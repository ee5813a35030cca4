import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { windowMask } from "../../lib/masks/window.ts";
import { createAdamState } from "../../lib/train/adam.ts";
import { useWasmBackend } from "../../lib/train/backend.ts";
import { compareKernelPath, kernelPathLogits } from "../../lib/train/kernel-inference.ts";
import { predictLogits, trainStep } from "../../lib/train/train-step.ts";
import { additiveMask, createModel, initParams, patchify, type VitConfig } from "../../lib/train/vit.ts";
import { mulberry32 } from "../../lib/random.ts";

/** 16×16 images, 4×4 patches → 4×4 grid + CLS = 17 tokens; head dim 4 (the WASM kernel's SIMD width). */
const small: VitConfig = { imageSize: 16, patch: 4, dim: 8, depth: 2, heads: 2, mlpRatio: 2, classes: 4 };

beforeAll(async () => {
  await useWasmBackend();
});

describe("kit kernels on a trained model", () => {
  it("give the same predictions and logits as tfjs masked attention", () => {
    const rand = mulberry32(11);
    const count = 40;
    const images = Uint8Array.from({ length: count * 256 }, () => Math.floor(rand() * 256));
    const labels = Int32Array.from({ length: count }, (_, i) => i % 4);
    const patches = patchify(images, count, small, 0.5, 0.3);
    const win = windowMask({ gridH: 4, gridW: 4, kh: 3, special: 1 });
    const masks = [win, null];
    const model = createModel(small, initParams(small, 4));
    const adam = createAdamState(model.vars);
    const add = [additiveMask(win, 17), null];
    const x = tf.tensor2d(patches, [count * 16, 16]);
    const y = tf.tensor1d(labels, "int32");
    for (let i = 0; i < 8; i++) trainStep(model, add, adam, x, y, 5e-3);
    for (const backend of ["auto", "ts"] as const) {
      const r = compareKernelPath(model, masks, patches, labels, count, 16, backend);
      expect(r.kernelBlocks).toEqual([0]);
      expect(r.kernelCalls).toBe(count);
      expect(r.predictionAgreement).toBe(1);
      expect(r.maxAbsLogitDiff).toBeLessThan(1e-4 * Math.max(1, r.maxAbsLogit));
      expect(r.accuracyKernel).toBe(r.accuracyTfjs);
    }
  });

  it("is sensitive to the mask: the kernel path with another window gives other logits", () => {
    const rand = mulberry32(12);
    const count = 16;
    const images = Uint8Array.from({ length: count * 256 }, () => Math.floor(rand() * 256));
    const patches = patchify(images, count, small, 0.5, 0.3);
    const model = createModel(small, initParams(small, 5));
    const narrow = windowMask({ gridH: 4, gridW: 4, kh: 1, special: 1 });
    const wide = windowMask({ gridH: 4, gridW: 4, kh: 3, special: 1 });
    const tfjsNarrow = predictLogits(model, [additiveMask(narrow, 17), null], patches, count, 16);
    const same = kernelPathLogits(model, [narrow, null], patches, count, 16, "ts").logits;
    const other = kernelPathLogits(model, [wide, null], patches, count, 16, "ts").logits;
    let dSame = 0;
    let dOther = 0;
    for (let i = 0; i < same.length; i++) {
      dSame = Math.max(dSame, Math.abs(same[i]! - tfjsNarrow[i]!));
      dOther = Math.max(dOther, Math.abs(other[i]! - tfjsNarrow[i]!));
    }
    expect(dSame).toBeLessThan(1e-4);
    expect(dOther).toBeGreaterThan(1e-3);
  });
});
