/**
 * Nothing lost, nothing polluted, when a run is killed: SIGKILL to a notebook worker, SIGKILL, SIGTERM or SIGINT
 * to the runner, mid-run, leave the committed results, notebooks and claims ledger exactly as they were, and
 * the next run clears what the killed one left in scratch/. Each test runs the real runner
 * (`scripts/reproduce.ts --root DIR`) in a throw-away repository (see `makeTempRepo`) and compares every
 * committed byte before and after. (Runs that finish: integrity.test.ts.)
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../lib/paths.ts";
import { runScriptInProcess } from "../cli/in-process.ts";
import { COMMITTED_LEDGER, snapshotCommitted, tempRepos } from "./helpers.ts";

const repo = tempRepos();

const COMMITTED = COMMITTED_LEDGER;

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
