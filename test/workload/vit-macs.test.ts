import { describe, expect, it } from "vitest";
import { ensureReferenceData } from "../../lib/data/reference/ensure.ts";
import { readLevit128Flops } from "../../lib/data/reference/levit-flops.ts";
import type { FvcoreModule } from "../../lib/data/reference/fvcore-printout.ts";
import { modelConfig } from "../../lib/specs/models.ts";
import { buildWorkload } from "../../lib/workload/vit.ts";
import { flopsReport } from "../../lib/cli/commands/flops.ts";
import { UserError } from "../../lib/errors.ts";
import { FIG1_CATEGORIES } from "../../lib/paper/poster-fig1.ts";
import { runCli } from "../cli/in-process.ts";

// Quoted MACs: DeiT via timm/fvcore (1.26 / 4.6 / 17.6 GMAC); LeViT paper Table 2 "FLOPs" (406 / 658 / 1120 M).
const MAC_CONTRACTS: Record<string, number> = {
  "deit-tiny": 1.26e9,
  "deit-small": 4.6e9,
  "deit-base": 17.6e9,
  "levit-128": 406e6,
  "levit-192": 658e6,
  "levit-256": 1120e6,
};

describe("analytic MACs", () => {
  for (const [name, quoted] of Object.entries(MAC_CONTRACTS)) {
    it(`${name} is within 1 % of the quoted ${quoted / 1e6} MMAC`, () => {
      const w = buildWorkload(modelConfig(name));
      expect(Math.abs(w.macs / quoted - 1)).toBeLessThan(0.01);
    });
  }

  it("DeiT-Tiny MACs decompose exactly into the textbook formula", () => {
    const N = 197, D = 192;
    const block = N * D * 3 * D + 2 * N * N * D + N * D * D + 2 * N * D * 4 * D;
    expect(buildWorkload(modelConfig("deit-tiny")).macs).toBe(12 * block + 196 * 768 * D + D * 1000);
  });

  it("windowed blocks keep the window mask's pairs (1,993 / 4,489 / 7,789 at k = 3 / 5 / 7)", () => {
    const cfg = modelConfig("deit-tiny");
    for (const [k, pairs] of [[3, 1993], [5, 4489], [7, 7789]] as const) {
      const w = buildWorkload(cfg, { k, blocks: [0, 1, 2, 3, 4, 5] });
      expect(w.attentionPairs.slice(0, 6)).toEqual(Array(6).fill(pairs));
      expect(w.attentionPairs.slice(6)).toEqual(Array(6).fill(197 * 197));
      const dense = buildWorkload(cfg);
      // Only Q·Kᵀ and P·V change: 2 matmuls × 3 heads × 64 × pair difference × 6 blocks.
      expect(dense.macs - w.macs).toBe(6 * 2 * 192 * (197 * 197 - pairs));
    }
  });

  it("windowing a LeViT subsample attention or an even window is a user error", () => {
    expect(() => buildWorkload(modelConfig("levit-128"), { k: 3, blocks: [4] })).toThrow(/subsample/);
    expect(() => buildWorkload(modelConfig("deit-tiny"), { k: 4, blocks: [0] })).toThrow(UserError);
  });

  it("flops report: categories are the Fig. 1 ones and add up to the total", () => {
    for (const model of ["deit-tiny", "levit-256", "vitcod-tx2"]) {
      const r = flopsReport(model);
      expect(Object.keys(r.categories)).toEqual([...FIG1_CATEGORIES]);
      expect(Object.values(r.categories).reduce((a, b) => a + b, 0)).toBe(r.macs);
      expect(r.categories["SA-Softmax"]).toBe(0);
    }
    expect(flopsReport("vitcod-tx2").categories["Conv/Embedding"]).toBe(0);
  });

  it("CLI: vitsparse flops --json prints one object; bad input exits 2 with a message", async () => {
    const ok = await runCli(["flops", "--model", "deit-tiny", "--window", "3", "--windowed", "0-5", "--json"]);
    expect(ok.code, ok.stderr).toBe(0);
    const j = JSON.parse(ok.stdout) as { model: string; params: number; macs: number; categories: Record<string, number> };
    expect(j.model).toBe("deit-tiny");
    expect(j.params).toBe(5_717_416);
    expect(j.macs).toBe(1_253_683_200 - 6 * 2 * 192 * (38_809 - 1_993));
    const bad = await runCli(["flops", "--model", "deit-tiny", "--window", "3"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--window and --windowed go together/);
    expect(bad.stderr).not.toMatch(/at .*\.ts:/);
  });
});

/** Half a unit of the last printed digit of an fvcore count such as "6.42M" or "0.2M". */
function printedTolerance(text: string): number {
  const m = /^([\d.]+)([KMG]?)$/.exec(text);
  if (!m) throw new Error(`unparsable fvcore count "${text}"`);
  const decimals = m[1]!.includes(".") ? m[1]!.split(".")[1]!.length : 0;
  const unit = { "": 1, K: 1e3, M: 1e6, G: 1e9 }[m[2] as "" | "K" | "M" | "G"];
  return 0.5 * unit * 10 ** -decimals;
}

const haveRef = await ensureReferenceData();

describe("LeViT-128 against ViTCoD's fvcore printout, module by module", () => {
  it.skipIf(!haveRef)("every module's MACs and parameters match within the printout's rounding", () => {
    const modules = readLevit128Flops();
    const ops = buildWorkload(modelConfig("levit-128")).ops;
    const under = (m: FvcoreModule) => ops.filter((o) => m.path === "" || o.module === m.path || o.module.startsWith(`${m.path}.`));
    // fvcore counts BatchNorm (2 per element); at inference BN is folded into the layer before it, so the kit
    // counts 0 MACs for it. Compare each module's flops minus its BatchNorm descendants.
    const bnFlops = (m: FvcoreModule) =>
      modules
        .filter((d) => d.moduleType.startsWith("BatchNorm") && (m.path === "" || d.path === m.path || d.path.startsWith(`${m.path}.`)))
        .reduce((a, d) => a + d.flops, 0);
    let compared = 0;
    for (const m of modules) {
      if (m.paramsText === "" || m.moduleType.startsWith("BatchNorm")) continue;
      const mine = under(m);
      const macs = mine.reduce((a, o) => a + o.macs, 0);
      const params = mine.reduce((a, o) => a + o.params, 0);
      // Sums of BN entries carry their own rounding; give them their printed tolerance too.
      const bnTol = modules
        .filter((d) => d.moduleType.startsWith("BatchNorm") && (m.path === "" || d.path.startsWith(`${m.path}.`)))
        .reduce((a, d) => a + printedTolerance(d.flopsText), 0);
      expect(Math.abs(macs - (m.flops - bnFlops(m))), `${m.path || "root"} MACs`).toBeLessThanOrEqual(printedTolerance(m.flopsText) + bnTol);
      // The kit books a folded BatchNorm's affine parameters on the layer it folds into (`….c`), fvcore on the
      // BatchNorm module beside it: compare parameters at the ConvNorm/LinearNorm parent and above.
      if (!m.path.endsWith(".c")) {
        expect(Math.abs(params - m.params), `${m.path || "root"} params`).toBeLessThanOrEqual(printedTolerance(m.paramsText));
      }
      compared++;
    }
    expect(compared).toBeGreaterThan(200);
    // Every op with MACs is a module of the printout (no invented work).
    const paths = new Set(modules.map((m) => m.path));
    for (const o of ops) if (o.macs > 0) expect(paths.has(o.module), o.module).toBe(true);
  });

  it.skipIf(!haveRef)("the printout's leaf Linear/Conv2d/MatMul modules are exactly the kit's MAC operators", () => {
    const modules = readLevit128Flops().filter((m) => ["Linear", "Conv2d", "MatMul"].includes(m.moduleType));
    const ops = buildWorkload(modelConfig("levit-128")).ops.filter((o) => o.macs > 0);
    expect(modules.map((m) => m.path).sort()).toEqual(ops.map((o) => o.module).sort());
  });
});
