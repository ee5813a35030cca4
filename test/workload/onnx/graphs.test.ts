import { describe, expect, it } from "vitest";
import { MODEL_CONFIGS, modelConfig, type ModelConfig } from "../../../lib/specs/models.ts";
import { buildWorkload } from "../../../lib/workload/vit.ts";
import { isRole, ROLE_CATEGORY } from "../../../lib/specs/roles.ts";
import { buildModelGraph, expectedOutputShape } from "../../../lib/workload/onnx/models.ts";
import { profileGraph } from "../../../lib/workload/onnx/profile.ts";
import { aggregateProfile } from "../../../lib/workload/onnx/cpu-breakdown.ts";

/** A config with fewer blocks (same widths), to keep the test's run time small for the big DeiTs. */
function shallow(config: ModelConfig, depth: number): ModelConfig {
  if (config.family !== "vit") throw new Error("shallow() is for ViT configs");
  return { ...config, name: `${config.name}-d${depth}`, depth };
}

function macsByBlockRole(entries: { block: number; role: string; macs: number }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of entries) {
    const k = `${e.block}|${e.role}`;
    out[k] = (out[k] ?? 0) + e.macs;
  }
  for (const k of Object.keys(out)) if (out[k] === 0) delete out[k];
  return out;
}

describe("ONNX graphs", () => {
  for (const config of MODEL_CONFIGS) {
    it(`${config.name}: MACs counted from the graph's shapes equal the analytic workload, per block and role`, () => {
      const graph = buildModelGraph(config, { shapesOnly: true });
      expect(macsByBlockRole(graph.nodes)).toEqual(macsByBlockRole(buildWorkload(config).ops));
      for (const n of graph.nodes) expect(isRole(n.role), n.name).toBe(true);
    });
  }

  // The real models run once each; DeiT-Small/Base as 2-block variants of the same widths (same node kinds).
  const runnable: ModelConfig[] = [
    modelConfig("deit-tiny"),
    shallow(modelConfig("deit-small"), 2),
    shallow(modelConfig("deit-base"), 2),
    modelConfig("levit-128"),
    modelConfig("levit-192"),
    modelConfig("levit-256"),
    modelConfig("vitcod-tx2"),
  ];
  for (const config of runnable) {
    it(`${config.name}: runs in onnxruntime, right output shape, every executed node mapped to a Fig. 1 category`, async () => {
      const graph = buildModelGraph(config);
      const profile = await profileGraph(graph, { threads: 1, runs: 1, warmup: 0 });
      expect([...profile.outputDims]).toEqual(expectedOutputShape(config));
      expect(profile.missingNodes).toEqual([]);
      // Every node onnxruntime executed is placed, and every role of the built graph shows up in the profile.
      const profiled = [...profile.runs[0]!.nodeUs.keys()];
      expect(profiled.length).toBe(profile.places.size);
      for (const name of profiled) expect(profile.places.has(name), name).toBe(true);
      const builtRoles = new Set(graph.nodes.map((n) => `${n.block}|${n.role}`));
      const placedRoles = new Set([...profile.places.values()].map((p) => `${p.block}|${p.role}`));
      expect(placedRoles).toEqual(builtRoles);
      const rows = aggregateProfile(config.name, graph, profile);
      for (const r of rows) expect(r.category).toBe(ROLE_CATEGORY[r.role]);
      expect(rows.reduce((a, r) => a + r.macs, 0)).toBe(buildWorkload(config).macs);
      expect(rows.every((r) => r.medianUs >= 0 && Number.isFinite(r.medianUs))).toBe(true);
    }, 60_000);
  }

  it("the same seed gives byte-identical graphs; another seed changes only the weights", () => {
    const c = modelConfig("vitcod-tx2");
    const a = buildModelGraph(c);
    const b = buildModelGraph(c);
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    const other = buildModelGraph(c, { seed: 7 });
    expect(Buffer.from(other.bytes).equals(Buffer.from(a.bytes))).toBe(false);
    expect(other.nodes).toEqual(a.nodes);
  });
});
