import { describe, expect, it } from "vitest";
import { kernelCorrectnessSummary, type FixedPointSweepRow } from "../../lib/analysis/kernels.ts";
import { cpuUtilisationContext, fig10RmsVerdict } from "../../lib/analysis/kernel-verdicts.ts";
import type { BenchResult } from "../../lib/data/files/kernel-bench.ts";

const sweepRow = (bits: number, rms: number): FixedPointSweepRow => ({
  bits, q: `Q2.${bits - 3}`, product: "", accumulator: "", output: "", rmsExactProductsPercent: rms / 3,
  rmsDatapathPercent: rms, rmsDatapathFullScalePercent: rms / 4, rmsProbabilitiesPercent: rms,
});

function benchRow(n: number, k: number, density: number, windowedGflops: number, denseGflops: number): BenchResult {
  return {
    n, grid: Math.sqrt(n - 1), k, heads: 3, d: 64, threads: 1, nnz: Math.round(density * n * n), density, idealWorkRatio: 1 / density,
    kitWindowedUs: 1, kitWindowedCopyUs: 1, kitWindowedTsUs: 1, kitDenseUs: 1, ortDenseUs: 1,
    kitWindowedCpuUs: 1, kitWindowedCopyCpuUs: 1, kitWindowedTsCpuUs: 1, kitDenseCpuUs: 1, ortDenseCpuUs: 1,
    windowedVsOrt: 1, windowedVsKitDense: 1, windowedGflops, windowedTsGflops: 0.2, denseGflops, ortGflops: 20, rounds: 1,
  };
}

describe("notebook 04's claims and summaries", () => {
  it("Fig. 10: the range over the plausible widths decides; straddling the factor-√10 band is indeterminate", () => {
    const sweep = [sweepRow(14, 0.12), sweepRow(16, 0.03), sweepRow(17, 0.015), sweepRow(18, 0.0078), sweepRow(22, 0.0005)];
    expect(fig10RmsVerdict(sweep, [16, 17, 18], "f.svg").status).toBe("indeterminate");
    expect(fig10RmsVerdict(sweep, [17, 18], "f.svg").status).toBe("reproduced");
    expect(fig10RmsVerdict(sweep, [14], "f.svg").status).toBe("contradicted");
    expect(fig10RmsVerdict(sweep, [16, 17, 18], "f.svg").kitValue).toContain("17 bit");
    expect(fig10RmsVerdict(sweep, [16, 17, 18], "f.svg").reason).toMatch(/datapath width .*which the source does not state, swept 16–18 bit: contradicted for 16 bit, reproduced for 17–18 bit; flips at 17 bit/);
    expect(() => fig10RmsVerdict(sweep, [30], "f.svg")).toThrowError(/none of the widths 30/);
  });

  it("ViTCoD under-utilisation measured on this CPU is a context row under the claim, never a verdict", () => {
    const falling = [benchRow(197, 3, 0.05, 4, 8), benchRow(197, 7, 0.2, 7, 8), benchRow(3137, 3, 0.003, 3, 4)];
    const [row] = cpuUtilisationContext(falling, "f.svg");
    expect(row!.contextOf).toBe("vitcod-page-underutilisation");
    expect(row!.kitValue).toMatch(/Spearman\(density, utilisation\) = /);
    expect(cpuUtilisationContext([], "f.svg")).toEqual([]);
  });

  it("the correctness summary passes with both backends", () => {
    const rows = kernelCorrectnessSummary(3);
    expect(rows.map((r) => r.backend)).toEqual(["wasm", "ts", "wasm", "ts"]);
    for (const r of rows) expect(r.pass, JSON.stringify(r)).toBe(true);
  });
});
