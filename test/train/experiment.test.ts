import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { useWasmBackend } from "../../lib/train/backend.ts";
import {
  epochOrder, prepareData, runDir, runTraining, variantMasks, windowedBlocks, type ExperimentConfig, type RunState,
} from "../../lib/train/experiment.ts";
import { mulberry32 } from "../../lib/train/rng.ts";
import { nnz } from "../../lib/masks/sparse-mask.ts";

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
  });

  it("refuses to resume a checkpoint made with another configuration", () => {
    const data = prepareData(cfg, split(40, 1), split(8, 2));
    const dir = mkdtempSync(join(tmpdir(), "acc-c-"));
    runTraining(cfg, data, "full", 0, dir, quiet, "c", 1);
    expect(() => runTraining({ ...cfg, lr: 0.02 }, data, "full", 0, dir, quiet, "c")).toThrow(/different experiment configuration/);
  });
});
