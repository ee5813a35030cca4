import { describe, expect, it } from "vitest";
import { kernelClaims, kernelCorrectnessSummary, type FixedPointSweepRow } from "../../lib/analysis/kernels.ts";
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
  it("Fig. 10: lists the widths within a factor √10 of 0.00525 %, else names the closest", () => {
    const [fig10] = kernelClaims([sweepRow(14, 0.12), sweepRow(17, 0.015), sweepRow(18, 0.0078), sweepRow(22, 0.0005)], []);
    expect(fig10!.status).toBe("derived");
    expect(fig10!.kitValue).toContain("17-bit");
    expect(fig10!.kitValue).toContain("18-bit");
    expect(fig10!.kitValue).not.toContain("14-bit");
    expect(fig10!.kitValue).not.toContain("22-bit");
    const [none] = kernelClaims([sweepRow(8, 7.7), sweepRow(10, 2)], []);
    expect(none!.kitValue).toContain("closest: 10 bits");
  });

  it("ViTCoD under-utilisation: reproduced when GFLOP/s falls with density, contradicted when it does not, skipped without data", () => {
    const falling = [benchRow(197, 3, 0.05, 4, 8), benchRow(197, 7, 0.2, 7, 8), benchRow(3137, 3, 0.003, 3, 4)];
    expect(kernelClaims([], falling)[1]!.status).toBe("reproduced");
    const flat = [benchRow(197, 3, 0.05, 8, 8), benchRow(197, 7, 0.2, 7.5, 8), benchRow(3137, 3, 0.003, 8.2, 4)];
    expect(kernelClaims([], flat)[1]!.status).toBe("contradicted");
    expect(kernelClaims([], [])[1]!.status).toBe("skipped");
  });

  it("the correctness summary passes with both backends", () => {
    const rows = kernelCorrectnessSummary(3);
    expect(rows.map((r) => r.backend)).toEqual(["wasm", "ts", "wasm", "ts"]);
    for (const r of rows) expect(r.pass, JSON.stringify(r)).toBe(true);
  });
});
