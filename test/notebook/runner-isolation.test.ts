/**
 * The headless runner end to end on tiny fixture notebooks copied to a temporary folder: fresh state per
 * notebook, skipping, usage and --out. (Parameters: runner-parameters.test.ts; a failing cell, outputs,
 * determinism: runner.test.ts.)
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readNotebook } from "../../lib/notebook/ipynb.ts";
import { repoRoot } from "../../lib/paths.ts";
import { runScriptInProcess } from "../cli/in-process.ts";
import { codeCells, FIXTURES, runReproduce, streamText, tempFixtures } from "./helpers.ts";
import { FIXTURE_RESULTS_ROWS_3, paramArgs } from "../warmed-runs.ts";

const fixtures = tempFixtures();

describe("reproduce: isolation, skipping and usage", () => {
  it("runs each notebook with fresh state", () => {
    const dir = fixtures("isolation-a", "isolation-b");
    const run = runReproduce([join(dir, "isolation-a.ipynb"), join(dir, "isolation-b.ipynb"), "--no-claims"]);
    expect(run.status).toBe(0);
    const b = codeCells(readNotebook(join(dir, "isolation-b.ipynb")));
    expect(streamText(b[0]!.outputs, "stdout")).toContain("global from A: undefined\n");
  }, 600_000);

  it("skips a notebook whose required reference data is missing: a partial run, exit 3", async () => {
    const dir = fixtures("needs-reference");
    const run = await runScriptInProcess("reproduce", [join(dir, "needs-reference.ipynb"), "--no-claims"]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("needs-reference: skipped: reference data unavailable (run npm run data:import)");
    expect(run.stderr).toMatch(/reproduce: 0 ran, 1 skipped, 0 failed/);
    expect(readFileSync(join(dir, "needs-reference.ipynb"), "utf8")).toBe(readFileSync(join(FIXTURES, "needs-reference.ipynb"), "utf8"));
  }, 600_000);

  it("prints usage with --help and rejects bad input with exit 2 (in-process: scripts/reproduce.ts's main)", async () => {
    const help = await runScriptInProcess("reproduce", ["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("usage: npm run reproduce");
    expect(help.stdout).toContain("--param");
    const missing = await runScriptInProcess("reproduce", ["nowhere/x.ipynb"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toBe("reproduce: notebook not found: nowhere/x.ipynb");
    const twoWithParam = await runScriptInProcess("reproduce", [join(FIXTURES, "basic.ipynb"), join(FIXTURES, "failing.ipynb"), "--param", "k=1"]);
    expect(twoWithParam.code).toBe(2);
    expect(twoWithParam.stderr).toContain("--param needs exactly one notebook path (got 2 notebooks)");
  }, 600_000);
});

describe("reproduce --out", () => {
  it("writes the figures/tables of a parameter run beside the executed copy, not into results/", () => {
    const dir = fixtures("fixture-results");
    const out = join(dir, "executed.ipynb");
    const run = runReproduce([join(dir, "fixture-results.ipynb"), ...paramArgs(FIXTURE_RESULTS_ROWS_3), "--out", out]);
    expect(run.status, run.stderr).toBe(0);
    const csv = readFileSync(join(dir, "executed.results", "fixture-results", "numbers.csv"), "utf8");
    expect(csv).toBe("i\n0\n1\n2\n");
    expect(existsSync(join(repoRoot, "results", "fixture-results"))).toBe(false);
  }, 600_000);
});
