/**
 * Executes the code cells of a notebook in order with a {@link CellExecutor} and returns the notebook with
 * fresh outputs: sequential execution counts, no timing metadata, empty cells left unexecuted (as Jupyter
 * does). Stops at the first failing cell.
 */
import type { CellExecutor, CellError } from "./cell-executor.ts";
import { cellTags, joinText, type Cell, type CodeCell, type Notebook } from "./ipynb.ts";

/** Where and why a notebook failed. */
export interface NotebookFailure {
  /** 1-based number of the failing code cell among the notebook's code cells. */
  codeCell: number;
  /** Number of code cells in the notebook. */
  codeCells: number;
  /** 1-based position of the failing cell among all cells (Markdown included). */
  cellIndex: number;
  /** The execution count shown as `In [n]`. */
  executionCount: number;
  /** The failing cell's tags (e.g. `injected-parameters` when a `--param` value has the wrong type). */
  tags: string[];
  error: CellError;
}

/** The outcome of {@link executeNotebook}. */
export interface ExecutedNotebook {
  notebook: Notebook;
  failure?: NotebookFailure;
}

/** Progress callback: about to run code cell `index` (1-based) of `total`. */
export type CellProgress = (index: number, total: number) => void;

/** Cell metadata keys written by other executors that would make files differ between runs. */
const VOLATILE_CELL_METADATA = ["execution", "ExecuteTime", "papermill"];

/** A copy of a cell without outputs, execution count or timing metadata. */
export function clearedCell(cell: Cell): Cell {
  const metadata = { ...cell.metadata };
  for (const key of VOLATILE_CELL_METADATA) delete metadata[key];
  if (cell.cell_type !== "code") return { ...cell, metadata };
  return { ...cell, metadata, outputs: [], execution_count: null };
}

/** A copy of the notebook with every output, execution count and timing metadata removed. */
export function clearedNotebook(nb: Notebook): Notebook {
  const metadata = { ...nb.metadata };
  delete metadata["papermill"];
  return { ...nb, metadata, cells: nb.cells.map(clearedCell) };
}

/** True for a code cell's source that runs (Jupyter leaves a cell of only white space unexecuted). */
export function runsSource(source: string): boolean {
  return source.trim() !== "";
}

/** The sources of the code cells {@link executeNotebook} runs, in order. */
export function runnableSources(nb: Notebook): string[] {
  return nb.cells.filter((c) => c.cell_type === "code").map((c) => joinText(c.source)).filter(runsSource);
}

/** Executes every non-empty code cell of `nb` in order; stops at the first failure. */
export async function executeNotebook(nb: Notebook, executor: CellExecutor, progress?: CellProgress): Promise<ExecutedNotebook> {
  const cells = clearedNotebook(nb).cells;
  const total = cells.filter((c) => c.cell_type === "code").length;
  let codeIndex = 0;
  let count = 0;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i]!;
    if (cell.cell_type !== "code") continue;
    codeIndex++;
    const source = joinText(cell.source);
    if (!runsSource(source)) continue;
    progress?.(codeIndex, total);
    const result = await executor.run(source);
    const executed: CodeCell = { ...cell, outputs: result.outputs, execution_count: ++count };
    cells[i] = executed;
    if (!result.ok) {
      const error = result.error ?? { ename: "Error", evalue: "the cell failed without a message" };
      return {
        notebook: { ...nb, cells },
        failure: { codeCell: codeIndex, codeCells: total, cellIndex: i + 1, executionCount: count, tags: cellTags(cell), error },
      };
    }
  }
  return { notebook: { ...nb, metadata: clearedNotebook(nb).metadata, cells } };
}
