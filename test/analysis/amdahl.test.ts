import { describe, expect, it } from "vitest";
import { amdahlRows } from "../../lib/analysis/latency-verdicts.ts";
import { amdahlSpeedups, deitTinyAmdahlTable, type KernelTimes } from "../../lib/analysis/amdahl.ts";
import type { CpuBreakdown, CpuBreakdownRow } from "../../lib/data/files/latency-breakdown-cpu.ts";
import { roleCategory, type Role } from "../../lib/specs/roles.ts";

/** A synthetic DeiT-Tiny breakdown: per block 100 µs of attention core, 300 µs of the rest of attention, 600 µs MLP. */
function syntheticBreakdown(): CpuBreakdown {
  const rows: CpuBreakdownRow[] = [];
  const add = (block: number, role: Role, us: number) =>
    rows.push({ model: "deit-tiny", threads: 1, block, role, category: roleCategory(role), nodes: 1, medianUs: us, q1Us: us, q3Us: us, macs: 0 });
  for (let b = 0; b < 12; b++) {
    add(b, "attn.qk", 40);
    add(b, "attn.scale", 10);
    add(b, "attn.softmax", 20);
    add(b, "attn.av", 30);
    add(b, "attn.qkv", 200);
    add(b, "attn.proj", 100);
    add(b, "mlp.fc1", 600);
  }
  add(-1, "embed.conv", 1000);
  return { rows, provenance: { kind: "measured", source: "test", license: "n/a", generator: "test", description: "synthetic" } };
}

describe("Amdahl speedups", () => {
  it("MAC basis for DeiT-Tiny, k = 3 in blocks 0-5: core 38809/1993, end to end from the analytic totals", () => {
    const rows = amdahlSpeedups({ model: "deit-tiny", k: 3, windowedBlocks: "0-5" });
    expect(rows).toHaveLength(3);
    const core = rows.find((r) => r.scope === "attention core (windowed blocks)")!;
    expect(core.speedup).toBeCloseTo(38809 / 1993, 10);
    const e2e = rows.find((r) => r.scope === "end to end")!;
    expect(e2e.dense).toBe(1_253_683_200);
    expect(e2e.windowed).toBe(1_253_683_200 - 6 * 2 * 192 * (38809 - 1993));
    const sa = rows.find((r) => r.scope === "whole self-attention")!;
    expect(sa.speedup).toBeGreaterThan(e2e.speedup);
    expect(sa.speedup).toBeLessThan(core.speedup);
  });

  it("composes the measured breakdown with a matching kernel ratio, else falls back to the MAC ratio (labelled)", () => {
    const breakdown = syntheticBreakdown();
    const kernels: KernelTimes[] = [{ n: 197, k: 3, heads: 3, threads: 1, windowedUs: 20, denseUs: 100, source: "test bench" }];
    const rows = amdahlSpeedups({ model: "deit-tiny", k: 3, windowedBlocks: [0, 1, 2, 3, 4, 5], breakdown, kernelTimes: kernels });
    const cpu = rows.filter((r) => r.basis === "CPU measured, composed");
    expect(cpu).toHaveLength(3);
    // Core: 6 blocks × 100 µs → × 0.2.
    expect(cpu[0]!.dense).toBeCloseTo(0.6, 12);
    expect(cpu[0]!.windowed).toBeCloseTo(0.12, 12);
    expect(cpu[0]!.coreSource).toMatch(/kernel ratio 20.0\/100.0 us from test bench/);
    // Whole attention: 12 × 400 µs = 4.8 ms, saves 0.48 ms. End to end: 12 × 1000 + 1000 = 13 ms.
    expect(cpu[1]!.speedup).toBeCloseTo(4.8 / (4.8 - 0.48), 12);
    expect(cpu[2]!.speedup).toBeCloseTo(13 / (13 - 0.48), 12);
    const fallback = amdahlSpeedups({ model: "deit-tiny", k: 5, windowedBlocks: "0-5", breakdown, kernelTimes: kernels });
    const core5 = fallback.find((r) => r.basis !== "MACs" && r.scope === "attention core (windowed blocks)")!;
    expect(core5.coreSource).toMatch(/MAC ratio fallback/);
    expect(core5.speedup).toBeCloseTo(38809 / 4489, 10);
  });

  it("the table: k = 3, 5, 7 × blocks 0-5 and all 12; one derived verdict (the poster's schedule on MACs), the rest context", () => {
    const rows = deitTinyAmdahlTable(syntheticBreakdown());
    expect(rows).toHaveLength(2 * 3 * 6);
    expect(new Set(rows.map((r) => r.windowedBlocks))).toEqual(new Set(["0-5", "0-11"]));
    const claims = amdahlRows(rows);
    expect(claims).toHaveLength(12);
    const verdicts = claims.filter((c) => !("contextOf" in c));
    expect(verdicts.map((c) => ("id" in c ? c.id : ""))).toEqual(["poster-windowed-schedule-macs"]);
    const context = claims.filter((c) => "contextOf" in c) as { key: string; reason: string }[];
    expect(new Set(context.map((c) => c.key)).size).toBe(11);
    expect(context.find((c) => c.key.endsWith("-cpu"))!.reason).toMatch(/composed estimate, not an end-to-end measurement/);
  });

  it("a model without breakdown rows is an error", () => {
    expect(() => amdahlSpeedups({ model: "deit-small", k: 3, windowedBlocks: "0-5", breakdown: syntheticBreakdown() })).toThrow(/no rows for deit-small/);
  });
});

describe("MAC shares", () => {
  it("per Fig. 1 category, adding up to 100 %; windowing lowers only the SA-MatMul share's MACs", async () => {
    const { macShares } = await import("../../lib/workload/shares.ts");
    const dense = macShares("deit-tiny");
    expect(dense.reduce((a, r) => a + r.percent, 0)).toBeCloseTo(100, 10);
    expect(dense.find((r) => r.category === "MLP")!.macs).toBe(12 * 2 * 197 * 192 * 768);
    const win = macShares("deit-tiny", { k: 3, windowed: "0-5" });
    for (const r of win) {
      const d = dense.find((x) => x.category === r.category)!;
      if (r.category === "SA-MatMul & Transpose & Reshape & Split") expect(r.macs).toBeLessThan(d.macs);
      else expect(r.macs).toBe(d.macs);
    }
  });
});

describe("kernel times from a kernel-bench file", () => {
  it("reads the times from a file shaped like data/kernel-bench.arrow; a missing file gives []", async () => {
    const { mkdtempSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const { writeArrowTable } = await import("../../lib/data/arrow-table.ts");
    const { readKernelTimes } = await import("../../lib/analysis/amdahl.ts");
    const { KERNEL_BENCH_SCHEMA } = await import("../../lib/data/files/kernel-bench.ts");
    const dir = mkdtempSync(join(tmpdir(), "vitsparse-kb-"));
    expect(readKernelTimes(join(dir, "none.arrow"))).toEqual([]);
    const path = join(dir, "kb.arrow");
    // Two consistent rows (the file's rules recompute its derived columns): N = 197 (14×14 + CLS), k = 3 and 7.
    const nnz = [1993, 7789];
    const given: Record<string, number[]> = { n: [197, 197], grid: [14, 14], k: [3, 7], heads: [3, 3], d: [64, 64], threads: [1, 1], nnz, kitWindowedUs: [22, 60], ortDenseUs: [70, 70], rounds: [1, 1] };
    const base = (c: string, i: number): number => given[c]?.[i] ?? 1;
    const derived: Record<string, (i: number) => number> = {
      density: (i) => nnz[i]! / 197 ** 2,
      idealWorkRatio: (i) => 197 ** 2 / nnz[i]!,
      windowedVsOrt: (i) => base("ortDenseUs", i) / base("kitWindowedUs", i),
      windowedVsKitDense: (i) => base("kitDenseUs", i) / base("kitWindowedUs", i),
      windowedGflops: (i) => (4 * 64 * nnz[i]! * 3) / (base("kitWindowedUs", i) * 1e3),
      windowedTsGflops: (i) => (4 * 64 * nnz[i]! * 3) / (base("kitWindowedTsUs", i) * 1e3),
      denseGflops: (i) => (4 * 64 * 197 ** 2 * 3) / (base("kitDenseUs", i) * 1e3),
      ortGflops: (i) => (4 * 64 * 197 ** 2 * 3) / (base("ortDenseUs", i) * 1e3),
    };
    const value = (c: string, i: number): number => (derived[c] ?? ((j: number) => base(c, j)))(i);
    const columns = Object.fromEntries(
      KERNEL_BENCH_SCHEMA.map((c) => [c.name, c.type === "int32" ? Int32Array.from([0, 1], (i) => value(c.name, i)) : Float64Array.from([0, 1], (i) => value(c.name, i))]),
    );
    writeArrowTable(path, KERNEL_BENCH_SCHEMA, {
      columns,
      provenance: { kind: "measured", source: "test", license: "n/a", generator: "test", description: "t", extra: { cpuModel: "Test CPU" } },
    });
    const times = readKernelTimes(path);
    expect(times.map((t) => [t.n, t.k, t.windowedUs, t.denseUs])).toEqual([[197, 3, 22, 70], [197, 7, 60, 70]]);
    expect(times[0]!.source).toMatch(/Test CPU/);
  });
});
