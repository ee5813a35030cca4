/**
 * The five example experiments in experiments/ run, each checked against what it must give: the poster's
 * setting reproduces the committed Fig. 11 ratios and ViTCoD's simulator equality with its logs, ViTCoD's setting
 * names its masks by file and sha256, HeatViT's prunes tokens as its schedule says, and the two variants use the
 * hardware and window their files ask for.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../lib/paths.ts";
import { ensureReferenceData } from "../../lib/data/reference/ensure.ts";
import { nnz } from "../../lib/masks/sparse-mask.ts";
import { windowMask } from "../../lib/masks/window.ts";
import { readSpecFile } from "../../lib/experiment/spec.ts";
import { resolveExperiment } from "../../lib/experiment/resolve.ts";
import { runExperiment, type ExperimentResult } from "../../lib/experiment/run.ts";
import { CYCLE_MODELS } from "../../lib/cycles/registry.ts";
import { readdirSync } from "node:fs";

const dir = join(repoRoot, "experiments");

async function run(name: string): Promise<ExperimentResult> {
  return runExperiment(resolveExperiment(readSpecFile(join(dir, `${name}.yaml`))));
}

/** The committed Fig. 11 ratios (results/05-fpga-speedup/fig11-ratios.csv, the kit column). */
function committedFig11(): number[] {
  const lines = readFileSync(join(repoRoot, "results", "05-fpga-speedup", "fig11-ratios.csv"), "utf8").trim().split("\n").slice(1);
  return lines.map((l) => Number(l.split(",")[2]));
}

describe("experiments/", { timeout: 120_000 }, () => {
  it("holds the poster's, ViTCoD's and HeatViT's settings and two variants, and the schema", () => {
    expect(readdirSync(dir).sort()).toEqual(["deit-small-window5.yaml", "dilated-200mhz.yaml", "experiment.schema.json", "heatvit.yaml", "poster.yaml", "vitcod.yaml"]);
    // Editors (the YAML language server) complete and check a file whose first line names the schema.
    for (const f of readdirSync(dir).filter((x) => x.endsWith(".yaml"))) {
      expect(readFileSync(join(dir, f), "utf8").split("\n")[0], f).toBe("# yaml-language-server: $schema=./experiment.schema.json");
    }
  });

  it("poster.yaml: the committed Fig. 11 ratios, ViTCoD's simulator equal to its logs, every registered design", async () => {
    const r = await run("poster");
    const f = r.references.fig11!;
    expect([f.ratios.qkSystolicToLines, f.ratios.qkFullToWindow, f.ratios.svSystolicToLines, f.ratios.svFullToWindow]).toEqual(committedFig11());
    expect(r.designs.map((d) => d.design)).toEqual(CYCLE_MODELS.map((m) => m.id));
    expect(r.hardware.id).toBe("zybo-z7-20");
    const kept = nnz(windowMask({ gridH: 14, gridW: 14, kh: 3 }));
    expect(r.pruning.blocks[0]!.pruningRatio).toBeCloseTo(1 - kept / 197 ** 2, 12);
    expect(r.pruning.blocks[6]!.pruningRatio).toBe(0);
    expect(r.pruning.pruningRatio).toBeCloseTo((6 * (1 - kept / 197 ** 2)) / 12, 12);
    expect(r.macs.amdahlLimit).toBeGreaterThan(r.macs.speedup);
    for (const d of r.designs) expect(d.split.total.arrayEffect * d.split.total.sparsityEffect).toBeCloseTo(d.split.total.total, 9);
    const v = r.references.vitcodLog!;
    if (v.available) {
      expect(v.mismatches).toBe(0);
      expect(v.equal).toBe(true);
      expect(v.attentionTotal).toEqual({ kit: 9492, log: 9492 });
      expect(v.ffnTotal).toEqual({ kit: 2043156, log: 2043156 });
    } else expect(v.reason).toMatch(/data:import/);
  });

  it("vitcod.yaml: ViTCoD's masks on its accelerator, named by file and sha256", async () => {
    if (!(await ensureReferenceData())) return;
    const r = await run("vitcod");
    expect(r.workload.attention).toBe("masks");
    expect(r.workload.mask!.name).toBe("vitcod-mask-info-0.95.arrow");
    expect(r.workload.label).toContain(`sha256 ${r.workload.mask!.sha256.slice(0, 12)}`);
    expect(r.hardware.pes).toBe(512);
    const vitcod = r.designs.find((d) => d.design === "vitcod")!;
    expect(vitcod.mapping).toMatchObject({ threshold: 50, ratio: 0.667 });
    expect(vitcod.split.attention.sparsityEffect).toBeGreaterThan(5);
    expect(r.pruning.pruningRatio).toBeGreaterThan(0.9);
  });

  it("heatvit.yaml: tokens 197 → 139 → 97 → 68 after the selectors at blocks 3, 6, 9", async () => {
    const r = await run("heatvit");
    expect(r.pruning.blocks.map((b) => b.tokens)).toEqual([197, 197, 197, 139, 139, 139, 97, 97, 97, 68, 68, 68]);
    expect(r.hardware.id).toBe("zcu102-heatvit");
    expect(r.macs.sparse.selector).toBeGreaterThan(0);
    const heatvit = r.designs.find((d) => d.design === "heatvit")!;
    expect(heatvit.breakdown.selector).toBeGreaterThan(0);
    expect(heatvit.split.total.sparsityEffect).toBeGreaterThan(1.4);
  });

  it("deit-small-window5.yaml: 5×5 window in blocks 0-3 of DeiT-small on the Zybo with 16 MAC lines", async () => {
    const r = await run("deit-small-window5");
    expect(r.hardware).toMatchObject({ preset: "zybo-z7-20", rows: 16, cols: 10, arrangement: "lines" });
    expect(r.workload).toMatchObject({ model: "deit-small", heads: 6, blocks: [0, 1, 2, 3], window: { k: 5, dilation: 1, border: "clip", special: 1 } });
    expect(r.designs.find((d) => d.design === "mac-lines")!.mapping.pesPerLine).toBe(26);
    expect(r.pruning.blocks[3]!.pruningRatio).toBeCloseTo(1 - nnz(windowMask({ gridH: 14, gridW: 14, kh: 5 })) / 197 ** 2, 12);
    expect(r.references.fig11!.k).toBe(5);
  });

  it("dilated-200mhz.yaml: a dilated 5×5 window at 256 px, 200 MHz", async () => {
    const r = await run("dilated-200mhz");
    expect(r.hardware.clockHz).toBe(2e8);
    expect(r.workload).toMatchObject({ image: 256, grid: 16, tokens: 257, window: { k: 5, dilation: 2 } });
    for (const d of r.designs) expect(d.breakdown.ms).toBeCloseTo((d.breakdown.total / 2e8) * 1e3, 9);
    expect(r.pruning.blocks[0]!.kept).toBe(3 * nnz(windowMask({ gridH: 16, gridW: 16, kh: 5, dilation: 2 })));
  });
});
