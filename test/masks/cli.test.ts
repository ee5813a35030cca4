import { describe, expect, it } from "vitest";
import { runCli, type CliResult } from "../cli/in-process.ts";
import { rawMaskNpy } from "./reference.ts";

/** Runs `vitsparse ARGS` in-process (test/cli/in-process.ts). */
function cli(...args: string[]): Promise<CliResult> {
  return runCli(args);
}

describe("vitsparse mask window", () => {
  it("--json prints exactly the contract fields", async () => {
    const r = await cli("mask", "window", "--grid", "14x14", "--k", "3", "--json");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, number>;
    expect(Object.keys(out).sort()).toEqual(["density", "nnz", "pruningRatio", "tokens"]);
    expect(out).toMatchObject({ tokens: 197, nnz: 1993 });
    expect(out.pruningRatio! * 100).toBeCloseTo(94.8646, 4);
    expect(out.density! + out.pruningRatio!).toBeCloseTo(1, 12);
  });
  it("k=7 shift with 2 special tokens", async () => {
    const out = JSON.parse((await cli("mask", "window", "--grid", "14x14", "--k", "7", "--border", "shift", "--special", "2", "--json")).stdout) as Record<string, number>;
    expect(out.tokens).toBe(198);
    expect(out.nnz).toBe(196 * 49 + 2 * 198 + 196 * 2);
  });
  const bad: [string, string[], RegExp][] = [
    ["even k", ["--k", "4"], /must be odd/],
    ["k larger than the grid", ["--grid", "7x7", "--k", "9"], /larger than the 7x7/],
    ["dilation < 1", ["--k", "3", "--dilation", "0"], /dilation must be an integer >= 1/],
    ["grid not matching the token count", ["--k", "3", "--tokens", "196"], /not 196/],
    ["bad --grid syntax", ["--grid", "14*14", "--k", "3"], /bad grid "14\*14"/],
    ["bad --border", ["--k", "3", "--border", "wrap"], /clip or shift/],
    ["missing --k", [], /--k is required/],
  ];
  for (const [name, args, re] of bad) {
    it(`${name} → exit 2 and a clear message, no stack trace`, async () => {
      const r = await cli("mask", "window", ...args, "--json");
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(re);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });
  }
});

describe("vitsparse mask polarize", () => {
  const npy = rawMaskNpy();
  it.skipIf(npy === null)("reproduces ViTCoD's G table and totals from info_0.95.npy", async () => {
    const r = await cli("mask", "polarize", "--npy", npy!, "--json");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { globalTokens: number[][]; dense: number; sparse: number; kept: number };
    expect(out.globalTokens).toEqual([[1, 10, 1], [1, 1, 1], [70, 1, 1], [1, 1, 1], [1, 1, 1], [20, 3, 1], [17, 1, 1], [1, 1, 1], [1, 5, 1], [9, 1, 7], [10, 6, 15], [31, 21, 28]]);
    expect([out.dense, out.sparse, out.kept]).toEqual([34508, 39891, 74399]);
  });
  it("missing file → exit 2 naming the path", async () => {
    const r = await cli("mask", "polarize", "--npy", "does/not/exist.npy", "--json");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--npy: \.npy file does\/not\/exist\.npy: no such file/);
  });
  it("missing --npy → exit 2", async () => {
    const r = await cli("mask", "polarize");
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^vitsparse: [^\n]*--npy PATH is required[^\n]*$/);
    expect(r.stdout).toBe("");
  });
  it("--help works", async () => {
    const r = await cli("mask", "polarize", "--help");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--threshold/);
  });
});
