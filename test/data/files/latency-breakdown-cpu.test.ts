import { describe, expect, it } from "vitest";
import { CPU_BREAKDOWN_PATH, readCpuLatencyBreakdown } from "../../../lib/data/files/latency-breakdown-cpu.ts";
import { cpuCategoryShares } from "../../../lib/workload/onnx/cpu-breakdown.ts";
import { buildModelGraph } from "../../../lib/workload/onnx/models.ts";
import { MODEL_CONFIGS } from "../../../lib/specs/models.ts";
import { buildWorkload } from "../../../lib/workload/vit.ts";
import { FIG1_CATEGORIES } from "../../../lib/paper/poster-fig1.ts";

describe("committed data/latency-breakdown-cpu.arrow", () => {
  const data = readCpuLatencyBreakdown(CPU_BREAKDOWN_PATH);

  it("is measured, with machine, threads, onnxruntime version and runs in its metadata", () => {
    const p = data.provenance;
    expect(p.kind).toBe("measured");
    expect(p.generator).toMatch(/^npm run measure:latency/);
    for (const key of ["cpuModel", "cores", "threads", "onnxruntime", "runs", "sharedMachine", "wallMsMedian"]) {
      expect(p.extra?.[key], key).toBeTruthy();
    }
    expect(p.extra?.onnxruntime).toBe("1.30.0");
    expect(Number(p.extra?.runs)).toBeGreaterThanOrEqual(5);
  });

  it("holds every model at 1 thread, with the graph's (block, role) groups and the analytic MACs", () => {
    for (const config of MODEL_CONFIGS) {
      const rows = data.rows.filter((r) => r.model === config.name && r.threads === 1);
      expect(rows.length, config.name).toBeGreaterThan(0);
      const graph = buildModelGraph(config, { shapesOnly: true });
      const groups = new Set(graph.nodes.map((n) => `${n.block}|${n.role}`));
      expect(new Set(rows.map((r) => `${r.block}|${r.role}`))).toEqual(groups);
      expect(rows.reduce((a, r) => a + r.macs, 0)).toBe(buildWorkload(config).macs);
      for (const r of rows) {
        expect(r.medianUs).toBeGreaterThanOrEqual(0);
        expect(r.q1Us).toBeLessThanOrEqual(r.medianUs);
        expect(r.q3Us).toBeGreaterThanOrEqual(r.medianUs);
      }
    }
  });

  it("category shares add up to 100 % per model (latency and MACs)", () => {
    const shares = cpuCategoryShares(data, 1);
    for (const config of MODEL_CONFIGS) {
      const rows = shares.filter((s) => s.model === config.name);
      expect(rows.map((r) => r.category)).toEqual([...FIG1_CATEGORIES]);
      expect(rows.reduce((a, r) => a + r.latencyPercent, 0)).toBeCloseTo(100, 6);
      expect(rows.reduce((a, r) => a + r.macPercent, 0)).toBeCloseTo(100, 6);
    }
  });
});

describe("notebook helpers on the committed breakdown", () => {
  const data = readCpuLatencyBreakdown(CPU_BREAKDOWN_PATH);
  it("Fig. 1-style percent rows use the Fig. 1 labels; SA shares under both definitions are consistent", async () => {
    const { cpuLatencyPercentRows, cpuSelfAttentionShares } = await import("../../../lib/workload/onnx/cpu-breakdown.ts");
    const rows = cpuLatencyPercentRows(data, 1);
    expect(new Set(rows.map((r) => r.model))).toEqual(new Set(MODEL_CONFIGS.map((c) => c.label)));
    const sa = cpuSelfAttentionShares(data, 1);
    for (const s of sa) {
      const fromRows = rows.filter((r) => r.model === s.model && r.category.startsWith("SA-")).reduce((a, r) => a + r.percent, 0);
      expect(s.saPercent).toBeCloseTo(fromRows, 9);
      expect(s.corePercent).toBeGreaterThan(0);
      expect(s.corePercent).toBeLessThan(s.saPercent);
      expect(s.coreMacPercent).toBeLessThan(s.saMacPercent);
    }
  });
});
