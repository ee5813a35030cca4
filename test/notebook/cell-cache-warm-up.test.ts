/**
 * The test run's warm-up of the cell cache (test/cell-cache-warm-up.ts): it compiles the fixture notebooks at the
 * repository root, and a throw-away repository (`makeTempRepo`) takes those records: its notebook processes
 * compile nothing.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixtureJobs, startCellCacheWarmUp } from "../cell-cache-warm-up.ts";
import { FIXTURES, runReproduce, tempRepos } from "./helpers.ts";

const repo = tempRepos();

describe("the cell cache's warm-up at the start of a test run", () => {
  it("compiles every fixture notebook but the one whose cell never compiles", () => {
    const fixtures = readdirSync(FIXTURES).filter((n) => n.endsWith(".ipynb")).map((n) => n.replace(/\.ipynb$/, ""));
    expect(fixtureJobs().map((j) => j.label)).toEqual(fixtures.filter((n) => n !== "compile-error").sort());
    expect(fixtureJobs().every((j) => j.params.length === 0 && j.input === join(FIXTURES, `${j.label}.ipynb`))).toBe(true);
  });

  it("a throw-away repository's run takes every cell the warm-up compiled from the cache", async () => {
    // A parameters cell no other test runs, so that only this warm-up can have compiled it.
    const parameters = `let rows = 2;\nlet waitMs = 0; // ${process.pid}-${Date.now()}\n`;
    const dir = repo({ ledger: { parameters } });
    const warmUp = startCellCacheWarmUp([{ input: join(dir, "notebooks", "ledger.ipynb"), label: "ledger", params: [] }]);
    expect(await warmUp.finished).toBe(0);
    const run = runReproduce(["--root", dir, "--json"]);
    expect(run.status, run.stderr).toBe(0);
    const reports = (JSON.parse(run.stdout) as { reports: { status: string; cells: number; compiledCells: number }[] }).reports;
    expect(reports.map((r) => [r.status, r.cells, r.compiledCells])).toEqual([["ran", 3, 0]]);
  }, 120_000);
});
