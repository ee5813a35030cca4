/**
 * `npm run reproduce`: executes notebooks headlessly (no Jupyter), each in its own child process through
 * tslab's executor, and gathers the claims ledger.
 *
 * Nothing lost, nothing polluted:
 * - A default run (no `--param`, no `--out`) of a notebook that git tracks writes its executed notebook and
 *   its results into a staging folder under `scratch/`; when every notebook has finished, the outputs of the
 *   notebooks that succeeded and the regathered ledger replace the committed files in one journaled step
 *   (see `staging.ts`). A failed, killed or interrupted run leaves `results/`, `notebooks/` and the ledger as
 *   they were.
 * - A run with `--param` or `--out`, and a notebook git does not track, is exploratory: its notebook and
 *   results go to `scratch/` (or beside `--out`), its claims carry the parameters and the exploratory status
 *   and never enter `results/claims.arrow` or `results/CLAIMS.md`.
 * - Notebooks that did not run (skipped, failed, not selected) keep their committed results and claims.
 */
import { fork, type ChildProcess } from "node:child_process";
import { availableParallelism } from "node:os";
import { copyFileSync, existsSync, mkdirSync, readdirSync, realpathSync, statSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { UserError } from "../errors.ts";
import { importTypeScript } from "../import-source.ts";
import { regularFileProblem } from "../data/read-file.ts";
import { checkFreeSpace, checkOutputFile, checkOutputFolder, checkSameFilesystem, checkWritableFolder } from "../data/output-guard.ts";
import { watchParent } from "../parent-watch.ts";
import { RESULTS_DIR_ENV, repoRoot } from "../paths.ts";
import { runContextEnv, type RunContext } from "../run-context.ts";
import { committedNotebooks } from "./committed.ts";
import { readNotebook, type Notebook } from "./ipynb.ts";
import { writeFileAtomic } from "../data/atomic-write.ts";
import { driftLine, notebookDrift, PRODUCED_FROM_FILE, producedFrom, producedFromJson, readProducedFrom, runSourcesLine, treeState, uncommittedSources } from "./produced-from.ts";
import { INJECTED_PARAMETERS_TAG, injectParameters, parseParameterArgs, type ParameterValue } from "./parameters.ts";
import { ensureRequirements, requiredFiles } from "./requirements.ts";
import { commitStage, createStage, recoverStages, removeStage, scratchPath, SCRATCH_DIR, type Move, type Stage } from "./staging.ts";
import type { WorkerJob, WorkerResult } from "./notebook-worker.ts";
import type { PrecompileJob, PrecompileMessage } from "./precompile.ts";
import { cellCacheEnabled } from "./cell-cache.ts";
import { childEntry } from "./child-entry.ts";

/** Options of {@link reproduce}. */
export interface ReproduceOptions {
  /** Notebook files to run (default: the notebooks git tracks under `root/notebooks/`, in name order). */
  notebooks?: readonly string[];
  /** `name=value` overrides of the `parameters` cell (only with exactly one notebook; an exploratory run). */
  params?: readonly string[];
  /** Write the executed notebook here, its results beside it (only with exactly one notebook; exploratory). */
  out?: string;
  /** Regather `results/claims.arrow` and `results/CLAIMS.md` when a committed notebook ran (default true). */
  claims?: boolean;
  /** Repository root: working directory of the notebooks, home of `results/` (default: this repository). */
  root?: string;
  /** Progress sink (default: stderr). */
  log?: (line: string) => void;
  /**
   * Notebooks executed at the same time, each in its own process (default: the machine's cores, at most
   * 2). Notebooks are independent (each writes only `results/<notebook>/`), so the order of execution
   * does not change any output.
   */
  jobs?: number;
  /**
   * Handle SIGINT, SIGTERM and SIGHUP: stop the notebook workers, remove the staging folder and exit with
   * 128 + the signal number, committed files untouched (default true; a signal during the final renames
   * waits for them to finish).
   */
  handleSignals?: boolean;
}

/** Outcome for one notebook. */
export interface NotebookReport {
  /** Notebook path relative to the working directory. */
  notebook: string;
  status: "ran" | "skipped" | "failed";
  /** `committed`: a default run of a tracked notebook; `exploratory`: `--param`, `--out` or untracked. */
  mode: "committed" | "exploratory";
  /** Why it was skipped or failed (one line, no stack trace). */
  reason?: string;
  /** For a failed cell: its number among the code cells (1-based) and the count of code cells. */
  cell?: number;
  cells?: number;
  /** Where an exploratory run wrote its executed notebook and its results (relative to the working directory). */
  wrote?: { notebook: string; results: string };
  /**
   * For a notebook that ran: how many of its executed cells its own process compiled (the others came from
   * the cell cache; 0 when the precompiler had compiled them all, see `./precompile.ts`).
   */
  compiledCells?: number;
  seconds: number;
}

/** Outcome of {@link reproduce}. */
export interface ReproduceSummary {
  reports: NotebookReport[];
  ran: number;
  skipped: number;
  failed: number;
  /**
   * Committed notebooks whose committed results and claims were kept as they were (skipped, failed, or not
   * selected in this run), with why.
   */
  kept: { notebook: string; reason: string }[];
  seconds: number;
  /** Number of claims in the regathered ledger, or null when the ledger was not rewritten. */
  claims: number | null;
}

/**
 * Exit status of a reproduce run (documented in `lib/notebook/README.md`): 0 when every selected notebook
 * ran; 1 when a notebook failed; 3 when none failed but some were skipped (a partial run: their committed
 * results were kept unverified). Bad input is 2 and an interrupted run 128 + signal number (the CLI).
 */
export function exitStatus(s: Pick<ReproduceSummary, "failed" | "skipped">): 0 | 1 | 3 {
  if (s.failed > 0) return 1;
  if (s.skipped > 0) return 3;
  return 0;
}

/** The notebooks a default run executes: those git tracks in `root/notebooks/` (see `committed.ts`). */
export function defaultNotebooks(root: string): string[] {
  return committedNotebooks(root).paths;
}

/** Worker processes currently running (stopped when the run is interrupted). */
const children = new Set<ChildProcess>();

/** Runs one notebook in a child process (fresh executor and module cache) and returns its result. */
export function runNotebookInChild(job: WorkerJob, context: RunContext = { kind: "default" }): Promise<WorkerResult> {
  return new Promise((resolvePromise) => {
    const env: NodeJS.ProcessEnv = { ...process.env, ...runContextEnv(context) };
    if (job.resultsDir !== undefined) env[RESULTS_DIR_ENV] = job.resultsDir;
    else delete env[RESULTS_DIR_ENV];
    const entry = childEntry("notebook-worker-process");
    const child = fork(entry.modulePath, [JSON.stringify({ ...job, parent: process.pid })], {
      cwd: job.root,
      env,
      execArgv: entry.execArgv,
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    children.add(child);
    let result: WorkerResult | null = null;
    child.on("message", (msg) => {
      result = msg as WorkerResult;
    });
    child.on("error", (err) => {
      result ??= { kind: "crash", message: `could not start the notebook worker: ${err.message}` };
    });
    child.on("exit", (code, signal) => {
      children.delete(child);
      resolvePromise(result ?? { kind: "crash", message: `notebook worker exited with ${signal ?? `code ${code}`} before reporting` });
    });
  });
}

/** A running precompiler process. */
export interface Precompiler {
  /** The process (stopped with the run). */
  readonly child: ChildProcess;
  /** Resolves when job `index` is compiled, or when the precompiler has ended without it. */
  compiled(index: number): Promise<void>;
  /** Why the precompiler stopped before the end, once it has (else null). */
  stoppedEarly(): string | null;
}

/**
 * Starts the precompiler process (`./precompile.ts`, entry `./precompile-process.ts`) for `jobs` (in the order the notebooks will run), working
 * directory `root`; like a worker, it is stopped with the run.
 */
export function startPrecompiler(jobs: readonly PrecompileJob[], root: string): Precompiler {
  const resolvers: (() => void)[] = [];
  const ready = jobs.map((_, i) => new Promise<void>((r) => (resolvers[i] = r)));
  let stopped: string | null = null;
  const entry = childEntry("precompile-process");
  const child = fork(entry.modulePath, [JSON.stringify(jobs), String(process.pid)], { cwd: root, execArgv: entry.execArgv, stdio: ["ignore", "ignore", "ignore", "ipc"] });
  child.on("message", (msg) => {
    const m = msg as PrecompileMessage;
    if (m.kind === "compiled") resolvers[m.index]?.();
    else stopped = m.message;
  });
  const end = (why: string | null): void => {
    if (why !== null) stopped ??= why;
    for (const r of resolvers) r();
  };
  children.add(child);
  child.on("error", (err) => end(`could not start: ${err.message}`));
  child.on("exit", (code, signal) => {
    children.delete(child);
    end(code === 0 ? null : `exited with ${signal ?? `code ${code}`}`);
  });
  return { child, compiled: (index) => ready[index] ?? Promise.resolve(), stoppedEarly: () => stopped };
}

/**
 * Validates the notebook list: each must be a regular `.ipynb` file; a notebook named twice (also through
 * another path or a link) runs once.
 */
function checkNotebookPaths(paths: readonly string[], log: (line: string) => void): string[] {
  const seen = new Map<string, string>();
  const out: string[] = [];
  for (const p of paths) {
    const abs = resolve(p);
    if (!abs.endsWith(".ipynb")) throw new UserError(`reproduce: expected a .ipynb notebook, got "${p}"`);
    // A missing file, a link loop, a directory, FIFO or device named like a notebook is refused unread
    // (no hang, no stack trace).
    const problem = regularFileProblem(abs);
    if (problem !== null) throw new UserError(problem.endsWith(": no such file") ? `reproduce: notebook not found: ${p}` : `reproduce: notebook ${problem}`);
    const real = realpathSync(abs);
    const first = seen.get(real);
    if (first !== undefined) {
      log(`reproduce: ${p} is named twice (also as ${first}); it runs once`);
      continue;
    }
    seen.set(real, p);
    out.push(abs);
  }
  return out;
}

type GatherModule = { gatherClaims?: (notRun: Record<string, string>, notebooks?: readonly string[]) => unknown };

/**
 * Calls `gatherClaims({}, notebooks)` from `root`'s `lib/claims/gather.ts` (if that module exists) with the
 * results root set to `resultsDir`, so the ledger is written there; returns the row count or null. When that
 * file is this module's own `../claims/gather.ts` (this repository, or a copy whose lib/ links to it), the
 * module already built with the runner is used; another file is imported as TypeScript.
 */
async function gatherClaimsInto(root: string, resultsDir: string, notebooks: readonly string[]): Promise<number | null> {
  const path = join(root, "lib", "claims", "gather.ts");
  if (!existsSync(path)) return null;
  const own = fileURLToPath(new URL("../claims/gather.ts", import.meta.url));
  const mod = (realpathSync(path) === realpathSync(own) ? await import("../claims/gather.ts") : await importTypeScript(path)) as GatherModule;
  if (typeof mod.gatherClaims !== "function") return null;
  const saved = process.env[RESULTS_DIR_ENV];
  process.env[RESULTS_DIR_ENV] = resultsDir;
  try {
    const rows = await mod.gatherClaims({}, notebooks);
    return Array.isArray(rows) ? rows.length : 0;
  } finally {
    if (saved === undefined) delete process.env[RESULTS_DIR_ENV];
    else process.env[RESULTS_DIR_ENV] = saved;
  }
}

/** A path for messages: relative to the working directory when inside it. */
function shownPath(abs: string): string {
  const rel = relative(process.cwd(), abs);
  return rel === "" || rel.startsWith("..") ? abs : rel;
}

function samePath(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return resolve(a) === resolve(b);
  }
}

/** How one notebook runs: where its notebook and results go and under which run context. */
interface Plan {
  index: number;
  abs: string;
  shown: string;
  label: string;
  mode: NotebookReport["mode"];
  context: RunContext;
  output: string;
  resultsDir: string;
  /** The notebook as read before the run (its cells give the source hash of `produced-from.json`). */
  nb: Notebook;
}

const SIGNALS = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const;

/** Why a run stops early: a signal, or the process that started it ended (its parent watch). */
type Interruption = keyof typeof SIGNALS | "parent";

/** The run-context reason of a committed notebook named on the command line. */
export const NAMED_RUN = "named notebook (only a complete default run commits)";

/** Where an `--out PATH.ipynb` run writes its results: `PATH.results/`. */
function exploratoryResultsDir(output: string): string {
  return output.replace(/\.ipynb$/, "") + ".results";
}

/** Bytes of the regular files under `dir` (0 when it does not exist). */
function folderBytes(dir: string): number {
  let total = 0;
  const walk = (d: string): void => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) total += statSync(p).size;
    }
  };
  walk(dir);
  return total;
}

/**
 * Checks before any notebook runs that the outputs can be written and moved into place: for a default run,
 * `results/` and `notebooks/` writable and on the staging folder's filesystem (the commit is a list of
 * renames); for every run, free space for outputs the size of the committed ones.
 * @throws IoError naming the folder (exit 1)
 */
function preflight(root: string, plans: readonly Plan[], stage: Stage | null): void {
  if (plans.length === 0) return;
  const committedBytes = plans.reduce((sum, p) => sum + folderBytes(join(root, "results", p.label)) + statSync(p.abs).size, 0);
  if (stage !== null) {
    const targets = [join(root, "results"), join(root, "notebooks")];
    for (const t of targets) checkWritableFolder(t, "reproduce");
    checkSameFilesystem(stage.dir, targets, "reproduce");
    checkFreeSpace(stage.dir, committedBytes, "reproduce: the staged outputs");
  }
  for (const p of plans.filter((x) => x.mode === "exploratory")) {
    checkFreeSpace(p.resultsDir, folderBytes(join(root, "results", p.label)) + statSync(p.abs).size, `reproduce: ${p.label}'s exploratory outputs`);
  }
}

/**
 * Executes the notebooks and returns a summary. Throws {@link UserError} for bad input (unknown notebook, bad
 * `--param`, an `--out` over a committed file); a failing cell is reported in the summary, not thrown.
 */
export async function reproduce(options: ReproduceOptions = {}): Promise<ReproduceSummary> {
  const root = resolve(options.root ?? repoRoot);
  if (options.root !== undefined && !existsSync(join(root, "notebooks"))) {
    throw new UserError(`reproduce: --root ${options.root} has no notebooks/ folder; expected the root of a vitsparse checkout`);
  }
  const log = options.log ?? ((line: string) => process.stderr.write(line + "\n"));
  for (const line of recoverStages(root)) log(`reproduce: ${line}`);
  const committed = committedNotebooks(root);
  const isCommitted = (abs: string): boolean => committed.paths.some((p) => samePath(p, abs));
  const explicit = options.notebooks !== undefined && options.notebooks.length > 0;
  const notebooks = explicit ? checkNotebookPaths(options.notebooks!, log) : committed.paths;
  const params: [string, ParameterValue][] = [...parseParameterArgs(options.params ?? [])];
  if (params.length > 0 && notebooks.length !== 1) {
    throw new UserError(`reproduce: --param needs exactly one notebook path (got ${notebooks.length} notebooks)`);
  }
  if (options.out !== undefined && notebooks.length !== 1) {
    throw new UserError(`reproduce: --out needs exactly one notebook path (got ${notebooks.length} notebooks)`);
  }
  if (options.out !== undefined) {
    const out = resolve(options.out);
    if (!out.endsWith(".ipynb")) throw new UserError(`reproduce: --out must name a .ipynb file, got "${options.out}"`);
    // The one output guard: not a tracked notebook, nothing under results/ or data/, writable; the same for
    // the results folder beside it.
    checkOutputFile(out, "reproduce: --out", { root });
    checkOutputFolder(exploratoryResultsDir(out), "reproduce: --out", { root });
  }
  const maxJobs = Math.max(2, availableParallelism());
  const jobs = options.jobs ?? Math.min(2, availableParallelism());
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > maxJobs) {
    throw new UserError(`reproduce: --jobs must be an integer from 1 to ${maxJobs} (one notebook process per core of this machine), got ${jobs}`);
  }
  const started = performance.now();
  const reports: NotebookReport[] = new Array(notebooks.length);
  const parameterText = params.map(([k, v]) => `${k}=${JSON.stringify(v)}`);

  // Interruption (a signal, or the parent process ending: a run never outlives the command that started
  // it): stop the workers, drop the stage, leave every committed file as it was. Installed before any work.
  let stage: Stage | null = null;
  let precompiler: Precompiler | null = null;
  let committing = false;
  let pendingSignal: Interruption | null = null;
  const stopNow = (why: Interruption): void => {
    for (const child of children) child.kill("SIGKILL");
    if (stage !== null) removeStage(stage);
    log(`reproduce: ${why === "parent" ? "the process that started the run has ended" : `interrupted by ${why}`}; committed results, notebooks and ledger left as they were`);
    process.exit(128 + SIGNALS[why === "parent" ? "SIGHUP" : why]);
  };
  const onSignal = (why: Interruption): void => {
    if (committing) pendingSignal = why;
    else stopNow(why);
  };
  const handle = options.handleSignals !== false;
  if (handle) for (const sig of Object.keys(SIGNALS)) process.on(sig, onSignal);
  const parentWatch = handle ? watchParent({ onParentExit: () => onSignal("parent") }) : null;

  try {
    // Phase 1, one at a time: validate --param names, decide where each notebook writes, and make sure the
    // required data exists (the reference import runs at most once), before any notebook executes.
    const plans: Plan[] = [];
    // Every notebook's parameters (the cell's own values and --param) checked against their contracts first.
    const notebooksRead = notebooks.map((abs) => {
      const nb = readNotebook(abs);
      injectParameters(nb, new Map(params), basename(abs, ".ipynb"));
      return nb;
    });
    // What the committed results will record as their sources (produced-from.json), and what differs from HEAD.
    const state = treeState(root);
    for (const [index, abs] of notebooks.entries()) {
      const t0 = performance.now();
      const shown = shownPath(abs);
      const label = basename(abs, ".ipynb");
      const nb = notebooksRead[index]!;
      const tracked = isCommitted(abs);
      const drift = tracked ? notebookDrift(root, abs, nb) : null;
      if (drift !== null) log(`reproduce: ${driftLine(shown, state.head, drift)}`);
      let plan: Plan;
      if (params.length === 0 && options.out === undefined && tracked && !explicit) {
        stage ??= createStage(root);
        plan = {
          index, abs, shown, label, mode: "committed", context: { kind: "default" },
          output: join(stage.notebooks, `${label}.ipynb`), resultsDir: stage.results, nb,
        };
      } else {
        const reason = params.length > 0 ? "--param run" : options.out !== undefined ? "--out run" : tracked ? NAMED_RUN : "notebook not tracked by git";
        // Its claims carry what the run ran: HEAD and the uncommitted sources (the notebook's own edits included).
        const context: RunContext = { kind: "exploratory", reason, parameters: parameterText, producedFrom: runSourcesLine(state, uncommittedSources(root, abs, nb, state)) };
        if (options.out !== undefined) {
          const output = resolve(options.out);
          plan = { index, abs, shown, label, mode: "exploratory", context, output, resultsDir: exploratoryResultsDir(output), nb };
        } else if (params.length > 0) {
          // A parameter run never replaces the notebook: the executed copy goes to scratch/param/.
          plan = { index, abs, shown, label, mode: "exploratory", context, output: scratchPath(root, "param", `${label}.ipynb`), resultsDir: scratchPath(root, "param"), nb };
        } else if (tracked) {
          // A committed notebook named on the command line: only a complete default run commits, so its
          // executed copy and results go to scratch/named/ and its claims stay out of the ledger.
          plan = { index, abs, shown, label, mode: "exploratory", context, output: scratchPath(root, "named", `${label}.ipynb`), resultsDir: scratchPath(root, "named"), nb };
        } else {
          // An untracked notebook (the user's own) is executed in place; its results go to scratch/untracked/.
          plan = { index, abs, shown, label, mode: "exploratory", context, output: abs, resultsDir: scratchPath(root, "untracked"), nb };
        }
      }
      const check = await ensureRequirements(requiredFiles(nb, shown), root);
      if (!check.ok) {
        log(`${label}: skipped: ${check.reason}`);
        reports[index] = { notebook: shown, status: "skipped", mode: plan.mode, reason: check.reason, seconds: (performance.now() - t0) / 1000 };
        continue;
      }
      plans.push(plan);
    }
    if (plans.some((p) => p.mode === "committed") && state.uncommitted.length > 0) {
      const shownPaths = state.uncommitted.length > 5 ? `${state.uncommitted.slice(0, 5).join(", ")}, … (${state.uncommitted.length} paths)` : state.uncommitted.join(", ");
      log(`reproduce: uncommitted changes in ${shownPaths}: the results will record them as such, and the tests refuse committed results made from a modified tree; commit first to record a clean source`);
    }

    preflight(root, plans, stage);

    // Phase 2: execute, `jobs` notebooks at a time, each in a fresh child process.
    const runOne = async (plan: Plan): Promise<void> => {
      const { index, abs, shown, label, mode } = plan;
      const t0 = performance.now();
      const seconds = (): number => (performance.now() - t0) / 1000;
      log(`${label}: running ${shown}`);
      const wrote = mode === "exploratory" ? { notebook: shownPath(plan.output), results: shownPath(join(plan.resultsDir, label)) + "/" } : undefined;
      if (wrote !== undefined) {
        const params = plan.context.parameters?.length ? ` (${plan.context.parameters.join(", ")})` : "";
        log(`${label}: exploratory run${params}: notebook -> ${wrote.notebook}, results -> ${wrote.results} (not committed, not in the ledger)`);
        mkdirSync(plan.resultsDir, { recursive: true });
      }
      const result = await runNotebookInChild(
        { input: abs, output: plan.output, label, params, root, resultsDir: plan.resultsDir },
        plan.context,
      );
      if (result.kind === "user-error") throw new UserError(result.message);
      if (result.kind === "ok") {
        // What these results were produced from (the committed record is kept when the sources did not change).
        const previous = mode === "committed" ? readProducedFrom(join(root, "results", label, PRODUCED_FROM_FILE)) : null;
        writeFileAtomic(join(plan.resultsDir, label, PRODUCED_FROM_FILE), producedFromJson(producedFrom(root, abs, plan.nb, state, previous, result.libFiles)));
        log(`${label}: done, ${result.executed} cells in ${seconds().toFixed(1)} s`);
        reports[index] = { notebook: shown, status: "ran", mode, cells: result.codeCells, ...(wrote ? { wrote } : {}), compiledCells: result.executed - result.fromCellCache, seconds: seconds() };
      } else if (result.kind === "failed") {
        const f = result.failure;
        const where = f.tags.includes(INJECTED_PARAMETERS_TAG) ? " (the cell injected by --param)" : "";
        const reason = `error in cell ${f.codeCell} of ${f.codeCells}${where}: ${f.error.ename === "Error" ? "" : f.error.ename + ": "}${f.error.evalue}`;
        log(`${label}: FAILED: ${reason} (notebook and results left unchanged)`);
        reports[index] = { notebook: shown, status: "failed", mode, reason, cell: f.codeCell, cells: f.codeCells, seconds: seconds() };
      } else {
        log(`${label}: FAILED: ${result.message}`);
        reports[index] = { notebook: shown, status: "failed", mode, reason: result.message, seconds: seconds() };
      }
    };
    // With two or more notebooks, their cells are compiled first, all in one process (./precompile.ts); each
    // notebook starts once its cells are compiled, and its process then takes them from the cell cache.
    if (plans.length >= 2 && cellCacheEnabled()) {
      precompiler = startPrecompiler(plans.map((p) => ({ input: p.abs, label: p.label, params })), root);
      log(`reproduce: compiling the cells of ${plans.length} notebooks in one process; each notebook runs once its cells are compiled`);
    }
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < plans.length) {
        const at = next++;
        await precompiler?.compiled(at);
        await runOne(plans[at]!);
      }
    };
    await Promise.all(Array.from({ length: Math.min(jobs, plans.length) }, worker));
    const stoppedEarly = precompiler?.stoppedEarly();
    if (stoppedEarly) log(`reproduce: the cell precompiler stopped early (${stoppedEarly}); the notebooks compiled their own cells`);

    // Phase 3: move the successful committed notebooks' outputs and the regathered ledger into place.
    const ranCommitted = plans.filter((p) => p.mode === "committed" && reports[p.index]!.status === "ran");
    const committedLabels = committed.paths.map((p) => basename(p, ".ipynb"));
    let claims: number | null = null;
    if (stage !== null && ranCommitted.length > 0) {
      const moves: Move[] = [];
      for (const p of ranCommitted) {
        moves.push({ from: join(stage.results, p.label), to: join(root, "results", p.label) });
        moves.push({ from: p.output, to: p.abs });
      }
      if (options.claims !== false) {
        // The ledger view: the new claims of the notebooks that ran, the committed claims of all others.
        const ran = new Set(ranCommitted.map((p) => p.label));
        for (const label of committedLabels) {
          if (ran.has(label)) continue;
          for (const file of ["claims.json", PRODUCED_FROM_FILE]) {
            const committedFile = join(root, "results", label, file);
            if (!existsSync(committedFile)) continue;
            mkdirSync(join(stage.results, label), { recursive: true });
            copyFileSync(committedFile, join(stage.results, label, file));
          }
        }
        claims = await gatherClaimsInto(root, stage.results, committedLabels);
        if (claims !== null) {
          for (const file of ["claims.arrow", "CLAIMS.md"]) moves.push({ from: join(stage.results, file), to: join(root, "results", file) });
        }
      }
      committing = true;
      commitStage(stage, moves.filter((m) => existsSync(m.from)));
      committing = false;
      stage = null;
    }
    const selected = new Set(plans.filter((p) => p.mode === "committed").map((p) => p.abs));
    const kept: ReproduceSummary["kept"] = [];
    for (const abs of committed.paths) {
      const label = basename(abs, ".ipynb");
      const report = reports.find((r) => r.mode === "committed" && samePath(resolve(r.notebook), abs));
      if (report?.status === "ran") continue;
      const named = reports.find((r) => r?.mode === "exploratory" && samePath(resolve(r.notebook), abs));
      const why = plans.find((p) => p.mode === "exploratory" && samePath(p.abs, abs))?.context.reason;
      const ranExploratory = (r: NotebookReport): string =>
        `ran exploratory${why ? ` (${why})` : ""}, outputs in ${r.wrote ? `${r.wrote.notebook} and ${r.wrote.results}` : "scratch/"}`;
      const reason = report
        ? `${report.status}: ${report.reason ?? ""}`
        : selected.has(abs)
          ? "not run"
          : named !== undefined
            ? `named on the command line: ${named.status === "ran" ? ranExploratory(named) : named.status}; only a complete default run commits`
            : "not selected in this run";
      kept.push({ notebook: label, reason });
    }
    return {
      reports,
      ran: reports.filter((r) => r.status === "ran").length,
      skipped: reports.filter((r) => r.status === "skipped").length,
      failed: reports.filter((r) => r.status === "failed").length,
      kept,
      seconds: (performance.now() - started) / 1000,
      claims,
    };
  } finally {
    if (precompiler !== null && precompiler.child.exitCode === null) precompiler.child.kill("SIGKILL");
    if (stage !== null) removeStage(stage);
    if (handle) for (const sig of Object.keys(SIGNALS)) process.off(sig, onSignal);
    parentWatch?.stop();
    if (pendingSignal !== null) stopNow(pendingSignal);
  }
}

/**
 * Text summary: which notebooks ran, which kept their committed results and why, where exploratory runs
 * wrote, then `reproduce: R ran, S skipped, F failed in T s`.
 */
export function formatSummary(s: ReproduceSummary): string {
  const lines: string[] = [];
  const ran = s.reports.filter((r) => r.status === "ran");
  if (ran.length > 0) lines.push(`reproduce: ran ${ran.map((r) => basename(r.notebook, ".ipynb") + (r.mode === "exploratory" ? " (exploratory)" : "")).join(", ")}`);
  for (const k of s.kept) lines.push(`reproduce: kept committed results of ${k.notebook} (${k.reason})`);
  for (const r of ran) if (r.wrote) lines.push(`reproduce: ${basename(r.notebook, ".ipynb")}: exploratory outputs in ${r.wrote.notebook} and ${r.wrote.results}`);
  lines.push(`reproduce: ${s.ran} ran, ${s.skipped} skipped, ${s.failed} failed in ${s.seconds.toFixed(1)} s`);
  return lines.join("\n");
}

/** The scratch folder's name, for messages and `.gitignore`. */
export { SCRATCH_DIR };
