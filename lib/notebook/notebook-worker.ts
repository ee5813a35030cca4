/**
 * What a notebook worker does: executes ONE notebook in its own child process, so that every notebook gets a
 * fresh tslab executor and a fresh module cache (no state leaks between notebooks), and reports over the IPC
 * channel. The process starts at `./notebook-worker-process.ts` (see `./child-entry.ts` for how), with the
 * repository root as working directory.
 */
import { UserError } from "../errors.ts";
import { watchParent } from "../parent-watch.ts";
import { exitAfterPendingWrites } from "../settled-exit.ts";
import { cellCacheStats } from "./cell-cache.ts";
import { createCellExecutor } from "./cell-executor.ts";
import { executeNotebook, type NotebookFailure } from "./execute-notebook.ts";
import { readNotebook, writeNotebook, type JsonObject, type Notebook } from "./ipynb.ts";
import { kernelLanguageInfo } from "./jupyter-kernel.ts";
import { injectParameters, type ParameterValue } from "./parameters.ts";
import { portablePaths } from "./portable-text.ts";
import { loadedLibFiles } from "./produced-from.ts";

/** What the parent asks the worker to do. */
export interface WorkerJob {
  /** Notebook to read. */
  input: string;
  /** Where to write the executed notebook (atomically; untouched on failure). */
  output: string;
  /** Name shown in progress lines. */
  label: string;
  /** Parameter overrides, in command-line order. */
  params: [string, ParameterValue][];
  /** Repository root (made relative in outputs). */
  root: string;
  /** Results root for this run (the parent sets `VITSPARSE_RESULTS_DIR` to it); default `results/`. */
  resultsDir?: string;
  /** The PID of the runner that started the worker (its parent watch then also notices a runner killed while the worker started). */
  parent?: number;
}

/** What the worker reports back. */
export type WorkerResult =
  | { kind: "ok"; codeCells: number; executed: number; libFiles: string[]; fromCellCache: number }
  | { kind: "failed"; failure: NotebookFailure }
  | { kind: "user-error"; message: string }
  | { kind: "crash"; message: string };

/** The notebook a job runs: the input with the job's parameters injected. */
export function notebookForJob(job: Pick<WorkerJob, "input" | "params" | "label">): Notebook {
  return injectParameters(readNotebook(job.input), new Map(job.params), job.label);
}

/** Executes the job and returns its result (writes the notebook on success). */
export async function runWorkerJob(job: WorkerJob, log: (line: string) => void): Promise<WorkerResult> {
  try {
    const nb = notebookForJob(job);
    const executor = createCellExecutor({ rewriteText: (t) => portablePaths(t, job.root) });
    try {
      const result = await executeNotebook(nb, executor, (i, n) => log(`${job.label}: cell ${i}/${n}`));
      if (result.failure) return { kind: "failed", failure: result.failure };
      // What Jupyter stores after running the notebook with the tslab kernel, so both paths save the same file.
      result.notebook.metadata["language_info"] = kernelLanguageInfo() as JsonObject;
      writeNotebook(job.output, result.notebook);
      const codeCells = result.notebook.cells.filter((c) => c.cell_type === "code");
      return { kind: "ok", codeCells: codeCells.length, executed: codeCells.filter((c) => c.execution_count !== null).length, libFiles: loadedLibFiles(job.root), fromCellCache: cellCacheStats().hits };
    } finally {
      executor.close();
    }
  } catch (err) {
    if (err instanceof UserError) return { kind: "user-error", message: err.message };
    return { kind: "crash", message: (err as Error).message ?? String(err) };
  }
}

/**
 * Sends the result to the parent (or prints it when run by hand) and exits, once the file writes still in
 * flight are done (tsx's transform cache: `../settled-exit.ts`).
 */
function report(result: WorkerResult): void {
  if (process.send) process.send(result, undefined, {}, () => exitAfterPendingWrites(0));
  else {
    process.stdout.write(JSON.stringify(result) + "\n");
    exitAfterPendingWrites(0);
  }
}

/** The worker process's whole life: reads its job from `process.argv[2]`, runs it, reports and exits. */
export async function workerMain(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? "") as WorkerJob;
  const stderrWrite = process.stderr.write.bind(process.stderr);
  // An error thrown later by code a cell left running (a timer, an unawaited promise) ends the notebook
  // with its message instead of a stack trace.
  const late = (err: unknown): void => report({ kind: "crash", message: `uncaught error outside a cell's execution: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}` });
  process.on("uncaughtException", late);
  process.on("unhandledRejection", late);
  // The runner was killed: stop too (its staging folder is discarded, nothing here is committed). The IPC
  // channel closing is seen when the event loop is free; the parent watch, on its own thread, also while
  // a cell computes synchronously (it kills this process at once).
  process.on("disconnect", () => process.exit(1));
  watchParent({ parent: job.parent });
  report(await runWorkerJob(job, (line) => stderrWrite(line + "\n")));
}
