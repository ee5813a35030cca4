import { describe, expect, it } from "vitest";
import {
  colCounts,
  denseMask,
  hasEntry,
  maskFromBitmap,
  maskFromCoo,
  maskFromRows,
  masksEqual,
  modelStats,
  nnz,
  permuteMask,
  rowCounts,
  toBitmap,
  validateMask,
} from "../../lib/masks/sparse-mask.ts";
import { windowMask } from "../../lib/masks/window.ts";
import { rng } from "./rng.ts";

function randomBitmap(n: number, p: number, seed: number): Uint8Array {
  const r = rng(seed);
  return Uint8Array.from({ length: n * n }, () => (r() < p ? 1 : 0));
}

describe("SparseMask views", () => {
  it("bitmap → CSR → bitmap round-trips and CSR is sorted", () => {
    for (const seed of [1, 2, 3]) {
      const n = 37;
      const bm = randomBitmap(n, 0.2, seed);
      const m = maskFromBitmap(bm, n);
      expect(validateMask(m)).toEqual([]);
      expect(Array.from(toBitmap(m))).toEqual(Array.from(bm));
      expect(nnz(m)).toBe(bm.reduce((a, b) => a + b, 0));
      const rc = rowCounts(m);
      const cc = colCounts(m);
      for (let r = 0; r < n; r++) {
        let s = 0;
        let t = 0;
        for (let c = 0; c < n; c++) {
          s += bm[r * n + c]!;
          t += bm[c * n + r]!;
          expect(hasEntry(m, r, c)).toBe(bm[r * n + c] === 1);
        }
        expect(rc[r]).toBe(s);
        expect(cc[r]).toBe(t);
      }
    }
  });
  it("keptWhen: 0 reads ViTCoD's True = pruned convention", () => {
    const pruned = Uint8Array.from([0, 1, 1, 0]);
    expect(Array.from(toBitmap(maskFromBitmap(pruned, 2, { keptWhen: 0 })))).toEqual([1, 0, 0, 1]);
  });
  it("maskFromRows and maskFromCoo sort and de-duplicate", () => {
    const a = maskFromRows(3, [[2, 0, 2], [], [1]]);
    const b = maskFromCoo(3, [2, 0, 0, 0], [1, 2, 0, 2]);
    expect(Array.from(a.colIdx)).toEqual([0, 2, 1]);
    expect(masksEqual(a, b)).toBe(true);
    expect(() => maskFromRows(3, [[3], [], []])).toThrow(/outside 0..2/);
  });
  it("permuteMask places original (perm[i], perm[j]) at (i, j)", () => {
    const n = 23;
    const bm = randomBitmap(n, 0.3, 9);
    const r = rng(4);
    const perm = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [perm[i], perm[j]] = [perm[j]!, perm[i]!];
    }
    const out = toBitmap(permuteMask(maskFromBitmap(bm, n), perm));
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(out[i * n + j]).toBe(bm[perm[i]! * n + perm[j]!]);
    expect(() => permuteMask(maskFromBitmap(bm, n), perm.map(() => 0))).toThrow(/not a permutation/);
  });
  it("validateMask reports unsorted columns", () => {
    const bad = { n: 2, rowPtr: Int32Array.from([0, 2, 2]), colIdx: Int32Array.from([1, 0]) };
    expect(validateMask(bad).join(";")).toMatch(/not strictly ascending/);
  });
});

describe("model statistics", () => {
  it("poster schedule: 6 windowed k=3 blocks + 6 dense blocks, 3 heads", () => {
    const w = windowMask({ gridH: 14, gridW: 14, kh: 3 });
    const layers = [...Array(6).fill([w, w, w]), ...Array(6).fill(null)];
    const s = modelStats(layers, { tokens: 197, heads: 3 });
    expect(s.sparseLayersOnly.nnz).toBe(6 * 3 * 1993);
    expect(s.sparseLayersOnly.entries).toBe(6 * 3 * 38809);
    expect(s.wholeModel.nnz).toBe(6 * 3 * 1993 + 6 * 3 * 38809);
    expect(s.wholeModel.entries).toBe(12 * 3 * 38809);
    expect(s.wholeModel.pruningRatio).toBeCloseTo((6 * 3 * (38809 - 1993)) / (12 * 3 * 38809), 12);
    expect(s.perLayer[7]!.pruningRatio).toBe(0);
  });
  it("denseMask is full", () => {
    expect(nnz(denseMask(5))).toBe(25);
    expect(validateMask(denseMask(5))).toEqual([]);
  });
});
