/**
 * Nothing lost, nothing polluted, when a run is killed: SIGKILL to a notebook worker, SIGKILL, SIGTERM or SIGINT
 * to the runner, mid-run, leave the committed results, notebooks and claims ledger exactly as they were, and
 * the next run clears what the killed one left in scratch/. Each test runs the real runner
 * (`scripts/reproduce.ts --root DIR`) in a throw-away repository (see `makeTempRepo`) and compares every
 * committed byte before and after. (A notebook writing many files: integrity-killed-many.test.ts; runs that
 * finish: integrity.test.ts.)
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runScriptInProcess } from "../cli/in-process.ts";
import { COMMITTED_LEDGER, killMidRun, snapshotCommitted, tempRepos } from "./helpers.ts";
import { LEDGER_WAITING } from "../warmed-runs.ts";

const repo = tempRepos();

const COMMITTED = COMMITTED_LEDGER;

describe("a killed run leaves committed files as they were", () => {
  const dir = repo({ ledger: { parameters: LEDGER_WAITING.parameters } }, COMMITTED);
  const before = snapshotCommitted(dir);

  it.each([
    ["worker", "SIGKILL"],
    ["runner", "SIGKILL"],
    ["runner", "SIGTERM"],
    ["runner", "SIGINT"],
  ] as const)("%s killed with %s mid-run: results/, notebooks and ledger unchanged", async (target, signal) => {
    const run = await killMidRun(dir, target, signal);
    if (target === "worker") {
      expect(run.code).toBe(1);
      expect(run.stderr).toContain("ledger: FAILED: notebook worker exited with SIGKILL before reporting");
      expect(run.stderr).toContain("kept committed results of ledger");
    } else if (signal === "SIGKILL") {
      expect(run.signal).toBe("SIGKILL");
    } else {
      expect(run.code).toBe(signal === "SIGINT" ? 130 : 143);
      expect(run.stderr).toContain(`interrupted by ${signal}; committed results, notebooks and ledger left as they were`);
    }
    expect(snapshotCommitted(dir)).toEqual(before);
  }, 400_000);

  it("the next run removes what a killed run left in scratch/", async () => {
    const run = await runScriptInProcess("reproduce", ["--root", dir, "nonexistent.ipynb"]); // bad input: exits 2 after recovering
    expect(run.code).toBe(2);
    const scratch = join(dir, "scratch");
    expect(existsSync(scratch) ? readdirSync(scratch).filter((n) => n.startsWith(".stage-")) : []).toEqual([]);
    expect(snapshotCommitted(dir)).toEqual(before);
  }, 200_000);
});
