/**
 * HeatViT token-pruning model, the dense whole-model model, the equal-footing table and the FPGA
 * resource estimate / Fig. 12 reported data.
 */
import { describe, expect, it } from "vitest";
import { defaultHeatvitStages, HEATVIT_REPORTED_SPEEDUP, simulateHeatvit } from "../../lib/cycles/heatvit.ts";
import { denseModelCycles, gemmCycles } from "../../lib/cycles/dense-model.ts";
import { equalFooting, VITCOD_BUDGET } from "../../lib/cycles/compare.ts";
import { DEFAULT_RESOURCE_RULES, estimateResources, FIG12_POWER, FIG12_RESOURCES } from "../../lib/cycles/resources.ts";
import { XC7Z020, ZYBO_Z7_20_POSTER } from "../../lib/cycles/presets/hardware.ts";
import { DEIT_TINY, VIT_MODELS } from "../../lib/cycles/presets/models.ts";
import { ensureReferenceData } from "../../lib/data/reference/ensure.ts";
import { loadVitcodMasks } from "../../lib/masks/vitcod-masks.ts";

const haveRef = await ensureReferenceData();
const budget = { array: { rows: 8, cols: 64, macLatency: 0, drainRows: true }, bytesPerCycle: 128, weightBytes: 1 };

describe("dense whole-model cycles", () => {
  it("a GEMM is bandwidth-bound when its weights take longer to load than to use", () => {
    const slow = { ...budget, bytesPerCycle: 0.01 };
    expect(gemmCycles({ M: 1, K: 192, N: 192 }, slow, 192 * 192)).toBe(Math.ceil((192 * 192) / 0.01));
    expect(gemmCycles({ M: 197, K: 192, N: 192 }, budget, 0)).toBe(25 * 3 * (16 + 64 + 192 - 2));
  });
  it("DeiT-tiny attention matmuls are a minority of the model (MACs ≈ 15 %, cycles similar)", () => {
    const c = denseModelCycles(DEIT_TINY, budget);
    const share = c.attentionMatmuls / c.total;
    expect(share).toBeGreaterThan(0.1);
    expect(share).toBeLessThan(0.3);
    expect(c.blocks.length).toBe(12);
  });
  it("errors: 0 PEs, bandwidth <= 0, wrong per-block token list", () => {
    expect(() => denseModelCycles(DEIT_TINY, { ...budget, array: { ...budget.array, rows: 0 } })).toThrow(/at least 1×1 PEs/);
    expect(() => denseModelCycles(DEIT_TINY, { ...budget, bytesPerCycle: 0 })).toThrow(/bandwidth must be > 0/);
    expect(() => denseModelCycles(DEIT_TINY, budget, [197, 197])).toThrow(/2 per-block token counts for a 12-block model/);
  });
});

describe("HeatViT token pruning", () => {
  it("every model speeds up, less than the attention-work bound, and below HeatViT's reported 3.46–4.89×", () => {
    for (const m of Object.values(VIT_MODELS)) {
      const r = simulateHeatvit(m);
      expect(r.speedup, m.id).toBeGreaterThan(1.2);
      // tokens shrink at most to 68/197 of the work per block, so the speedup is bounded by depth·197/Σ tokens
      const bound = (m.depth * 197) / r.tokensPerBlock.reduce((s, t) => s + t, 0);
      expect(r.speedup, m.id).toBeLessThan(bound * 1.05);
      expect(r.speedup).toBeLessThan(HEATVIT_REPORTED_SPEEDUP.min);
      expect(r.speedupVs16bitBaseline).toBeGreaterThan(r.speedup * 1.8);
    }
  });
  it("schedule: 0.7 at 3/6/9 on DeiT-tiny gives 197, 139, 97, 68 tokens; lower keep ratio → faster", () => {
    const r = simulateHeatvit(DEIT_TINY);
    expect(r.selectorBlocks).toEqual([3, 6, 9]);
    expect(r.tokensPerBlock).toEqual([197, 197, 197, 139, 139, 139, 97, 97, 97, 68, 68, 68]);
    const aggressive = simulateHeatvit(DEIT_TINY, defaultHeatvitStages(12, 0.5));
    expect(aggressive.speedup).toBeGreaterThan(r.speedup);
    expect(() => defaultHeatvitStages(2)).toThrow(/depth must be an integer >= 4/);
  });
});

describe("equal footing (DeiT-tiny, 512 PEs, 76.8 GB/s)", () => {
  it("dense row is 1×; windowed speedups shrink from attention-only to end-to-end (Amdahl)", () => {
    const rows = equalFooting(undefined, VITCOD_BUDGET);
    const dense = rows.find((r) => r.design === "dense")!;
    expect([dense.speedupAttentionMatmuls, dense.speedupAttention, dense.speedupEndToEnd]).toEqual([1, 1, 1]);
    const w = rows.find((r) => r.design === "poster-window")!;
    expect(w.speedupAttentionMatmuls).toBeGreaterThan(w.speedupAttention);
    expect(w.speedupAttention).toBeGreaterThan(w.speedupEndToEnd);
    expect(w.speedupEndToEnd).toBeGreaterThan(1);
    expect(rows.some((r) => r.design.startsWith("vitcod"))).toBe(false);
    expect(() => equalFooting(undefined, { ...VITCOD_BUDGET, bandwidthGBps: 0 })).toThrow(/bandwidth must be > 0/);
    expect(() => equalFooting(undefined, { ...VITCOD_BUDGET, rows: 1, cols: 20 })).toThrow(/cannot hold one 10-PE MAC line per head/);
  });
  it.skipIf(!haveRef)("with ViTCoD's masks: both ViTCoD rows, sparse attention far cheaper than dense", () => {
    const rows = equalFooting(loadVitcodMasks());
    const ae = rows.find((r) => r.design === "vitcod-ae")!;
    const noAe = rows.find((r) => r.design === "vitcod-no-ae")!;
    expect(ae.speedupAttentionMatmuls).toBeGreaterThan(5);
    expect(ae.attentionMatmuls).toBe(noAe.attentionMatmuls);
    expect(ae.speedupEndToEnd).toBeLessThan(ae.speedupAttention);
  });
});

describe("FPGA resources (Fig. 12 reported; first-order estimate)", () => {
  it("reported percentages equal used/available to the printed precision", () => {
    for (const r of FIG12_RESOURCES) expect(Math.round((r.used / r.available) * 1e4) / 100, r.resource).toBeCloseTo(r.percent, 2);
    const byName = new Map(FIG12_RESOURCES.map((r) => [r.resource, r]));
    expect(byName.get("DSP")!.available).toBe(XC7Z020.dsp);
    expect(byName.get("BRAM")!.available).toBe(XC7Z020.bram36);
    expect(byName.get("LUT")!.available).toBe(XC7Z020.lut);
    expect(byName.get("FF")!.available).toBe(XC7Z020.ff);
  });
  it("power: dynamic + static ≈ total shares; PS7 dominates the dynamic power", () => {
    const p = new Map(FIG12_POWER.map((r) => [r.component, r.watts]));
    expect(p.get("Dynamic")! / (p.get("Dynamic")! + p.get("Device Static")!)).toBeCloseTo(0.9, 2);
    expect(p.get("PS7")! / p.get("Dynamic")!).toBeGreaterThan(0.95);
  });
  it("estimate: 30 MACs → 30 DSP (1 per 16-bit MAC); buffers 535,446 B → 131 BRAM36", () => {
    const e = estimateResources(ZYBO_Z7_20_POSTER);
    expect(e.macs).toBe(30);
    expect(e.dsp).toBe(30);
    expect(e.bufferBytes).toBe(3 * (4 * 197 * 64 * 2 + 197 * 197 * 2));
    expect(e.bram36).toBe(Math.ceil(e.bufferBytes / 4096));
    expect(e.bram36PerBufferRounding).toBeGreaterThanOrEqual(e.bram36);
    expect(estimateResources(ZYBO_Z7_20_POSTER, { ...DEFAULT_RESOURCE_RULES, dspPerMac: 0.5 }).dsp).toBe(15);
  });
});

describe("data/fpga-resources-reported.arrow", () => {
  it("is exactly what the generator writes (byte-identical) and reads back as the quoted rows", async () => {
    const { readFileSync } = await import("node:fs");
    const { encodeArrowTable } = await import("../../lib/data/arrow-table.ts");
    const { FIG12_FILE, FIG12_SCHEMA, fig12Table, readFig12 } = await import("../../lib/cycles/fig12-data.ts");
    const onDisk = new Uint8Array(readFileSync(FIG12_FILE));
    expect(Buffer.from(encodeArrowTable(FIG12_SCHEMA, fig12Table())).equals(Buffer.from(onDisk))).toBe(true);
    const rows = readFig12();
    expect(rows.length).toBe(FIG12_RESOURCES.length + FIG12_POWER.length);
    const bram = rows.find((r) => r.item === "BRAM" && r.section === "utilization")!;
    expect([bram.value, bram.available, bram.percent]).toEqual([131, 140, 93.57]);
  });
});

describe("HeatViT: how much pruning would the reported speedup need", () => {
  it("pruning alone with selectors at 3/6/9 cannot reach 3.46× (unpruned first blocks, weight streaming)", async () => {
    const { keepRatioForSpeedup } = await import("../../lib/cycles/heatvit.ts");
    expect(keepRatioForSpeedup(DEIT_TINY, 3.46)).toBeNull();
    const half = keepRatioForSpeedup(DEIT_TINY, 3.46 / 2)!;
    expect(half).toBeGreaterThan(0.3);
    expect(half).toBeLessThan(0.7);
    expect(simulateHeatvit(DEIT_TINY, defaultHeatvitStages(12, half)).speedup).toBeGreaterThanOrEqual(3.46 / 2);
    expect(() => keepRatioForSpeedup(DEIT_TINY, 0.5)).toThrow(/target speedup must be > 1/);
  });
});

describe("presets fit their devices", () => {
  it("Zybo preset fits the XC7Z020; the ZCU102 preset (two 8-bit MACs per DSP) fits the XCZU9EG; ASIC has no device", async () => {
    const { checkFits } = await import("../../lib/cycles/resources.ts");
    const { ZCU102_HEATVIT, VITCOD_ASIC } = await import("../../lib/cycles/presets/hardware.ts");
    expect(checkFits(ZYBO_Z7_20_POSTER).every((r) => r.fits)).toBe(true);
    const zcu = checkFits(ZCU102_HEATVIT, { ...DEFAULT_RESOURCE_RULES, dspPerMac: 0.5 });
    expect(zcu).toEqual([
      { resource: "DSP", estimate: 512, available: 2520, fits: true },
      { resource: "BRAM36", estimate: 256, available: 912, fits: true },
    ]);
    expect(() => checkFits(VITCOD_ASIC)).toThrow(/not an FPGA preset/);
  });
});
