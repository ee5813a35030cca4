/**
 * `npm run reproduce`: executes notebooks headlessly (no Jupyter), each in its own child process through
 * tslab's executor, writes the outputs back into the `.ipynb`, skips notebooks whose reference data is
 * unavailable, and finally gathers the claims ledger.
 */
import { fork } from "node:child_process";
import { availableParallelism } from "node:os";
import { existsSync, readdirSync, rmSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { UserError } from "../errors.ts";
import { RESULTS_DIR_ENV, repoRoot } from "../paths.ts";
import { readNotebook } from "./ipynb.ts";
import { INJECTED_PARAMETERS_TAG, injectParameters, parseParameterArgs, type ParameterValue } from "./parameters.ts";
import { ensureRequirements, requiredFiles } from "./requirements.ts";
import type { WorkerJob, WorkerResult } from "./notebook-worker.ts";

/** Options of {@link reproduce}. */
export interface ReproduceOptions {
  /** Notebook files to run (default: every `notebooks/*.ipynb` under `root`, in name order). */
  notebooks?: readonly string[];
  /** `name=value` overrides of the `parameters` cell (only with exactly one notebook). */
  params?: readonly string[];
  /** Write the executed notebook here instead of in place (only with exactly one notebook). */
  out?: string;
  /** Gather `results/claims.arrow` and `results/CLAIMS.md` afterwards (default true). */
  claims?: boolean;
  /** Repository root: working directory of the notebooks (default: this repository). */
  root?: string;
  /** Progress sink (default: stderr). */
  log?: (line: string) => void;
  /**
   * Notebooks executed at the same time, each in its own process (default: the machine's cores, at most
   * 2). Notebooks are independent (each writes only `results/<notebook>/`), so the order of execution
   * does not change any output.
   */
  jobs?: number;
}

/** Outcome for one notebook. */
export interface NotebookReport {
  /** Notebook path relative to the working directory. */
  notebook: string;
  status: "ran" | "skipped" | "failed";
  /** Why it was skipped or failed (one line, no stack trace). */
  reason?: string;
  /** For a failed cell: its number among the code cells (1-based) and the count of code cells. */
  cell?: number;
  cells?: number;
  seconds: number;
}

/** Outcome of {@link reproduce}. */
export interface ReproduceSummary {
  reports: NotebookReport[];
  ran: number;
  skipped: number;
  failed: number;
  seconds: number;
  /** Number of claims gathered, or null when gathering was off or `lib/claims/gather.ts` is absent. */
  claims: number | null;
}

/** The notebooks of `root/notebooks/` in name order. */
export function defaultNotebooks(root: string): string[] {
  const dir = join(root, "notebooks");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".ipynb"))
    .sort()
    .map((f) => join(dir, f));
}

const WORKER = fileURLToPath(new URL("./notebook-worker.ts", import.meta.url));

/** Runs one notebook in a child process (fresh executor and module cache) and returns its result. */
export function runNotebookInChild(job: WorkerJob): Promise<WorkerResult> {
  return new Promise((resolvePromise) => {
    const child = fork(WORKER, [JSON.stringify(job)], {
      cwd: job.root,
      env: job.resultsDir !== undefined ? { ...process.env, [RESULTS_DIR_ENV]: job.resultsDir } : process.env,
      execArgv: ["--import", "tsx"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    let result: WorkerResult | null = null;
    child.on("message", (msg) => {
      result = msg as WorkerResult;
    });
    child.on("error", (err) => {
      result ??= { kind: "crash", message: `could not start the notebook worker: ${err.message}` };
    });
    child.on("exit", (code, signal) => {
      resolvePromise(result ?? { kind: "crash", message: `notebook worker exited with ${signal ?? `code ${code}`} before reporting` });
    });
  });
}

/** Validates the notebook list: each must exist and end with `.ipynb`. */
function checkNotebookPaths(paths: readonly string[]): string[] {
  return paths.map((p) => {
    const abs = resolve(p);
    if (!abs.endsWith(".ipynb")) throw new UserError(`reproduce: expected a .ipynb notebook, got "${p}"`);
    if (!existsSync(abs)) throw new UserError(`reproduce: notebook not found: ${p}`);
    return abs;
  });
}

type GatherModule = { gatherClaims?: (notRun: Record<string, string>) => unknown };

/**
 * Calls `gatherClaims(notRun)` from `lib/claims/gather.ts` if that module exists; returns the row count or
 * null. `notRun` names the notebooks skipped or failed in this run (their earlier claims are not gathered).
 */
async function gatherClaimsIfPresent(root: string, notRun: Record<string, string>): Promise<number | null> {
  const path = join(root, "lib", "claims", "gather.ts");
  if (!existsSync(path)) return null;
  const mod = (await import(pathToFileURL(path).href)) as GatherModule;
  if (typeof mod.gatherClaims !== "function") return null;
  const rows = await mod.gatherClaims(notRun);
  return Array.isArray(rows) ? rows.length : 0;
}

/**
 * Executes the notebooks one after another and returns a summary. Throws {@link UserError} for bad input
 * (unknown notebook, bad `--param`); a failing cell is reported in the summary, not thrown.
 */
export async function reproduce(options: ReproduceOptions = {}): Promise<ReproduceSummary> {
  const root = resolve(options.root ?? repoRoot);
  const log = options.log ?? ((line: string) => process.stderr.write(line + "\n"));
  const notebooks = options.notebooks && options.notebooks.length > 0 ? checkNotebookPaths(options.notebooks) : defaultNotebooks(root);
  const params: [string, ParameterValue][] = [...parseParameterArgs(options.params ?? [])];
  if (params.length > 0 && notebooks.length !== 1) {
    throw new UserError(`reproduce: --param needs exactly one notebook path (got ${notebooks.length} notebooks)`);
  }
  if (options.out !== undefined && notebooks.length !== 1) {
    throw new UserError(`reproduce: --out needs exactly one notebook path (got ${notebooks.length} notebooks)`);
  }
  const jobs = options.jobs ?? Math.min(2, availableParallelism());
  if (!Number.isInteger(jobs) || jobs < 1) throw new UserError(`reproduce: --jobs must be a positive integer, got ${jobs}`);
  const started = performance.now();
  const reports: NotebookReport[] = new Array(notebooks.length);
  // Phase 1, one at a time: validate --param names and make sure required data exists (the reference
  // import runs at most once), before any notebook executes.
  const runnable: { index: number; abs: string; shown: string; label: string; t0: number }[] = [];
  for (const [index, abs] of notebooks.entries()) {
    const t0 = performance.now();
    const rel = relative(process.cwd(), abs);
    const shown = rel === "" || rel.startsWith("..") ? abs : rel;
    const label = basename(abs, ".ipynb");
    const nb = readNotebook(abs);
    injectParameters(nb, new Map(params), label); // validates --param names before any work
    const check = await ensureRequirements(requiredFiles(nb, shown), root);
    if (!check.ok) {
      log(`${label}: skipped: ${check.reason}`);
      reports[index] = { notebook: shown, status: "skipped", reason: check.reason, seconds: (performance.now() - t0) / 1000 };
      continue;
    }
    runnable.push({ index, abs, shown, label, t0 });
  }
  // Phase 2: execute, `jobs` notebooks at a time, each in a fresh child process.
  const runOne = async ({ index, abs, shown, label }: (typeof runnable)[number]): Promise<void> => {
    const t0 = performance.now();
    const seconds = (): number => (performance.now() - t0) / 1000;
    log(`${label}: running ${shown}`);
    // With --out, figures, tables and claims go beside the executed copy, never over the committed results.
    const output = options.out !== undefined ? resolve(options.out) : abs;
    const resultsDir = options.out !== undefined ? output.replace(/\.ipynb$/, "") + ".results" : undefined;
    if (resultsDir !== undefined) log(`${label}: results go to ${relative(process.cwd(), resultsDir)}/${label}/`);
    // A run rewrites the notebook's results folder whole, so no stale figure or claim survives it.
    rmSync(join(resultsDir ?? join(root, "results"), label), { recursive: true, force: true });
    const result = await runNotebookInChild({ input: abs, output, label, params, root, ...(resultsDir !== undefined ? { resultsDir } : {}) });
    if (result.kind === "user-error") throw new UserError(result.message);
    if (result.kind === "ok") {
      log(`${label}: done, ${result.executed} cells in ${seconds().toFixed(1)} s`);
      reports[index] = { notebook: shown, status: "ran", cells: result.codeCells, seconds: seconds() };
    } else if (result.kind === "failed") {
      const f = result.failure;
      const where = f.tags.includes(INJECTED_PARAMETERS_TAG) ? " (the cell injected by --param)" : "";
      const reason = `cell ${f.codeCell} of ${f.codeCells}${where} failed: ${f.error.ename === "Error" ? "" : f.error.ename + ": "}${f.error.evalue}`;
      log(`${label}: FAILED at ${reason} (notebook left unchanged)`);
      reports[index] = { notebook: shown, status: "failed", reason, cell: f.codeCell, cells: f.codeCells, seconds: seconds() };
    } else {
      log(`${label}: FAILED: ${result.message}`);
      reports[index] = { notebook: shown, status: "failed", reason: result.message, seconds: seconds() };
    }
  };
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < runnable.length) await runOne(runnable[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(jobs, runnable.length) }, worker));
  const notRun: Record<string, string> = {};
  for (const r of reports) {
    if (r.status !== "ran") notRun[basename(r.notebook, ".ipynb")] = `${r.status} in this run: ${r.reason ?? ""}`;
  }
  // A run with --out is an experiment beside the committed results: it does not touch the ledger.
  const claims = options.claims === false || options.out !== undefined ? null : await gatherClaimsIfPresent(root, notRun);
  return {
    reports,
    ran: reports.filter((r) => r.status === "ran").length,
    skipped: reports.filter((r) => r.status === "skipped").length,
    failed: reports.filter((r) => r.status === "failed").length,
    seconds: (performance.now() - started) / 1000,
    claims,
  };
}

/** One-line text summary, e.g. `reproduce: 2 ran, 1 skipped, 0 failed in 14.2 s`. */
export function formatSummary(s: ReproduceSummary): string {
  return `reproduce: ${s.ran} ran, ${s.skipped} skipped, ${s.failed} failed in ${s.seconds.toFixed(1)} s`;
}
