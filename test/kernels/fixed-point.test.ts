import { describe, expect, it } from "vitest";
import {
  fitBits, fixedPointScores, floatScores, formatForRange, maxAbsOf, quantize, rmsErrorPercent, shiftRound,
  uniformConfig, type FixedPointConfig,
} from "../../lib/kernels/fixed-point.ts";
import { csrFromPredicate } from "../../lib/kernels/csr.ts";
import { windowMask } from "../../lib/masks/window.ts";
import { UserError } from "../../lib/errors.ts";
import { randomTensors } from "./helpers.ts";

describe("fixed-point primitives", () => {
  it("round as specified when dropping bits, ties included", () => {
    // 5/4 = 1.25, 6/4 = 1.5, 10/4 = 2.5, -6/4 = -1.5, -5/4 = -1.25
    expect([5, 6, 10, -6, -5].map((x) => shiftRound(x, 2, "nearest-even"))).toEqual([1, 2, 2, -2, -1]);
    expect([5, 6, 10, -6, -5].map((x) => shiftRound(x, 2, "nearest-up"))).toEqual([1, 2, 3, -1, -1]);
    expect([5, 6, 10, -6, -5].map((x) => shiftRound(x, 2, "truncate"))).toEqual([1, 1, 2, -2, -2]);
    expect(shiftRound(3, -2, "truncate")).toBe(12);
  });

  it("saturate or wrap to the bit width", () => {
    expect(fitBits(200, 8, true)).toBe(127);
    expect(fitBits(-200, 8, true)).toBe(-128);
    expect(fitBits(200, 8, false)).toBe(200 - 256);
    expect(fitBits(-129, 8, false)).toBe(127);
    expect(fitBits(100, 8, false)).toBe(100);
  });

  it("quantize within half an LSB inside the range, and pick formats covering a range", () => {
    const f = { intBits: 2, fracBits: 5 };
    for (const x of [0.1, -1.37, 3.9, -3.99]) expect(Math.abs(quantize(x, f, "nearest-even", true) / 32 - x)).toBeLessThanOrEqual(1 / 64);
    expect(quantize(10, f, "nearest-even", true)).toBe(127);
    expect(formatForRange(16, 4.5)).toEqual({ intBits: 3, fracBits: 12 });
    expect(formatForRange(8, 0.9)).toEqual({ intBits: 0, fracBits: 7 });
  });
});

describe("bit-accurate SDDMM datapath", () => {
  it("matches a hand-computed example bit for bit", () => {
    // d = 4 → scale 1/2 (one right shift). Q4: q = [0.75, -0.5, 0.3, 1.1], k = [0.6, 0.25, -0.9, 0.5]
    const t = { heads: 1, n: 1, d: 4, q: Float32Array.from([0.75, -0.5, 0.3, 1.1]), k: Float32Array.from([0.6, 0.25, -0.9, 0.5]), v: new Float32Array(4) };
    const cfg: FixedPointConfig = {
      q: { intBits: 1, fracBits: 4 }, k: { intBits: 1, fracBits: 4 },
      product: { intBits: 2, fracBits: 5 }, accumulator: { intBits: 4, fracBits: 5 }, output: { intBits: 2, fracBits: 4 },
      rounding: "nearest-even", saturate: true,
    };
    // codes (×16, nearest-even): q = [12, -8, 5 (4.8), 18 (17.6)], k = [10 (9.6), 4, -14 (-14.4), 8]
    // products (×256) → ×32 (drop 3 bits): 120→15, -32→-4, -70→-8.75→-9, 144→18; accumulator = 20 (×32)
    // scale 1/2 makes it 20 (×64); output ×16 drops 2 bits: 20/4 = 5 → 5/16 = 0.3125 (float: 0.3025)
    const hw = fixedPointScores(t, csrFromPredicate(1, () => true), cfg);
    expect(hw[0]![0]).toBe(0.3125);
  });

  it("approaches float as bits grow and has RMS error falling ~4× per extra 2 bits", () => {
    const t = randomTensors(2, 50, 64, 9);
    const m = csrFromPredicate(50, (i, j) => Math.abs(i - j) <= 4 || j === 0);
    const sw = floatScores(t, m);
    const ranges = { qMaxAbs: maxAbsOf(t.q), kMaxAbs: maxAbsOf(t.k), outMaxAbs: Math.max(...sw.map(maxAbsOf)) };
    const rms = [10, 12, 14, 16, 18].map((b) => rmsErrorPercent(fixedPointScores(t, m, uniformConfig(b, ranges)), sw));
    for (let i = 1; i < rms.length; i++) {
      expect(rms[i]!).toBeLessThan(rms[i - 1]!);
      expect(rms[i - 1]! / rms[i]!).toBeGreaterThan(2.5);
      expect(rms[i - 1]! / rms[i]!).toBeLessThan(6.5);
    }
    const wide = rmsErrorPercent(fixedPointScores(t, m, uniformConfig(24, ranges, { exactProducts: false })), sw);
    expect(wide).toBeLessThan(1e-3);
  });

  it("saturation clips and wrap-around corrupts an undersized output format", () => {
    const t = randomTensors(1, 30, 64, 3, 2);
    const m = windowMask({ gridH: 5, gridW: 6, kh: 3, special: 0 });
    const sw = floatScores(t, m);
    const ranges = { qMaxAbs: maxAbsOf(t.q), kMaxAbs: maxAbsOf(t.k), outMaxAbs: Math.max(...sw.map(maxAbsOf)) };
    const ok = uniformConfig(16, ranges);
    const small = { ...ok, output: { intBits: 1, fracBits: 14 } };
    const sat = fixedPointScores(t, m, small)[0]!;
    expect(Math.max(...sat)).toBeLessThanOrEqual(2 - 2 ** -14);
    const wrapped = fixedPointScores(t, m, { ...small, saturate: false });
    expect(rmsErrorPercent(wrapped, sw)).toBeGreaterThan(rmsErrorPercent([sat], sw));
    expect(rmsErrorPercent(fixedPointScores(t, m, ok), sw)).toBeLessThan(0.1);
  });

  it("rejects invalid configurations and non-power-of-two scales", () => {
    const t = randomTensors(1, 4, 4, 1);
    const m = csrFromPredicate(4, () => true);
    const cfg = uniformConfig(12, { qMaxAbs: 4, kMaxAbs: 4, outMaxAbs: 8 });
    expect(() => fixedPointScores(t, m, { ...cfg, accumulator: { intBits: 8, fracBits: cfg.product.fracBits + 1 } })).toThrow(/cannot be finer/);
    expect(() => fixedPointScores(t, m, { ...cfg, q: { intBits: 3, fracBits: 60 } })).toThrow(UserError);
    expect(() => fixedPointScores(t, m, cfg, 0.3)).toThrow(/not a power of two/);
    expect(() => fixedPointScores(t, m, { ...cfg, rounding: "up" as never })).toThrow(/rounding "up"/);
  });
});
