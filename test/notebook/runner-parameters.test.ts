/**
 * The headless runner end to end on tiny fixture notebooks copied to a temporary folder: parameters. (Fresh
 * state per notebook, skipping, usage and --out: runner-isolation.test.ts; a failing cell, outputs,
 * determinism: runner.test.ts.)
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { joinText, readNotebook } from "../../lib/notebook/ipynb.ts";
import { runScriptInProcess } from "../cli/in-process.ts";
import { codeCells, FIXTURES, runReproduce, streamText, tempFixtures } from "./helpers.ts";
import { BASIC_K5 } from "../warmed-runs.ts";

const fixtures = tempFixtures();

describe("reproduce: parameters", () => {
  it("overrides values of the parameters cell and records them in an injected cell", () => {
    const dir = fixtures("basic");
    const out = join(dir, "basic-k5.ipynb");
    const run = runReproduce([join(dir, "basic.ipynb"), "--param", BASIC_K5.params[0]!, `--param=${BASIC_K5.params[1]!}`, "--out", out, "--no-claims"]);
    expect(run.status).toBe(0);
    expect(readFileSync(join(dir, "basic.ipynb"), "utf8")).toBe(readFileSync(join(FIXTURES, "basic.ipynb"), "utf8"));
    const cells = codeCells(readNotebook(out));
    expect(cells[1]!.metadata).toEqual({ tags: ["injected-parameters"] });
    expect(joinText(cells[1]!.source)).toContain('let k = 5; // --param\nlet label: string = "hello world"; // --param\nlet scale: number = 0.5;');
    expect(streamText(cells[2]!.outputs, "stdout")).toContain("k=5 label=hello world scale=0.5\n");
  }, 600_000);

  it("compiles only the injected cell: the cells after it see the same declarations as without --param (cell cache)", () => {
    const dir = fixtures("basic");
    expect(runReproduce([join(dir, "basic.ipynb"), "--no-claims"]).status).toBe(0);
    // The last of the three parameters (tslab lists a cell's own declarations first: injected alone, it would
    // move to the front), with a value no earlier run used, so the injected cell itself is new.
    const scale = 1 + (Date.now() % 100_000) / 1e6;
    const run = runReproduce([join(dir, "basic.ipynb"), "--param", `scale=${scale}`, "--out", join(dir, "basic-scale.ipynb"), "--no-claims", "--json"]);
    expect(run.status, run.stderr).toBe(0);
    const report = (JSON.parse(run.stdout) as { reports: { cells: number; compiledCells: number }[] }).reports[0]!;
    expect(report.cells).toBe(7);
    expect(report.compiledCells).toBe(1);
  }, 600_000);

  it.each([
    ["rejects an unknown parameter, listing the known ones", "nope=1", 'basic: --param nope=1: unknown parameter "nope" (known parameters: k, label, scale)'],
    ["refuses a value of another kind than a contract-less parameter's default", "scale=big", 'basic: --param scale="big" refused: scale must be a number like its default 0.5'],
  ])("%s, before running anything", async (_what, param, message) => {
    const dir = fixtures("basic");
    const run = await runScriptInProcess("reproduce", [join(dir, "basic.ipynb"), "--param", param, "--no-claims"]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(message);
  }, 600_000);
});
