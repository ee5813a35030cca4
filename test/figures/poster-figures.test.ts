import { describe, it } from "vitest";
import type { ScoreEntry } from "../../lib/analysis/kernel-verdicts.ts";
import { fig1PosterGroupingFigure } from "../../lib/figures/fig1-poster-grouping.ts";
import { fig10PosterScoresFigure } from "../../lib/figures/fig10-poster-scores.ts";
import { fig5PosterOverlayFigure } from "../../lib/figures/fig5-poster-overlay.ts";
import { readReportedBreakdown } from "../../lib/data/files/latency-breakdown-reported.ts";
import { readFig5 } from "../../lib/data/files/fig5-pruning-vs-accuracy.ts";
import { fig5Baselines, readFig5Reading } from "../../lib/paper/poster-fig5.ts";
import { windowMask } from "../../lib/masks/window.ts";
import { expectFigureSnapshot } from "./snapshot.ts";

/** A small windowed map (7×7 patches + CLS, k = 3) with deterministic SW scores and HW = SW + a fixed pattern. */
function smallScores(): ScoreEntry[] {
  const mask = windowMask({ gridH: 7, gridW: 7, kh: 3 });
  const entries: ScoreEntry[] = [];
  for (let q = 0; q < mask.n; q++) {
    for (let p = mask.rowPtr[q]!; p < mask.rowPtr[q + 1]!; p++) {
      const k = mask.colIdx[p]!;
      const sw = Math.sin(q * 0.7 + k * 0.3) * 2.5;
      entries.push({ query: q, key: k, sw, hw: sw + ((q + k) % 3 - 1) * 1e-3 });
    }
  }
  return entries;
}

describe("poster-faithful figures", () => {
  it("fig1-poster-grouping (the committed digitised Fig. 1)", () => {
    expectFigureSnapshot("fig1-poster-grouping", (Plot, document) => fig1PosterGroupingFigure(Plot, document, readReportedBreakdown()));
  });

  it("fig5-poster-overlay (the committed digitised Fig. 5)", () => {
    expectFigureSnapshot("fig5-poster-overlay", (Plot, document) =>
      fig5PosterOverlayFigure(Plot, document, readFig5(), fig5Baselines(readFig5Reading())));
  });

  it("fig10-poster-scores (a small synthetic map)", () => {
    expectFigureSnapshot("fig10-poster-scores", (Plot, document) =>
      fig10PosterScoresFigure(Plot, document, smallScores(), {
        n: 50, grid: 7, special: 1, queries: [[0, 3], [1, 0], [4, 3], [6, 0]], scoreDomain: [-2, 3], subtitle: "fixture",
      }));
  });
});
