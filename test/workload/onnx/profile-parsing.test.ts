import { describe, expect, it } from "vitest";
import { parseTrace } from "../../../lib/workload/onnx/profile.ts";
import { mapExecutedNodes, placeFromName } from "../../../lib/workload/onnx/node-map.ts";
import { aggregateProfile, quantile } from "../../../lib/workload/onnx/cpu-breakdown.ts";
import type { BuiltGraph } from "../../../lib/workload/onnx/graph-builder.ts";
import type { GraphProfile } from "../../../lib/workload/onnx/profile.ts";

const built: BuiltGraph = {
  bytes: new Uint8Array(0),
  input: { name: "x", shape: [1, 4] },
  output: { name: "y", shape: [1, 4] },
  weightCount: 0,
  nodes: [
    { name: "b0/attn.qkv/MatMul_1", opType: "MatMul", block: 0, role: "attn.qkv", macs: 100 },
    { name: "b0/attn.qkv/Add_2", opType: "Add", block: 0, role: "attn.qkv", macs: 0 },
    { name: "b0/attn.softmax/Softmax_3", opType: "Softmax", block: 0, role: "attn.softmax", macs: 0 },
  ],
};

describe("profile trace parsing", () => {
  it("splits node events into runs by model_run and sums per node", () => {
    const trace = [
      { cat: "Session", name: "model_run", ts: 100, dur: 50 },
      { cat: "Node", name: "a_kernel_time", ts: 110, dur: 5 },
      { cat: "Node", name: "a_fence_before", ts: 109, dur: 1 },
      { cat: "Node", name: "b_kernel_time", ts: 120, dur: 7 },
      { cat: "Session", name: "model_run", ts: 200, dur: 50 },
      { cat: "Node", name: "a_kernel_time", ts: 210, dur: 3 },
    ];
    const runs = parseTrace(trace);
    expect(runs).toHaveLength(2);
    expect([...runs[0]!]).toEqual([["a", 5], ["b", 7]]);
    expect([...runs[1]!]).toEqual([["a", 3]]);
    expect(() => parseTrace([...trace, { cat: "Node", name: "c_kernel_time", ts: 500, dur: 1 }])).toThrow(/outside every model_run/);
  });

  it("maps fused and inserted nodes back to their block and role; an unmappable node is an error", () => {
    expect(placeFromName("b11/mlp.fc1/MatMul_7/MatMulAddFusion")).toEqual({ block: 11, role: "mlp.fc1" });
    expect(placeFromName("head/head.fc/MatMul_9")).toEqual({ block: -1, role: "head.fc" });
    expect(placeFromName("b0/not.a-role/X")).toBeNull();
    const executed = [
      { name: "gemm_input_reshape", opType: "Reshape", inputs: ["x"], outputs: ["r"] },
      { name: "b0/attn.qkv/MatMul_1/MatMulAddFusion", opType: "Gemm", inputs: ["r", "w", "bias"], outputs: ["g"] },
      { name: "gemm_output_reshape", opType: "Reshape", inputs: ["g"], outputs: ["qkv"] },
      { name: "b0/attn.softmax/Softmax_3", opType: "Softmax", inputs: ["qkv"], outputs: ["y"] },
    ];
    const places = mapExecutedNodes(built, executed);
    expect(places.get("gemm_input_reshape")).toEqual({ block: 0, role: "attn.qkv" });
    expect(places.get("gemm_output_reshape")).toEqual({ block: 0, role: "attn.qkv" });
    expect(() => mapExecutedNodes(built, [{ name: "Mystery_1", opType: "Cast", inputs: ["u"], outputs: ["v"] }])).toThrow(
      /"Mystery_1" \(Cast\) maps to no block\/role/,
    );
  });

  it("aggregates per (block, role): per-run sums, then median and quartiles", () => {
    const places = new Map([
      ["b0/attn.qkv/MatMul_1", { block: 0, role: "attn.qkv" as const }],
      ["b0/attn.qkv/Add_2", { block: 0, role: "attn.qkv" as const }],
      ["b0/attn.softmax/Softmax_3", { block: 0, role: "attn.softmax" as const }],
    ]);
    const run = (mm: number, add: number, sm: number) => ({
      wallMs: 1,
      nodeUs: new Map([["b0/attn.qkv/MatMul_1", mm], ["b0/attn.qkv/Add_2", add], ["b0/attn.softmax/Softmax_3", sm]]),
    });
    const profile: GraphProfile = {
      runs: [run(10, 1, 4), run(30, 2, 5), run(20, 3, 100)],
      places,
      missingNodes: [],
      outputDims: [1, 4],
      threads: 1,
      optimization: "basic",
    };
    const rows = aggregateProfile("toy", built, profile);
    expect(rows.map((r) => [r.role, r.nodes, r.medianUs, r.macs, r.category])).toEqual([
      ["attn.qkv", 2, 23, 100, "SA-Linear (qkv, proj)"],
      ["attn.softmax", 1, 5, 0, "SA-Softmax"],
    ]);
    expect(quantile([1, 2, 3, 4], 0.25)).toBeCloseTo(1.75);
  });
});
