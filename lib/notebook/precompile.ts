/**
 * Compiles the cells of every notebook a run is about to execute in ONE process, before each notebook's own
 * process runs them, so that those processes take every cell from the cell cache (`./cell-cache.ts`) and
 * never build a TypeScript program.
 *
 * Why: each notebook process that compiles its own cells parses `@types/node`, TypeScript's `lib.*.d.ts`,
 * the packages' declarations and the `lib/` files it imports (about 5 MB of text), binds them, and checks
 * the imported `lib/` files that the type-check cache has not seen yet — two notebooks starting together
 * check the same files twice. On a fresh clone that was about 45 of the 70 CPU-seconds of `npm run
 * reproduce`. One process compiling the notebooks one after another parses and binds `@types/node` and the
 * `lib.*.d.ts` once per run (the compiler reuses an unchanged file's syntax tree from one program to the
 * next; a package's declarations or a `lib/` file that the previous notebook's last cell no longer reaches
 * is dropped and read again for the next notebook), checks each `lib/` file once, and spares the notebook
 * processes loading the compiler at all.
 *
 * One converter serves every notebook: what tslab's `convert(prevDecl, src)` returns depends only on its two
 * arguments and the files on disk, which is also what the cell cache's key and record say. The cells are
 * walked as tslab's executor walks them: the same text (`executedSource`), the declarations of the cells
 * before, a `//%browser` cell skipped; a cell with a compile error, or a `//%module` cell (later cells then
 * depend on a module only the executor registers), ends that notebook's walk.
 *
 * The precompiler only fills the cache. A notebook process uses a record only when the cell, the earlier
 * declarations, the compiler and every file of the recorded program still match, and compiles the cell itself
 * otherwise, so what a notebook runs and shows never depends on whether the precompiler ran, finished or
 * failed. It runs only while the cell cache is on (`VITSPARSE_CELL_CACHE` not `0`).
 */
import { watchParent } from "../parent-watch.ts";
import { executedSource } from "./cell-executor.ts";
import { runnableSources } from "./execute-notebook.ts";
import type { Notebook } from "./ipynb.ts";
import { notebookForJob, type WorkerJob } from "./notebook-worker.ts";
import { loadTslab, type CodeMetadata, type TslabConverter } from "./tslab-compat.ts";

/** The part of a notebook job the precompiler reads. */
export type PrecompileJob = Pick<WorkerJob, "input" | "label" | "params">;

/** What the converter's `convert` returns, as far as the walk reads it. */
interface Converted {
  declOutput?: string;
  diagnostics: readonly unknown[];
}

/** The compiler the walk uses: tslab's cached converter and its metadata reader. */
export interface CellCompiler {
  convert(prevDecl: string, src: string): Converted;
  metadata(src: string): CodeMetadata;
}

/**
 * Compiles the cells of `nb` in the order tslab's executor would, up to the first cell that fails to compile
 * or defines a module; returns the number of cells compiled.
 */
export function precompileNotebook(nb: Notebook, compiler: CellCompiler): number {
  let prevDecl = "";
  let compiled = 0;
  for (const source of runnableSources(nb)) {
    const src = executedSource(source);
    const meta = compiler.metadata(src);
    if (meta.module !== undefined) break;
    if (meta.mode === "browser") continue;
    const converted = compiler.convert(prevDecl, src);
    if (converted.diagnostics.length > 0) break;
    prevDecl = converted.declOutput || "";
    compiled++;
  }
  return compiled;
}

/** What the precompiler process reports: a notebook done, or the reason it stopped. */
export type PrecompileMessage = { kind: "compiled"; index: number; cells: number } | { kind: "stopped"; message: string };

/**
 * Compiles each job's notebook with one converter, calling `done` after each (also after a notebook that
 * could not be read: its own process reports that).
 */
export async function precompileJobs(jobs: readonly PrecompileJob[], done: (index: number, cells: number) => Promise<void>): Promise<void> {
  const tslab = loadTslab({ watchDirectories: false }); // a batch compile (LoadTslabOptions.watchDirectories)
  const converter = tslab.createConverter({ isJS: false, isBrowser: false }) as TslabConverter & Pick<CellCompiler, "convert">;
  const compiler: CellCompiler = { convert: (prevDecl, src) => converter.convert(prevDecl, src), metadata: (src) => tslab.getCodeMetadata(src) };
  try {
    for (const [index, job] of jobs.entries()) {
      let cells = 0;
      try {
        cells = precompileNotebook(notebookForJob(job), compiler);
      } catch {
        // An unreadable notebook or bad parameter: the notebook's own process reports it.
      }
      await done(index, cells);
    }
  } finally {
    converter.close();
  }
}

/** Sends a message to the parent and resolves once it is written (at once when there is no parent). */
function send(m: PrecompileMessage): Promise<void> {
  return new Promise((resolve) => {
    if (process.send === undefined) resolve();
    else process.send(m, undefined, {}, () => resolve());
  });
}

/**
 * The precompiler process's whole life (started at `./precompile-process.ts`): reads its jobs from
 * `process.argv[2]` and the runner's PID from `process.argv[3]`, compiles, reports and exits.
 */
export async function precompilerMain(): Promise<void> {
  const jobs = JSON.parse(process.argv[2] ?? "[]") as PrecompileJob[];
  const parent = Number(process.argv[3]);
  // The run was stopped or its process ended: stop too (the cache keeps only complete records).
  process.on("disconnect", () => process.exit(1));
  watchParent(Number.isInteger(parent) ? { parent } : {});
  try {
    await precompileJobs(jobs, (index, cells) => send({ kind: "compiled", index, cells }));
  } catch (err) {
    await send({ kind: "stopped", message: err instanceof Error ? err.message : String(err) });
  }
  process.exit(0);
}
