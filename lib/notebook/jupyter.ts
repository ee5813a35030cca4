/**
 * The Jupyter path: Debian's Jupyter (`/usr/bin/jupyter`, not whatever python is first on PATH) with the
 * kit's kernelspec kept in the repository (`jupyter/kernels/vitsparse-tslab`, found through
 * `JUPYTER_PATH=<repo>/jupyter`).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { makeTempDir, repoRoot, RESULTS_DIR_ENV } from "../paths.ts";
import { runContextEnv } from "../run-context.ts";
import { installCommand } from "../system-packages.ts";
import { scratchPath } from "./staging.ts";
import { joinText, parseNotebook, type CellOutput, type Notebook } from "./ipynb.ts";

/** Debian's `jupyter` command. */
export const JUPYTER = "/usr/bin/jupyter";
/** Name of the kit's kernelspec. */
export const KERNEL_NAME = "vitsparse-tslab";
/** The command that installs the Debian package the nbconvert path needs (lib/system-packages.ts). */
export const NBCONVERT_APT = installCommand(["jupyter-nbconvert"], true);
/** The Debian package command for `npm run jupyter`. */
export const NOTEBOOK_APT = installCommand(["jupyter-notebook"], true);

/** The folder to put on `JUPYTER_PATH` so Jupyter finds the kit's kernelspec. */
export function jupyterDataDir(root = repoRoot): string {
  return join(root, "jupyter");
}

/** The environment for Jupyter commands: `JUPYTER_PATH` starts with the kit's folder. */
export function jupyterEnv(root = repoRoot): NodeJS.ProcessEnv {
  const existing = process.env["JUPYTER_PATH"];
  return { ...process.env, JUPYTER_PATH: existing ? `${jupyterDataDir(root)}:${existing}` : jupyterDataDir(root) };
}

/**
 * The environment of every cell run in the kit's Jupyter kernel, the one home of that rule: cells are
 * exploratory, so their figures, tables and claims go to the git-ignored `scratch/jupyter/<notebook>/`
 * (never over `results/`, never into the ledger) and their claims carry the exploratory run context.
 * The kernel applies it to its own process; `npm run jupyter` passes it to the server it starts.
 */
export function jupyterCellEnv(root = repoRoot): Record<string, string> {
  return {
    [RESULTS_DIR_ENV]: scratchPath(root, "jupyter"),
    // The kernel replaces the parameters with the values in effect once the parameters cell has run.
    ...runContextEnv({ kind: "exploratory", reason: "Jupyter kernel", parameters: [], parametersNote: "not read: the parameters cell has not run in this kernel" }),
  };
}

/** Whether Debian's nbconvert can execute notebooks here; `reason` says what is missing when not. */
export function jupyterAvailable(): { ok: true } | { ok: false; reason: string } {
  if (!existsSync(JUPYTER)) return { ok: false, reason: `${JUPYTER} not found; install with: ${NBCONVERT_APT}` };
  const probe = spawnSync("/usr/bin/python3", ["-c", "import nbclient, nbconvert, jupyter_client"], { encoding: "utf8" });
  if (probe.status !== 0) {
    return { ok: false, reason: `Debian's nbconvert/nbclient are not importable by /usr/bin/python3; install with: ${NBCONVERT_APT}` };
  }
  return { ok: true };
}

/** Options of {@link executeWithNbconvert}. */
export interface NbconvertOptions {
  /** Where to write the executed notebook (default: a temporary file that is removed after reading). */
  output?: string;
  /** Per-cell timeout in seconds (default 300). */
  cellTimeoutS?: number;
  root?: string;
}

/**
 * Executes a notebook with `jupyter nbconvert --to notebook --execute` and the kit's kernel, without timing
 * metadata, and returns the executed notebook. Throws with nbconvert's last error lines when it fails.
 */
export function executeWithNbconvert(input: string, options: NbconvertOptions = {}): Notebook {
  const root = options.root ?? repoRoot;
  const tempDir = options.output === undefined ? makeTempDir("nbconvert") : null;
  const output = resolve(options.output ?? join(tempDir!, basename(input)));
  try {
    const args = [
      "nbconvert",
      "--to",
      "notebook",
      "--execute",
      "--ExecutePreprocessor.record_timing=False",
      `--ExecutePreprocessor.kernel_name=${KERNEL_NAME}`,
      `--ExecutePreprocessor.timeout=${options.cellTimeoutS ?? 300}`,
      "--output-dir",
      join(output, ".."),
      "--output",
      basename(output, ".ipynb"),
      resolve(input),
    ];
    const run = spawnSync(JUPYTER, args, { cwd: root, env: jupyterEnv(root), encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (run.error) throw new Error(`could not run ${JUPYTER}: ${run.error.message}`);
    if (run.status !== 0) {
      const tail = (run.stderr ?? "").trim().split("\n").slice(-15).join("\n");
      throw new Error(`jupyter nbconvert failed on ${input} (exit ${run.status}):\n${tail}`);
    }
    return parseNotebook(readFileSync(output, "utf8"), output);
  } finally {
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  }
}

/** One code cell's outputs in a form that ignores how streams were chunked into messages. */
export interface ComparableCell {
  source: string;
  executionCount: number | null;
  outputs: CellOutput[];
}

/**
 * The code cells of a notebook with stream outputs merged (consecutive writes to the same stream become
 * one output, as newer nbclient versions do) and all text joined, for comparing two executions.
 */
export function comparableCells(nb: Notebook): ComparableCell[] {
  const cells: ComparableCell[] = [];
  for (const cell of nb.cells) {
    if (cell.cell_type !== "code") continue;
    const outputs: CellOutput[] = [];
    for (const o of cell.outputs) {
      const last = outputs[outputs.length - 1];
      if (o.output_type === "stream") {
        if (last && last.output_type === "stream" && last.name === o.name) last.text = joinText(last.text) + joinText(o.text);
        else outputs.push({ ...o, text: joinText(o.text) });
      } else if (o.output_type === "display_data" || o.output_type === "execute_result") {
        const data: Record<string, string> = {};
        for (const key of Object.keys(o.data).sort()) data[key] = joinText(o.data[key]);
        outputs.push({ ...o, data });
      } else {
        outputs.push(o);
      }
    }
    cells.push({ source: joinText(cell.source), executionCount: cell.execution_count, outputs });
  }
  return cells;
}
