/**
 * Exact values of the imported reference tables, checked against the numbers printed in the raw files
 * (quoted here from the files, line numbers in comments), plus internal consistency checks of the logs.
 */
import { describe, expect, it } from "vitest";
import { ensureReferenceData } from "../../lib/data/reference/ensure.ts";
import { readLevit128Flops } from "../../lib/data/reference/levit-flops.ts";
import { readTx2Profile } from "../../lib/data/reference/tx2-profile.ts";
import { readVitcodAttentionLog } from "../../lib/data/reference/vitcod-attention-log.ts";
import { readVitcodFfnLog } from "../../lib/data/reference/vitcod-ffn-log.ts";
import { readVitcodGlobalTokens, readVitcodMaskEntries } from "../../lib/data/reference/vitcod-mask.ts";
import { readArrowTable } from "../../lib/data/arrow-table.ts";
import { externalDataPath } from "../../lib/paths.ts";
import { REFERENCE_OUTPUTS } from "../../lib/data/reference/outputs.ts";

const haveRef = await ensureReferenceData();

describe.skipIf(!haveRef)("imported reference tables", () => {
  it("every output carries full provenance", () => {
    for (const o of REFERENCE_OUTPUTS) {
      const p = readArrowTable(externalDataPath(o.file), o.schema).provenance;
      expect(p.kind, o.file).toBe("reported");
      expect(p.generator).toBe("npm run data:import");
      expect(p.license).toBe("Apache-2.0");
      expect(p.sha256).toBe(o.source.sha256);
      expect(p.source).toBe(`github.com/GATECH-EIC/ViTCoD @ b2f7fb547adc6093f2500cdc29cc95f966ec7419: ${o.source.path}`);
      expect(p.extra?.commit).toBe("b2f7fb547adc6093f2500cdc29cc95f966ec7419");
      expect(p.extra?.path).toBe(o.source.path);
      expect(p.description.length).toBeGreaterThan(40);
    }
  });

  it("mask: 74,399 kept entries of (12, 3, 197, 197); CLS row and column kept in every head", () => {
    const m = readVitcodMaskEntries();
    expect(m.shape).toEqual([12, 3, 197, 197]);
    expect(m.layer.length).toBe(74399);
    const perHead = new Map<string, { row0: number; col0: number }>();
    for (let i = 0; i < m.layer.length; i++) {
      const k = `${m.layer[i]},${m.head[i]}`;
      const c = perHead.get(k) ?? { row0: 0, col0: 0 };
      if (m.query[i] === 0) c.row0++;
      if (m.key[i] === 0) c.col0++;
      perHead.set(k, c);
    }
    expect(perHead.size).toBe(36);
    for (const c of perHead.values()) expect(c).toEqual({ row0: 197, col0: 197 });
    // C order: strictly increasing flat index
    let prev = -1;
    let outOfOrder = 0;
    for (let i = 0; i < m.layer.length; i++) {
      const flat = ((m.layer[i]! * 3 + m.head[i]!) * 197 + m.query[i]!) * 197 + m.key[i]!;
      if (flat <= prev) outOfOrder++;
      prev = flat;
    }
    expect(outOfOrder).toBe(0);
  });

  it("global tokens: the 12 x 3 table of global_token_info_0.95.npy", () => {
    const g = readVitcodGlobalTokens();
    expect(g.layers).toBe(12);
    expect(g.heads).toBe(3);
    expect(g.counts).toEqual([
      [1, 10, 1], [1, 1, 1], [70, 1, 1], [1, 1, 1], [1, 1, 1], [20, 3, 1],
      [17, 1, 1], [1, 1, 1], [1, 5, 1], [9, 1, 7], [10, 6, 15], [31, 21, 28],
    ]);
  });

  it("attention log: every value of the last run (lines 453-630)", () => {
    const a = readVitcodAttentionLog();
    expect(a.runStartLine).toBe(453);
    expect(a.runTimestamp).toBe("2023/06/27 21:22:13");
    expect(a.runsInFile).toBe(6);
    expect(a.shape).toEqual([12, 3, 197, 64]);
    expect(a.totals).toEqual({ sparserRegionDensity: 0.03630901957304232, preload: 9492, processing: 4728, computation: 4709, total: 9492 });
    // layer, G, qkDenseLoad, qkDenseDecoder, kSparseLoad, kSparseDecoder, sddmmDense, sddmmSparse, vDenseLoad, spmmDense, vSparseLoad, spmmSparse
    const expected = [
      [0, 1, 200, 198, 197, 196, 120, 117, 2, 119, 392, 115],
      [1, 1, 200, 198, 197, 196, 30, 30, 2, 29, 392, 28],
      [2, 70, 269, 267, 128, 127, 840, 744, 140, 767, 254, 745],
      [3, 1, 200, 198, 197, 196, 54, 54, 2, 54, 392, 54],
      [4, 1, 200, 198, 197, 196, 87, 75, 2, 85, 392, 74],
      [5, 20, 219, 217, 178, 177, 300, 270, 40, 269, 354, 269],
      [6, 17, 216, 214, 181, 180, 255, 213, 34, 224, 360, 211],
      [7, 1, 200, 198, 197, 196, 87, 84, 2, 85, 392, 82],
      [8, 1, 200, 198, 197, 196, 33, 33, 2, 32, 392, 31],
      [9, 9, 208, 206, 189, 188, 135, 117, 18, 121, 376, 116],
      [10, 10, 209, 207, 188, 187, 150, 138, 20, 145, 374, 136],
      [11, 31, 230, 228, 167, 166, 372, 303, 62, 316, 332, 301],
    ];
    expect(
      a.layers.map((l) => [l.layer, l.globalTokens, l.qkDenseLoad, l.qkDenseDecoder, l.kSparseLoad, l.kSparseDecoder, l.sddmmDense, l.sddmmSparse, l.vDenseLoad, l.spmmDense, l.vSparseLoad, l.spmmSparse]),
    ).toEqual(expected);
    expect(a.layers.every((l) => l.head === 0)).toBe(true);
  });

  it("attention log: its totals are the sums the simulator's semantics imply", () => {
    const a = readVitcodAttentionLog();
    const sum = (f: (l: (typeof a.layers)[number]) => number) => a.layers.reduce((s, l) => s + f(l), 0);
    expect(sum((l) => l.qkDenseLoad + l.kSparseLoad + l.vDenseLoad + l.vSparseLoad)).toBe(a.totals.preload);
    expect(sum((l) => l.qkDenseDecoder + l.kSparseDecoder)).toBe(a.totals.processing);
    expect(sum((l) => Math.max(l.sddmmDense, l.sddmmSparse) + Math.max(l.spmmDense, l.spmmSparse))).toBe(a.totals.computation);
    expect(Math.max(a.totals.preload, a.totals.processing + a.totals.computation)).toBe(a.totals.total);
    // global tokens of the log = head 0 of global_token_info_0.95.npy
    expect(a.layers.map((l) => l.globalTokens)).toEqual(readVitcodGlobalTokens().counts.map((r) => r[0]));
  });

  it("FFN log: per-layer values and totals of the last run", () => {
    const f = readVitcodFfnLog();
    expect(f.totals).toEqual({
      linearPreprocessing: 0,
      linearPreload: 23304,
      linearCompute: 681492,
      ffnPreload: 0,
      ffnCompute: 1361664,
      linear: 681492,
      ffn: 1361664,
      total: 2043156,
    });
    expect(f.layers).toHaveLength(12);
    for (const [i, l] of f.layers.entries()) {
      expect(l).toEqual({ layer: i, head: 0, linearPreload: 1942, linearEncoder: 0, linearCompute: 56791, ffnPreload: 0, ffnCompute: 113472 });
    }
    expect(f.runsInFile).toBe(2);
    expect(f.runsIdentical).toBe(true);
    expect(f.runStartLine).toBe(110);
    // 12 layers x per-layer values = printed totals
    expect(12 * 1942).toBe(f.totals.linearPreload);
    expect(12 * 56791).toBe(f.totals.linearCompute);
    expect(12 * 113472).toBe(f.totals.ffnCompute);
    expect(f.totals.linear + f.totals.ffn).toBe(f.totals.total);
  });

  it("TX2 profile: 456 layers of 210 runs, first and last as printed", () => {
    const p = readTx2Profile();
    expect(p.runs).toBe(210);
    expect(p.layers).toHaveLength(456);
    expect(p.layers[0]).toEqual({ index: 0, name: "ReduceMean_0", timeMs: 11.3575, averageMs: 0.0540835, percentage: 0.362703 });
    expect(p.layers[455]).toEqual({ index: 455, name: "PWN(Add_718, Add_719)", timeMs: 3.4192, averageMs: 0.0162819, percentage: 0.109192 });
    expect(p.layers[8]!.name).toBe("MatMul_12");
    expect(p.layers[8]!.timeMs).toBe(36.1024);
    const pct = p.layers.reduce((s, l) => s + l.percentage, 0);
    expect(pct).toBeCloseTo(100, 4);
  });

  it("LeViT-128 fvcore printout: hierarchy and per-module counts", () => {
    const mods = readLevit128Flops();
    expect(mods).toHaveLength(326);
    const root = mods[0]!;
    expect(root).toMatchObject({ path: "", moduleType: "Levit", depth: 0, parent: -1, paramsText: "9.21M", flopsText: "0.41G", params: 9_210_000, flops: 410_000_000 });
    const by = (path: string) => mods.find((m) => m.path === path)!;
    expect(by("patch_embed")).toMatchObject({ moduleType: "Sequential", depth: 1, params: 97_680, flops: 49_520_000 });
    expect(by("patch_embed.0.c")).toMatchObject({ moduleType: "Conv2d", depth: 3, args: "3, 16, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), bias=False", params: 430, flops: 5_420_000 });
    expect(by("patch_embed.1")).toMatchObject({ moduleType: "Hardswish", paramsText: "", flopsText: "" });
    expect(Number.isNaN(by("patch_embed.1").flops)).toBe(true);
    expect(by("blocks")).toMatchObject({ params: 8_340_000, flops: 360_000_000 });
    expect(by("blocks.0.m")).toMatchObject({ moduleType: "Attention", params: 50_700, flops: 17_160_000 });
    expect(by("blocks.0.m.qkv.c")).toMatchObject({ moduleType: "Linear", args: "in_features=128, out_features=256, bias=False", params: 32_770, flops: 6_420_000 });
    expect(by("blocks.0.m.cal_attn")).toMatchObject({ moduleType: "MatMul", params: 0, flops: 2_460_000 });
    expect(by("blocks.0.m.cal_out")).toMatchObject({ moduleType: "MatMul", params: 0, flops: 4_920_000 });
    expect(by("blocks.1.m")).toMatchObject({ moduleType: "Sequential", params: 66_300, flops: 13_000_000 });
    expect(by("blocks.8")).toMatchObject({ moduleType: "AttentionSubsample" });
    expect(by("blocks.8.q.0")).toMatchObject({ moduleType: "Subsample" });
    expect(by("head.l")).toMatchObject({ moduleType: "Linear", args: "in_features=384, out_features=1000, bias=True", params: 390_000, flops: 380_000 });
    expect(by("head_dist.bn")).toMatchObject({ params: 770, flops: 770 });
    // parents are consistent with paths and depths
    for (const m of mods.slice(1)) {
      const parent = mods[m.parent]!;
      expect(m.depth).toBe(parent.depth + 1);
      expect(m.path).toBe(parent.path === "" ? m.name : `${parent.path}.${m.name}`);
    }
    expect(mods.filter((m) => m.moduleType === "Attention")).toHaveLength(12);
    expect(mods.filter((m) => m.moduleType === "AttentionSubsample")).toHaveLength(2);
  });
});
