/**
 * Notebook runs that tests make with the same inputs in every test run, written once: the tests run them from
 * here, and the test run's warm-up of the cell cache (./cell-cache-warm-up.ts) compiles their cells first, so
 * that no test's runner builds a TypeScript program for them (each such program costs 1.5–4 CPU-s). A run whose
 * cells must be compiled by the test itself (a cell no earlier run used) does not belong here.
 */
import type { Cell, Notebook } from "../lib/notebook/ipynb.ts";
import { parametersCellIndex } from "../lib/notebook/parameters.ts";

/** A fixture notebook (test/fixtures/notebooks/NAME.ipynb) with its `parameters` cell replaced. */
export interface ReplacedParameters {
  fixture: string;
  /** The new source of the cell tagged `parameters`. */
  parameters: string;
}

/** A run of a notebook with `--param` arguments. */
export interface ParameterRun {
  /** Path of the notebook, relative to the repository root. */
  notebook: string;
  /** The `NAME=VALUE` argument of each `--param`, in order. */
  params: string[];
}

/** The ledger fixture waiting a minute in its last cell: a run to stop mid-way. */
export const LEDGER_WAITING: ReplacedParameters = { fixture: "ledger", parameters: "let rows = 5;\nlet waitMs = 60000;\n" };

/** The many-files fixture (30 files) waiting a minute after writing them: a run to stop mid-way. */
export const MANY_FILES_WAITING: ReplacedParameters = { fixture: "many-files", parameters: "let files = 30;\nlet waitMs = 60000;\n" };

/** The busy fixture computing synchronously for two minutes: a worker whose event loop never runs. */
export const BUSY_LONG: ReplacedParameters = { fixture: "busy", parameters: "let rows = 5;\nlet busyMs = 120000;\n" };

/** Every {@link ReplacedParameters} of this file. */
export const REPLACED_PARAMETERS: readonly ReplacedParameters[] = [LEDGER_WAITING, MANY_FILES_WAITING, BUSY_LONG];

/** The ledger fixture with one row more than its own parameters cell says. */
export const LEDGER_ROWS_3: ParameterRun = { notebook: "test/fixtures/notebooks/ledger.ipynb", params: ["rows=3"] };

/** The fixture-results fixture with one row more. */
export const FIXTURE_RESULTS_ROWS_3: ParameterRun = { notebook: "test/fixtures/notebooks/fixture-results.ipynb", params: ["rows=3"] };

/** The basic fixture with a number and a string (with a space) overridden. */
export const BASIC_K5: ParameterRun = { notebook: "test/fixtures/notebooks/basic.ipynb", params: ["k=5", "label=hello world"] };

/** Notebook 03 on a 16×16 grid, posterK = 5, windows in blocks 0–1. */
export const NOTEBOOK_03_K5: ParameterRun = {
  notebook: "notebooks/03-pruning-ratio.ipynb",
  params: ["posterK=5", "posterGrid=16", "windowedBlocks=[0,1]", "gridSides=[14,16]"],
};

/** Notebook 05 with k = 5, 8 PEs per line, windows in blocks 0–1. */
export const NOTEBOOK_05_K5: ParameterRun = { notebook: "notebooks/05-fpga-speedup.ipynb", params: ["k=5", "pesPerLine=8", "windowedBlocks=[0,1]"] };

/** The keys of notebook 07's experiment that {@link NOTEBOOK_07_OVERRIDES} changes. */
export const NOTEBOOK_07_KEYS: readonly string[] = ["workload.attention.window.k=3", "hardware.preset=zybo-z7-20", "hardware.clockHz=1.25e8"];

/** Notebook 07 with {@link NOTEBOOK_07_KEYS} changed and one timing repeat. */
export const NOTEBOOK_07_OVERRIDES: ParameterRun = {
  notebook: "notebooks/07-your-own-experiment.ipynb",
  params: [`overrides=${JSON.stringify(NOTEBOOK_07_KEYS)}`, "timingRepeats=1"],
};

/** Every {@link ParameterRun} of this file. */
export const PARAMETER_RUNS: readonly ParameterRun[] = [LEDGER_ROWS_3, FIXTURE_RESULTS_ROWS_3, BASIC_K5, NOTEBOOK_03_K5, NOTEBOOK_05_K5, NOTEBOOK_07_OVERRIDES];

/** An edit of a parameters cell: its text `from` replaced by `to`. */
export interface ParametersEdit {
  from: string;
  to: string;
}

/**
 * A notebook run in one Jupyter kernel with Cell › Run All, then again after each edit of its parameters cell:
 * the cells of each run see the declarations the runs before left in the kernel, so to the cell cache they are
 * other cells than a fresh process's.
 */
export interface KernelRerun {
  /** Path of the notebook, relative to the repository root. */
  notebook: string;
  /** The edits, in order, each followed by Run All. */
  edits: ParametersEdit[];
}

/** Notebook 03 in the browser: run all; posterK = 3 → 5, run all; 5 → 4 (refused), run all. */
export const NOTEBOOK_03_IN_KERNEL: KernelRerun = {
  notebook: "notebooks/03-pruning-ratio.ipynb",
  edits: [
    { from: "posterK = 3;", to: "posterK = 5;" },
    { from: "posterK = 5;", to: "posterK = 4;" },
  ],
};

/** Every {@link KernelRerun} of this file. */
export const KERNEL_RERUNS: readonly KernelRerun[] = [NOTEBOOK_03_IN_KERNEL];

/** The command-line arguments of a run's parameters: `--param NAME=VALUE` for each. */
export function paramArgs(run: ParameterRun): string[] {
  return run.params.flatMap((p) => ["--param", p]);
}

/** The cell of `nb` tagged `parameters`; throws naming the notebook (`name`) when it has none. */
export function parametersCell(nb: Notebook, name: string): Cell {
  const cell = nb.cells[parametersCellIndex(nb)];
  if (!cell) throw new Error(`${name} has no parameters cell`);
  return cell;
}

/** `nb` with the source of its cell tagged `parameters` replaced by `source` (in place); throws when it has none. */
export function replaceParametersCell(nb: Notebook, source: string, name: string): Notebook {
  parametersCell(nb, name).source = source;
  return nb;
}
