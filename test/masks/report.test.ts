import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { maskBlocks } from "../../lib/masks/block-density.ts";
import { localityVerdicts, diagonalConcentration } from "../../lib/analysis/attention-verdicts.ts";
import { windowVerdicts } from "../../lib/analysis/pruning-verdicts.ts";
import { scheduleReport, vitcodHeadRows, vitcodLayerPruning, windowPruningSweep } from "../../lib/analysis/masks.ts";
import { maskFromBitmap, nnz } from "../../lib/masks/sparse-mask.ts";
import { windowMask } from "../../lib/masks/window.ts";
import { loadVitcodMasks } from "../../lib/masks/vitcod-masks.ts";
import { repoRoot } from "../../lib/paths.ts";
import { need, vitcodReference } from "./reference.ts";

const ref = await vitcodReference();

describe("block aggregation", () => {
  it("blocks hold every kept entry exactly once; b = 1 lists the entries", () => {
    const m = windowMask({ gridH: 14, gridW: 14, kh: 5 });
    for (const b of [1, 4, 5, 197, 300]) {
      const blocks = maskBlocks(m, b);
      expect(blocks.reduce((a, x) => a + x.kept, 0)).toBe(nnz(m));
      for (const x of blocks) expect(x.density).toBeCloseTo(x.kept / ((x.row1 - x.row0) * (x.col1 - x.col0)), 12);
    }
    expect(maskBlocks(m, 1).length).toBe(nnz(m));
    expect(() => maskBlocks(m, 0)).toThrow(/positive integer/);
  });
  it("an edge block is clipped to the map", () => {
    const m = maskFromBitmap(Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 1]), 3);
    expect(maskBlocks(m, 2)).toEqual([{ row0: 2, row1: 3, col0: 2, col1: 3, kept: 1, density: 1 }]);
  });
});

describe("pruning report", () => {
  it("sweep skips windows larger than the grid and matches the contract counts", () => {
    const rows = windowPruningSweep([5, 14], [3, 5, 7]);
    expect(rows.map((r) => `${r.grid}/${r.k}`)).toEqual(["5x5/3", "5x5/5", "14x14/3", "14x14/5", "14x14/7"]);
    expect(rows.filter((r) => r.grid === "14x14").map((r) => r.kept)).toEqual([1993, 4489, 7789]);
  });
  it("poster schedule: 47.4323 % whole model, 94.8646 % on the windowed blocks", () => {
    const s = scheduleReport({ gridH: 14, gridW: 14, kh: 3 }, 12, 3, [0, 1, 2, 3, 4, 5]);
    expect(s.sparseBlocksPercent.toFixed(4)).toBe("94.8646");
    expect(s.keptTotal).toBe(18 * 1993 + 18 * 38809);
    expect(s.wholeModelPercent).toBeCloseTo((100 * 18 * (38809 - 1993)) / (36 * 38809), 10);
  });
  it.skipIf(ref === null)("ViTCoD: 94.6748 % whole model, per-head rows sum to 74,399", () => {
    const masks = loadVitcodMasks(need(ref).masks);
    const v = vitcodLayerPruning(masks);
    expect(v.kept).toBe(74399);
    expect(v.entries).toBe(36 * 197 * 197);
    const rows = vitcodHeadRows(masks);
    expect(rows.reduce((a, r) => a + r.kept, 0)).toBe(74399);
    expect(rows.reduce((a, r) => a + r.denseKept, 0)).toBe(34508);
  });
  it.skipIf(ref === null)("claim verdicts are computed from the data", () => {
    const masks = loadVitcodMasks(need(ref).masks);
    const p = windowVerdicts({ gridH: 14, gridW: 14, kh: 3 }, 12, 3, [0, 1, 2, 3, 4, 5], 0.5, "f.svg");
    expect(p.map((c) => c.status)).toEqual(["reproduced", "derived"]);
    // a 5×5 window (88.4 %) would not back "up to 95 %"
    expect(windowVerdicts({ gridH: 14, gridW: 14, kh: 5 }, 12, 3, [0], 0.5, "f.svg")[0]!.status).toBe("contradicted");
  });

  it("the reasons follow the window and schedule they were computed for", () => {
    const k3 = windowVerdicts({ gridH: 14, gridW: 14, kh: 3 }, 12, 3, [0, 1, 2, 3, 4, 5], 0.5, "f.svg");
    expect(k3[0]!.reason).toContain("the maximum over odd windows");
    expect(k3[1]!.reason).toContain("6 of 12 blocks");
    const k5 = windowVerdicts({ gridH: 16, gridW: 16, kh: 5 }, 12, 3, [0, 1], 0.5, "f.svg");
    expect(k5[0]!.reason).not.toContain("the maximum");
    expect(k5[0]!.reason).toMatch(/below the \d+\.\d{4} % of the smallest odd window/);
    expect(k5[1]!.reason).toContain("2 of 12 blocks");
  });

  it.skipIf(ref === null)("locality verdicts are computed from the data", () => {
    const masks = loadVitcodMasks(need(ref).masks);
    const l = localityVerdicts(masks, { lowerBlocks: [0, 1, 2, 3, 4, 5], k: 3, localShare: 0.5, figure: "f.svg" });
    // "upper" is read as the poster itself draws and windows the blocks: the same blocks, the same verdict
    expect(l.map((c) => c.status)).toEqual(["reproduced", "reproduced"]);
    // swapping the groups swaps the verdict on the lower blocks
    const swapped = localityVerdicts(masks, { lowerBlocks: [6, 7, 8, 9, 10, 11], k: 3, localShare: 0.5, figure: "f.svg" });
    expect(swapped.map((c) => c.status)).toEqual(["contradicted", "contradicted"]);
    const d = diagonalConcentration(masks, 15);
    expect(d.pooled).toBeGreaterThan(d.uniform);
  });
});

describe("notebooks 02 and 03", () => {
  for (const name of ["02-attention-maps", "03-pruning-ratio"]) {
    it(`${name}: kernelspec, parameters cell, no error outputs, requires the ViTCoD mask table`, () => {
      const nb = JSON.parse(readFileSync(join(repoRoot, "notebooks", `${name}.ipynb`), "utf8")) as {
        metadata: { kernelspec: { name: string }; vitsparse?: { requires: string[] } };
        cells: { cell_type: string; metadata: { tags?: string[] }; source: string[]; outputs?: { output_type: string }[] }[];
      };
      expect(nb.metadata.kernelspec.name).toBe("vitsparse-tslab");
      expect(nb.metadata.vitsparse?.requires).toContain("data/external/vitcod-mask-info-0.95.arrow");
      const code = nb.cells.filter((c) => c.cell_type === "code");
      expect(code[0]!.metadata.tags).toEqual(["parameters"]);
      // Each line a declaration, optionally followed by its contract comment (lib/notebook/parameter-contract.ts).
      for (const line of code[0]!.source.join("").split("\n")) expect(line).toMatch(/^let [A-Za-z]\w* = [^;]+;( *\/\/ .+)?$/);
      // Committed notebooks are executed by `npm run reproduce`; none may hold an error output.
      for (const c of code) expect((c.outputs ?? []).filter((o) => o.output_type === "error")).toEqual([]);
    });
  }
});
