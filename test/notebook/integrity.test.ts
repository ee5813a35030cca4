/**
 * Nothing lost, nothing polluted: committed results, notebooks and the claims ledger change only through a
 * complete default run. Each test runs the real runner (`scripts/reproduce.ts --root DIR`) in a throw-away
 * repository (see `makeTempRepo`) and compares every committed byte before and after. (Killed runs:
 * integrity-killed.test.ts.)
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { COMMITTED_LEDGER, OLD_CLAIM, runReproduce, snapshotCommitted, tempRepos } from "./helpers.ts";
import { LEDGER_ROWS_3, paramArgs } from "../warmed-runs.ts";

const repo = tempRepos();

const COMMITTED = COMMITTED_LEDGER;

describe("runs that must not touch committed files", () => {
  it("a --param run writes to scratch/param/, marks its claims exploratory and leaves results/ and the ledger alone", () => {
    const dir = repo({ ledger: {} }, COMMITTED);
    const before = snapshotCommitted(dir);
    const run = runReproduce(["--root", dir, join(dir, "notebooks", "ledger.ipynb"), ...paramArgs(LEDGER_ROWS_3)]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain(`ledger: exploratory run (rows=3): notebook -> ${join(dir, "scratch", "param", "ledger.ipynb")}`);
    // The summary says the notebook ran exploratory, never that it was "not selected".
    expect(run.stderr).toContain(
      `reproduce: kept committed results of ledger (named on the command line: ran exploratory (--param run), outputs in ${join(dir, "scratch", "param", "ledger.ipynb")} and ${join(dir, "scratch", "param", "ledger")}/; only a complete default run commits)`,
    );
    expect(run.stderr).not.toContain("not selected");
    expect(snapshotCommitted(dir)).toEqual(before);
    expect(readFileSync(join(dir, "scratch", "param", "ledger", "numbers.csv"), "utf8")).toBe("i\n0\n1\n2\n");
    const claims = JSON.parse(readFileSync(join(dir, "scratch", "param", "ledger", "claims.json"), "utf8")) as Record<string, string>[];
    expect(claims[0]).toMatchObject({ id: "ledger-rows", kitValue: "3", status: "contradicted", run: "exploratory (--param run)", parameters: "rows=3" });
    // What it ran: the throw-away repository has no commit, and its notebook is not committed.
    expect(claims[0]!["producedFrom"]).toMatch(/^none \(no commit yet\) \+ uncommitted changes: (.+, )?notebooks\/ledger\.ipynb \(not committed\)$/);
  }, 400_000);

  it("a failing notebook keeps its committed results; an untracked notebook is not run by default", () => {
    const dir = repo({ failing: {} }, { "failing/old.csv": "x\n1\n", "CLAIMS.md": "# committed\n" }, ["basic"]);
    const before = snapshotCommitted(dir);
    const run = runReproduce(["--root", dir]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("kept committed results of failing (failed: error in cell 3 of 4: ");
    expect(run.stderr).not.toContain("basic: running");
    expect(snapshotCommitted(dir)).toEqual(before);
  }, 400_000);
});

describe("a partial run", () => {
  it("replaces the results of the notebooks that ran, keeps the others' results and claims, and exits 3", () => {
    const keptClaims = JSON.stringify([{ ...OLD_CLAIM[0], id: "kept-claim" }], null, 2) + "\n";
    const dir = repo({ ledger: {}, "needs-reference": {} }, { ...COMMITTED, "needs-reference/claims.json": keptClaims, "needs-reference/figure.svg": "<svg/>" });
    const before = snapshotCommitted(dir);
    const run = runReproduce(["--root", dir]);
    expect(run.status, run.stderr).toBe(3);
    expect(run.stderr).toContain("reproduce: ran ledger\n");
    expect(run.stderr).toContain("reproduce: kept committed results of needs-reference (skipped: reference data unavailable");
    expect(run.stderr).toContain("reproduce: partial run (exit 3)");
    const after = snapshotCommitted(dir);
    // The skipped notebook's results are byte-identical; the one that ran is replaced whole.
    expect(after["results/needs-reference/claims.json"]).toBe(before["results/needs-reference/claims.json"]);
    expect(after["results/needs-reference/figure.svg"]).toBe(before["results/needs-reference/figure.svg"]);
    expect(readFileSync(join(dir, "results", "ledger", "numbers.csv"), "utf8")).toBe("i\n0\n1\n");
    // The ledger holds both notebooks' claims: the new one and the kept one.
    const md = readFileSync(join(dir, "results", "CLAIMS.md"), "utf8");
    expect(md).toContain("| ledger-rows |");
    expect(md).toContain("| kept-claim |");
    expect(md).not.toContain("| old |");
    // The executed notebook replaced the committed one; the stage is gone.
    expect(after["notebooks/ledger.ipynb"]).not.toBe(before["notebooks/ledger.ipynb"]);
    expect(readdirSync(join(dir, "scratch"))).toEqual([]);
  }, 400_000);
});
