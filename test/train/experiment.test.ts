import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { useWasmBackend } from "../../lib/train/backend.ts";
import {
  epochOrder, prepareData, runDir, runTraining, variantMasks, windowedBlocks, type ExperimentConfig, type RunState,
} from "../../lib/train/experiment.ts";
import { mulberry32 } from "../../lib/random.ts";
import { hasEntry, nnz } from "../../lib/masks/sparse-mask.ts";
import { windowMask } from "../../lib/masks/window.ts";
import { writeAccuracyOutputs } from "../../lib/train/accuracy-output.ts";
import { mapKey, readAccuracyResults, readAttentionMaps } from "../../lib/train/accuracy-schema.ts";
import { readWeights } from "../../lib/train/weights-file.ts";

const cfg: ExperimentConfig = {
  model: { imageSize: 28, patch: 7, dim: 8, depth: 2, heads: 2, mlpRatio: 1, classes: 10 },
  trainSubset: 24, subsetSeed: 3, epochs: 2, batch: 8, lr: 0.01, warmupSteps: 1, seeds: [0], variants: ["full", "windowed-lower"],
  evalBatch: 5, evalSubset: 6, mapImages: [0, 2], meanMapImages: 4,
};

function split(count: number, seed: number): { count: number; images: Uint8Array; labels: Uint8Array } {
  const rand = mulberry32(seed);
  return { count, images: Uint8Array.from({ length: count * 784 }, () => Math.floor(rand() * 256)), labels: Uint8Array.from({ length: count }, (_, i) => i % 10) };
}

const quiet = (): void => {};
const numbers = (s: RunState) => s.records.map(({ trainLoss, testAccuracy, testLoss, testImages, steps, epoch }) => ({ trainLoss, testAccuracy, testLoss, testImages, steps, epoch }));

beforeAll(async () => {
  await useWasmBackend();
});

describe("accuracy experiment runner", () => {
  it("windows the lower half of the blocks, or all of them, with the 3x3 + CLS mask", () => {
    expect(windowedBlocks("full", 4)).toEqual([]);
    expect(windowedBlocks("windowed-lower", 4)).toEqual([0, 1]);
    expect(windowedBlocks("windowed-all", 4)).toEqual([0, 1, 2, 3]);
    const m = variantMasks("windowed-lower", { ...cfg.model, patch: 4, depth: 4 });
    expect(m[2]).toBeNull();
    // 7×7 grid, clipped 3×3 windows: 4 corners·4 + 20 edges·6 + 25 inner·9 = 361 patch entries, + CLS row/column.
    expect(nnz(m[0]!)).toBe(361 + 49 + 50);
  });

  it("gives every variant the same data order for a seed", () => {
    expect(Array.from(epochOrder(cfg, 0, 1))).toEqual(Array.from(epochOrder(cfg, 0, 1)));
    expect(Array.from(epochOrder(cfg, 0, 1))).not.toEqual(Array.from(epochOrder(cfg, 1, 1)));
  });

  it("resumes from an epoch checkpoint with exactly the numbers of an uninterrupted run", () => {
    const data = prepareData(cfg, split(40, 1), split(8, 2));
    const a = mkdtempSync(join(tmpdir(), "acc-a-"));
    const b = mkdtempSync(join(tmpdir(), "acc-b-"));
    const straight = runTraining(cfg, data, "windowed-lower", 0, a, quiet, "a");
    const half = runTraining(cfg, data, "windowed-lower", 0, b, quiet, "b", 1);
    expect(half.records).toHaveLength(1);
    expect(half.finished).toBe(false);
    const resumed = runTraining(cfg, data, "windowed-lower", 0, b, quiet, "b");
    expect(resumed.finished).toBe(true);
    expect(numbers(resumed)).toEqual(numbers(straight));
    expect(straight.records[1]!.testImages).toBe(8);
    expect(straight.records[0]!.testImages).toBe(6);
    const wa = readFileSync(join(runDir(a, "windowed-lower", 0), "final.bin"));
    const wb = readFileSync(join(runDir(b, "windowed-lower", 0), "final.bin"));
    expect(Buffer.compare(wa, wb)).toBe(0);
    // The mask changes training: the full variant from the same seed ends elsewhere.
    const full = runTraining(cfg, data, "full", 0, a, quiet, "f");
    expect(numbers(full)[0]!.trainLoss).not.toBe(numbers(straight)[0]!.trainLoss);

    // Output files: read back from disk, the windowed layer's maps keep exactly the window.
    const out = mkdtempSync(join(tmpdir(), "acc-out-"));
    writeAccuracyOutputs(cfg, data, a, out, quiet);
    const res = readAccuracyResults(join(out, "accuracy-fashion-mnist.arrow"));
    expect(res.rows).toHaveLength(4);
    expect(res.rows.find((r) => r.variant === "windowed-lower" && r.epoch === 2)!.testAccuracy).toBeCloseTo(100 * straight.records[1]!.testAccuracy, 10);
    expect(res.table.provenance.kind).toBe("measured");
    const maps = readAttentionMaps(join(out, "attention-maps-fashion-mnist.arrow"));
    expect(maps.n).toBe(17);
    expect([...maps.maps.keys()].sort()).toEqual(["full/0/-1", "full/0/0", "full/0/2", "windowed-lower/0/-1"]);
    const win = windowMask({ gridH: 4, gridW: 4, kh: 3, special: 1 });
    const layer0 = maps.maps.get(mapKey("windowed-lower", 0, -1))![0]!;
    for (const m of layer0) for (let q = 0; q < 17; q++) {
      let sum = 0;
      for (let k = 0; k < 17; k++) {
        sum += m[q * 17 + k]!;
        if (!hasEntry(win, q, k)) expect(m[q * 17 + k]).toBe(0);
      }
      expect(sum).toBeCloseTo(1, 5);
    }
    const w = readWeights(join(out, "models", "vit-fashion-mnist-windowed-lower-seed0.bin"));
    expect(w.tensors.get("b0.qkv.w")!.data.length).toBe(8 * 24);
    expect(Array.from(w.tensors.get("norm.g")!.data).every(Number.isFinite)).toBe(true);
  });

  it("refuses to resume a checkpoint made with another configuration", () => {
    const data = prepareData(cfg, split(40, 1), split(8, 2));
    const dir = mkdtempSync(join(tmpdir(), "acc-c-"));
    runTraining(cfg, data, "full", 0, dir, quiet, "c", 1);
    expect(() => runTraining({ ...cfg, lr: 0.02 }, data, "full", 0, dir, quiet, "c")).toThrow(/different experiment configuration/);
  });
});
