/**
 * Bad experiment specs: an unknown key, a wrong type, a block outside the model, a window larger than the grid, a
 * mask of the wrong shape, hardware that cannot hold the workload, an output folder inside a tracked path — each
 * exits 2 with one line naming the key path, the value and what was expected, and writes nothing.
 */
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { CYCLE_MODELS } from "../../lib/cycles/registry.ts";
import { showValue } from "../../lib/experiment/json-schema.ts";
import { writeNpy } from "../../lib/data/npy-write.ts";
import { repoRoot } from "../../lib/paths.ts";
import { runCli } from "../cli/in-process.ts";

const dir = mkdtempSync(join(tmpdir(), "vitsparse-spec-"));

/** The CLI in-process (test/cli/in-process.ts): exit code, stdout and stderr without their trailing newline. */
async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const r = await runCli(argv);
  return { code: r.code, stdout: r.stdout.trimEnd(), stderr: r.stderr.trimEnd() };
}

function spec(name: string, yaml: string): string {
  const p = join(dir, `${name}.yaml`);
  writeFileSync(p, yaml);
  return p;
}

const wrongShape = join(dir, "wrong-shape.npy");
writeNpy(wrongShape, { dtype: "bool", shape: [50, 50], data: new Array<number>(2500).fill(0) });

const CASES: [string, string, RegExp][] = [
  ["an unknown key", "workload:\n  modle: deit-tiny\n", /: workload\.modle: unknown key \(expected one of: model, image, patch, specialTokens, attention, tokenPruning\)$/],
  ["an unknown top-level key", "hardwear:\n  preset: vitcod\n", /: hardwear: unknown key \(expected one of: name, description, workload, hardware, mapping, designs, references\)$/],
  ["a wrong type", "hardware:\n  pes:\n    rows: \"8\"\n", /: hardware\.pes\.rows: got "8", expected an integer >= 1$/],
  ["a number out of range", "hardware:\n  clockHz: 0\n", /: hardware\.clockHz: got 0, expected a number > 0$/],
  ["a missing required key", "workload:\n  attention:\n    window:\n      dilation: 2\n", /: workload\.attention\.window\.k: missing \(expected an integer >= 1\)$/],
  ["an unknown model", "workload:\n  model: deit-huge\n", /: workload\.model: got "deit-huge", expected one of: deit-tiny, deit-small, .*lvvit-m/],
  ["a block outside the model", "workload:\n  attention:\n    window:\n      k: 3\n      blocks: 0-12\n", /: workload\.attention\.window\.blocks: block 12 does not exist \(the model has blocks 0-11\)$/],
  ["a window larger than the grid", "workload:\n  attention:\n    window:\n      k: 15\n", /: workload\.attention\.window\.k: got 15, expected a window side <= the 14×14 patch grid$/],
  ["an even window", "workload:\n  attention:\n    window:\n      k: 4\n", /: workload\.attention\.window\.k: got 4, expected an odd window side/],
  ["an image the patches do not tile", "workload:\n  image: 225\n", /: workload\.image: got 225, expected a multiple of workload\.patch \(16\)/],
  ["a mask of the wrong shape", `workload:\n  attention:\n    masks:\n      file: ${wrongShape}\n`, /: workload\.attention\.masks\.file: got ".*wrong-shape\.npy", expected masks of 197×197 .*\(50, 50\)$/],
  ["a missing mask file", "workload:\n  attention:\n    masks:\n      file: nowhere.npy\n", /workload\.attention\.masks\.file: .*nowhere\.npy: no such file/],
  ["hardware that cannot hold the workload", "workload:\n  model: deit-small\n  attention:\n    window:\n      k: 5\nhardware:\n  preset: zybo-z7-20\n", /: hardware\.pes\.rows: got 3 \(zybo-z7-20\), expected >= 16 .*26 PEs.*--set hardware\.pes\.rows=16.*--preset footing-512/],
  ["an unknown design", "designs: [systolic, warp]\n", new RegExp(`: designs\\[1\\]: got "warp", expected one of: ${CYCLE_MODELS.map((m) => m.id).join(", ")}$`)],
  ["an unknown mapping key", "mapping:\n  mac-lines:\n    pesPerLane: 8\n", /: mapping\.mac-lines\.pesPerLane: unknown key \(expected one of: mapping\.mac-lines\.pesPerLine, /],
  ["a mapping value out of its domain", "mapping:\n  vitcod:\n    ratio: 1.5\n", /: mapping\.vitcod\.ratio: got 1\.5, expected a number > 0 and <= 1$/],
  ["an unknown preset", "hardware:\n  preset: zybo\n", /: hardware\.preset: got "zybo", expected one of: zybo-z7-20, /],
  ["window and masks together", `workload:\n  attention:\n    window: { k: 3 }\n    masks: { file: ${wrongShape} }\n`, /: workload\.attention\.masks: got .*, expected either workload\.attention\.window or workload\.attention\.masks, not both/],
  ["a duplicate key", "hardware:\n  preset: vitcod\n  preset: footing-512\n", /:\d+:\d+: Map keys must be unique/],
  ["YAML that does not parse", "workload: [\n", /:\d+:\d+: .*\(expected YAML/],
];

describe("vitsparse run: bad specs exit 2 with one line and write nothing", { timeout: 120_000 }, () => {
  for (const [what, yaml, message] of CASES) {
    it(what, async () => {
      const out = join(dir, `out-${what.replace(/\W+/g, "-")}`);
      const r = await cli(["run", spec(what.replace(/\W+/g, "-"), yaml), "--out", out]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(message);
      expect(existsSync(out)).toBe(false);
    });
  }

  it("--out into a tracked folder (results/, data/) is refused before any work", async () => {
    const ok = spec("ok", "workload:\n  model: deit-tiny\n");
    for (const target of [join(repoRoot, "results", "run-x"), join(repoRoot, "data"), join(repoRoot, "results"), repoRoot, join(repoRoot, "lib", "run-x"), join(repoRoot, "experiments")]) {
      const r = await cli(["run", ok, "--out", target]);
      expect(r.code, target).toBe(2);
      expect(r.stderr).toMatch(/^vitsparse: run: --out .*: .*(written only by `npm run reproduce`|is written by|only `npm run reproduce` writes).*; write to scratch\/ or outside the repository instead$/);
    }
    expect(existsSync(join(repoRoot, "results", "run-x"))).toBe(false);
    expect(existsSync(join(repoRoot, "lib", "run-x"))).toBe(false);
    expect(existsSync(join(repoRoot, "blocks.csv"))).toBe(false);
  });

  it("a --set on the command line is checked the same way, naming the key", async () => {
    const ok = spec("ok2", "workload:\n  model: deit-tiny\n");
    const r = await cli(["run", ok, "--set", "hardware.pes.rows=0", "--out", join(dir, "never")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/hardware\.pes\.rows: got 0, expected an integer >= 1$/);
    expect(existsSync(join(dir, "never"))).toBe(false);
  });

  it("the real process: exit 2, one stderr line, no stack trace", () => {
    const bad = spec("real", "hardware:\n  pes:\n    rows: -1\n");
    const r = spawnSync(process.execPath, [join(repoRoot, "bin", "vitsparse.js"), "run", bad, "--out", join(dir, "real-out")], { encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^vitsparse: .*real\.yaml: hardware\.pes\.rows: got -1, expected an integer >= 1$/)]);
    expect(readdirSync(dir)).not.toContain("real-out");
  });
});

describe("how a bad value is shown in the one line", () => {
  it("a string (a file path) whole up to 240 characters; objects and arrays cut at 60", () => {
    const path = `/${"d".repeat(120)}/wrong-shape.npy`;
    expect(showValue(path)).toBe(JSON.stringify(path));
    expect(showValue("x".repeat(300))).toBe(`"${"x".repeat(236)}...`);
    expect(showValue(Array.from({ length: 40 }, (_, i) => i))).toMatch(/^\[0,1,2,.{40,}\.\.\.$/);
    expect(showValue(Array.from({ length: 40 }, (_, i) => i))).toHaveLength(60);
    expect(showValue(undefined)).toBe("nothing");
  });
});
