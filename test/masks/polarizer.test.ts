import { describe, expect, it } from "vitest";
import { polarize, polarizeModel, polarizerPermutation } from "../../lib/masks/polarizer.ts";
import { colCounts, maskFromBitmap, nnz, toBitmap, validateMask } from "../../lib/masks/sparse-mask.ts";
import { loadVitcodGlobalTokens, loadVitcodMasks } from "../../lib/masks/vitcod-masks.ts";
import { rng } from "./rng.ts";
import { need, vitcodReference } from "./reference.ts";

const ref = await vitcodReference();

describe("polarizer on ViTCoD's info_0.95 (reference data)", () => {
  it.skipIf(ref === null)("reproduces global_token_info_0.95 exactly and dense 34,508 / sparse 39,891 / kept 74,399", () => {
    const masks = loadVitcodMasks(need(ref).masks);
    expect(masks.length).toBe(12);
    expect(masks.every((l) => l.length === 3 && l.every((m) => m.n === 197))).toBe(true);
    const s = polarizeModel(masks);
    expect(s.globalTokens).toEqual(loadVitcodGlobalTokens(need(ref).globalTokens));
    expect(s.dense).toBe(34508);
    expect(s.sparse).toBe(39891);
    expect(s.kept).toBe(74399);
  });
  it.skipIf(ref === null)("the ViTCoD masks keep the CLS row and column in every head", () => {
    for (const layer of loadVitcodMasks(need(ref).masks)) {
      for (const m of layer) {
        const bm = toBitmap(m);
        for (let t = 0; t < m.n; t++) {
          expect(bm[t]).toBe(1);
          expect(bm[t * m.n]).toBe(1);
        }
      }
    }
  });
});

/**
 * Brute force, written independently of lib: relabel nodes the way ViTCoD's reorder.py does (with an
 * out-of-range temporary label instead of its hard-coded 200), then place old entry (a, b) at
 * (label[a], label[b]).
 */
function bruteForce(bitmap: Uint8Array, n: number, threshold: number): { g: number; out: Uint8Array; dense: number } {
  const counts = new Array<number>(n).fill(0);
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) counts[c]! += bitmap[r * n + c]!;
  const high: number[] = [];
  for (let c = 0; c < n; c++) if (counts[c]! > threshold) high.push(c);
  const label = Array.from({ length: n }, (_, i) => i);
  const TMP = -1;
  for (let i = 0; i < high.length; i++) {
    for (let v = 0; v < n; v++) if (label[v] === i) label[v] = TMP;
    for (let v = 0; v < n; v++) if (label[v] === high[i]) label[v] = i;
    for (let v = 0; v < n; v++) if (label[v] === TMP) label[v] = high[i]!;
  }
  const out = new Uint8Array(n * n);
  for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) if (bitmap[a * n + b]) out[label[a]! * n + label[b]!] = 1;
  let dense = 0;
  for (let r = 0; r < n; r++) for (let c = 0; c < high.length; c++) dense += out[r * n + c]!;
  return { g: high.length, out, dense };
}

/** A 256-token synthetic mask: sparse background, a few dense columns, and columns exactly at 50 and 51. */
function synthetic(n: number, seed: number): Uint8Array {
  const r = rng(seed);
  const bm = new Uint8Array(n * n);
  const denseCols = new Set([3, 17, 90, 201, 202, 250, 255]);
  for (let q = 0; q < n; q++) {
    bm[q * n + q] = 1;
    for (let c = 0; c < n; c++) {
      if (c === 120 || c === 121) continue;
      if (r() < (denseCols.has(c) ? 0.6 : 0.04)) bm[q * n + c] = 1;
    }
  }
  // column 120: exactly 50 kept (not global), column 121: exactly 51 kept (global)
  for (let q = 0; q < n; q++) {
    bm[q * n + 120] = q < 50 ? 1 : 0;
    bm[q * n + 121] = q < 51 ? 1 : 0;
  }
  return bm;
}

describe("polarizer beyond the reference's 200-token limit", () => {
  for (const seed of [1, 2, 3]) {
    it(`256-token synthetic mask (seed ${seed}) matches the brute force`, () => {
      const n = 256;
      const bm = synthetic(n, seed);
      const mask = maskFromBitmap(bm, n);
      const res = polarize(mask, 50);
      const bf = bruteForce(bm, n, 50);
      expect(res.globalTokens).toBe(bf.g);
      expect(Array.from(toBitmap(res.mask))).toEqual(Array.from(bf.out));
      expect(res.denseNnz).toBe(bf.dense);
      expect(res.denseNnz + res.sparseNnz).toBe(nnz(mask));
      expect(validateMask(res.mask)).toEqual([]);
      expect(Array.from(res.globalColumns)).toContain(121);
      expect(Array.from(res.globalColumns)).not.toContain(120);
      // the global columns end at 0..G−1, in ascending original order
      const counts = colCounts(res.mask);
      for (let i = 0; i < res.globalTokens; i++) {
        expect(res.permutation[i]).toBe(res.globalColumns[i]);
        expect(counts[i]!).toBeGreaterThan(50);
      }
      for (let i = res.globalTokens; i < n; i++) expect(counts[i]!).toBeLessThanOrEqual(50);
      // the brute force differs from a stable partition (checks the swap chain really is a chain)
      expect(res.globalTokens).toBeGreaterThan(5);
    });
  }
});

describe("polarizerPermutation", () => {
  it("is a swap chain, not a stable partition", () => {
    // n = 6, global columns [2, 4]: swap(0,2) → [2,1,0,3,4,5]; swap(1,4) → [2,4,0,3,1,5]
    expect(Array.from(polarizerPermutation(6, [2, 4]))).toEqual([2, 4, 0, 3, 1, 5]);
  });
  it("rejects unsorted global columns", () => {
    expect(() => polarizerPermutation(6, [4, 2])).toThrow(/strictly ascending/);
  });
  it("threshold is strict: a column with exactly `threshold` kept entries is not global", () => {
    const n = 10;
    const bm = new Uint8Array(n * n);
    for (let q = 0; q < 4; q++) bm[q * n + 7] = 1;
    for (let q = 0; q < 5; q++) bm[q * n + 8] = 1;
    const res = polarize(maskFromBitmap(bm, n), 4);
    expect(res.globalTokens).toBe(1);
    expect(Array.from(res.globalColumns)).toEqual([8]);
    expect(res.denseNnz).toBe(5);
    expect(res.sparseNnz).toBe(4);
  });
});
