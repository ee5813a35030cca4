/**
 * One block-list parser for every command: the same text means the same blocks in `flops`, `mask window` (and
 * the experiment spec), and a bad list fails with the same one-line reason.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UserError } from "../../lib/errors.ts";
import { readNpy } from "../../lib/data/npy.ts";
import { checkBlockIndices, formatBlockList, parseBlockList } from "../../lib/specs/block-list.ts";
import { runCli } from "../cli/in-process.ts";

/** The CLI in-process (test/cli/in-process.ts): exit code, stdout and stderr without their trailing newline. */
async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const r = await runCli(argv);
  return { code: r.code, stdout: r.stdout.trimEnd(), stderr: r.stderr.trimEnd() };
}

describe("parseBlockList", () => {
  it("all, indices, ranges, mixed; ascending", () => {
    expect(parseBlockList("0-5", 12)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(parseBlockList("0,2,4-5", 12)).toEqual([0, 2, 4, 5]);
    expect(parseBlockList("6-7,0,2", 12)).toEqual([0, 2, 6, 7]);
    expect(parseBlockList("all", 3)).toEqual([0, 1, 2]);
    expect(parseBlockList(" all ", 2)).toEqual([0, 1]);
  });
  it("rejects out-of-range, backwards, duplicate, malformed and empty lists, naming the input", () => {
    expect(() => parseBlockList("0-12", 12)).toThrow(/--windowed: block 12 does not exist \(the model has blocks 0-11\)/);
    expect(() => parseBlockList("5-2", 12, "w.blocks")).toThrow(/w\.blocks: range "5-2" runs backwards/);
    expect(() => parseBlockList("1,1", 12)).toThrow(/block 1 is listed twice/);
    expect(() => parseBlockList("x", 12)).toThrow(UserError);
    expect(() => parseBlockList("", 12)).toThrow(/empty value/);
  });
  it("a YAML list is checked the same way", () => {
    expect(checkBlockIndices([3, 0, 1], 12, "b")).toEqual([0, 1, 3]);
    expect(() => checkBlockIndices([12], 12, "b")).toThrow(/b: block 12 does not exist/);
    expect(() => checkBlockIndices([1.5], 12, "b")).toThrow(/not an integer/);
    expect(() => checkBlockIndices([2, 2], 12, "b")).toThrow(/listed twice/);
  });
  it("formats the shortest text", () => {
    expect(formatBlockList([0, 1, 2, 3, 5, 8, 9])).toBe("0-3,5,8-9");
    expect(parseBlockList(formatBlockList([0, 1, 2, 3, 5, 8, 9]), 12)).toEqual([0, 1, 2, 3, 5, 8, 9]);
  });
});

describe("--windowed means the same in every command", () => {
  const dir = mkdtempSync(join(tmpdir(), "vitsparse-blocks-"));
  for (const list of ["all", "0-5", "0,2,4-5"]) {
    it(`--windowed ${list}: flops and mask window window the same blocks`, async () => {
      const blocks = parseBlockList(list, 12);
      const flops = await run(["flops", "--model", "deit-tiny", "--window", "3", "--windowed", list, "--json"]);
      expect(flops.code).toBe(0);
      expect((JSON.parse(flops.stdout) as { window: { blocks: number[] } }).window.blocks).toEqual(blocks);
      const path = join(dir, `${list.replace(/[^0-9a-z]/g, "_")}.npy`);
      const mask = await run(["mask", "window", "--grid", "14x14", "--k", "3", "--layers", "12", "--heads", "1", "--windowed", list, "--out", path, "--json"]);
      expect(mask.code).toBe(0);
      const arr = readNpy(path);
      const n = 197;
      const windowedLayers = Array.from({ length: 12 }, (_, l) => l).filter((l) => {
        let pruned = 0;
        for (let i = 0; i < n * n; i++) pruned += arr.data[l * n * n + i] ? 1 : 0;
        return pruned > 0;
      });
      expect(windowedLayers).toEqual(blocks);
    });
  }
  it("the same bad list fails the same way in both", async () => {
    const a = await run(["flops", "--model", "deit-tiny", "--window", "3", "--windowed", "0-12"]);
    const b = await run(["mask", "window", "--k", "3", "--layers", "12", "--windowed", "0-12", "--out", join(dir, "x.npy")]);
    expect([a.code, b.code]).toEqual([2, 2]);
    expect(a.stderr).toMatch(/--windowed: block 12 does not exist \(the model has blocks 0-11\)/);
    expect(b.stderr).toMatch(/--windowed: block 12 does not exist \(the model has blocks 0-11\)/);
  });
});
