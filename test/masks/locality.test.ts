import { describe, expect, it } from "vitest";
import { maskLocality, modelLocality, scoreLocality } from "../../lib/masks/locality.ts";
import { denseMask, layoutFor, maskFromBitmap } from "../../lib/masks/sparse-mask.ts";
import { windowMask } from "../../lib/masks/window.ts";
import { loadVitcodMasks } from "../../lib/masks/vitcod-masks.ts";
import { need, vitcodReference } from "./reference.ts";

const ref = await vitcodReference();

describe("locality metrics", () => {
  it("a k=3 window mask is fully local at k=3 and covers its window", () => {
    const m = maskLocality(windowMask({ gridH: 14, gridW: 14, kh: 3 }), 3);
    expect(m.keptPatchEntries).toBe(1600);
    expect(m.windowShare).toBe(1);
    expect(m.windowCoverage).toBe(1);
    expect(m.diagonalShare).toBe(196 / 1600);
    expect(m.selfKeptShare).toBe(1);
    expect(m.uniformWindowShare).toBe(1600 / (196 * 196));
  });
  it("a k=5 window measured at k=3: share = 1600/4096", () => {
    const m = maskLocality(windowMask({ gridH: 14, gridW: 14, kh: 5 }), 3);
    expect(m.windowShare).toBe(1600 / 4096);
  });
  it("a dense mask has uniform statistics", () => {
    const m = maskLocality(denseMask(197, layoutFor(197, 14, 14)), 3);
    expect(m.windowShare).toBeCloseTo(m.uniformWindowShare, 12);
    expect(m.meanDistance).toBeCloseTo(m.uniformMeanDistance, 12);
    expect(m.windowCoverage).toBe(1);
  });
  it("score maps are mass-weighted; one-hot right neighbour → distance 1", () => {
    const layout = layoutFor(17, 4, 4);
    const s = new Float64Array(17 * 17);
    for (let p = 0; p < 16; p++) {
      const q = 1 + p;
      const right = p % 4 === 3 ? q - 1 : q + 1;
      s[q * 17 + right] = 1;
      s[q * 17 + 0] = 5; // CLS mass is ignored
    }
    const m = scoreLocality(s, layout, 3);
    expect(m.keptPatchEntries).toBe(16);
    expect(m.windowShare).toBe(1);
    expect(m.meanDistance).toBe(1);
    expect(m.diagonalShare).toBe(0);
    expect(Number.isNaN(m.windowCoverage)).toBe(true);
  });
  it("needs a layout", () => {
    expect(() => maskLocality(maskFromBitmap(new Uint8Array(4), 2))).toThrow(/layout/);
  });
  it.skipIf(ref === null)("ViTCoD masks: pooled per-layer numbers are consistent with the per-head numbers", () => {
    const masks = loadVitcodMasks(need(ref).masks);
    const loc = modelLocality(masks, 3);
    expect(loc.perLayer.length).toBe(12);
    for (let l = 0; l < 12; l++) {
      const heads = loc.perHead[l]!;
      const kept = heads.reduce((a, h) => a + h.keptPatchEntries, 0);
      expect(loc.perLayer[l]!.keptPatchEntries).toBe(kept);
      const inWin = heads.reduce((a, h) => a + h.windowShare * h.keptPatchEntries, 0);
      expect(loc.perLayer[l]!.windowShare).toBeCloseTo(inWin / kept, 12);
    }
  });
});
