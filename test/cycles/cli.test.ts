/**
 * `vitsparse simulate` and `vitsparse sweep` end to end (the CLI's `main` in-process, test/cli/in-process.ts): the JSON fields
 * documented in each command's --help, progress on stderr, byte-identical reruns, clear errors with exit status 2.
 */
import { mkdtempSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../lib/paths.ts";
import { runCli, type CliResult } from "../cli/in-process.ts";
import { findInDirectory } from "../../lib/data/reference/locate.ts";
import { referenceFile } from "../../lib/data/reference/manifest.ts";

/** Runs `vitsparse ARGS` in-process (test/cli/in-process.ts): what it prints and its exit code. */
function cli(...args: string[]): Promise<CliResult> {
  return runCli(args);
}

const infoNpy = findInDirectory(join(repoRoot, "..", "shared", "reference"), referenceFile("info_0.95.npy"));

describe("vitsparse simulate", () => {
  it("poster --json: exactly {qk, sv, ratios} with the documented field names", async () => {
    const r = await cli("simulate", "fig11", "--k", "3", "--pes", "10", "--json");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, Record<string, number>>;
    expect(Object.keys(out)).toEqual(["qk", "sv", "ratios"]);
    expect(Object.keys(out.qk!)).toEqual(["systolicFull", "linesFull", "linesWindow"]);
    expect(Object.keys(out.sv!)).toEqual(["systolicFull", "linesFull", "linesWindow"]);
    expect(Object.keys(out.ratios!)).toEqual(["qkSystolicToLines", "qkFullToWindow", "svSystolicToLines", "svFullToWindow"]);
    expect(out.ratios!.qkSystolicToLines! / 1.21).toBeCloseTo(1, 1);
  });

  it.skipIf(infoNpy === undefined)("vitcod --npy info_0.95.npy --json: the documented fields and the reference totals", async () => {
    const r = await cli("simulate", "vitcod-reference", "--npy", infoNpy!, "--json");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { attention: Record<string, unknown> & { layers: Record<string, number>[] }; ffn: Record<string, number> };
    expect(Object.keys(out)).toEqual(["variant", "attention", "ffn"]);
    expect(Object.keys(out.attention)).toEqual(["preload", "processing", "computation", "total", "layers"]);
    expect(Object.keys(out.attention.layers[0]!)).toEqual(["G", "S", "sddmmDense", "sddmmSparse", "spmmDense", "spmmSparse"]);
    expect(Object.keys(out.ffn)).toEqual(["linearPreload", "linearCompute", "encoder", "ffnCompute", "ffnPreload", "total"]);
    expect([out.attention.preload, out.attention.processing, out.attention.computation, out.attention.total]).toEqual([9492, 4728, 4709, 9492]);
    expect(out.ffn.total).toBe(2043156);
    expect(out.attention.layers.map((l) => l.G)).toEqual([1, 1, 70, 1, 1, 20, 17, 1, 1, 9, 10, 31]);
  });

  it("errors: --pes 0, a missing --npy file, an unknown model → exit 2, one clear line, nothing on stdout", async () => {
    for (const [args, re] of [
      [["simulate", "fig11", "--pes", "0", "--json"], /--pes must be a positive integer/],
      [["simulate", "vitcod-reference", "--npy", "/nonexistent/x.npy", "--json"], /no such file/],
      [["simulate", "warp", "--json"], /unknown model "warp"/],
    ] as const) {
      const r = await cli(...args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(re);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  }, 180_000);
});

describe("vitsparse simulate heatvit / compare", () => {
  it("simulate heatvit --model NAME --json for all five models: modelledSpeedup, reportedSpeedup (null), breakdown", async () => {
    // All five models are checked in-process (models.test.ts); two spawned runs check the command.
    for (const m of ["deit-tiny", "lvvit-m"]) {
      const r = await cli("simulate", "heatvit-vs-baseline", "--model", m, "--json");
      expect(r.code, m).toBe(0);
      const out = JSON.parse(r.stdout) as { model: string; modelledSpeedup: number; reportedSpeedup: number | null; breakdown: { baseline: { total: number }; heatvit: { total: number } } };
      expect(out.model).toBe(m);
      expect(out.modelledSpeedup).toBeCloseTo(out.breakdown.baseline.total / out.breakdown.heatvit.total, 12);
      expect(out.reportedSpeedup).toBeNull();
    }
    const bad = await cli("simulate", "heatvit-vs-baseline", "--model", "lv-vit-x", "--json");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown --model "lv-vit-x"/);
  }, 180_000);
  it("compare --json: rows per design × workload and a consistent split", async () => {
    const r = await cli("compare", "--json");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { rows: { design: string; workload: string; attentionCycles: number; totalCycles: number; utilisation: number; energyUj: number }[]; split: { arrayEffect: number; sparsityEffect: number; total: number }[] };
    expect(Object.keys(out)).toEqual(["preset", "rows", "split"]);
    expect(new Set(out.rows.map((x) => x.design)).size).toBeGreaterThanOrEqual(4);
    expect(new Set(out.rows.map((x) => x.workload)).size).toBeGreaterThanOrEqual(3);
    for (const s of out.split) expect(s.arrayEffect * s.sparsityEffect).toBeCloseTo(s.total, 9);
    const bad = await cli("compare", "--preset", "nope");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/compare: hardware\.preset: got "nope", expected one of: zybo-z7-20, /);
  }, 120_000);
});

describe("vitsparse sweep", () => {
  it("1,000 ViTCoD configurations (its default axes over spec keys) with progress on stderr; CSV identical on rerun", async () => {
    const dir = mkdtempSync(join(tmpdir(), "vitsparse-sweep-"));
    const a = await cli("sweep", "vitcod", "--out", join(dir, "a.csv"));
    const b = await cli("sweep", "vitcod", "--out", join(dir, "b.csv"));
    expect(a.code, a.stderr).toBe(0);
    expect(a.stderr).toMatch(/1000\/1000 configurations/);
    expect(a.stderr).toMatch(/100\/1000 configurations/);
    const csv = readFileSync(join(dir, "a.csv"), "utf8");
    expect(csv.trim().split("\n").length).toBe(1001);
    expect(csv.split("\n")[0]).toBe(
      "hardware.pes.cols,hardware.pes.rows,hardware.offChipBytesPerSecond,mapping.vitcod.ratio,total,attentionMatmuls,projections,mlp,nonlinear,selector,exposedDataMovement,utilisation,attentionUtilisation,pes,ms,energyUj,error",
    );
    expect(readFileSync(join(dir, "b.csv"), "utf8")).toBe(csv);
    expect(b.code).toBe(0);
  }, 300_000);
  it("CSV on stdout, written while the sweep runs, is byte-identical to --out, also when the first 100 rows are rejected (held back, then written)", async () => {
    // DeiT-tiny on the Zybo's 3 lines of 10 PEs: lines of 26 PEs are rejected (the first 100 rows), lines of 10 fit.
    const axes = ["mapping.mac-lines.pesPerLine=26,10", "workload.attention.window.k=3,5,7,9,11", "mapping.mac-lines.macLatency=0,1,2,3", "mapping.mac-lines.fillPerQuery=0,1,3,5,9"];
    const args = ["sweep", "mac-lines", "--preset", "zybo-z7-20", ...axes.flatMap((a) => ["--set", a])];
    const out = join(mkdtempSync(join(tmpdir(), "vitsparse-sweep-")), "rows.csv");
    const streamed = await cli(...args);
    const written = await cli(...args, "--out", out);
    expect(streamed.code, streamed.stderr).toBe(0);
    expect(written.code, written.stderr).toBe(0);
    const errorColumn = streamed.stdout.trim().split("\n").slice(1).map((line) => (line.endsWith(",") ? "ok" : "rejected"));
    expect(errorColumn).toEqual([...Array<string>(100).fill("rejected"), ...Array<string>(100).fill("ok")]);
    expect(streamed.stdout).toBe(readFileSync(out, "utf8"));
    expect(streamed.stderr).toMatch(/200 configurations, 100 rejected by the design/);
  });
  it("--set replaces an axis with any spec key; --json is one object with the axes' meaning and unit; a bad --set is a clear error", async () => {
    const r = await cli("sweep", "mac-lines", "--set", "mapping.mac-lines.pesPerLine=10", "--set", "workload.attention.window.k=3,5", "--set", "mapping.mac-lines.macLatency=2", "--set", "mapping.mac-lines.fillPerQuery=0", "--json");
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { configurations: number; axes: { key: string; unit?: string; meaning: string }[]; rows: { params: Record<string, number>; values: Record<string, number>; workload: string }[] };
    expect(out.configurations).toBe(2);
    expect(out.rows[0]!.params).toEqual({ "mapping.mac-lines.pesPerLine": 10, "workload.attention.window.k": 3, "mapping.mac-lines.macLatency": 2, "mapping.mac-lines.fillPerQuery": 0 });
    expect(out.rows[1]!.workload).toMatch(/5×5 window in blocks 0-5/);
    expect(out.axes.find((a) => a.key === "workload.attention.window.k")).toMatchObject({ unit: "patches" });
    expect(out.axes.find((a) => a.key === "mapping.mac-lines.pesPerLine")).toMatchObject({ unit: "PEs" });
    const dir = mkdtempSync(join(tmpdir(), "vitsparse-sweep-"));
    const badOut = join(dir, "bad.csv");
    const bad = await cli("sweep", "vitcod", "--set", "warp=1,2", "--out", badOut);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toMatch(/^vitsparse: sweep vitcod: unknown key warp \(expected one of: name, description, workload, hardware, mapping, designs, references\)$/);
    expect(bad.stdout).toBe("");
    expect(existsSync(badOut)).toBe(false); // the --out file the run would have written is not left behind
  });
});
