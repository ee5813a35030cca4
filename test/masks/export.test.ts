import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeNpy } from "../../lib/data/npy-write.ts";
import { readNpy } from "../../lib/data/npy.ts";
import { readVitcodMaskEntries } from "../../lib/data/reference/vitcod-mask.ts";
import { windowModelMasks, writeMaskExport } from "../../lib/masks/export.ts";
import { toBitmap } from "../../lib/masks/sparse-mask.ts";
import { loadVitcodMasks } from "../../lib/masks/vitcod-masks.ts";
import { windowMask, type WindowOptions } from "../../lib/masks/window.ts";
import { runCli, type CliResult } from "../cli/in-process.ts";
import { systemPackagesProblem } from "../../lib/system-packages.ts";

const PYTHON = "/usr/bin/python3";
/** The one line naming Debian's NumPy when it is missing (the NumPy check then fails with it). */
const numpyMissing = systemPackagesProblem(["python3-numpy"]);

const dir = mkdtempSync(join(tmpdir(), "vitsparse-mask-export-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `vitsparse ARGS` in-process (test/cli/in-process.ts). */
function cli(...args: string[]): Promise<CliResult> {
  return runCli(args);
}

/**
 * Whether key position y is in the window of query position x along one axis, from the definition (not the
 * kit's enumeration): clip keeps the taps x + i·d (|i| ≤ half) that lie on the grid; shift keeps k consecutive
 * taps of x's dilation group, the run slid inside the group.
 */
function axisKept(x: number, y: number, size: number, k: number, d: number, border: "clip" | "shift"): boolean {
  const half = (k - 1) / 2;
  if ((y - x) % d !== 0) return false;
  if (border === "clip") return Math.abs(y - x) <= half * d;
  const groupLen = Math.floor((size - 1 - (x % d)) / d) + 1;
  const start = Math.min(Math.max(Math.floor(x / d) - half, 0), groupLen - k);
  const py = Math.floor(y / d);
  return py >= start && py < start + k;
}

/** Pruned entries (True in ViTCoD's convention) of one window mask, counted over every (query, key) pair. */
function prunedByDefinition(o: Required<Omit<WindowOptions, "tokens">>): number {
  const n = o.special + o.gridH * o.gridW;
  let pruned = 0;
  for (let q = o.special; q < n; q++) {
    const qr = Math.floor((q - o.special) / o.gridW);
    const qc = (q - o.special) % o.gridW;
    for (let k = o.special; k < n; k++) {
      const kr = Math.floor((k - o.special) / o.gridW);
      const kc = (k - o.special) % o.gridW;
      if (!(axisKept(qr, kr, o.gridH, o.kh, o.dilation, o.border) && axisKept(qc, kc, o.gridW, o.kw, o.dilation, o.border))) pruned++;
    }
  }
  return pruned;
}

/** Grids × windows × dilations × borders × special tokens, including non-square grids and windows. */
const SETTINGS: Required<Omit<WindowOptions, "tokens">>[] = [];
for (const [gridH, gridW] of [[14, 14], [7, 9], [16, 16], [5, 12]] as const)
  for (const [kh, kw] of [[1, 1], [3, 3], [5, 5], [3, 5]] as const)
    for (const dilation of [1, 2, 3])
      for (const border of ["clip", "shift"] as const)
        for (const special of [0, 1, 2]) {
          if (kh > gridH || kw > gridW) continue;
          if (border === "shift" && (kh * dilation > gridH || kw * dilation > gridW)) continue;
          SETTINGS.push({ gridH, gridW, kh, kw, dilation, border, special });
        }

describe("mask export: exact pruned counts", () => {
  it(`${SETTINGS.length} settings: the .npy is bool, (tokens, tokens), True = pruned, with the pruned count of the definition`, () => {
    const files: string[] = [];
    const expected: number[] = [];
    SETTINGS.forEach((o, i) => {
      const path = join(dir, `w${i}.npy`);
      const counts = writeMaskExport(path, { masks: [[windowMask(o)]], single: true, description: "test", generator: "test" });
      const n = o.special + o.gridH * o.gridW;
      const want = prunedByDefinition(o);
      expect(counts.pruned, JSON.stringify(o)).toBe(want);
      const back = readNpy(path);
      expect(back.descr).toBe("|b1");
      expect(back.shape).toEqual([n, n]);
      let trues = 0;
      for (const v of back.data as Uint8Array) trues += v;
      expect(trues, JSON.stringify(o)).toBe(want);
      // special rows and columns are never pruned
      const d = back.data as Uint8Array;
      let prunedSpecial = 0;
      for (let s = 0; s < o.special; s++) for (let j = 0; j < n; j++) prunedSpecial += d[s * n + j]! + d[j * n + s]!;
      expect(prunedSpecial, JSON.stringify(o)).toBe(0);
      files.push(path);
      expected.push(want);
    });
    if (numpyMissing !== null) throw new Error(numpyMissing);
    const script =
      "import json, sys, numpy as np\n" +
      "print(json.dumps([[str(a.dtype), list(a.shape), int(a.sum())] for a in (np.load(p) for p in sys.argv[1:])]))";
    const r = spawnSync(PYTHON, ["-c", script, ...files], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const loaded = JSON.parse(r.stdout) as [string, number[], number][];
    loaded.forEach(([dtype, shape, trues], i) => {
      const o = SETTINGS[i]!;
      const n = o.special + o.gridH * o.gridW;
      expect([dtype, shape, trues], JSON.stringify(o)).toEqual(["bool", [n, n], expected[i]]);
    });
  });
});

describe("vitsparse mask window --out", () => {
  it("one mask: the poster's 14x14, k = 3, CLS → (197, 197) with 36,816 True", async () => {
    const path = join(dir, "poster.npy");
    const r = await cli("mask", "window", "--grid", "14x14", "--k", "3", "--out", path, "--json");
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ tokens: 197, nnz: 1993, out: path, shape: [197, 197], kept: 1993, pruned: 38809 - 1993 });
    const a = readNpy(path);
    expect([a.dtype, a.shape]).toEqual(["bool", [197, 197]]);
    expect(Array.from(a.data as Uint8Array).filter((v) => v === 1).length).toBe(36816);
  });

  it("whole model: (12, 3, 197, 197), layers 0-5 windowed, 6-11 dense (no True)", async () => {
    const path = join(dir, "model.npy");
    const r = await cli("mask", "window", "--grid", "14x14", "--k", "3", "--layers", "12", "--heads", "3", "--windowed", "0-5", "--out", path, "--json");
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(json).toMatchObject({ shape: [12, 3, 197, 197], pruned: 18 * 36816, kept: 18 * 1993 + 18 * 38809, convention: "pruned" });
    // The whole model's ratio (dense layers included), beside one windowed mask's.
    expect(json["wholeModelPruningRatio"]).toBeCloseTo((18 * 36816) / (36 * 38809), 12);
    expect(json["pruningRatio"]).toBeCloseTo(36816 / 38809, 12);
    const a = readNpy(path);
    expect(a.shape).toEqual([12, 3, 197, 197]);
    const per = 197 * 197;
    for (let m = 0; m < 36; m++) {
      let trues = 0;
      for (let i = m * per; i < (m + 1) * per; i++) trues += a.data[i] as number;
      expect(trues, `layer ${Math.floor(m / 3)} head ${m % 3}`).toBe(m < 18 ? 36816 : 0);
    }
  });

  it("--convention keep: True = attend, the exact complement of the default (pruned) array", async () => {
    const pruned = join(dir, "conv-pruned.npy");
    const keep = join(dir, "conv-keep.npy");
    const common = ["mask", "window", "--grid", "6x5", "--k", "3", "--dilation", "2", "--layers", "3", "--heads", "2", "--windowed", "0,2"];
    expect((await cli(...common, "--out", pruned)).code).toBe(0);
    const r = await cli(...common, "--out", keep, "--convention", "keep", "--json");
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(json["convention"]).toBe("keep");
    const a = readNpy(pruned);
    const b = readNpy(keep);
    expect([b.dtype, b.shape]).toEqual(["bool", [3, 2, 31, 31]]);
    const trues = Array.from(b.data as Uint8Array).filter((v) => v === 1).length;
    expect(trues).toBe(json["kept"]);
    for (let i = 0; i < a.data.length; i++) if ((a.data[i] as number) + (b.data[i] as number) !== 1) throw new Error(`entry ${i} is not complementary`);
    // The kept entries of a windowed layer are exactly the window mask's.
    const want = toBitmap(windowMask({ gridH: 6, gridW: 5, kh: 3, dilation: 2, special: 1 }));
    expect(Array.from((b.data as Uint8Array).subarray(0, 31 * 31))).toEqual(Array.from(want));
  });

  it(".arrow: the kept entries with the imported ViTCoD masks' schema, read back by the kit's ViTCoD reader", async () => {
    const path = join(dir, "model.arrow");
    const r = await cli("mask", "window", "--grid", "7x9", "--k", "3", "--dilation", "2", "--special", "2", "--layers", "4", "--heads", "2", "--windowed", "1,3", "--out", path);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/wrote .*model\.arrow: shape \(4, 2, 65, 65\)/);
    const e = readVitcodMaskEntries(path);
    expect(e.shape).toEqual([4, 2, 65, 65]);
    const masks = loadVitcodMasks(path);
    const want = windowModelMasks({ gridH: 7, gridW: 9, kh: 3, dilation: 2, special: 2, layers: 4, heads: 2, windowedLayers: [1, 3] });
    for (let l = 0; l < 4; l++) for (let h = 0; h < 2; h++) expect(toBitmap(masks[l]![h]!)).toEqual(toBitmap(want[l]![h]!));
  });

  const bad: [string, string[], RegExp][] = [
    ["an unknown extension", ["--out", "x.csv"], /ending in \.npy .* or \.arrow/],
    ["--layers without --out", ["--layers", "12"], /apply only with --out/],
    ["--heads without --layers", ["--heads", "3", "--out", "x.npy"], /need --layers/],
    ["a windowed layer out of range", ["--layers", "12", "--windowed", "0-12", "--out", "x.npy"], /mask window: --windowed: block 12 does not exist \(the model has blocks 0-11\)/],
    ["a bad layer list", ["--layers", "12", "--windowed", "0-a", "--out", "x.npy"], /mask window: --windowed: expected block indices .* got "0-a"/],
    ["--heads 0", ["--layers", "2", "--heads", "0", "--out", "x.npy"], /--heads must be a positive integer/],
    ["an unknown --convention", ["--out", "x.npy", "--convention", "attend"], /--convention must be pruned or keep .*got "attend"/],
    ["--convention without --out", ["--convention", "keep"], /--convention.*--out/],
    ["--convention with an .arrow export", ["--out", "x.arrow", "--convention", "keep"], /--convention applies to a \.npy export/],
  ];
  for (const [name, args, re] of bad) {
    it(`${name} → exit 2, one line, no file`, async () => {
      const sub = mkdtempSync(join(dir, "bad-"));
      const r = await runCli(["mask", "window", "--k", "3", ...args], { cwd: sub });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(re);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(readdirSync(sub)).toEqual([]);
    });
  }
});

describe("the exported schedule runs through simulate vitcod-reference --npy", () => {
  it("poster schedule (6 windowed + 6 dense layers): the corrected variant runs; the reference refuses the first dense layer in one line naming --variant corrected", async () => {
    const path = join(dir, "poster-model.npy");
    expect((await cli("mask", "window", "--grid", "14x14", "--k", "3", "--layers", "12", "--heads", "3", "--windowed", "0-5", "--out", path)).code).toBe(0);
    const corrected = await cli("simulate", "vitcod-reference", "--npy", path, "--variant", "corrected", "--json");
    expect(corrected.code, corrected.stderr).toBe(0);
    const out = JSON.parse(corrected.stdout) as { variant: string; attention: { total: number; layers: { heads: { S: number }[] }[] } };
    expect(out.variant).toBe("corrected");
    expect(out.attention.layers).toHaveLength(12);
    expect(out.attention.layers[6]!.heads.every((h) => h.S === 0)).toBe(true);
    expect(out.attention.total).toBeGreaterThan(0);
    // ViTCoD's reference simulator divides by the sparse engine's width, 0 on a dense layer (S = 0).
    const reference = await cli("simulate", "vitcod-reference", "--npy", path, "--json");
    expect(reference.code).toBe(2);
    expect(reference.stdout).toBe("");
    expect(reference.stderr.trim()).toMatch(/^vitsparse: simulate vitcod-reference: layer 6 of \S+ is dense \(S = 0 sparse entries[^\n]*divides by[^\n]*0\); use --variant corrected$/);
    expect((await cli("simulate", "vitcod-reference", "--help")).stdout).toMatch(/refuses masks with dense layers[\s\S]*--variant corrected/);
  });

  it("all-windowed schedule: the reference variant gives the same cycles as the same masks written from the definition", async () => {
    const exported = join(dir, "all-windowed.npy");
    expect((await cli("mask", "window", "--grid", "14x14", "--k", "3", "--layers", "12", "--heads", "3", "--out", exported)).code).toBe(0);
    const o = { gridH: 14, gridW: 14, kh: 3, kw: 3, dilation: 1, border: "clip" as const, special: 1 };
    const n = 197;
    const one = new Uint8Array(n * n);
    for (let q = 0; q < n; q++)
      for (let k = 0; k < n; k++) {
        if (q === 0 || k === 0) continue;
        const [qr, qc, kr, kc] = [Math.floor((q - 1) / 14), (q - 1) % 14, Math.floor((k - 1) / 14), (k - 1) % 14];
        one[q * n + k] = axisKept(qr, kr, 14, 3, 1, "clip") && axisKept(qc, kc, 14, 3, 1, "clip") ? 0 : 1;
      }
    const data = new Uint8Array(36 * n * n);
    for (let m = 0; m < 36; m++) data.set(one, m * n * n);
    const fromDefinition = join(dir, "definition.npy");
    writeNpy(fromDefinition, { dtype: "bool", shape: [12, 3, n, n], data });
    expect(prunedByDefinition(o)).toBe(36816);
    const a = await cli("simulate", "vitcod-reference", "--npy", exported, "--json");
    const b = await cli("simulate", "vitcod-reference", "--npy", fromDefinition, "--json");
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const out = JSON.parse(a.stdout) as { attention: { total: number; layers: { G: number }[] } };
    expect(out.attention.layers.map((l) => l.G)).toEqual(new Array(12).fill(1)); // the CLS column is the one global token
  });
});
