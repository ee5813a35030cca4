/**
 * Notebook 05's verdicts and the evidence functions behind them: the ablation rule of Fig. 11, the SDDMM
 * direction, Fig. 12's resource and power estimates, ViTCoD's utilisation against mask density, and the rank
 * statistics they use. Inputs are generated or committed (no reference data needed).
 */
import { describe, expect, it } from "vitest";
import {
  fig11Verdicts,
  fig12Items,
  fig12Verdicts,
  heatvitOverheadVerdicts,
  heatvitSpeedupVerdict,
  printedWatts,
  sddmmSystolicVerdict,
  underutilisationVerdict,
  utilisationFamilies,
  type Fig12Estimate,
} from "../../lib/analysis/fpga-verdicts.ts";
import { ablationVerdict, agreement, exact, factorVerdict, plusMinus } from "../../lib/claims/verdict.ts";
import { averagePower, energyEstimate } from "../../lib/cycles/energy.ts";
import { vitcodUtilisationVsDensity, type UtilisationPoint } from "../../lib/analysis/vitcod-evidence.ts";
import { simulateMacLines } from "../../lib/cycles/models/mac-lines.ts";
import { posterAblation, simulatePoster, type AblationRow } from "../../lib/cycles/poster.ts";
import { heatvitReports, type HeatvitReport } from "../../lib/analysis/heatvit.ts";
import { VIT_MODELS } from "../../lib/specs/models.ts";

const DEIT_TINY = VIT_MODELS["deit-tiny"]!;
import { scoreBufferEstimates } from "../../lib/cycles/resources.ts";
import { windowScheduleWorkload } from "../../lib/cycles/workloads.ts";
import { readFig12 } from "../../lib/data/files/fpga-resources-reported.ts";
import { maskStats } from "../../lib/masks/sparse-mask.ts";
import { windowMask } from "../../lib/masks/window.ts";
import { VITCOD_ASIC, ZYBO_Z7_20_POSTER } from "../../lib/specs/hardware.ts";
import { averageRanks, spearman } from "../../lib/stats.ts";

describe("rank statistics", () => {
  it("average ranks share tied ranks; Spearman is ±1 for monotone samples and exact with ties", () => {
    expect(averageRanks([10, 30, 20, 20])).toEqual([1, 4, 2.5, 2.5]);
    expect(spearman([1, 2, 3, 4], [10, 20, 25, 100])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
    // scipy.stats.spearmanr([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]) = 0.8; with a tie in y: ([1,2,3,4], [1,2,2,3]) = 0.9486833
    expect(spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5])).toBeCloseTo(0.8, 12);
    expect(spearman([1, 2, 3, 4], [1, 2, 2, 3])).toBeCloseTo(0.9486833, 6);
    expect(spearman([1], [1])).toBeNaN();
    expect(spearman([1, 2, 3], [5, 5, 5])).toBeNaN();
    expect(() => spearman([1, 2], [1])).toThrowError(/differ in length/);
  });
});

describe("verdict rules for modelled values", () => {
  const rows = (...v: number[]) => v.map((value, i) => ({ id: i === 0 ? "base" : `a${i}`, value }));
  it("an ablation is reproduced only when every assumption set lands in the band, indeterminate when it straddles", () => {
    expect(ablationVerdict(rows(17.4, 17.0, 18.2), "base", 17.4, 0.05).status).toBe("reproduced");
    const v = ablationVerdict(rows(18.24, 16.33, 17.5), "base", 17.4, 0.05);
    expect(v.status).toBe("indeterminate");
    expect(v.outside).toEqual(["a1"]);
    expect(v.inside).toEqual(["base", "a2"]);
    expect(v.baseInside).toBe(true);
    expect([v.interval.value, v.interval.lo, v.interval.hi]).toEqual([18.24, 16.33, 18.24]);
    expect(ablationVerdict(rows(20, 21), "base", 17.4, 0.05).status).toBe("contradicted");
    expect(() => ablationVerdict(rows(1, 2), "nope", 1, 0.05)).toThrowError(/no assumption set "nope"/);
  });
  it("readings that disagree are indeterminate; a factor band judges orders of magnitude", () => {
    expect(agreement(["reproduced", "reproduced"])).toBe("reproduced");
    expect(agreement(["reproduced", "contradicted"])).toBe("indeterminate");
    expect(agreement(["contradicted"])).toBe("contradicted");
    expect(() => agreement([])).toThrowError(/no verdicts/);
    expect(factorVerdict(exact(10.7), { value: 4, lo: 3, hi: 5 }, 10)).toBe("reproduced");
    expect(factorVerdict(exact(100), { value: 4, lo: 3, hi: 5 }, 10)).toBe("contradicted");
    expect(factorVerdict(exact(40), { value: 4, lo: 3, hi: 5 }, 10)).toBe("indeterminate");
  });
});

describe("Fig. 11 and the SDDMM claim across the documented ablation", () => {
  const ablation = posterAblation();
  it("every ratio is judged over the ablation without the row fitted after seeing the data; the ranges are the ledger's", () => {
    const v = fig11Verdicts(ablation, "base", 0.05, "f.svg");
    expect(v.map((x) => x.id)).toEqual(["poster-fig11-qk-systolic-to-lines", "poster-fig11-qk-full-to-window", "poster-fig11-sv-systolic-to-lines", "poster-fig11-sv-full-to-window"]);
    for (const x of v) {
      expect(x.status, x.id).toBe("indeterminate");
      expect(x.reason).not.toContain("query-fetch-3");
      expect(x.reason).toContain("of 10 assumption sets");
      expect(x.evidence).toContain("lib/cycles/poster.ts");
    }
    expect(v[1]!.kitValue).toContain("×16.33–×18.24");
    expect(v[3]!.kitValue).toContain("×14.07–×17.99");
    expect(v[3]!.reason).toMatch(/ideal-mac ×17\.99 \(\+20\.2 %\)/);
  });
  it("reproduced when every assumption set agrees, and the fitted row alone cannot change a verdict", () => {
    const base = ablation.find((r) => r.id === "base")!;
    const onlyBase = fig11Verdicts([base], "base", 0.05, "f.svg");
    expect(onlyBase.map((x) => x.status)).toEqual(["reproduced", "reproduced", "reproduced", "reproduced"]);
    const fitted: AblationRow = { ...base, id: "fitted", afterData: true, ratios: { ...base.ratios, svFullToWindow: 100 } };
    expect(fig11Verdicts([base, fitted], "base", 0.05, "f.svg")[3]!.status).toBe("reproduced");
    expect(() => fig11Verdicts([], "base", 0.05, "f.svg")).toThrowError(/no base row/);
  });
  it("SDDMM: the systolic array is slower for Q×K under every assumption set; a set where it is not makes it indeterminate", () => {
    const r = simulatePoster();
    expect(sddmmSystolicVerdict(ablation, r, "f.svg").status).toBe("reproduced");
    const faster: AblationRow = { ...ablation[0]!, id: "fast-systolic", ratios: { ...ablation[0]!.ratios, qkSystolicToLines: 0.9 } };
    const v = sddmmSystolicVerdict([...ablation, faster], r, "f.svg");
    expect(v.status).toBe("indeterminate");
    expect(v.reason).toContain("not under fast-systolic");
  });
});

describe("Fig. 12: resource and power estimates", () => {
  const buffers = scoreBufferEstimates(ZYBO_Z7_20_POSTER, { heads: 3, tokens: 197, k: 3 });
  it("the score buffer's two readings: dense 197×197 per head → 131 BRAM36, windowed 197 × 10 per head → 77", () => {
    expect(buffers.windowedScoreBytes).toBe(3 * 197 * 10 * 2);
    expect(buffers.dense.bram36).toBe(Math.ceil((3 * (4 * 197 * 64 * 2) + 3 * 197 * 197 * 2) / 4096));
    expect(buffers.dense.bram36).toBe(131);
    expect(buffers.windowed.bram36).toBe(Math.ceil((3 * (4 * 197 * 64 * 2) + 3 * 197 * 10 * 2) / 4096));
    expect(buffers.windowed.bram36).toBe(77);
    expect(buffers.windowed.dsp).toBe(30);
    expect(buffers.dense.ffDatapath).toBe(30 * 5 * 16);
    expect(() => scoreBufferEstimates(VITCOD_ASIC, { heads: 3, tokens: 197, k: 3 })).toThrowError(/no scores buffer/);
    expect(() => scoreBufferEstimates(ZYBO_Z7_20_POSTER, { heads: 3, tokens: 197, k: 0 })).toThrowError(/k must be a positive integer/);
  });
  it("average power is energy over time; on chip leaves the DRAM term out", () => {
    const run = simulateMacLines(ZYBO_Z7_20_POSTER, windowScheduleWorkload(DEIT_TINY, 3, [0, 1, 2, 3, 4, 5]));
    const e = energyEstimate(run, ZYBO_Z7_20_POSTER);
    const p = averagePower(e, run.ms);
    expect(p.onChipMw).toBeCloseTo((e.macUj + e.nonlinearUj + e.sramUj) / run.ms, 12);
    expect(p.totalMw).toBeCloseTo(e.totalUj / run.ms, 12);
    expect(p.totalMw - p.onChipMw).toBeCloseTo(e.dramUj / run.ms, 9);
    expect(() => averagePower(e, 0)).toThrowError(/must be > 0 ms/);
  });
  const items = fig12Items(readFig12());
  const est = (onChipMw: number, b = buffers): Fig12Estimate => ({ buffers: b, tokens: 197, k: 3, onChipMw, totalMw: onChipMw + 7, energyTable: "horowitz-45nm", clockMHz: 125 });
  const status = (v: ReturnType<typeof fig12Verdicts>, id: string) => v.find((x) => x.id === id)!.status;
  it("DSP 30 vs 20 is contradicted; BRAM carries both buffer readings (indeterminate); FF has only a lower bound; LUT and LUTRAM are quoted", () => {
    const v = fig12Verdicts(items, est(10.7), 0.1, { resources: "r.svg", power: "p.svg" });
    expect(v.map((x) => x.id).sort()).toEqual(["poster-fig12-bram", "poster-fig12-dsp", "poster-fig12-ff", "poster-fig12-lut", "poster-fig12-lutram", "poster-fig12-power"]);
    expect(status(v, "poster-fig12-dsp")).toBe("contradicted");
    expect(status(v, "poster-fig12-bram")).toBe("indeterminate");
    expect(v.find((x) => x.id === "poster-fig12-bram")!.reason).toMatch(/dense score buffer.*windowed score buffer gives 77/);
    expect(status(v, "poster-fig12-ff")).toBe("indeterminate");
    expect(status(v, "poster-fig12-lut")).toBe("quoted-only");
    expect(status(v, "poster-fig12-lutram")).toBe("quoted-only");
    for (const x of v.filter((y) => y.status !== "quoted-only")) expect(x.evidence, x.id).toContain("data/fpga-resources-reported.arrow");
    // Both readings within the band would reproduce it.
    const same = { ...buffers, windowed: buffers.dense };
    expect(status(fig12Verdicts(items, est(10.7, same), 0.1, { resources: "r.svg", power: "p.svg" }), "poster-fig12-bram")).toBe("reproduced");
  });
  it("power: the PL's dynamic power is Dynamic − PS7 = 3–5 mW; the estimate is judged within a factor 10", () => {
    const dyn = printedWatts(items.find((x) => x.item === "Dynamic")!);
    expect(dyn.lo).toBeCloseTo(1.4015, 12);
    expect(dyn.hi).toBeCloseTo(1.4025, 12);
    expect(printedWatts(items.find((x) => x.item === "Clocks")!)).toMatchObject({ lo: 0, hi: 0.001 });
    const v = (mw: number) => status(fig12Verdicts(items, est(mw), 0.1, { resources: "r.svg", power: "p.svg" }), "poster-fig12-power");
    expect(v(10.7)).toBe("reproduced");
    expect(v(0.2)).toBe("contradicted");
    expect(v(40)).toBe("indeterminate");
    expect(fig12Verdicts(items, est(10.7), 0.1, { resources: "r.svg", power: "p.svg" }).find((x) => x.id === "poster-fig12-power")!.kitValue).toMatch(/vs the programmable logic's 4 mW \(3–5\)/);
  });
  it("HeatViT's synthesis overheads are quoted", () => {
    expect(heatvitOverheadVerdicts().map((v) => [v.id, v.status])).toEqual([["heatvit-dsp-overhead", "quoted-only"], ["heatvit-lut-overhead", "quoted-only"]]);
  });
});

describe("ViTCoD's utilisation against mask density (the kit's ViTCoD model)", () => {
  const pt = (family: UtilisationPoint["family"], density: number, u: number): UtilisationPoint => ({ workload: `${family} ${density}`, family, density, attentionCycles: 1, attentionUtilisation: u, exposedDataMovement: 10 });
  it("per family: falling utilisation reproduces the claim, rising contradicts it, families that disagree are indeterminate", () => {
    const dense = pt("dense", 1, 0.9);
    const falling = [dense, pt("window", 0.5, 0.7), pt("window", 0.1, 0.3)];
    expect(underutilisationVerdict(falling, "f.svg").status).toBe("reproduced");
    const rising = [dense, pt("window", 0.5, 0.92), pt("window", 0.1, 0.95)];
    expect(underutilisationVerdict(rising, "f.svg").status).toBe("contradicted");
    const mixed = [...rising, pt("learned", 0.05, 0.4)];
    const fams = utilisationFamilies(mixed);
    expect(fams.map((f) => [f.family, f.verdict])).toEqual([["window", "contradicted"], ["learned", "reproduced"]]);
    expect(fams[1]!.ratioToDense).toBeCloseTo(0.4 / 0.9, 12);
    expect(underutilisationVerdict(mixed, "f.svg").status).toBe("indeterminate");
    // Falling, but the sparsest mask keeps ≥ 0.8 of dense: not under-utilised by the stated threshold.
    expect(underutilisationVerdict([dense, pt("window", 0.5, 0.8), pt("window", 0.1, 0.75)], "f.svg").status).toBe("contradicted");
    // The sparsest runs below 0.8 of dense, but utilisation does not rise with density (Spearman ≤ 0).
    const vShape = [dense, pt("window", 0.8, 0.1), pt("window", 0.7, 0.2), pt("window", 0.5, 0.3), pt("window", 0.3, 0.4), pt("window", 0.1, 0.5)];
    expect(utilisationFamilies(vShape)[0]!.spearman).toBeLessThan(0);
    expect(underutilisationVerdict(vShape, "f.svg").status).toBe("contradicted");
    expect(() => utilisationFamilies([pt("window", 0.1, 0.3)])).toThrowError(/no dense point/);
    expect(() => utilisationFamilies([dense])).toThrowError(/no sparse masks/);
  });
  it("the model's points: densities are the masks' exact kept shares, families tagged, utilisation in (0, 1]", () => {
    const util = vitcodUtilisationVsDensity(DEIT_TINY, [3, 9]);
    expect(util.map((u) => u.family)).toEqual(["dense", "window", "window"]);
    expect(util[0]!.density).toBe(1);
    for (const [i, k] of [[1, 9], [2, 3]] as const) {
      expect(util[i]!.density).toBeCloseTo(maskStats(windowMask({ gridH: 14, gridW: 14, kh: k, border: "clip", special: 1 })).density, 12);
    }
    for (const u of util) {
      expect(u.attentionUtilisation).toBeGreaterThan(0);
      expect(u.attentionUtilisation).toBeLessThanOrEqual(1);
    }
    // A 3×3 window polarizes to the CLS column alone and fills ViTCoD's sparse engine: no loss against dense.
    expect(util[2]!.attentionUtilisation).toBeGreaterThan(util[0]!.attentionUtilisation);
  });
});

describe("HeatViT's speedup across the keep-schedule assumption", () => {
  const reports = heatvitReports();
  /** The same reports with one factor scaled (the modelled speedup is the product of the three factors). */
  const scaled = (key: "datapath" | "nonlinear" | "pruning", by: number): HeatvitReport[] =>
    reports.map((r) => ({ ...r, factors: { ...r.factors, [key]: r.factors[key] * by }, modelledSpeedup: r.modelledSpeedup * by }));

  it("the kit's model: the assumed schedule misses the high end, the secondary reading's pruning reaches both ends → indeterminate", () => {
    for (const r of reports) expect(r.factors.datapath * r.factors.nonlinear * r.factors.pruning).toBeCloseTo(r.modelledSpeedup, 9);
    const v = heatvitSpeedupVerdict(reports, 0.25, "heatvit-speedup.svg");
    expect(v.status).toBe("indeterminate");
    expect(v.reason).toMatch(/with DynamicViT's keep schedule \(an assumption\)/);
    expect(v.reason).toMatch(/secondary reading of the paper's Table VII \(×1\.82–×2\.58\)/);
  });

  it("reproduced when the assumed schedule already reaches both ends; contradicted when no assumption does", () => {
    expect(heatvitSpeedupVerdict(scaled("pruning", 1.45), 0.25, "f.svg").status).toBe("reproduced");
    expect(heatvitSpeedupVerdict(scaled("datapath", 0.6), 0.25, "f.svg").status).toBe("contradicted");
  });
});
