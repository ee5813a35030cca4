import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { UserError } from "../../lib/errors.ts";
import { windowMask } from "../../lib/masks/window.ts";
import { hasEntry } from "../../lib/masks/sparse-mask.ts";
import { createAdamState } from "../../lib/train/adam.ts";
import { useWasmBackend } from "../../lib/train/backend.ts";
import { trainStep } from "../../lib/train/train-step.ts";
import {
  additiveMask, createModel, forward, initParams, parameterCount, patchify, tokenCount, validateConfig, type VitConfig,
} from "../../lib/train/vit.ts";
import { decodeWeights, encodeWeights } from "../../lib/train/weights-file.ts";
import { mulberry32 } from "../../lib/random.ts";

/** 12×12 images, 4×4 patches → 3×3 grid + CLS = 10 tokens. */
const tiny: VitConfig = { imageSize: 12, patch: 4, dim: 8, depth: 2, heads: 2, mlpRatio: 2, classes: 3 };

function batchOf(count: number, seed: number): { patches: tf.Tensor2D; labels: tf.Tensor1D; raw: Float32Array } {
  const rand = mulberry32(seed);
  const images = Uint8Array.from({ length: count * 144 }, () => Math.floor(rand() * 256));
  const raw = patchify(images, count, tiny, 0.5, 0.3);
  const labels = Int32Array.from({ length: count }, (_, i) => i % 3);
  return { patches: tf.tensor2d(raw, [count * 9, 16]), labels: tf.tensor1d(labels, "int32"), raw };
}

beforeAll(async () => {
  await useWasmBackend();
});

describe("ViT forward", () => {
  it("gives [batch, classes] logits and [batch, heads, n, n] attention", () => {
    const model = createModel(tiny, initParams(tiny, 1));
    const { patches } = batchOf(4, 2);
    const att: tf.Tensor4D[] = [];
    const logits = forward(model, patches, { masks: [null, null], attention: att });
    expect(logits.shape).toEqual([4, 3]);
    expect(att).toHaveLength(2);
    expect(att[0]!.shape).toEqual([4, 2, 10, 10]);
    expect(tokenCount(tiny)).toBe(10);
  });

  it("gives a masked key exactly zero attention and every row total 1", () => {
    const win = windowMask({ gridH: 3, gridW: 3, kh: 3, special: 1 });
    const model = createModel(tiny, initParams(tiny, 1));
    const { patches } = batchOf(2, 3);
    const att: tf.Tensor4D[] = [];
    forward(model, patches, { masks: [additiveMask(win, 10), null], attention: att });
    const a = att[0]!.arraySync();
    const full = att[1]!.arraySync();
    // Token 1 = patch (0,0); token 9 = patch (2,2): outside its 3×3 window.
    expect(hasEntry(win, 1, 9)).toBe(false);
    let zeros = 0;
    for (let b = 0; b < 2; b++) for (let h = 0; h < 2; h++) for (let q = 0; q < 10; q++) {
      const row = a[b]![h]![q]!;
      expect(row.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 5);
      for (let k = 0; k < 10; k++) {
        if (!hasEntry(win, q, k)) {
          expect(row[k]).toBe(0);
          zeros++;
        } else expect(row[k]).toBeGreaterThan(0);
      }
    }
    expect(zeros).toBeGreaterThan(0);
    // The unmasked block attends to that key.
    expect(full[0]![0]![1]![9]).toBeGreaterThan(0);
  });

  it("rejects bad configs and masks with user errors", () => {
    expect(() => validateConfig({ ...tiny, patch: 5 })).toThrow(/imageSize 12 is not a multiple of patch 5/);
    expect(() => validateConfig({ ...tiny, heads: 3 })).toThrow(/dim 8 is not a multiple of heads 3/);
    expect(() => additiveMask(windowMask({ gridH: 3, gridW: 3, kh: 3 }), 50)).toThrow(UserError);
  });

  it("initialises deterministically per seed", () => {
    const a = initParams(tiny, 7).get("b0.qkv.w")!;
    const b = initParams(tiny, 7).get("b0.qkv.w")!;
    const c = initParams(tiny, 8).get("b0.qkv.w")!;
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
    expect(parameterCount(tiny)).toBe([...initParams(tiny, 0).values()].reduce((s, v) => s + v.length, 0));
  });
});

describe("training", () => {
  it("reduces the loss on a fixed batch within a few Adam steps", () => {
    const model = createModel(tiny, initParams(tiny, 5));
    const adam = createAdamState(model.vars);
    const { patches, labels } = batchOf(12, 9);
    const masks = [additiveMask(windowMask({ gridH: 3, gridW: 3, kh: 3 }), 10), null];
    const first = trainStep(model, masks, adam, patches, labels, 1e-2);
    let last = first;
    for (let i = 0; i < 5; i++) last = trainStep(model, masks, adam, patches, labels, 1e-2);
    expect(adam.step).toBe(6);
    expect(last).toBeLessThan(first - 0.05);
  });
});

describe("weights file", () => {
  it("round-trips tensors and metadata and rejects bad files", () => {
    const tensors = new Map([["a", { shape: [2, 2], data: Float32Array.of(1, 2, 3, 4) }], ["b", { shape: [1], data: Float32Array.of(-5) }]]);
    const bytes = encodeWeights({ meta: { step: 3 }, tensors });
    const back = decodeWeights(bytes, "w.bin");
    expect(back.meta.step).toBe(3);
    expect(Array.from(back.tensors.get("a")!.data)).toEqual([1, 2, 3, 4]);
    expect(Array.from(back.tensors.get("b")!.data)).toEqual([-5]);
    expect(() => decodeWeights(new Uint8Array(16), "x.bin")).toThrow(/x\.bin: not a vitsparse weights file/);
    expect(() => decodeWeights(bytes.subarray(0, bytes.length - 4), "cut.bin")).toThrow(/cut\.bin: truncated/);
  });
});
