import { describe, expect, it } from "vitest";
import { maskFromScores } from "../../lib/masks/from-scores.ts";
import { hasEntry, nnz, toBitmap } from "../../lib/masks/sparse-mask.ts";
import { rng } from "./rng.ts";

describe("fixed masks from attention scores", () => {
  const n = 20;
  const r = rng(5);
  const scores = Float64Array.from({ length: n * n }, () => r());
  it("density keeps round(density·n²) top entries", () => {
    const m = maskFromScores(scores, n, { density: 0.1 });
    expect(nnz(m)).toBe(40);
    const bm = toBitmap(m);
    let minKept = Infinity;
    let maxPruned = -Infinity;
    for (let i = 0; i < n * n; i++) {
      if (bm[i]) minKept = Math.min(minKept, scores[i]!);
      else maxPruned = Math.max(maxPruned, scores[i]!);
    }
    expect(minKept).toBeGreaterThanOrEqual(maxPruned);
  });
  it("forced CLS row and column count toward the budget", () => {
    const m = maskFromScores(scores, n, { density: 0.1, forceSpecial: 1 });
    expect(nnz(m)).toBe(40);
    for (let t = 0; t < n; t++) {
      expect(hasEntry(m, 0, t)).toBe(true);
      expect(hasEntry(m, t, 0)).toBe(true);
    }
  });
  it("mass cutoff keeps the smallest top prefix reaching the share", () => {
    const total = scores.reduce((a, b) => a + b, 0);
    const m = maskFromScores(scores, n, { massCutoff: 0.5 });
    const bm = toBitmap(m);
    let kept = 0;
    let minKept = Infinity;
    for (let i = 0; i < n * n; i++) if (bm[i]) (kept += scores[i]!, (minKept = Math.min(minKept, scores[i]!)));
    expect(kept).toBeGreaterThanOrEqual(0.5 * total);
    expect(kept - minKept).toBeLessThan(0.5 * total);
  });
  it("rejects bad options", () => {
    expect(() => maskFromScores(scores, n, {})).toThrow(/exactly one/);
    expect(() => maskFromScores(scores, n, { density: 0 })).toThrow(/\(0, 1\]/);
    expect(() => maskFromScores(scores, 21, { density: 0.1 })).toThrow(/expected 21x21/);
  });
});
