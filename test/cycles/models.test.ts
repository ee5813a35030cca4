/**
 * The cycle-model registry and its models (systolic baseline, MAC lines, ViTCoD, HeatViT), HeatViT vs its
 * baseline, the one-footing comparison and its split, the energy estimate, and the FPGA resource estimate
 * beside the poster's Fig. 12.
 */
import { describe, expect, it } from "vitest";
import { compareDesigns } from "../../lib/cycles/compare.ts";
import { energyEstimate } from "../../lib/cycles/energy.ts";
import { heatvitReport, heatvitReports, keepRatioForSpeedup } from "../../lib/analysis/heatvit.ts";
import { simulateMacLines } from "../../lib/cycles/models/mac-lines.ts";
import { simulateSystolic } from "../../lib/cycles/models/systolic.ts";
import { gemmCost, nonlinearCosts, selectorCost } from "../../lib/cycles/parts.ts";
import { VIT_MODELS } from "../../lib/specs/models.ts";

const DEIT_TINY = VIT_MODELS["deit-tiny"]!;
import { CYCLE_MODELS, cycleModel } from "../../lib/cycles/registry.ts";
import { DEFAULT_RESOURCE_RULES, estimateResources, checkFits } from "../../lib/cycles/resources.ts";
import { denseWorkload, tokenPrunedWorkload, windowScheduleWorkload } from "../../lib/cycles/workloads.ts";
import { ensureReferenceData } from "../../lib/data/reference/ensure.ts";
import { loadVitcodMasks } from "../../lib/masks/vitcod-masks.ts";
import { POSTER_WINDOWED_BLOCKS } from "../../lib/specs/poster.ts";
import { HEATVIT_MODELS, HEATVIT_SPEEDUP } from "../../lib/paper/heatvit.ts";
import { FIG12_POWER, FIG12_RESOURCES } from "../../lib/paper/poster-fig12.ts";
import { HOROWITZ_45NM, macEnergyPj } from "../../lib/specs/energy.ts";
import { FOOTING_512, VITCOD_ASIC, XC7Z020, ZCU102_BASELINE, ZCU102_HEATVIT, ZYBO_Z7_20_POSTER, peCount } from "../../lib/specs/hardware.ts";
import { quarterSchedule } from "../../lib/specs/token-pruning.ts";

const haveRef = await ensureReferenceData();

describe("shared parts", () => {
  it("a GEMM is bandwidth-bound when its weights take longer to load than to use; SRAM reads per fold", () => {
    const slow = { ...FOOTING_512, offChipBytesPerSecond: 0.01 * FOOTING_512.clockHz };
    expect(gemmCost({ M: 1, K: 192, N: 192 }, slow, 192 * 192).cycles).toBe(Math.ceil((192 * 192) / 0.01));
    const c = gemmCost({ M: 197, K: 192, N: 192 }, FOOTING_512, 0);
    expect(c.cycles).toBe(25 * 3 * (16 + 64 + 192 - 2));
    expect(c.sramElements).toBe(197 * 192 * 3 + 192 * 192 * 25 + 197 * 192);
  });
  it("nonlinear cycles: elements · passes / lanes; polynomial lanes are 4× the exact ones", () => {
    const block = { tokens: 197, selector: false };
    const exact = nonlinearCosts(DEIT_TINY, block, FOOTING_512, "exact");
    const poly = nonlinearCosts(DEIT_TINY, block, FOOTING_512, "polynomial");
    expect(exact.cycles.softmax).toBe(Math.ceil((3 * 197 * 197 * 3) / 16));
    expect(exact.cycles.gelu).toBe(Math.ceil((197 * 768) / 16));
    expect(poly.cycles.layerNorm).toBe(Math.ceil((2 * 197 * 192 * 3) / 64));
    expect(exact.elements).toBe(poly.elements);
  });
  it("the multi-head selector costs far less than a block (per head d → d/2 → 2)", () => {
    const sel = selectorCost(DEIT_TINY, 197, 59, FOOTING_512);
    expect(sel.macs).toBe(3 * (197 * 64 * 32 + 64 * 32 + 197 * 64 * 2 + 64) + 59 * 192);
    const block = simulateSystolic(FOOTING_512, { ...denseWorkload(DEIT_TINY), blocks: [{ tokens: 197, selector: false }] });
    expect(sel.cycles).toBeLessThan(block.total / 10);
  });
});

describe("registry: every model answers with one breakdown shape", () => {
  it("totals are the sum of the parts, utilisation in (0, 1], attention sparsity lowers only sparse-aware designs", () => {
    const dense = denseWorkload(DEIT_TINY);
    const win = windowScheduleWorkload(DEIT_TINY, 3, POSTER_WINDOWED_BLOCKS);
    for (const m of CYCLE_MODELS) {
      const b = m.evaluate(FOOTING_512, dense);
      const parts = b.attentionMatmuls + b.projections + b.mlp + b.selector + b.exposedDataMovement + b.nonlinear.softmax + b.nonlinear.gelu + b.nonlinear.layerNorm;
      expect(b.total, m.id).toBe(parts);
      expect(b.utilisation, m.id).toBeGreaterThan(0);
      expect(b.utilisation, m.id).toBeLessThanOrEqual(1);
      expect(b.pes).toBe(peCount(FOOTING_512));
      const w = m.evaluate(FOOTING_512, win);
      if (m.exploits === "window" || m.exploits === "learned-masks") expect(w.attentionMatmuls, m.id).toBeLessThan(b.attentionMatmuls);
      else expect(w.attentionMatmuls, m.id).toBe(b.attentionMatmuls);
    }
    expect(() => cycleModel("poster")).toThrow(/unknown accelerator model "poster"/);
    expect(() => cycleModel("warp")).toThrow(/unknown accelerator model "warp"/);
  });
  it("the MAC-line design on a 30-PE budget equals the Fig. 11 line model per head (static window slots)", () => {
    const one = { ...denseWorkload(DEIT_TINY), blocks: [{ tokens: 197, selector: false }] };
    const b = simulateMacLines(ZYBO_Z7_20_POSTER, one);
    // 3 lines (one per head), dense: Q×K 197·20·66 + S×V 197·7·(197+2).
    expect(b.attentionMatmuls).toBe(197 * 20 * 66 + 197 * 7 * 199);
  });
});

describe("HeatViT vs its baseline (ZCU102)", () => {
  it("answers for all five models; the factors multiply to the modelled speedup; per-model reported values null", () => {
    const reports = heatvitReports();
    expect(reports.map((r) => r.model)).toEqual([...HEATVIT_MODELS]);
    for (const r of reports) {
      expect(r.factors.datapath * r.factors.nonlinear * r.factors.pruning).toBeCloseTo(r.modelledSpeedup, 10);
      expect(r.factors.datapath).toBeGreaterThan(1);
      expect(r.factors.nonlinear).toBeGreaterThan(1);
      expect(r.factors.pruning).toBeGreaterThan(1);
      expect(r.reportedSpeedup).toBeNull();
      expect(r.reportedRange).toMatchObject({ min: HEATVIT_SPEEDUP.min.value, max: HEATVIT_SPEEDUP.max.value });
    }
  });
  it("DeiT-tiny: 0.7 at blocks 3/6/9 → 197,139,97,68 tokens; a harder keep ratio is faster", () => {
    const r = heatvitReport(DEIT_TINY);
    expect(r.tokensPerBlock).toEqual([197, 197, 197, 139, 139, 139, 97, 97, 97, 68, 68, 68]);
    expect(heatvitReport(DEIT_TINY, quarterSchedule(12, 0.5)).modelledSpeedup).toBeGreaterThan(r.modelledSpeedup);
    expect(r.breakdown.heatvit.selector).toBeGreaterThan(0);
    expect(r.breakdown.baseline.selector).toBe(0);
  });
  it("the baseline and HeatViT presets spend the same DSPs (16-bit: 1 MAC per DSP, 8-bit: 2)", () => {
    expect(peCount(ZCU102_BASELINE) / ZCU102_BASELINE.macsPerDsp!).toBe(peCount(ZCU102_HEATVIT) / ZCU102_HEATVIT.macsPerDsp!);
    expect(keepRatioForSpeedup(DEIT_TINY, 3)).toBeGreaterThan(0);
    expect(() => keepRatioForSpeedup(DEIT_TINY, 0.5)).toThrow(/target speedup must be > 1/);
  });
});

describe("compare: designs × workloads on one footing", () => {
  it("split: arrayEffect × sparsityEffect = total for every design; the poster's ×1.94 × ×1.85 on the attention matmuls", () => {
    const r = compareDesigns();
    expect(r.preset).toBe("footing-512");
    expect(r.rows.length).toBe(CYCLE_MODELS.length * 3);
    for (const s of r.split) expect(s.arrayEffect * s.sparsityEffect).toBeCloseTo(s.total, 10);
    const poster = r.split.find((s) => s.design === "mac-lines" && s.scope === "attention")!;
    expect(poster.workload).toBe("deit-tiny-window-k3");
    expect(poster.arrayEffect).toBeCloseTo(1.942, 3);
    expect(poster.sparsityEffect).toBeCloseTo(1.846, 3);
    const base = r.split.find((s) => s.design === "systolic" && s.scope === "total")!;
    expect([base.arrayEffect, base.sparsityEffect, base.total]).toEqual([1, 1, 1]);
    for (const row of r.rows) expect(row.energy.kind).toBe("estimate");
  });
  it("the poster's schedule through the kit's mask export (.npy, True = pruned) gives the same rows as the generated masks", async () => {
    const { mkdtempSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { windowModelMasks, writeMaskExport } = await import("../../lib/masks/export.ts");
    const { readNpy } = await import("../../lib/data/npy.ts");
    const { masksFromPrunedArray } = await import("../../lib/masks/vitcod-masks.ts");
    const dir = mkdtempSync(join(tmpdir(), "vitsparse-compare-"));
    const path = join(dir, "schedule.npy");
    writeMaskExport(path, { masks: windowModelMasks({ gridH: 14, gridW: 14, kh: 3, special: 1, layers: 12, heads: 3, windowedLayers: POSTER_WINDOWED_BLOCKS }), single: false, description: "test", generator: "test" });
    const npy = readNpy(path);
    const windowMasks = masksFromPrunedArray(npy.data as Uint8Array, npy.shape);
    rmSync(dir, { recursive: true, force: true });
    const viaExport = compareDesigns({ windowMasks });
    const generated = compareDesigns();
    expect(viaExport.rows.map((r) => [r.design, r.workload, r.totalCycles])).toEqual(generated.rows.map((r) => [r.design, r.workload, r.totalCycles]));
  });
  it.skipIf(!haveRef)("with ViTCoD's masks: every design × 4 workloads, ViTCoD's sparse attention far cheaper than dense", () => {
    const r = compareDesigns({ vitcodMasks: loadVitcodMasks() });
    expect(r.rows.length).toBe(CYCLE_MODELS.length * 4);
    const v = r.split.find((s) => s.design === "vitcod" && s.scope === "attention")!;
    expect(v.workload).toBe("deit-tiny-vitcod-masks");
    expect(v.sparsityEffect).toBeGreaterThan(5);
  });
});

describe("energy estimate (Horowitz ISSCC 2014, 45 nm)", () => {
  it("MAC energies by width; the estimate is the sum of its terms", () => {
    expect(macEnergyPj(HOROWITZ_45NM, 8)).toBeCloseTo(0.23, 10);
    expect(macEnergyPj(HOROWITZ_45NM, 32)).toBeCloseTo(3.2, 10);
    expect(macEnergyPj(HOROWITZ_45NM, 16)).toBeCloseTo(0.865, 10);
    const b = simulateSystolic(FOOTING_512, denseWorkload(DEIT_TINY));
    const e = energyEstimate(b, FOOTING_512);
    expect(e.totalUj).toBeCloseTo(e.macUj + e.nonlinearUj + e.sramUj + e.dramUj, 9);
    expect(e.totalRangeUj[0]).toBeLessThan(e.totalUj);
    expect(e.totalRangeUj[1]).toBeGreaterThan(e.totalUj);
    expect(e.macUj).toBeCloseTo((b.macs * 0.23) / 1e6, 9);
  });
  it("token pruning lowers energy; the weights dominate DRAM bytes (DeiT-tiny 5.3 M parameters ≈ 5.3 MB at 8 bit)", () => {
    const d = simulateSystolic(FOOTING_512, denseWorkload(DEIT_TINY));
    const p = simulateSystolic(FOOTING_512, tokenPrunedWorkload(DEIT_TINY, quarterSchedule(12)));
    expect(energyEstimate(p, FOOTING_512).totalUj).toBeLessThan(energyEstimate(d, FOOTING_512).totalUj);
    expect(d.traffic.dramBytes).toBe(12 * (4 * 192 * 192 + 2 * 192 * 768));
  });
});

describe("FPGA resources (Fig. 12 reported; first-order estimate)", () => {
  it("reported percentages equal used/available to the printed precision; available = the XC7Z020", () => {
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
  it("estimate: 30 MACs → 30 DSP (1 per 16-bit MAC); buffers → 131 BRAM36", () => {
    const e = estimateResources(ZYBO_Z7_20_POSTER);
    expect(e.macs).toBe(30);
    expect(e.dsp).toBe(30);
    expect(e.bufferBytes).toBe(3 * (4 * 197 * 64 * 2 + 197 * 197 * 2));
    expect(e.bram36).toBe(131);
    expect(estimateResources(ZYBO_Z7_20_POSTER, { ...DEFAULT_RESOURCE_RULES, dspPerMac: 0.5 }).dsp).toBe(15);
  });
  it("presets fit their devices; the ASIC has no device", () => {
    expect(checkFits(ZYBO_Z7_20_POSTER).every((r) => r.fits)).toBe(true);
    expect(checkFits(ZCU102_HEATVIT, { ...DEFAULT_RESOURCE_RULES, dspPerMac: 0.5 })).toEqual([
      { resource: "DSP", estimate: 512, available: 2520, fits: true },
      { resource: "BRAM36", estimate: 256, available: 912, fits: true },
    ]);
    expect(() => checkFits(VITCOD_ASIC)).toThrow(/not an FPGA preset/);
  });
});

describe("data/fpga-resources-reported.arrow", () => {
  it("is exactly what the generator writes (byte-identical) and reads back as the quoted rows", async () => {
    const { readFileSync } = await import("node:fs");
    const { encodeArrowTable } = await import("../../lib/data/arrow-table.ts");
    const { FIG12_FILE, FIG12_SCHEMA, fig12Table, readFig12 } = await import("../../lib/data/files/fpga-resources-reported.ts");
    const onDisk = new Uint8Array(readFileSync(FIG12_FILE));
    expect(Buffer.from(encodeArrowTable(FIG12_SCHEMA, fig12Table())).equals(Buffer.from(onDisk))).toBe(true);
    const rows = readFig12();
    expect(rows.length).toBe(FIG12_RESOURCES.length + FIG12_POWER.length);
    const bram = rows.find((r) => r.item === "BRAM" && r.section === "utilization")!;
    expect([bram.value, bram.available, bram.percent]).toEqual([131, 140, 93.57]);
  });
});
