import { describe, it } from "vitest";
import { learningCurvesFigure } from "../../lib/figures/accuracy-learning-curves.ts";
import { localityFigure } from "../../lib/figures/accuracy-locality.ts";
import { comparisonsFigure } from "../../lib/figures/accuracy-comparisons.ts";
import { compareVariants } from "../../lib/analysis/accuracy-tests.ts";
import { meanMapFigure } from "../../lib/figures/attention-mean-map.ts";
import { queryAttentionFigure } from "../../lib/figures/attention-query.ts";
import type { LocalityRow } from "../../lib/data/files/attention-locality.ts";
import type { StudyRow } from "../../lib/data/files/accuracy-study.ts";
import { queryGridCells } from "../../lib/analysis/accuracy-study.ts";
import { expectFigureSnapshot } from "./snapshot.ts";

/** A small fixed study: pretrain 3 epochs, two fine-tune seeds of both variants, scratch 2 epochs. */
function studyRows(): StudyRow[] {
  const rows: StudyRow[] = [];
  const add = (phase: StudyRow["phase"], variant: StudyRow["variant"], seed: number, accs: number[]): void =>
    accs.forEach((a, i) => rows.push({ run: `${phase}-${variant}-seed${seed}`, phase, variant, seed, pretrainSeed: phase === "finetune" ? 0 : -1, torch: "1.13.0a0", threads: 1, epoch: i + 1, windowedBlocks: variant === "full" ? "" : "0,1", testAccuracy: a, testLoss: 1 - a / 100,
      trainLoss: 1.1 - a / 100, imagesSeen: (i + 1) * 59904, trainSeconds: 80, wallSeconds: 90 * (i + 1), final: i === accs.length - 1 }));
  add("pretrain", "full", 0, [78, 85, 88.5]);
  add("finetune", "full", 0, [88.6, 88.9]);
  add("finetune", "windowed-lower", 0, [87.9, 88.4]);
  add("finetune", "full", 1, [88.7, 88.8]);
  add("finetune", "windowed-lower", 1, [88.1, 88.6]);
  add("scratch", "windowed-lower", 0, [80, 86.5]);
  return rows;
}

function localityRows(): LocalityRow[] {
  const rows: LocalityRow[] = [];
  for (let layer = 0; layer < 3; layer++) for (let head = 0; head < 2; head++) {
    rows.push({ run: "pretrain-full-seed0", phase: "pretrain", variant: "full", seed: 0, layer, head, windowed: false, windowShare: 0.2 + 0.1 * layer + 0.05 * head, uniformWindowShare: 0.15,
      selfShare: 0.03 + 0.01 * head, uniformSelfShare: 1 / 49, meanAttentionDistance: 2.5 - 0.3 * layer, uniformMeanAttentionDistance: 3.3, clsShare: 0.1, images: 100 });
  }
  return rows;
}

/** Maps [layer][head] of a 3×3 grid + CLS (n = 10): weight falls with the query–key distance. */
function maps(): Float32Array[][] {
  const n = 10;
  return [0, 1].map((layer) => [0, 1].map((head) => {
    const m = new Float32Array(n * n);
    for (let q = 0; q < n; q++) {
      let sum = 0;
      for (let k = 0; k < n; k++) {
        const w = k === 0 ? 1 : Math.exp(-(1 + layer + head) * Math.abs(q - k) / 3);
        m[q * n + k] = w;
        sum += w;
      }
      for (let k = 0; k < n; k++) m[q * n + k]! /= sum;
    }
    return m;
  }));
}

describe("figures of 06-accuracy", () => {
  it("accuracy-learning-curves", () => {
    expectFigureSnapshot("accuracy-learning-curves", (Plot, document) => learningCurvesFigure(Plot, document, studyRows(), { caption: "fixture" }));
  });
  it("accuracy-finetune-curves", () => {
    expectFigureSnapshot("accuracy-finetune-curves", (Plot, document) => learningCurvesFigure(Plot, document, studyRows(), { caption: "fixture", phases: ["finetune"], title: "fine-tunes" }));
  });
  it("accuracy-comparisons", () => {
    const rows = studyRows();
    const comparisons = [
      compareVariants(rows, null, { label: "windowed-lower − full", variantA: "windowed-lower", variantB: "full", phase: "finetune", pretrainSeed: 0 }),
      compareVariants(rows, null, { label: "windowed-lower − full, one pair (thesis)", variantA: "windowed-lower", variantB: "full", phase: "finetune", pretrainSeed: 0 }),
    ];
    comparisons[1]!.pairs.splice(1);
    expectFigureSnapshot("accuracy-comparisons", (Plot, document) => comparisonsFigure(Plot, document, comparisons, { title: "fixture", caption: "fixture" }));
  });
  it("accuracy-locality-windowShare", () => {
    expectFigureSnapshot("accuracy-locality-windowShare", (Plot, document) =>
      localityFigure(Plot, document, localityRows(), { metric: "windowShare", label: "share (%)", title: "window share", caption: "fixture" }));
  });
  it("accuracy-locality-meanAttentionDistance", () => {
    expectFigureSnapshot("accuracy-locality-meanAttentionDistance", (Plot, document) =>
      localityFigure(Plot, document, localityRows(), { metric: "meanAttentionDistance", label: "patches", title: "distance", caption: "fixture" }));
  });
  it("accuracy-attention-query-image0", () => {
    expectFigureSnapshot("accuracy-attention-query-image0", (Plot, document) =>
      queryAttentionFigure(Plot, document, queryGridCells(maps(), 3, 1, 1), { title: "fixture", caption: "fixture", gridSide: 3, queryRow: 1, queryCol: 1 }));
  });
  it("accuracy-attention-query-image1", () => {
    expectFigureSnapshot("accuracy-attention-query-image1", (Plot, document) =>
      queryAttentionFigure(Plot, document, queryGridCells(maps(), 3, 0, 2), { title: "fixture at the border", caption: "fixture", gridSide: 3, queryRow: 0, queryCol: 2 }));
  });
  it("accuracy-locality-selfShare", () => {
    expectFigureSnapshot("accuracy-locality-selfShare", (Plot, document) =>
      localityFigure(Plot, document, localityRows(), { metric: "selfShare", label: "share (%)", title: "self share", caption: "fixture" }));
  });
  it("poster-geometry-locality-windowShare", () => {
    // The reduced 14×14 study's figure: the same mark with a 196-key uniform baseline near 4 %.
    const rows = localityRows().map((r) => ({ ...r, windowShare: r.windowShare / 5, uniformWindowShare: 0.0416 }));
    expectFigureSnapshot("poster-geometry-locality-windowShare", (Plot, document) =>
      localityFigure(Plot, document, rows, { metric: "windowShare", label: "share (%)", title: "window share at 14×14", caption: "fixture" }));
  });
  it("accuracy-mean-attention", () => {
    expectFigureSnapshot("accuracy-mean-attention", (Plot, document) => meanMapFigure(Plot, document, maps(), 10, { title: "fixture", caption: "fixture" }));
  });
});
