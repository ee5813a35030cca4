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
  fig12DspSweep,
  heatvitOverheadVerdicts,
  heatvitQuotedRows,
  heatvitSpeedupVerdict,
  printedWatts,
  sddmmSystolicVerdict,
  underutilisationRemediedContext,
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
  it("SDDMM: a consistency check against the poster's own Fig. 11 — the kit's model is context and cannot change it", () => {
    const r = simulatePoster();
    const v = sddmmSystolicVerdict(ablation, r, "f.svg");
    expect(v.status).toBe("consistent");
    expect(v.kitValue).toMatch(/Fig\. 11 prints ×1\.21 .* and ×1\.03/);
    expect(v.evidence).toContain("lib/paper/poster-fig11.ts");
    const faster: AblationRow = { ...ablation[0]!, id: "fast-systolic", ratios: { ...ablation[0]!.ratios, qkSystolicToLines: 0.9 } };
    expect(sddmmSystolicVerdict([...ablation, faster], r, "f.svg").status).toBe("consistent");
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
  it("DSP and BRAM rest on unstated assumptions: swept, they flip, so indeterminate with the flip points; FF has only a lower bound; LUT and LUTRAM are quoted", () => {
    const v = fig12Verdicts(items, est(10.7), 0.1, { resources: "r.svg", power: "p.svg" });
    expect(v.map((x) => x.id).sort()).toEqual(["poster-fig12-bram", "poster-fig12-dsp", "poster-fig12-ff", "poster-fig12-lut", "poster-fig12-lutram", "poster-fig12-power", "poster-fig12-power-arithmetic"]);
    expect(status(v, "poster-fig12-dsp")).toBe("indeterminate");
    expect(v.find((x) => x.id === "poster-fig12-dsp")!.reason).toMatch(/reproduced for 0\.60–0\.73.*flips at 0\.60 .*0\.77.*base 1\.00 gives contradicted/);
    expect(status(v, "poster-fig12-bram")).toBe("indeterminate");
    expect(v.find((x) => x.id === "poster-fig12-bram")!.reason).toMatch(/score-buffer length per query.*flips at 150 scores.*data width.*base 16 bit gives reproduced/);
    expect(status(v, "poster-fig12-ff")).toBe("indeterminate");
    expect(status(v, "poster-fig12-lut")).toBe("quoted-only");
    expect(status(v, "poster-fig12-lutram")).toBe("quoted-only");
    for (const x of v.filter((y) => y.status !== "quoted-only")) expect(x.evidence, x.id).toContain("data/fpga-resources-reported.arrow");
  });
  it("the DSP sweep: one MAC at a time from 0 to 4 DSPs per MAC; decided only when the report sits outside every value", () => {
    const s = fig12DspSweep(30, 20, 0.1);
    expect(s.points).toHaveLength(121);
    expect(s.flips.map((f) => [f.from, f.to, +f.at.toFixed(4)])).toEqual([["contradicted", "reproduced", 0.6], ["reproduced", "contradicted", 0.7667]]);
    expect(s.base.status).toBe("contradicted");
    expect(fig12DspSweep(30, 500, 0.1).status).toBe("contradicted");
  });
  it("power: the PL's dynamic power is Dynamic − PS7 = 3–5 mW; the estimate flips with the clock and the energy per operation", () => {
    const dyn = printedWatts(items.find((x) => x.item === "Dynamic")!);
    expect(dyn.lo).toBeCloseTo(1.4015, 12);
    expect(dyn.hi).toBeCloseTo(1.4025, 12);
    expect(printedWatts(items.find((x) => x.item === "Clocks")!)).toMatchObject({ lo: 0, hi: 0.001 });
    const p = fig12Verdicts(items, est(10.7), 0.1, { resources: "r.svg", power: "p.svg" }).find((x) => x.id === "poster-fig12-power")!;
    expect(p.status).toBe("indeterminate");
    expect(p.kitValue).toMatch(/vs the programmable logic's 4 mW \(3–5: Dynamic − PS7\)/);
    // 10.7 mW · f / 125 MHz leaves a factor 2 of 3–5 mW (above 10 mW) at f ≈ 117 MHz.
    expect(p.reason).toMatch(/PL clock.*flips at .*117 MHz \(indeterminate → contradicted\)/);
  });
  it("the power panel against itself: PS7's printed 95 % of Dynamic is 99.7 % of its watts → inconsistent; the rest agrees", () => {
    const a = fig12Verdicts(items, est(10.7), 0.1, { resources: "r.svg", power: "p.svg" }).find((x) => x.id === "poster-fig12-power-arithmetic")!;
    expect(a.status).toBe("inconsistent");
    expect(a.kitValue).toMatch(/total 1552 mW/);
    expect(a.reason).toMatch(/^1 of 9 checks fail: PS7 1398 mW \/ Dynamic = 99\.7 % .* vs printed 95 %/);
    const fixed = items.map((x) => (x.item === "PS7" ? { ...x, percent: 100 } : x));
    expect(fig12Verdicts(fixed, est(10.7), 0.1, { resources: "r.svg", power: "p.svg" }).find((x) => x.id === "poster-fig12-power-arithmetic")!.status).toBe("consistent");
  });
  it("HeatViT's synthesis overheads and design facts are quoted; the third-party reading is a context row", () => {
    expect(heatvitOverheadVerdicts().map((v) => [v.id, v.status])).toEqual([["heatvit-dsp-overhead", "quoted-only"], ["heatvit-lut-overhead", "quoted-only"]]);
    const rows = heatvitQuotedRows(heatvitReports(), "h.svg");
    expect(rows.filter((r) => "status" in r).map((r) => ("status" in r ? r.status : ""))).toEqual(Array(5).fill("quoted-only"));
    expect(rows.find((r) => "contextOf" in r)).toMatchObject({ contextOf: "heatvit-zcu102-speedup", key: "third-party-table-vii" });
  });
});

describe("ViTCoD's utilisation against mask density (the kit's ViTCoD model)", () => {
  const pt = (family: UtilisationPoint["family"], density: number, u: number): UtilisationPoint => ({ workload: `${family} ${density}`, family, density, attentionCycles: 1, attentionUtilisation: u, exposedDataMovement: 10 });
  it("per family: falling utilisation, rising, families that disagree; the remedied model is context, never the verdict", () => {
    const dense = pt("dense", 1, 0.9);
    const verdicts = (pts: UtilisationPoint[]) => utilisationFamilies(pts).map((f) => f.verdict);
    expect(verdicts([dense, pt("window", 0.5, 0.7), pt("window", 0.1, 0.3)])).toEqual(["reproduced"]);
    const rising = [dense, pt("window", 0.5, 0.92), pt("window", 0.1, 0.95)];
    expect(verdicts(rising)).toEqual(["contradicted"]);
    const mixed = [...rising, pt("learned", 0.05, 0.4)];
    const fams = utilisationFamilies(mixed);
    expect(fams.map((f) => [f.family, f.verdict])).toEqual([["window", "contradicted"], ["learned", "reproduced"]]);
    expect(fams[1]!.ratioToDense).toBeCloseTo(0.4 / 0.9, 12);
    const c = underutilisationRemediedContext(mixed, "f.svg");
    expect(c.contextOf).toBe("vitcod-page-underutilisation");
    expect(c.setting).toMatch(/WITH its remedy/);
    // Falling, but the sparsest mask keeps ≥ 0.8 of dense: not under-utilised by the stated threshold.
    expect(verdicts([dense, pt("window", 0.5, 0.8), pt("window", 0.1, 0.75)])).toEqual(["contradicted"]);
    // The sparsest runs below 0.8 of dense, but utilisation does not rise with density (Spearman ≤ 0).
    const vShape = [dense, pt("window", 0.8, 0.1), pt("window", 0.7, 0.2), pt("window", 0.5, 0.3), pt("window", 0.3, 0.4), pt("window", 0.1, 0.5)];
    expect(utilisationFamilies(vShape)[0]!.spearman).toBeLessThan(0);
    expect(verdicts(vShape)).toEqual(["contradicted"]);
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

  it("the stated schedule misses the high end (said plainly); the keep ratio, swept, flips the verdict → indeterminate with its flip points", () => {
    for (const r of reports) expect(r.factors.datapath * r.factors.nonlinear * r.factors.pruning).toBeCloseTo(r.modelledSpeedup, 9);
    const v = heatvitSpeedupVerdict(reports, 0.25, "heatvit-speedup.svg");
    expect(v.status).toBe("indeterminate");
    expect(v.reason).toMatch(/^Under the stated assumptions .* the modelled range misses the printed one: .*high end ×3\.01 vs ×4\.89 \(-38 %, outside ±25 %\)/);
    expect(v.reason).toMatch(/flips at 0\.\d+ \(contradicted → reproduced\), 0\.5\d \(reproduced → contradicted\)/);
    expect(v.reason).not.toMatch(/×1\.82/);
  });

  it("decided when every swept keep ratio agrees", () => {
    expect(heatvitSpeedupVerdict(scaled("pruning", 1.45), 0.25, "f.svg", [0.7]).status).toBe("reproduced");
    expect(heatvitSpeedupVerdict(scaled("datapath", 0.6), 0.25, "f.svg", [0.7]).status).toBe("contradicted");
    expect(heatvitSpeedupVerdict(reports, 0.25, "f.svg", [0.7, 0.8, 0.9]).status).toBe("contradicted");
  });
});
