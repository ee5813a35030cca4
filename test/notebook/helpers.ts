/** Helpers for the notebook runner tests: temporary copies of the fixture notebooks and a CLI runner. */
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { afterAll } from "vitest";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { joinText, readNotebook, writeNotebook, type Cell, type CellOutput, type CodeCell, type Notebook } from "../../lib/notebook/ipynb.ts";
import { repoRoot } from "../../lib/paths.ts";
import { replaceParametersCell } from "../warmed-runs.ts";

/** Folder of the fixture notebooks (never executed in place). */
export const FIXTURES = join(repoRoot, "test", "fixtures", "notebooks");

/** Runs git in `dir` as a test author (commits need a name) and returns its trimmed stdout; throws with its stderr on failure. */
export function gitIn(dir: string, ...args: string[]): string {
  const r = spawnSync("git", ["-C", dir, "-c", "user.name=test", "-c", "user.email=test@example.com", ...args], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  return r.stdout.trim();
}

/** Copies the named fixture notebooks into a fresh temporary folder and returns that folder. */
export function copyFixtures(...names: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), "vitsparse-nb-"));
  for (const name of names) copyFileSync(join(FIXTURES, `${name}.ipynb`), join(dir, `${name}.ipynb`));
  return dir;
}

/** Result of a CLI run. */
export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node bin/run-script.js scripts/reproduce.ts ARGS` (what `npm run reproduce` runs) at the repository root
 * (claims gathering off unless asked), with this process's environment plus `env`.
 */
export function runReproduce(args: string[], env: NodeJS.ProcessEnv = {}): CliRun {
  const run = spawnSync(process.execPath, ["bin/run-script.js", "scripts/reproduce.ts", ...args], {
    cwd: repoRoot,
    encoding: "utf8",
    env: { ...process.env, ...env },
    timeout: 560_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/**
 * A throw-away repository for runner tests that must see `results/`, `notebooks/` and the ledger: lib/,
 * scripts/, data/, node_modules/ and the config files are symlinks to this repository; `notebooks/` holds
 * copies of the named fixtures (each may have its `parameters` cell replaced), tracked by a fresh git index;
 * `results/` holds the given committed files. Run the runner in it with `--root DIR`.
 */
export function makeTempRepo(
  notebooks: Record<string, { parameters?: string }>,
  results: Record<string, string | Uint8Array> = {},
  untracked: string[] = [],
): string {
  const dir = mkdtempSync(join(tmpdir(), "vitsparse-repo-"));
  for (const entry of ["lib", "scripts", "data", "node_modules", "package.json", "tsconfig.json"]) {
    symlinkSync(join(repoRoot, entry), join(dir, entry));
  }
  mkdirSync(join(dir, "notebooks"));
  for (const [name, { parameters }] of Object.entries(notebooks)) {
    const nb = readNotebook(join(FIXTURES, `${name}.ipynb`));
    writeNotebook(join(dir, "notebooks", `${name}.ipynb`), parameters === undefined ? nb : replaceParametersCell(nb, parameters, name));
  }
  for (const name of untracked) copyFileSync(join(FIXTURES, `${name}.ipynb`), join(dir, "notebooks", `${name}.ipynb`));
  for (const [path, content] of Object.entries(results)) {
    mkdirSync(dirname(join(dir, "results", path)), { recursive: true });
    writeFileSync(join(dir, "results", path), content);
  }
  const git = (...args: string[]): void => {
    const r = spawnSync("git", ["-C", dir, ...args], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  };
  git("init", "-q");
  git("add", ...Object.keys(notebooks).map((n) => `notebooks/${n}.ipynb`));
  return dir;
}

/** An nbformat 4 notebook of the given cells (a string is a code cell with that source). */
export function notebookOf(cells: (string | Cell)[]): Notebook {
  return {
    cells: cells.map((c): Cell => (typeof c === "string" ? { cell_type: "code", metadata: {}, source: c, outputs: [], execution_count: null } : c)),
    metadata: {},
    nbformat: 4,
    nbformat_minor: 5,
  };
}

/** A committed claim of the ledger fixture (its claims.json), as a run that must not change it finds it. */
export const OLD_CLAIM = [{ id: "old", claim: "committed claim", source: "test", paperValue: "1", kitValue: "1", tolerance: "exact", status: "reproduced", reason: "committed" }];

/** Committed results of the ledger fixture and a committed ledger, for `makeTempRepo`'s `results`. */
export const COMMITTED_LEDGER: Record<string, string | Uint8Array> = {
  "ledger/numbers.csv": "i\nold\n",
  "ledger/claims.json": JSON.stringify(OLD_CLAIM, null, 2) + "\n",
  "claims.arrow": new Uint8Array([1, 2, 3, 4]),
  "CLAIMS.md": "# the committed ledger\n",
};

/** `make` for one test file: the folders it returns are removed after the file's tests. */
function removedAfterAll<A extends unknown[]>(make: (...args: A) => string): (...args: A) => string {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  return (...args) => {
    const dir = make(...args);
    dirs.push(dir);
    return dir;
  };
}

/** `makeTempRepo` for one test file: the repositories it makes are removed after the file's tests. */
export function tempRepos(): typeof makeTempRepo {
  return removedAfterAll(makeTempRepo);
}

/** `copyFixtures` for one test file: the folders it makes are removed after the file's tests. */
export function tempFixtures(): typeof copyFixtures {
  return removedAfterAll(copyFixtures);
}

/** The code cells of a notebook. */
export function codeCells(nb: Notebook): CodeCell[] {
  return nb.cells.filter((c): c is CodeCell => c.cell_type === "code");
}

/** The text a cell's outputs wrote to `name`. */
export function streamText(outputs: CellOutput[], name: "stdout" | "stderr"): string {
  return outputs.map((o) => (o.output_type === "stream" && o.name === name ? joinText(o.text) : "")).join("");
}

/** Every file under `dir/results` and `dir/notebooks` with its bytes (hex), for before/after comparisons. */
export function snapshotCommitted(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string): void => {
    const abs = join(dir, rel);
    if (!existsSync(abs)) return;
    for (const name of readdirSync(abs).sort()) {
      const child = join(rel, name);
      if (statSync(join(dir, child)).isDirectory()) walk(child);
      else out[child] = readFileSync(join(dir, child)).toString("hex");
    }
  };
  walk("results");
  walk("notebooks");
  return out;
}

/** A TCP port on 127.0.0.1 that was free a moment ago (for a server a test starts). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** The pids of the direct children of `pid` (Linux /proc). */
export function childPids(pid: number): number[] {
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
export function killMidRun(dir: string, target: "runner" | "worker", signal: NodeJS.Signals, notebook = "ledger"): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ["bin/run-script.js", "scripts/reproduce.ts", "--root", dir], { cwd: repoRoot, stdio: ["ignore", "ignore", "pipe"] });
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
