import { describe, expect, it } from "vitest";
import {
  approximationErrorTable, erf, erfPoly, expPoly, geluExact, geluPoly, intExp, intGelu, intSoftmax, quantizeSigned,
  softmaxApproximationEffect, softmaxExact,
} from "../../lib/kernels/ibert.ts";
import { floatScores } from "../../lib/kernels/fixed-point.ts";
import { windowMask } from "../../lib/masks/window.ts";
import { randomTensors } from "./helpers.ts";

describe("I-BERT polynomial approximations", () => {
  it("the exact erf reference matches known values", () => {
    expect(erf(0.5)).toBeCloseTo(0.5204998778130465, 14);
    expect(erf(1)).toBeCloseTo(0.8427007929497149, 14);
    expect(erf(2)).toBeCloseTo(0.9953222650189527, 14);
    expect(erf(-3.5)).toBeCloseTo(-0.9999992569016276, 14);
  });

  it("float polynomials: erf saturates at |x| ≥ 1.769; i-GELU error on [-4, 4] as I-BERT reports (L2 ≈ 0.0082, L∞ ≈ 0.018)", () => {
    expect(erfPoly(0)).toBe(0);
    expect(erfPoly(2)).toBe(1);
    expect(erfPoly(-5)).toBe(-1);
    const row = approximationErrorTable([[-4, 4]], [[-16, 0]]);
    const gelu = row.find((r) => r.fn === "GELU" && r.variant === "float polynomial")!;
    expect(gelu.rmsError).toBeGreaterThan(0.0080);
    expect(gelu.rmsError).toBeLessThan(0.0084);
    expect(gelu.maxAbsError).toBeGreaterThan(0.0175);
    expect(gelu.maxAbsError).toBeLessThan(0.0185);
    for (let x = -16; x <= 0; x += 0.01) expect(Math.abs(expPoly(x) - Math.exp(x)) / Math.exp(x)).toBeLessThan(0.0035);
  });

  it("integer versions track the float polynomials to within a few output LSBs", () => {
    const scale = 8 / 127;
    for (let c = -128; c <= 127; c++) {
      const g = intGelu(c, scale);
      expect(Math.abs(g.code * g.scale - geluPoly(c * scale))).toBeLessThan(0.05);
    }
    const es = 8 / 127;
    for (let c = -127; c <= 0; c++) {
      const e = intExp(c, es);
      expect(Math.abs(e.code * e.scale - expPoly(c * es))).toBeLessThan(0.04);
    }
    expect(Math.abs(geluPoly(1) - geluExact(1))).toBeLessThan(0.02);
  });

  it("integer softmax gives 8-bit probabilities that sum to at most 1 and approximate the exact softmax", () => {
    const x = [2.1, -0.3, 0.7, 1.9, -4, 0];
    const scale = 4 / 127;
    const p = intSoftmax(x.map((v) => quantizeSigned(v, scale)), scale);
    const exact = softmaxExact(x);
    const sum = p.reduce((a, b) => a + b, 0);
    expect(sum).toBeLessThanOrEqual(1);
    expect(sum).toBeGreaterThan(1 - x.length / 256 - 0.03);
    for (let i = 0; i < x.length; i++) {
      expect(p[i]! * 256).toBe(Math.round(p[i]! * 256)); // 8-bit codes
      expect(Math.abs(p[i]! - exact[i]!)).toBeLessThan(0.03);
    }
  });

  it("reports the effect on a windowed attention map (float polynomial ≪ int8)", () => {
    const t = randomTensors(3, 197, 64, 5);
    const m = windowMask({ gridH: 14, gridW: 14, kh: 3 });
    const s = floatScores(t, m);
    const eff = softmaxApproximationEffect([m.rowPtr, m.rowPtr, m.rowPtr], s);
    expect(eff.floatPolyRmsPercent).toBeGreaterThan(0);
    expect(eff.floatPolyRmsPercent).toBeLessThan(1);
    expect(eff.int8RmsPercent).toBeGreaterThan(eff.floatPolyRmsPercent);
  });
});
