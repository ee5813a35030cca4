/**
 * Nothing lost, nothing polluted: committed results, notebooks and the claims ledger change only through a
 * complete default run. Each test runs the real runner (`scripts/reproduce.ts --root DIR`) in a throw-away
 * repository (see `makeTempRepo`) and compares every committed byte before and after.
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../lib/paths.ts";
import { runScriptInProcess } from "../cli/in-process.ts";
import { makeTempRepo, runReproduce, snapshotCommitted } from "./helpers.ts";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function repo(...args: Parameters<typeof makeTempRepo>): string {
  const dir = makeTempRepo(...args);
  dirs.push(dir);
  return dir;
}

const OLD_CLAIM = [{ id: "old", claim: "committed claim", source: "test", paperValue: "1", kitValue: "1", tolerance: "exact", status: "reproduced", reason: "committed" }];
const COMMITTED = {
  "ledger/numbers.csv": "i\nold\n",
  "ledger/claims.json": JSON.stringify(OLD_CLAIM, null, 2) + "\n",
  "claims.arrow": new Uint8Array([1, 2, 3, 4]),
  "CLAIMS.md": "# the committed ledger\n",
};

/** The pids of the direct children of `pid` (Linux /proc). */
function childPids(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) out.push(Number(name));
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

/**
 * Starts a default run of `dir`, waits until the slow last cell is running (the new results are written to
 * the stage by then), delivers `signal` to the runner or to its notebook worker, and waits for the exit.
 */
function killMidRun(dir: string, target: "runner" | "worker", signal: NodeJS.Signals, notebook = "ledger"): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/reproduce.ts", "--root", dir], { cwd: repoRoot, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    let sent = false;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the run never reached its last cell:\n${stderr}`));
    }, 400_000);
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      if (sent || !stderr.includes(`${notebook}: cell 3/3`)) return;
      sent = true;
      setTimeout(() => {
        if (target === "runner") child.kill(signal);
        else for (const pid of childPids(child.pid!)) process.kill(pid, signal);
      }, 300);
    });
    child.on("exit", (code, sig) => {
      clearTimeout(timer);
      resolvePromise({ code, signal: sig, stderr });
    });
  });
}

describe("a killed run leaves committed files as they were", () => {
  const dir = repo({ ledger: { parameters: "let rows = 5;\nlet waitMs = 60000;\n" } }, COMMITTED);
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

describe("a killed run of a notebook that writes many files (like notebook 05)", () => {
  // 29 committed files in the notebook's folder, 30 new ones staged when the run is killed.
  const committed: Record<string, string> = { "CLAIMS.md": "# the committed ledger\n" };
  for (let f = 0; f < 29; f++) committed[`many-files/old-${String(f).padStart(2, "0")}.csv`] = `f\n${f}\n`;
  const dir = repo({ "many-files": { parameters: "let files = 30;\nlet waitMs = 60000;\n" } }, committed);
  const before = snapshotCommitted(dir);

  it.each([
    ["worker", "SIGKILL"],
    ["runner", "SIGKILL"],
  ] as const)("%s killed with %s after the files were written: all 29 committed files and the ledger unchanged", async (target, signal) => {
    const run = await killMidRun(dir, target, signal, "many-files");
    if (target === "worker") expect(run.stderr).toContain("kept committed results of many-files");
    else expect(run.signal).toBe("SIGKILL");
    const after = snapshotCommitted(dir);
    expect(Object.keys(after).filter((p) => p.startsWith("results/many-files/"))).toHaveLength(29);
    expect(after).toEqual(before);
  }, 400_000);
});

describe("runs that must not touch committed files", () => {
  it("a --param run writes to scratch/param/, marks its claims exploratory and leaves results/ and the ledger alone", () => {
    const dir = repo({ ledger: {} }, COMMITTED);
    const before = snapshotCommitted(dir);
    const run = runReproduce(["--root", dir, join(dir, "notebooks", "ledger.ipynb"), "--param", "rows=3"]);
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
