import { describe, expect, it } from "vitest";
import { UserError } from "../../lib/errors.ts";
import { hasEntry, layoutFor, maskFromBitmap, masksEqual, nnz, pruningRatio, rowCols, toBitmap, validateMask } from "../../lib/masks/sparse-mask.ts";
import { axisWindow, parseGrid, windowMask, windowSchedule } from "../../lib/masks/window.ts";
import { POSTER_WINDOWED_BLOCKS } from "../../lib/specs/poster.ts";
import { randInt, rng } from "./rng.ts";

describe("windowMask exact counts (the mask contract)", () => {
  it("14x14, k=3, clip, 1 CLS → 1,993 of 38,809, pruning ratio 94.8646 %", () => {
    const m = windowMask({ gridH: 14, gridW: 14, kh: 3, border: "clip", special: 1 });
    expect(m.n).toBe(197);
    expect(nnz(m)).toBe(1993);
    expect(m.n * m.n).toBe(38809);
    expect((pruningRatio(m) * 100).toFixed(4)).toBe("94.8646");
  });
  it("k=5 → 4,489 and k=7 → 7,789", () => {
    expect(nnz(windowMask({ gridH: 14, gridW: 14, kh: 5 }))).toBe(4489);
    expect(nnz(windowMask({ gridH: 14, gridW: 14, kh: 7 }))).toBe(7789);
  });
  it("shift keeps k² patch keys per query: 14x14 k=3 → 196·9 + 393", () => {
    expect(nnz(windowMask({ gridH: 14, gridW: 14, kh: 3, border: "shift" }))).toBe(196 * 9 + 393);
  });
  it("the 3x3 window of patch (5,6) on 14x14 is exactly the 9 neighbours plus CLS", () => {
    const m = windowMask({ gridH: 14, gridW: 14, kh: 3 });
    const q = 1 + 5 * 14 + 6;
    const expected = [0];
    for (const r of [4, 5, 6]) for (const c of [5, 6, 7]) expected.push(1 + r * 14 + c);
    expect(Array.from(rowCols(m, q))).toEqual(expected);
  });
});

/** Brute-force clip membership straight from the definition. */
function clipKept(qr: number, qc: number, kr: number, kc: number, kh: number, kw: number, d: number): boolean {
  const dr = kr - qr;
  const dc = kc - qc;
  return dr % d === 0 && dc % d === 0 && Math.abs(dr / d) <= (kh - 1) / 2 && Math.abs(dc / d) <= (kw - 1) / 2;
}

describe("windowMask properties on random grids", () => {
  const r = rng(20240603);
  const cases = Array.from({ length: 60 }, () => {
    const gridH = randInt(r, 1, 20);
    const gridW = randInt(r, 1, 20);
    const border = r() < 0.5 ? ("clip" as const) : ("shift" as const);
    const dilation = randInt(r, 1, 3);
    const maxKh = border === "shift" ? Math.floor(gridH / dilation) : gridH;
    const maxKw = border === "shift" ? Math.floor(gridW / dilation) : gridW;
    const odd = (m: number): number => Math.max(1, 2 * randInt(r, 0, Math.floor((m - 1) / 2)) + 1);
    return { gridH, gridW, kh: odd(Math.max(1, maxKh)), kw: odd(Math.max(1, maxKw)), dilation, border, special: randInt(r, 0, 2) };
  }).filter((c) => c.border === "clip" || (c.kh * c.dilation <= c.gridH && c.kw * c.dilation <= c.gridW));

  it("has enough cases of both borders", () => {
    expect(cases.filter((c) => c.border === "shift").length).toBeGreaterThan(10);
    expect(cases.filter((c) => c.border === "clip").length).toBeGreaterThan(10);
  });

  for (const c of cases) {
    const name = `${c.gridH}x${c.gridW} k=${c.kh}x${c.kw} d=${c.dilation} ${c.border} s=${c.special}`;
    it(name, () => {
      const m = windowMask(c);
      const n = c.special + c.gridH * c.gridW;
      expect(m.n).toBe(n);
      expect(validateMask(m)).toEqual([]);
      // CSR equals its own bitmap round trip
      expect(masksEqual(maskFromBitmap(toBitmap(m), n), m)).toBe(true);
      const bm = toBitmap(m);
      // Every violation is collected (one expect at the end: a hundred thousand expect calls cost seconds).
      const violations: string[] = [];
      for (let s = 0; s < c.special; s++) {
        for (let t = 0; t < n; t++) {
          if (bm[s * n + t] !== 1) violations.push(`special row ${s} misses ${t}`);
          if (bm[t * n + s] !== 1) violations.push(`special column ${s} misses ${t}`);
        }
      }
      for (let p = 0; p < c.gridH * c.gridW; p++) {
        const q = c.special + p;
        const qr = Math.floor(p / c.gridW);
        const qc = p % c.gridW;
        if (!hasEntry(m, q, q)) violations.push(`query ${q} has no self entry`);
        let patchKeys = 0;
        for (const key of rowCols(m, q)) {
          if (key < c.special) continue;
          patchKeys++;
          const kr = Math.floor((key - c.special) / c.gridW);
          const kc = (key - c.special) % c.gridW;
          if (c.border === "clip" ? !clipKept(qr, qc, kr, kc, c.kh, c.kw, c.dilation) : Math.abs(kr - qr) % c.dilation !== 0 || Math.abs(kc - qc) % c.dilation !== 0) {
            violations.push(`query ${q} keeps key ${key} outside its window`);
          }
        }
        let expected = c.kh * c.kw;
        if (c.border === "clip") {
          expected = 0;
          for (let kr = 0; kr < c.gridH; kr++) for (let kc = 0; kc < c.gridW; kc++) if (clipKept(qr, qc, kr, kc, c.kh, c.kw, c.dilation)) expected++;
        }
        if (patchKeys !== expected) violations.push(`query ${q} keeps ${patchKeys} patch keys, expected ${expected}`);
      }
      expect(violations).toEqual([]);
    });
  }

  it("shift windows are contiguous in the dilation group and centred away from the border", () => {
    for (let size = 5; size <= 17; size++) {
      for (const d of [1, 2, 3]) {
        for (const k of [1, 3, 5]) {
          if (k * d > size) continue;
          for (let x = 0; x < size; x++) {
            const w = axisWindow(x, size, k, d, "shift");
            expect(w.length).toBe(k);
            expect(w).toContain(x);
            for (let i = 1; i < k; i++) expect(w[i]! - w[i - 1]!).toBe(d);
            const half = (k - 1) / 2;
            if (x - half * d >= 0 && x + half * d < size) expect(w[half]).toBe(x);
          }
        }
      }
    }
  });
});

describe("windowSchedule", () => {
  it("windows the poster's blocks 0–5 and keeps 6–11 dense", () => {
    const s = windowSchedule({ gridH: 14, gridW: 14, kh: 3, blocks: 12, windowedBlocks: POSTER_WINDOWED_BLOCKS });
    expect(s.map((b) => b.windowed)).toEqual([true, true, true, true, true, true, false, false, false, false, false, false]);
    expect(s.map((b) => nnz(b.mask))).toEqual([...Array(6).fill(1993), ...Array(6).fill(38809)]);
  });
  it("rejects a block outside the model", () => {
    expect(() => windowSchedule({ gridH: 14, gridW: 14, kh: 3, blocks: 12, windowedBlocks: [12] })).toThrow(/outside 0..11/);
  });
});

describe("bad input → UserError naming the problem", () => {
  const bad: [string, () => unknown, RegExp][] = [
    ["even k", () => windowMask({ gridH: 14, gridW: 14, kh: 4 }), /must be odd/],
    ["even kw", () => windowMask({ gridH: 14, gridW: 14, kh: 3, kw: 2 }), /width k must be odd/],
    ["k larger than the grid", () => windowMask({ gridH: 14, gridW: 14, kh: 15 }), /larger than the 14x14/],
    ["dilation < 1", () => windowMask({ gridH: 14, gridW: 14, kh: 3, dilation: 0 }), /dilation must be an integer >= 1/],
    ["shift span too big", () => windowMask({ gridH: 14, gridW: 14, kh: 5, dilation: 3, border: "shift" }), /does not fit/],
    ["grid not matching token count", () => windowMask({ gridH: 14, gridW: 14, kh: 3, tokens: 196 }), /not 196/],
    ["three special tokens", () => windowMask({ gridH: 14, gridW: 14, kh: 3, special: 3 }), /0, 1 or 2/],
    ["bad grid syntax", () => parseGrid("14by14"), /bad grid "14by14"/],
    ["layout mismatch", () => layoutFor(200, 14, 14), /does not match 200 tokens/],
  ];
  for (const [name, fn, re] of bad) {
    it(name, () => {
      expect(fn).toThrow(UserError);
      expect(fn).toThrow(re);
    });
  }
});
