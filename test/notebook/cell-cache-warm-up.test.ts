/**
 * The test run's warm-up of the cell cache (test/cell-cache-warm-up.ts): it compiles the fixture notebooks and the
 * runs of test/warmed-runs.ts at the repository root, and a throw-away repository (`makeTempRepo`) takes those
 * records: its notebook processes compile nothing.
 */
import { readdirSync, rmSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixtureJobs, startCellCacheWarmUp, warmedRunJobs } from "../cell-cache-warm-up.ts";
import { KERNEL_RERUNS, LEDGER_ROWS_3, paramArgs, PARAMETER_RUNS, REPLACED_PARAMETERS } from "../warmed-runs.ts";
import { repoRoot } from "../../lib/paths.ts";
import { joinText, readNotebook, type Notebook } from "../../lib/notebook/ipynb.ts";
import { notebookForJob } from "../../lib/notebook/notebook-worker.ts";
import { codeCells, copyFixtures, FIXTURES, runReproduce, tempFixtures, tempRepos } from "./helpers.ts";

const repo = tempRepos();
const emptyFolder = tempFixtures();

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

  it("the warm-up compiles the notebooks the warmed runs execute: the same code cells", () => {
    const jobs = warmedRunJobs(emptyFolder());
    expect(jobs.map((j) => j.label)).toEqual([
      ...REPLACED_PARAMETERS.map((r) => r.fixture),
      ...[...PARAMETER_RUNS, ...KERNEL_RERUNS].map((r) => basename(r.notebook, ".ipynb")),
    ]);
    const codeSources = (nb: Notebook): string[] => codeCells(nb).map((c) => joinText(c.source));
    // A replaced parameters cell: as makeTempRepo writes the notebook.
    REPLACED_PARAMETERS.forEach(({ fixture, parameters }, i) => {
      const dir = repo({ [fixture]: { parameters } });
      expect(codeSources(notebookForJob(jobs[i]!))).toEqual(codeSources(readNotebook(join(dir, "notebooks", `${fixture}.ipynb`))));
    });
    // --param: as the runner injects the values (its executed copy of the notebook).
    const dir = copyFixtures("ledger");
    const run = runReproduce([join(dir, "ledger.ipynb"), ...paramArgs(LEDGER_ROWS_3), "--out", join(dir, "out.ipynb"), "--no-claims"]);
    expect(run.status, run.stderr).toBe(0);
    const job = jobs[REPLACED_PARAMETERS.length + PARAMETER_RUNS.indexOf(LEDGER_ROWS_3)]!;
    expect(codeSources(notebookForJob(job))).toEqual(codeSources(readNotebook(join(dir, "out.ipynb"))));
    rmSync(dir, { recursive: true, force: true });
    // Run all, then edit and run all again, in one kernel: all runs' cells in one walk, each run with its edits.
    KERNEL_RERUNS.forEach(({ notebook, edits }, i) => {
      const cells = codeSources(readNotebook(join(repoRoot, notebook)));
      const walked = codeSources(notebookForJob(jobs[REPLACED_PARAMETERS.length + PARAMETER_RUNS.length + i]!));
      let run = cells;
      const runs = [run];
      for (const { from, to } of edits) {
        expect(run.filter((c) => c.includes(from))).toHaveLength(1);
        run = run.map((c) => c.replace(from, to));
        runs.push(run);
      }
      expect(walked).toEqual(runs.flat());
    });
  }, 120_000);
});
