/**
 * Adding a design is one model file + one registry line + its preset: this test defines a toy design HERE, registers
 * it at run time (the registry line), and sees it in `simulate`, `sweep`, `compare`, `run` and notebook 05's table
 * without any other file changing.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../lib/paths.ts";
import { assembleBreakdown, selectorAndNonlinear, type BlockParts } from "../../lib/cycles/breakdown.ts";
import { compareDesigns } from "../../lib/cycles/compare.ts";
import { NONLINEAR_PARAM, type BaseMapping, type CycleModel } from "../../lib/cycles/model.ts";
import { denseAttentionCost, linearBlockCosts } from "../../lib/cycles/parts.ts";
import { registerCycleModel } from "../../lib/cycles/registry.ts";
import { footingTableRows } from "../../lib/analysis/fpga-speedup.ts";
import { runCli } from "../cli/in-process.ts";

/** A toy design: a dense array whose attention skips pruned entries perfectly (cycles × kept share), at `efficiency`. */
interface ToyMapping extends BaseMapping {
  efficiency: number;
}

const toy: CycleModel<ToyMapping> = {
  id: "toy-skipper",
  label: "toy skipper",
  description: "A test's toy design: dense GEMMs, attention cycles scaled by the kept share of the mask and an efficiency",
  nativePreset: "footing-512",
  exploits: "window",
  mappingParams: { efficiency: { meaning: "share of the ideal skip achieved", unit: "fraction 0..1", domain: { min: 0, minExclusive: true, max: 1 } }, nonlinear: NONLINEAR_PARAM },
  defaultMapping: { efficiency: 0.5 },
  evaluate(arch, workload, mapping = {}) {
    const m = { ...this.defaultMapping, ...mapping };
    const blocks: BlockParts[] = workload.blocks.map((block, i) => {
      const dense = denseAttentionCost(workload.model, block.tokens, arch);
      const kept = block.masks ? block.masks.reduce((a, x) => a + x.rowPtr[x.n]!, 0) / (workload.model.heads * block.tokens ** 2) : 1;
      const share = 1 - m.efficiency * (1 - kept);
      const { projections, mlp } = linearBlockCosts(workload.model, block.tokens, arch);
      const s = selectorAndNonlinear(workload, i, arch, m.nonlinear ?? arch.nonlinear);
      const attention = { ...dense, cycles: Math.ceil(dense.cycles * share), macs: Math.round(dense.macs * kept) };
      return { attention, projections, mlp, selector: s.selector, nonlinear: s.nonlinear, nonlinearElements: s.nonlinearElements, exposed: 0, extraDramBytes: 0 };
    });
    return assembleBreakdown("toy-skipper", arch, workload, blocks);
  },
  sweep: [{ key: "mapping.toy-skipper.efficiency", values: [0.25, 0.5, 1] }],
};

/** The CLI in-process (test/cli/in-process.ts): exit code, stdout and stderr without their trailing newline. */
async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const r = await runCli(argv);
  return { code: r.code, stdout: r.stdout.trimEnd(), stderr: r.stderr.trimEnd() };
}

let unregister: () => void = () => {};
beforeAll(() => {
  unregister = registerCycleModel(toy as unknown as CycleModel<BaseMapping>);
});
afterAll(() => unregister());

describe("a design registered in a test appears everywhere", { timeout: 300_000 }, () => {
  it("simulate: listed, runs on the spec, its mapping keys settable", async () => {
    const help = await cli(["simulate", "--help"]);
    expect(help.stdout).toMatch(/^ {2}toy-skipper /m);
    const r = await cli(["simulate", "toy-skipper", "--k", "3", "--set", "mapping.toy-skipper.efficiency=1", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const b = JSON.parse(r.stdout) as { model: string; mapping: { efficiency: number }; attentionMatmuls: number };
    expect(b.model).toBe("toy-skipper");
    expect(b.mapping.efficiency).toBe(1);
    const bad = await cli(["simulate", "toy-skipper", "--set", "mapping.toy-skipper.efficiency=2"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/mapping\.toy-skipper\.efficiency: got 2, expected a number > 0 and <= 1/);
  });

  it("sweep: its default axes from the registry, with meaning and unit", async () => {
    const r = await cli(["sweep", "toy-skipper", "--k", "3", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { configurations: number; axes: { key: string; unit: string }[]; rows: { values: { attentionMatmuls: number } }[] };
    expect(out.configurations).toBe(3);
    expect(out.axes).toEqual([expect.objectContaining({ key: "mapping.toy-skipper.efficiency", unit: "fraction 0..1" })]);
    const att = out.rows.map((x) => x.values.attentionMatmuls);
    expect(att[0]).toBeGreaterThan(att[2]!);
  });

  it("compare: a row per workload and its split", async () => {
    const r = await cli(["compare", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { rows: { design: string }[]; split: { design: string }[] };
    expect(out.rows.filter((x) => x.design === "toy-skipper").length).toBeGreaterThanOrEqual(3);
    expect(out.split.some((x) => x.design === "toy-skipper")).toBe(true);
  });

  it("run: one of the default designs of an experiment", async () => {
    const r = await cli(["run", join(repoRoot, "experiments", "dilated-200mhz.yaml"), "--out", mkdtempSync(join(tmpdir(), "vitsparse-toy-")), "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { designs: { design: string; split: { attention: { total: number } } }[] };
    expect(out.designs.map((d) => d.design)).toContain("toy-skipper");
    expect(out.designs.find((d) => d.design === "toy-skipper")!.split.attention.total).toBeGreaterThan(1);
  });

  it("notebook 05's one-footing table", () => {
    const rows = footingTableRows(compareDesigns());
    expect(rows.filter((x) => x.design === "toy-skipper").length).toBeGreaterThanOrEqual(3);
  });
});
