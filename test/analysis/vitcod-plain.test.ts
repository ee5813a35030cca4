/**
 * The unfixed problem of ViTCoD's "New Challenge" (a plain K-stationary sparse accelerator) and the verdicts on
 * it, on generated masks; the diagonal sweep and Fig. 8's structure; HeatViT's derived computation reduction.
 */
import { describe, expect, it } from "vitest";
import { denseMask, peColumnLoads, peColumnOf, plainAccelerator, plainAcceleratorTable, uniformMasks, type PlainRow } from "../../lib/analysis/vitcod-plain.ts";
import { plainUtilisationFamilies, workloadImbalanceVerdict } from "../../lib/analysis/vitcod-verdicts.ts";
import { diagonalShareCurve, diagonalVerdict, fig8StructureVerdict } from "../../lib/analysis/attention-verdicts.ts";
import { computationReduction, heatvitReductionVerdict } from "../../lib/analysis/heatvit-reduction.ts";
import { vitModel } from "../../lib/specs/models.ts";

const DEIT_TINY = vitModel("deit-tiny");
import { windowMask } from "../../lib/masks/window.ts";
import { VITCOD_ASIC } from "../../lib/specs/hardware.ts";

/** A mask with a few global columns (kept by every query) and a sparse diagonal: the shape of ViTCoD's masks. */
function globalColumnsMask(n: number, globals: readonly number[], denseFirstRow = false): ReturnType<typeof denseMask> {
  const rows: number[][] = [];
  for (let q = 0; q < n; q++) rows.push(q === 0 && denseFirstRow ? Array.from({ length: n }, (_, j) => j) : [...new Set([...globals, q])].sort((a, b) => a - b));
  const rowPtr = new Int32Array(n + 1);
  rows.forEach((r, q) => (rowPtr[q + 1] = rowPtr[q]! + r.length));
  return { n, rowPtr, colIdx: Int32Array.from(rows.flat()) };
}

describe("the plain sparse accelerator (no polarizer, one K-stationary engine)", () => {
  it("maps key columns round-robin or in blocks, and sums each PE column's kept entries", () => {
    expect([0, 1, 64, 65].map((j) => peColumnOf(j, 197, 64, "round-robin"))).toEqual([0, 1, 0, 1]);
    expect([0, 3, 4, 196].map((j) => peColumnOf(j, 197, 64, "blocked"))).toEqual([0, 0, 1, 63]);
    expect([0, 65].map((i) => peColumnOf(i, 197, 64, "query-stationary"))).toEqual([0, 1]);
    // Query-stationary sums rows: a mask with one global column loads every row by one more entry.
    expect([...peColumnLoads(denseMask(8), 4, "query-stationary", new Set([0]))]).toEqual([14, 14, 14, 14]);
    const loads = peColumnLoads(denseMask(8), 4, "round-robin");
    expect([...loads]).toEqual([16, 16, 16, 16]);
    expect([...peColumnLoads(denseMask(8), 4, "round-robin", new Set([0]))]).toEqual([8, 16, 16, 16]);
  });

  it("a dense map is balanced; global columns make a sparse map imbalanced; the polarizer's split rebalances it", () => {
    const dense = plainAccelerator(uniformMasks(denseMask(128), 1, 1), VITCOD_ASIC, { mapping: "round-robin", headDim: 64 });
    expect(dense.imbalance).toBeCloseTo(1, 12);
    const g = uniformMasks(globalColumnsMask(128, [0, 1]), 1, 1);
    const plain = plainAccelerator(g, VITCOD_ASIC, { mapping: "round-robin", headDim: 64 });
    const polarized = plainAccelerator(g, VITCOD_ASIC, { mapping: "round-robin", headDim: 64, polarize: { threshold: 50 } });
    expect(plain.imbalance).toBeGreaterThan(20);
    expect(polarized.imbalance).toBeLessThan(plain.imbalance / 4);
    expect(plain.utilisation).toBeLessThan(dense.utilisation);
    expect(dense.bound).toBe("compute");
    const starved = plainAccelerator(g, { ...VITCOD_ASIC, offChipBytesPerSecond: 1e6 }, { mapping: "round-robin", headDim: 64 });
    expect(starved.bound).toBe("memory");
  });

  it("the imbalance and under-utilisation verdicts follow the rows; mappings that disagree are indeterminate", () => {
    // ViTCoD's masks keep the CLS row and column whole: imbalanced under every mapping.
    const grid = { side: 14, special: 1, layers: 2, heads: 3, headDim: 64 };
    const rows = plainAcceleratorTable({ label: "global", masks: uniformMasks(globalColumnsMask(197, [0, 5, 9], true), 2, 3) }, grid, [3, 7], VITCOD_ASIC, 50);
    expect(workloadImbalanceVerdict(rows, "t.csv").status).toBe("reproduced");
    expect(plainUtilisationFamilies(rows).every((f) => f.status === "reproduced")).toBe(true);
    // Without a whole row, a query-stationary engine sees balanced rows while a K-stationary one does not: the data flow matters.
    const noRow = plainAcceleratorTable({ label: "global", masks: uniformMasks(globalColumnsMask(197, [0, 5, 9]), 2, 3) }, grid, [3, 7], VITCOD_ASIC, 50);
    const learned = (m: PlainRow["mapping"]) => noRow.find((r) => r.mapping === m && r.family === "learned")!.plain.imbalance;
    expect(learned("query-stationary")).toBeLessThan(1.5);
    expect(learned("round-robin")).toBeGreaterThan(10);
    const flip = (m: PlainRow["mapping"]) => rows.map((r) => (r.mapping === m && r.family === "learned" ? { ...r, plain: { ...r.plain, imbalance: 1 } } : r));
    expect(workloadImbalanceVerdict(flip("blocked"), "t.csv").status).toBe("indeterminate");
    expect(workloadImbalanceVerdict(rows.map((r) => (r.family === "learned" ? { ...r, plain: { ...r.plain, imbalance: 1 } } : r)), "t.csv").status).toBe("contradicted");
  });
});

describe("ViTCoD's diagonal concentration swept over the band width", () => {
  const masks = [[windowMask({ gridH: 8, gridW: 8, kh: 3, special: 1 })]];
  it("the curve rises to 1; the verdict flips where the share passes half, so it is indeterminate and names the flip", () => {
    const curve = diagonalShareCurve(masks, [0, 1, 2, 7, 8, 9, 10], 50);
    expect(curve[curve.length - 1]!.whole).toBe(1);
    expect(curve[0]!.whole).toBeCloseTo(64 / 484, 12); // the self entries of a 3×3 window on 8×8, CLS row and column aside
    const v = diagonalVerdict(curve, 1, "f.svg");
    expect(v.status).toBe("indeterminate");
    expect(v.reason).toMatch(/band half-width w, whole map, which the source does not state, swept 0–10 tokens: contradicted for 0–2 tokens, reproduced for 7–10 tokens; flips at 7 tokens \(contradicted → reproduced\)/);
    expect(diagonalVerdict(curve.filter((r) => r.band >= 9), 9, "f.svg").status).toBe("reproduced");
  });
});

describe("Fig. 8's structure from the mask the kit builds from the text rule", () => {
  it("three bands a grid row apart plus the CLS row and column; another window does not match the drawing", () => {
    const v = fig8StructureVerdict({ gridH: 14, gridW: 14, kh: 3, border: "clip", special: 1 }, "f.svg");
    expect(v.status).toBe("reproduced");
    expect(v.kitValue).toMatch(/^3 bands of kept offsets \(-15…-13, -1…1, 13…15; centres -14, 0, 14\); CLS row kept, CLS column kept$/);
    expect(fig8StructureVerdict({ gridH: 14, gridW: 14, kh: 5, border: "clip", special: 1 }, "f.svg").status).toBe("contradicted");
  });
});

describe("HeatViT's computation reduction, derived", () => {
  it("DeiT-T at keep 0.7: 750.9 M of 1,224.6 M MACs; the keep ratios that reach the abstract's ends are found by sweeping", () => {
    const r = computationReduction(DEIT_TINY, 0.7);
    expect(r.denseMacs).toBe(1224589824);
    expect(r.prunedMacs).toBe(750881280);
    expect(computationReduction(DEIT_TINY, 1).reduction).toBeLessThan(0.01);
    const v = heatvitReductionVerdict(DEIT_TINY, 0.7, [0.2, 0.5, 0.7, 0.9, 1], "t.csv");
    expect(v.status).toBe("derived");
    expect(v.kitValue).toBe("deit-tiny with keep 0.7 at ¼, ½, ¾ depth: 750.9 M vs 1224.6 M MACs, −38.7 %");
    expect(v.reason).toMatch(/falls inside it; it lies inside for keep ratios from 0\.2\d\d to 0\.7\d\d/);
  });
});
