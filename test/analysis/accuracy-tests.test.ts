import { describe, expect, it } from "vitest";
import type { StudyRow } from "../../lib/data/files/accuracy-study.ts";
import { binomialTwoSidedHalf, compareVariants, comparisonDirection, convergence, mcnemar, mcnemarFromCounts, posterGeometryContextRows, studyComparisons, thesisContextRows, trainingWords } from "../../lib/analysis/accuracy-tests.ts";

const row = (run: string, variant: StudyRow["variant"], seed: number, pretrainSeed: number, epoch: number, acc: number, final: boolean, phase: StudyRow["phase"] = "finetune"): StudyRow => ({
  run, phase, variant, seed, pretrainSeed, epoch, windowedBlocks: "", testAccuracy: acc, testLoss: 0, trainLoss: 0, imagesSeen: epoch * 100, trainSeconds: 1, wallSeconds: epoch, final, torch: "t", threads: 1,
});

describe("McNemar's exact test", () => {
  it("is the two-sided binomial tail of the discordant pairs", () => {
    // 10 vs 2 discordant: 2 · (C(12,0) + C(12,1) + C(12,2)) / 2^12 = 2 · 79 / 4096.
    expect(mcnemarFromCounts(10, 2).p).toBeCloseTo((2 * 79) / 4096, 14);
    expect(mcnemarFromCounts(2, 10).p).toBeCloseTo((2 * 79) / 4096, 14);
    expect(mcnemarFromCounts(5, 5).p).toBe(1);
    expect(mcnemarFromCounts(0, 0).p).toBe(1);
    // Large counts stay finite (no 0.5^n underflow): 600 vs 500 discordant.
    const p = binomialTwoSidedHalf(500, 1100);
    expect(p).toBeGreaterThan(0.001);
    expect(p).toBeLessThan(0.01);
  });

  it("counts the images only one model gets right", () => {
    const labels = [0, 1, 2, 3, 4, 5];
    const t = mcnemar([0, 1, 2, 9, 9, 5], [0, 9, 2, 3, 9, 9], labels);
    expect([t.onlyA, t.onlyB]).toEqual([2, 1]);
  });
});

describe("paired comparisons", () => {
  const rows = [
    row("f0", "full", 0, 0, 2, 88.9, true), row("w0", "windowed-lower", 0, 0, 2, 88.1, true), row("r0", "random-lower", 0, 0, 2, 87.0, true),
    row("f1", "full", 1, 0, 2, 88.8, true), row("w1", "windowed-lower", 1, 0, 2, 88.3, true), row("r1", "random-lower", 1, 0, 2, 87.2, true),
    row("f0p1", "full", 0, 1, 2, 89.2, true), row("w0p1", "windowed-lower", 0, 1, 2, 88.0, true),
    row("w1x", "windowed-lower", 1, 0, 1, 80, false),
  ];
  it("pairs by fine-tune seed within one pretraining, and by pretraining seed at one fine-tune seed", () => {
    const c = compareVariants(rows, null, { label: "w − r", variantA: "windowed-lower", variantB: "random-lower", phase: "finetune", pretrainSeed: 0 });
    expect(c.pairs.map((p) => [p.runA, p.runB])).toEqual([["w0", "r0"], ["w1", "r1"]]);
    expect(c.difference.mean).toBeCloseTo(1.1, 12);
    expect(c.pooled).toBeNull();
    const pre = compareVariants(rows, null, { label: "w − f", variantA: "windowed-lower", variantB: "full", phase: "finetune", finetuneSeed: 0 });
    expect(pre.pairs.map((p) => [p.seed, p.runA, p.runB])).toEqual([[0, "w0", "f0"], [1, "w0p1", "f0p1"]]);
    expect(pre.over).toBe("pretraining seeds");
  });

  it("pools McNemar over pairs by summing the discordant counts", () => {
    const labels = new Uint8Array([0, 1, 2, 3]);
    const byRun = new Map<string, Uint8Array>([
      ["w0", new Uint8Array([0, 1, 9, 9])], ["r0", new Uint8Array([0, 9, 2, 9])],
      ["w1", new Uint8Array([0, 1, 2, 9])], ["r1", new Uint8Array([9, 9, 2, 3])],
    ]);
    const c = compareVariants(rows, { labels, byRun }, { label: "", variantA: "windowed-lower", variantB: "random-lower", phase: "finetune", pretrainSeed: 0 });
    expect(c.pairs.map((p) => [p.mcnemar!.onlyA, p.mcnemar!.onlyB])).toEqual([[1, 1], [2, 1]]);
    expect([c.pooled!.onlyA, c.pooled!.onlyB]).toEqual([3, 2]);
  });
});

describe("stopping rule", () => {
  it("calls a run converged only when its last epochs moved less than the tolerance, and says so in words", () => {
    const rows = [
      ...[80, 85, 88.4, 88.9, 89.0].map((a, i) => row("pre", "full", 0, -1, i + 1, a, i === 4, "pretrain")),
      ...[88.43, 88.6, 88.8, 89.03].map((a, i) => row("pre2", "full", 1, -1, i + 1, a, i === 3, "pretrain")),
    ];
    const rule = { window: 3, tolerancePoints: 0.2 };
    const [a, b] = convergence(rows, rule);
    expect(a!.converged).toBe(false);
    expect(a!.recentGain).toBeCloseTo(4, 12);
    expect(b!.recentGain).toBeCloseTo(0.6, 12);
    expect(trainingWords(b!, rule)).toMatch(/^trained 4 epochs \(a fixed budget; not converged/);
    const flat = convergence([...[89, 89.05, 89.1, 89.1].map((x, i) => row("flat", "full", 0, -1, i + 1, x, i === 3, "pretrain"))], rule)[0]!;
    expect(flat.converged).toBe(true);
    expect(trainingWords(flat, rule)).toMatch(/converged by the stated rule/);
  });
});

describe("thesis context rows", () => {
  const rows = [
    row("f0", "full", 0, 0, 2, 88.9, true), row("w0", "windowed-lower", 0, 0, 2, 88.1, true), row("r0", "random-lower", 0, 0, 2, 87.0, true),
    row("f1", "full", 1, 0, 2, 88.8, true), row("w1", "windowed-lower", 1, 0, 2, 88.3, true), row("r1", "random-lower", 1, 0, 2, 87.3, true),
    row("f2", "full", 2, 0, 2, 88.7, true), row("w2", "windowed-lower", 2, 0, 2, 88.2, true), row("r2", "random-lower", 2, 0, 2, 87.1, true),
  ];
  it("words each comparison by whether its interval excludes zero, under the poster's accuracy claim", () => {
    const comparisons = studyComparisons(rows, null);
    const ctx = thesisContextRows({ comparisons, experiment: "fixture", studyFile: "s", predictionsFile: "p", figure: "f.svg" });
    const thesis = ctx.find((c) => c.key === "thesis-locality-vs-sparsity")!;
    expect(thesis.contextOf).toBe("poster-table1-accuracy-drop");
    expect(thesis.kitValue).toMatch(/^windowed-lower − random-lower = \+1\.07 pp \(95 % CI/);
    expect(thesis.reason).toMatch(/^the window beats its random control/);
    expect(comparisonDirection(comparisons.find((c) => c.variantB === "full" && c.variantA === "windowed-lower")!)).toBe("B better");
    // Swap the control's accuracies above the window's: the words follow.
    const flipped = rows.map((r) => (r.variant === "random-lower" ? { ...r, testAccuracy: r.testAccuracy + 2 } : r));
    const again = thesisContextRows({ comparisons: studyComparisons(flipped, null), experiment: "fixture", studyFile: "s", predictionsFile: "p", figure: "f.svg" });
    expect(again.find((c) => c.key === "thesis-locality-vs-sparsity")!.reason).toMatch(/^the random control beats the window/);
  });
});

describe("poster-geometry context rows", () => {
  const rows = [row("f0", "full", 0, 0, 1, 80.0, true), row("w0", "windowed-lower", 0, 0, 1, 79.0, true), row("r0", "random-lower", 0, 0, 1, 78.0, true)];
  // 40 test images: the window right on 30, the random control on 20; 12 images right only with the window, 2 only with the control.
  const labels = new Uint8Array(40).fill(1);
  const predict = (right: (i: number) => boolean): Uint8Array => Uint8Array.from({ length: 40 }, (_, i) => (right(i) ? 1 : 0));
  const byRun = new Map<string, Uint8Array>([
    ["f0", predict((i) => i < 30)], ["w0", predict((i) => i < 30)], ["r0", predict((i) => (i < 18) || (i >= 30 && i < 32))],
  ]);
  const locality = [
    { layer: 0, windowShare: 0.6, uniformWindowShare: 0.05, meanAttentionDistance: 1.2, uniformMeanAttentionDistance: 5.1 },
    { layer: 1, windowShare: 0.3, uniformWindowShare: 0.05, meanAttentionDistance: 2.5, uniformMeanAttentionDistance: 5.1 },
    { layer: 2, windowShare: 0.1, uniformWindowShare: 0.05, meanAttentionDistance: 4.0, uniformMeanAttentionDistance: 5.1 },
    { layer: 3, windowShare: 0.1, uniformWindowShare: 0.05, meanAttentionDistance: 4.5, uniformMeanAttentionDistance: 5.1 },
  ];
  const input = (comparisons: ReturnType<typeof studyComparisons>, loc = locality) => ({
    comparisons, locality: loc, lowerBlocks: [0, 1], localShare: 0.5, experiment: "fixture", studyFile: "s", predictionsFile: "p", localityFile: "l", figures: { comparisons: "c.svg", locality: "l.svg" },
  });
  it("words the locality per layer and the one-seed thesis test by McNemar", () => {
    const comparisons = studyComparisons(rows, { labels, byRun }).filter((c) => c.over === "fine-tune seeds");
    const ctx = posterGeometryContextRows(input(comparisons));
    const loc = ctx.find((c) => c.key === "trained-vit-fashion-mnist-14x14")!;
    expect(loc.contextOf).toBe("poster-locality-lower-layers");
    expect(loc.reason).toMatch(/^1\/2 lower layers local by the rule; lower-layer window share 45\.0 % vs upper 10\.0 %.*the lower layers are the more local ones/);
    const thesis = ctx.find((c) => c.key === "thesis-locality-vs-sparsity-14x14")!;
    expect(thesis.reason).toMatch(/^at the poster's geometry the window beats its random control/);
    // The same counts the other way round: the words follow the data.
    const swapped = new Map(byRun); swapped.set("w0", byRun.get("r0")!); swapped.set("r0", byRun.get("w0")!);
    const flipped = posterGeometryContextRows(input(studyComparisons(rows, { labels, byRun: swapped }).filter((c) => c.over === "fine-tune seeds")));
    expect(flipped.find((c) => c.key === "thesis-locality-vs-sparsity-14x14")!.reason).toMatch(/random control beats the window/);
    const upperLocal = posterGeometryContextRows(input(comparisons, locality.map((l) => ({ ...l, windowShare: l.layer < 2 ? 0.1 : 0.6 }))));
    expect(upperLocal[0]!.reason).toMatch(/the lower layers are not the more local ones, and most are not local/);
  });
});
