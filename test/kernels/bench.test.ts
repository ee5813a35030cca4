import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { benchCases, benchEnvironment, benchJson, benchTable, runKernelBench } from "../../lib/kernels/bench.ts";
import { KERNEL_BENCH_SCHEMA } from "../../lib/data/files/kernel-bench.ts";
import { readArrowTable, tableRows, writeArrowTable } from "../../lib/data/arrow-table.ts";
import { denseAttentionModel } from "../../lib/kernels/onnx-attention.ts";
import { denseAttentionTs } from "../../lib/kernels/reference.ts";
import { mulberry32 } from "../../lib/random.ts";
import * as ort from "onnxruntime-node";

// Structure only: no assertion here depends on how fast anything ran.
describe("kernel benchmark plumbing", () => {
  it("rejects sizes that are not a square grid plus CLS, and bad windows", () => {
    expect(() => benchCases([200], [3], 3, 64)).toThrow(/200 is not a square patch grid plus CLS/);
    expect(() => benchCases([197], [4], 3, 64)).toThrow(/window 4 must be an odd integer/);
    expect(benchCases([197, 3137], [3, 7], 3, 64).map((c) => [c.n, c.grid, c.k])).toEqual([[197, 14, 3], [197, 14, 7], [3137, 56, 3], [3137, 56, 7]]);
  });

  it("encodes an ONNX model that onnxruntime loads and that computes dense attention", async () => {
    const [heads, n, d] = [3, 17, 8];
    const bytes = denseAttentionModel(heads, n, d);
    const session = await ort.InferenceSession.create(bytes); // 200 zero bytes or a wrong graph fail here ...
    expect([...session.inputNames].sort()).toEqual(["k", "q", "v"]);
    const random = mulberry32(7);
    const tensor = (): Float32Array => Float32Array.from({ length: heads * n * d }, () => random() * 2 - 1);
    const t = { heads, n, d, q: tensor(), k: tensor(), v: tensor() };
    const dims = [heads, n, d];
    const result = await session.run({ q: new ort.Tensor("float32", t.q, dims), k: new ort.Tensor("float32", t.k, dims), v: new ort.Tensor("float32", t.v, dims) });
    const out = result.o!.data as Float32Array;
    const expected = denseAttentionTs(t); // ... and a graph computing something else fails here
    expect(out.length).toBe(expected.length);
    for (let i = 0; i < out.length; i++) expect(Math.abs(out[i]! - expected[i]!)).toBeLessThan(1e-5);
    await session.release();
  });

  it("runs a tiny case end to end, with ratios derived from the medians, the documented JSON and an Arrow file", async () => {
    const results = await runKernelBench({ sizes: [17], windows: [3], heads: 2, d: 8, rounds: 1, sampleMs: 0.2 });
    expect(results).toHaveLength(1);
    const r = results[0]!;
    // CLS row (17 keys) + CLS key of the 16 patch rows + 3×3 windows clipped on a 4×4 grid (4 corners × 4, 8 edges × 6, 4 inner × 9)
    expect(r.nnz).toBe(17 + 16 + (4 * 4 + 8 * 6 + 4 * 9));
    expect(r.windowedVsOrt).toBeCloseTo(r.ortDenseUs / r.kitWindowedUs, 12);
    expect(r.windowedVsKitDense).toBeCloseTo(r.kitDenseUs / r.kitWindowedUs, 12);
    const json = benchJson(results);
    expect(Object.keys(json)).toEqual(["cases"]);
    expect(Object.keys(json.cases[0]!)).toEqual(["n", "k", "heads", "threads", "kitWindowedUs", "kitDenseUs", "ortDenseUs", "windowedVsOrt", "windowedVsKitDense"]);
    const dir = mkdtempSync(join(tmpdir(), "vitsparse-bench-"));
    try {
      const path = join(dir, "kb.arrow");
      writeArrowTable(path, KERNEL_BENCH_SCHEMA, benchTable(results, benchEnvironment(), "test"));
      const back = readArrowTable(path, KERNEL_BENCH_SCHEMA);
      expect(back.provenance.kind).toBe("measured");
      expect(back.provenance.extra?.cpuModel).toBeTruthy();
      expect(back.provenance.extra?.onnxruntimeVersion).toBe("1.30.0");
      expect(tableRows(back)[0]!.n).toBe(17);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("runs the two-thread variant (plans split rows with a worker; single-thread-only columns are NaN)", async () => {
    const [r] = await runKernelBench({ sizes: [17], windows: [3], heads: 2, d: 8, rounds: 1, sampleMs: 0.2, threads: [2] });
    expect(r!.threads).toBe(2);
    expect(Number.isNaN(r!.kitWindowedTsUs)).toBe(true);
    expect(r!.kitWindowedUs).toBeGreaterThan(0);
    expect(() => benchCases([197], [3], 3, 64, [4])).toThrow(/threads must be 1 or 2/);
  });
});
