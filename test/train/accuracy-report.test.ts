import { describe, expect, it } from "vitest";
import { accuracyClaims, table1Rows, variantSummaries } from "../../lib/train/accuracy-report.ts";
import type { AccuracyRow } from "../../lib/train/accuracy-schema.ts";
import { accuracyReportedTable } from "../../lib/train/reported-accuracy.ts";

const row = (variant: string, seed: number, epoch: number, acc: number): AccuracyRow => ({
  variant, windowedBlocks: variant === "full" ? "" : "0,1", seed, epoch, steps: 10, trainLoss: 1, testAccuracy: acc, testLoss: 1,
  testImages: epoch === 2 ? 10000 : 2000, trainSeconds: 10, evalSeconds: 2,
});

describe("accuracy report", () => {
  it("recomputes Table 1's deltas from the printed accuracies", () => {
    const t = table1Rows(accuracyReportedTable());
    expect(t.map((r) => r.dataset)).toEqual(["CIFAR-100", "CIFAR-10", "Cars", "CUB", "ImageNet2012"]);
    expect(t.map((r) => r.recomputedDelta)).toEqual([-0.9, -0.6, -0.8, -1.9, -2.1]);
    expect(t.every((r) => r.consistent)).toBe(true);
  });

  it("summarises the last epoch per variant with mean, spread and paired deltas", () => {
    const rows = [row("full", 0, 1, 50), row("full", 0, 2, 80), row("full", 1, 2, 82), row("windowed-lower", 0, 2, 83), row("windowed-lower", 1, 2, 81)];
    const [full, lower] = variantSummaries(rows);
    expect(full!.perSeed).toEqual([80, 82]);
    expect(full!.mean).toBe(81);
    expect(full!.std).toBeCloseTo(Math.SQRT2, 12);
    expect(lower!.deltaVsFull).toBe(1);
    expect(lower!.pairedDeltas).toEqual([3, -1]);
    expect(full!.seconds).toBe(36);
  });

  it("gives the locality claim the verdict the numbers support", () => {
    const loc = (layer: number, inWindowPercent: number) => ({
      variant: "full", seed: -1, layer, inWindowPercent, uniformPercent: 15, liftOverUniform: inWindowPercent / 15, selfPercent: 5,
      meanDistance: 2, uniformMeanDistance: 3.6, clsPercent: 10, windowed: false, minInWindow: inWindowPercent, maxInWindow: inWindowPercent,
    });
    const base = { table1: table1Rows(accuracyReportedTable()), summaries: [], lowerBlocks: [0, 1], localShare: 0.5, experiment: "test", patchTokens: 49 };
    const local = accuracyClaims({ ...base, fullLocality: [loc(0, 70), loc(1, 60), loc(2, 20), loc(3, 20)] });
    const spread = accuracyClaims({ ...base, fullLocality: [loc(0, 14), loc(1, 16), loc(2, 20), loc(3, 20)] });
    expect(local.find((c) => c.id === "06-locality-trained-lower-layers")!.status).toBe("reproduced");
    expect(spread.find((c) => c.id === "06-locality-trained-lower-layers")!.status).toBe("contradicted");
    expect(local.find((c) => c.id === "06-table1-deltas")!.status).toBe("derived");
  });
});
