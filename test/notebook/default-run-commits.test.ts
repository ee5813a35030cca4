/**
 * Only a complete default run commits, against throw-away repositories (`makeTempRepo`): a committed notebook
 * named on the command line runs once (named twice) into scratch/named/, never committing; --jobs beyond the
 * cores and a results/ on another filesystem are refused before any work. (Processes dying with their parent:
 * lifetime.test.ts.)
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../lib/paths.ts";
import { runScriptInProcess } from "../cli/in-process.ts";
import { runReproduce, snapshotCommitted, tempRepos } from "./helpers.ts";

const repo = tempRepos();
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("only a complete default run commits", () => {
  it("a committed notebook named (twice) runs once, into scratch/named/, and changes no committed file", () => {
    const dir = repo({ ledger: {} }, { "ledger/numbers.csv": "i\nold\n", "CLAIMS.md": "# the committed ledger\n" });
    const before = snapshotCommitted(dir);
    const nb = join(dir, "notebooks", "ledger.ipynb");
    const run = runReproduce(["--root", dir, nb, join(dir, "notebooks", ".", "ledger.ipynb")]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain(`is named twice (also as ${nb}); it runs once`);
    expect(run.stderr.match(/ledger: running /g)).toHaveLength(1);
    expect(run.stderr).toMatch(/reproduce: 1 ran, 0 skipped, 0 failed/);
    expect(run.stderr).toContain("reproduce: kept committed results of ledger (named on the command line: ran exploratory");
    expect(snapshotCommitted(dir)).toEqual(before);
    expect(readFileSync(join(dir, "scratch", "named", "ledger", "numbers.csv"), "utf8")).toBe("i\n0\n1\n");
    const claims = JSON.parse(readFileSync(join(dir, "scratch", "named", "ledger", "claims.json"), "utf8")) as Record<string, string>[];
    expect(claims[0]).toMatchObject({ id: "ledger-rows", run: "exploratory (named notebook (only a complete default run commits))" });
  }, 400_000);

  it("refuses --jobs beyond the machine's cores before any work", async () => {
    const run = await runScriptInProcess("reproduce", ["--jobs", "1000000"]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toMatch(/^reproduce: --jobs must be an integer from 1 to \d+ \(one notebook process per core of this machine\), got 1000000$/);
  }, 200_000);

  it("finds before running anything that results/ cannot take the outputs (another filesystem than the stage: EXDEV)", () => {
    const shm = "/dev/shm";
    if (!existsSync(shm) || statSync(shm).dev === statSync(repoRoot).dev) return; // no second filesystem here
    const dir = repo({ ledger: {} }, { "ledger/numbers.csv": "i\nold\n" });
    const elsewhere = mkdtempSync(join(shm, "vitsparse-results-"));
    dirs.push(elsewhere);
    rmSync(elsewhere, { recursive: true });
    renameSyncAcross(join(dir, "results"), elsewhere);
    symlinkSync(elsewhere, join(dir, "results"));
    const run = runReproduce(["--root", dir]);
    expect(run.status, run.stderr).toBe(1);
    expect(run.stderr).toMatch(/reproduce: .*results is on another filesystem than the staging folder .*; the outputs could not be moved into place, nothing was run\n/);
    expect(run.stderr).not.toContain("ledger: running");
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(readFileSync(join(elsewhere, "ledger", "numbers.csv"), "utf8")).toBe("i\nold\n");
  }, 200_000);
});

/** Moves a folder to another filesystem (copy, then remove). */
function renameSyncAcross(from: string, to: string): void {
  cpSync(from, to, { recursive: true });
  rmSync(from, { recursive: true, force: true });
}
