/**
 * Compiles into the cell cache (lib/notebook/cell-cache.ts), once at the start of a test run and in one
 * process, the cells of the fixture notebooks and of the runs that tests make with the same inputs every time
 * (./warmed-runs.ts): the kit's own cell precompiler (lib/notebook/precompile.ts), which a `npm run reproduce`
 * of two or more notebooks starts the same way.
 *
 * Why: dozens of tests run these notebooks, each in a runner of its own, and a runner of one notebook compiles
 * in the notebook's own process. On a fresh clone the cache is empty, so the first runner of each built a
 * TypeScript program of its own (parsing `@types/node` and TypeScript's `lib.*.d.ts`: 1.5–4 CPU-s each),
 * several at once in parallel test files. One process compiling them all parses those once (about 3–6 s
 * in the background while the first test files run); with a warm cache it takes about 0.6 s and loads no
 * compiler.
 *
 * What the tests see does not depend on it: a notebook process takes a cell from the cache only when its text,
 * the earlier declarations, the compiler and every file of the recorded program match, and compiles it
 * otherwise — as in a second `npm test`, which finds every record already there. The compile path itself is
 * tested with fresh cells (test/notebook/cell-cache.test.ts, precompile.test.ts, the injected cell of
 * runner-parameters.test.ts) and with the cache off (typecheck-cache.test.ts).
 */
import { fork, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { childEntry } from "../lib/notebook/child-entry.ts";
import { joinText, readNotebook, writeNotebook } from "../lib/notebook/ipynb.ts";
import { parseParameterArgs } from "../lib/notebook/parameters.ts";
import type { PrecompileJob } from "../lib/notebook/precompile.ts";
import { repoRoot } from "../lib/paths.ts";
import { freshBuild, WORKERS_DIR } from "../bin/cli-build.js";
import { KERNEL_RERUNS, PARAMETER_RUNS, parametersCell, REPLACED_PARAMETERS, replaceParametersCell } from "./warmed-runs.ts";

/** Folder of the fixture notebooks. */
const FIXTURE_NOTEBOOKS = join(repoRoot, "test", "fixtures", "notebooks");

/**
 * Fixtures the cache can never hold: a cell that fails to compile is never recorded, so warming it would build
 * a program at every test run for nothing.
 */
const NEVER_CACHED = new Set(["compile-error"]);

/** The precompiler's jobs for every fixture notebook the cache can hold, as the tests run it (no parameters). */
export function fixtureJobs(): PrecompileJob[] {
  return readdirSync(FIXTURE_NOTEBOOKS)
    .filter((name) => name.endsWith(".ipynb"))
    .map((name) => name.slice(0, -".ipynb".length))
    .filter((label) => !NEVER_CACHED.has(label))
    .sort()
    .map((label) => ({ input: join(FIXTURE_NOTEBOOKS, `${label}.ipynb`), label, params: [] }));
}

/**
 * The precompiler's jobs for the runs of ./warmed-runs.ts: each fixture with its parameters cell replaced, each
 * `--param` run, and each series of runs in one kernel as one notebook of all its runs' cells (the notebooks that
 * are not files of their own are written into `dir`, which must outlive the warm-up).
 */
export function warmedRunJobs(dir: string): PrecompileJob[] {
  const replaced = REPLACED_PARAMETERS.map(({ fixture, parameters }, i): PrecompileJob => {
    const input = join(dir, `${i}-${fixture}.ipynb`);
    writeNotebook(input, replaceParametersCell(readNotebook(join(FIXTURE_NOTEBOOKS, `${fixture}.ipynb`)), parameters, fixture));
    return { input, label: fixture, params: [] };
  });
  const withParams = PARAMETER_RUNS.map(({ notebook, params }): PrecompileJob => ({
    input: join(repoRoot, notebook),
    label: basename(notebook, ".ipynb"),
    params: [...parseParameterArgs(params)],
  }));
  // The cells of all runs in one walk: each run's cells then follow the declarations of the runs before, as in the kernel.
  const inKernel = KERNEL_RERUNS.map(({ notebook, edits }, i): PrecompileJob => {
    const nb = readNotebook(join(repoRoot, notebook));
    const runs = [nb.cells];
    let text = joinText(parametersCell(nb, notebook).source);
    for (const { from, to } of edits) {
      if (!text.includes(from)) throw new Error(`${notebook}: its parameters cell has no "${from}"`);
      text = text.replace(from, to);
      runs.push(replaceParametersCell(readNotebook(join(repoRoot, notebook)), text, notebook).cells);
    }
    const input = join(dir, `kernel-${i}-${basename(notebook)}`);
    writeNotebook(input, { ...nb, cells: runs.flat() });
    return { input, label: basename(notebook, ".ipynb"), params: [] };
  });
  return [...replaced, ...withParams, ...inKernel];
}

/** A warm-up in progress. */
export interface WarmUp {
  /** Resolves when the precompiler has ended (its exit code; null when it was killed or could not start). */
  finished: Promise<number | null>;
  /** Stops it if it is still running. */
  stop(): void;
}

/**
 * Starts the precompiler on `jobs` in the background — the compiled build's copy when there is a fresh build,
 * else the TypeScript entry through tsx — with the repository root as working directory, as a runner there
 * would; it ends by itself when this process does (it watches its parent).
 */
export function startCellCacheWarmUp(jobs: readonly PrecompileJob[]): WarmUp {
  const built = freshBuild();
  const worker = built === null ? null : join(dirname(built), WORKERS_DIR, "precompile-process.js");
  const entry = worker !== null && existsSync(worker) ? { modulePath: worker, execArgv: [] } : childEntry("precompile-process");
  const child: ChildProcess = fork(entry.modulePath, [JSON.stringify(jobs), String(process.pid)], {
    cwd: repoRoot,
    execArgv: entry.execArgv,
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  const finished = new Promise<number | null>((resolve) => {
    child.on("error", () => resolve(null)); // a warm-up that cannot start only costs time
    child.on("exit", (code) => resolve(code));
  });
  child.unref();
  child.channel?.unref();
  return {
    finished,
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    },
  };
}
