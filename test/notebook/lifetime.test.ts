/**
 * Processes die with their parent: real processes against a throw-away repository (`makeTempRepo`), with a
 * notebook that computes synchronously (its worker's event loop is blocked, so only the parent watch on its
 * own thread can notice the runner is gone).
 * - SIGKILL to the runner alone: no worker is left within 5 s; committed files unchanged.
 * - SIGKILL to the runner as its worker starts, or while its cell precompiler runs: gone within 5 s.
 * - SIGTERM to the npm process alone (not its group): no process is left within 5 s; committed files unchanged.
 * (Only a complete default run commits: default-run-commits.test.ts.)
 */
import { spawn, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeNotebook } from "../../lib/notebook/ipynb.ts";
import { repoRoot } from "../../lib/paths.ts";
import { makeTempRepo, notebookOf, snapshotCommitted } from "./helpers.ts";
import { BUSY_LONG } from "../warmed-runs.ts";

const dirs: string[] = [];
/** Processes a test saw; any still alive at the end (a failed test) are killed by their id. */
const seen = new Map<number, string>();
afterAll(() => {
  for (const [pid, start] of seen) if (startTime(pid) === start) try { process.kill(pid, "SIGKILL"); } catch { /* ended meanwhile */ }
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function repo(...args: Parameters<typeof makeTempRepo>): string {
  const dir = makeTempRepo(...args);
  dirs.push(dir);
  return dir;
}

/** /proc/PID/stat after the command name: state, parent, …; null when the process is gone. */
function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return null;
  }
}

/** The start time of `pid` (field 22 of /proc/PID/stat), or null when it is gone: tells a live process from a reused id. */
function startTime(pid: number): string | null {
  return statFields(pid)?.[19] ?? null;
}

/** Whether `pid` is still the process that started at `start` and has not ended (a zombie, state Z, has ended). */
function running(pid: number, start: string): boolean {
  const fields = statFields(pid); // one read: the process can end between two
  return fields !== null && fields[19] === start && fields[0] !== "Z";
}

/** Every descendant of `pid` (Linux /proc), with its start time. */
function descendants(pid: number): Map<number, string> {
  const parent = new Map<number, number>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // ended meanwhile
    }
  }
  const out = new Map<number, string>();
  const queue = [pid];
  while (queue.length > 0) {
    const p = queue.shift()!;
    for (const [child, pp] of parent) {
      if (pp !== p || out.has(child)) continue;
      const start = startTime(child);
      if (start === null) continue;
      out.set(child, start);
      queue.push(child);
    }
  }
  return out;
}

/** Which of `procs` are still the same running processes after up to `ms` milliseconds. */
async function survivors(procs: Map<number, string>, ms: number): Promise<number[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const alive = [...procs].filter(([pid, start]) => running(pid, start));
    if (alive.length === 0 || Date.now() > deadline) return alive.map(([pid]) => pid);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const COMMITTED = { "busy/numbers.csv": "i\nold\n", "claims.arrow": new Uint8Array([1, 2, 3]), "CLAIMS.md": "# the committed ledger\n" };
const BUSY = { parameters: BUSY_LONG.parameters };

/**
 * Starts `command args` in `cwd`, waits until the busy cell runs (its results are written to the stage by
 * then; or until stderr shows `marker`, then `delayMs` more), and returns the process and every descendant it
 * has at that moment.
 */
function startUntilBusy(command: string, args: string[], marker = "busy: cell 3/3", delayMs = 1000): Promise<{ child: ReturnType<typeof spawn>; tree: Map<number, string> }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: repoRoot, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the run never showed "${marker}":\n${stderr}`));
    }, 300_000);
    child.stderr!.on("data", (chunk: Buffer) => {
      if (stderr.includes(marker)) return;
      stderr += chunk.toString();
      if (!stderr.includes(marker)) return;
      setTimeout(() => {
        clearTimeout(timer);
        const tree = descendants(child.pid!);
        for (const [pid, start] of tree) seen.set(pid, start);
        resolvePromise({ child, tree });
      }, delayMs);
    });
  });
}

/** The command line of `pid` (NUL-separated), or "" when it is gone. */
function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8");
  } catch {
    return "";
  }
}

/**
 * Runs the runner on the throw-away repository `dir`, SIGKILLs it (alone) once its stderr shows `marker` and
 * `delayMs` more have passed, and expects: a child running `childScript` (the runner runs from the build, so its
 * children are the build's `workers/NAME.js`) among its processes then, none of
 * those processes left within 5 s, and no committed file changed.
 */
async function sigkillRunnerAt(dir: string, marker: string, delayMs: number, childScript: string): Promise<void> {
  const before = snapshotCommitted(dir);
  const { child, tree } = await startUntilBusy(process.execPath, ["bin/run-script.js", "scripts/reproduce.ts", "--root", dir], marker, delayMs);
  expect([...tree.keys()].some((pid) => cmdline(pid).includes(childScript)), `the runner has its ${childScript} process`).toBe(true);
  child.kill("SIGKILL");
  expect(await survivors(tree, 5000)).toEqual([]);
  expect(snapshotCommitted(dir)).toEqual(before);
}

describe("no process outlives its parent", () => {
  it("SIGKILL to the runner alone, its worker computing synchronously: no worker left within 5 s, committed files unchanged", async () => {
    await sigkillRunnerAt(repo({ busy: BUSY }, COMMITTED), "busy: cell 3/3", 1000, "workers/notebook-worker-process.js");
  }, 400_000);

  it("SIGKILL to the runner as soon as its worker starts (before the worker's watch could see its parent): no worker left within 5 s", async () => {
    await sigkillRunnerAt(repo({ busy: BUSY }, COMMITTED), "busy: running", 150, "workers/notebook-worker-process.js");
  }, 400_000);

  it("SIGKILL to the runner while its cell precompiler runs: the precompiler is gone within 5 s, committed files unchanged", async () => {
    // A notebook of 1000 cells no run compiled before (about 10–20 s of compiling), first in run order: the
    // precompiler works on it for longer than the 5 s allowed here without reporting to the runner, so only
    // its parent watch can end it in time.
    const dir = repo({ busy: BUSY }, COMMITTED);
    const nonce = randomUUID();
    writeNotebook(join(dir, "notebooks", "a-long.ipynb"), notebookOf(Array.from({ length: 1000 }, (_, i) => `// ${nonce}\nconst n${i}: number = ${i} * 2;`)));
    expect(spawnSync("git", ["-C", dir, "add", "notebooks/a-long.ipynb"]).status).toBe(0);
    await sigkillRunnerAt(dir, "reproduce: compiling the cells of 2 notebooks", 0, "workers/precompile-process.js");
  }, 400_000);

  it("SIGTERM to the npm process alone (not its group): no process left within 5 s, committed files and stage as they were", async () => {
    const dir = repo({ busy: BUSY }, COMMITTED);
    const before = snapshotCommitted(dir);
    const { child, tree } = await startUntilBusy("npm", ["run", "reproduce", "--", "--root", dir]);
    expect([...tree.keys()].some((pid) => cmdline(pid).includes("scripts/reproduce.ts")), "npm started the runner").toBe(true);
    child.kill("SIGTERM");
    expect(await survivors(tree, 5000)).toEqual([]);
    expect(snapshotCommitted(dir)).toEqual(before);
    expect(readdirSync(join(dir, "scratch")).filter((n) => n.startsWith(".stage-"))).toEqual([]);
  }, 400_000);
});
