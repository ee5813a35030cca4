import { describe, expect, it } from "vitest";
import { attentionWorkRatio, equivalentMask, heatvitSelect } from "../../lib/masks/heatvit.ts";
import { heatvitSchedule, keptPatchCount, prunedTokenCounts } from "../../lib/specs/token-pruning.ts";
import { nnz, rowCols } from "../../lib/masks/sparse-mask.ts";
import { rng } from "./rng.ts";

const base = { blocks: 12, patchTokens: 196, special: 1, stages: { 3: 0.7, 6: 0.7, 9: 0.7 } };

describe("HeatViT keep-ratio schedule", () => {
  it("relative ratios with package token: 197 → 139 → 97 → 68", () => {
    expect(prunedTokenCounts(base)).toEqual([197, 197, 197, 139, 139, 139, 97, 97, 97, 68, 68, 68]);
    const s = heatvitSchedule(base);
    expect(s[3]).toMatchObject({ special: 1, patches: 137, packageTokens: 1, tokens: 139, attentionEntries: 139 * 139, prunedPatches: 59 });
  });
  it("without the package token", () => {
    expect(prunedTokenCounts({ ...base, packageToken: false })).toEqual([197, 197, 197, 138, 138, 138, 96, 96, 96, 67, 67, 67]);
  });
  it("cumulative ratios apply to the original patch count", () => {
    const c = prunedTokenCounts({ ...base, stages: { 3: 0.7, 6: 0.49, 9: 0.343 }, ratioMode: "cumulative" });
    // floor(196·0.7)=137, floor(196·0.49)=96, floor(196·0.343)=67 (67.228)
    expect(c).toEqual([197, 197, 197, 139, 139, 139, 98, 98, 98, 69, 69, 69]);
  });
  it("rounding is floor with a float guard and at least one patch", () => {
    expect(keptPatchCount(196, 0.5, 196)).toBe(98);
    expect(keptPatchCount(10, 0.3, 10)).toBe(3); // 10·0.3 = 2.9999999999999996 in binary
    expect(keptPatchCount(3, 0.01, 3)).toBe(1);
    expect(keptPatchCount(100, 0.9, 50)).toBe(50);
  });
  it("attention work ratio", () => {
    const s = heatvitSchedule(base);
    expect(attentionWorkRatio(s)).toBeCloseTo((3 * (197 ** 2 + 139 ** 2 + 97 ** 2 + 68 ** 2)) / (12 * 197 ** 2), 12);
  });
  it("rejects bad schedules", () => {
    expect(() => heatvitSchedule({ ...base, stages: { 12: 0.5 } })).toThrow(/outside 0..11/);
    expect(() => heatvitSchedule({ ...base, stages: { 2: 1.5 } })).toThrow(/\(0, 1\]/);
    expect(() => heatvitSchedule({ ...base, stages: [{ block: 2, keepRatio: 0.5 }, { block: 2, keepRatio: 0.5 }] })).toThrow(/two token selectors/);
  });
});

describe("HeatViT per-image selection", () => {
  it("keeps CLS, the schedule's counts, the top scores, and a nested set", () => {
    const r = rng(77);
    const scores = Float64Array.from({ length: 197 }, () => r());
    scores[0] = -1e9; // CLS is kept whatever its score
    const sel = heatvitSelect(base, scores);
    const counts = prunedTokenCounts({ ...base, packageToken: false });
    sel.forEach((b, i) => {
      expect(b.kept[0]).toBe(0);
      expect(b.kept.length).toBe(counts[i]);
      if (i > 0) for (const t of b.kept) expect(Array.from(sel[i - 1]!.kept)).toContain(t);
    });
    const last = sel[11]!;
    const keptPatches = Array.from(last.kept).slice(1);
    const minKept = Math.min(...keptPatches.map((t) => scores[t]!));
    for (let t = 1; t < 197; t++) if (!keptPatches.includes(t)) expect(scores[t]!).toBeLessThanOrEqual(minKept);
  });
  it("ties go to the lower token index", () => {
    const sel = heatvitSelect({ blocks: 1, patchTokens: 6, special: 1, stages: { 0: 0.5 } }, new Float64Array(7));
    expect(Array.from(sel[0]!.kept)).toEqual([0, 1, 2, 3]);
  });
  it("equivalent mask: kept tokens (and the package slot) attend to each other only", () => {
    const sel = heatvitSelect({ blocks: 1, patchTokens: 6, special: 1, stages: { 0: 0.5 } }, Float64Array.from([0, 5, 1, 6, 2, 7, 3]));
    const m = equivalentMask(sel[0]!, 7);
    expect(m.n).toBe(8);
    expect(Array.from(sel[0]!.kept)).toEqual([0, 1, 3, 5]);
    expect(nnz(m)).toBe(25);
    expect(Array.from(rowCols(m, 3))).toEqual([0, 1, 3, 5, 7]);
    expect(rowCols(m, 2).length).toBe(0);
  });
  it("scores of the wrong length are a user error", () => {
    expect(() => heatvitSelect(base, new Float64Array(10))).toThrow(/expected 197/);
  });
});

describe("CLS-attention token scores", () => {
  it("averages row 0 over heads", async () => {
    const { clsAttentionScores } = await import("../../lib/masks/heatvit.ts");
    const n = 3;
    const h0 = Float64Array.from([0.2, 0.5, 0.3, 1, 0, 0, 0, 1, 0]);
    const h1 = Float64Array.from([0.4, 0.1, 0.5, 0, 1, 0, 0, 0, 1]);
    expect(Array.from(clsAttentionScores([h0, h1], n)).map((v) => v.toFixed(6))).toEqual(["0.300000", "0.300000", "0.400000"]);
    expect(() => clsAttentionScores([new Float64Array(4)], n)).toThrow(/expected 3x3/);
  });
});
