import { describe, expect, it } from "vitest";
import type { StudyRow } from "../../lib/data/files/accuracy-study.ts";
import { meanInterval, pairedFinetune, plateau, tQuantile95 } from "../../lib/analysis/accuracy-study.ts";

const row = (phase: StudyRow["phase"], variant: StudyRow["variant"], seed: number, epoch: number, acc: number, final: boolean): StudyRow => ({
  run: `${phase}-${variant}-seed${seed}`, phase, variant, seed, pretrainSeed: phase === "finetune" ? 0 : -1, torch: "1.13.0a0", threads: 1, epoch, windowedBlocks: "", testAccuracy: acc, testLoss: 0, trainLoss: 0, imagesSeen: epoch * 100, trainSeconds: 1, wallSeconds: epoch, final,
});

describe("study report", () => {
  it("gives the 95 % t interval of a mean (n − 1 degrees of freedom)", () => {
    expect(tQuantile95(2)).toBe(4.303);
    const e = meanInterval([1, 2, 3]);
    expect(e.mean).toBe(2);
    expect(e.std).toBeCloseTo(1, 12);
    expect(e.low).toBeCloseTo(2 - 4.303 / Math.sqrt(3), 12);
    expect(e.high).toBeCloseTo(2 + 4.303 / Math.sqrt(3), 12);
    expect(Number.isNaN(meanInterval([5]).low)).toBe(true);
  });

  it("pairs the fine-tunes by seed and differences windowed − full", () => {
    const rows = [
      row("finetune", "full", 0, 1, 88, false), row("finetune", "full", 0, 2, 89, true),
      row("finetune", "windowed-lower", 0, 2, 88.5, true), row("finetune", "full", 1, 2, 90, true), row("finetune", "windowed-lower", 1, 2, 89, true),
      row("finetune", "full", 2, 2, 91, true), // no windowed partner: left out
      row("pretrain", "full", 0, 2, 80, true),
    ];
    const p = pairedFinetune(rows);
    expect(p.seeds.map((s) => [s.seed, s.difference])).toEqual([[0, -0.5], [1, -1]]);
    expect(p.difference.mean).toBeCloseTo(-0.75, 12);
    expect(p.difference.n).toBe(2);
    expect(p.steps).toBe(200);
  });

  it("calls a run plateaued only when its last epochs gained at most the tolerance and it finished", () => {
    const accs = [70, 80, 85, 87, 87.5, 87.8, 87.9];
    const rows = accs.map((a, i) => row("pretrain", "full", 0, i + 1, a, i === accs.length - 1));
    expect(plateau(rows, "pretrain", "full", 0, 3, 1).plateaued).toBe(true);
    expect(plateau(rows, "pretrain", "full", 0, 3, 0.5).plateaued).toBe(false);
    expect(plateau(rows.slice(0, 6), "pretrain", "full", 0, 3, 5).plateaued).toBe(false);
  });
});
