/**
 * One object per notebook for everything it shows and writes: `notebookOutput("03-pruning-ratio")` names the
 * notebook once, and its methods display a figure, a table, Markdown or the notebook's claims inline and
 * write the matching files under the notebook's results folder (see `resultsPath` in `lib/paths.ts`, the
 * one place that decides where results go).
 */
import { type ClaimInput, type LedgerRow, recordClaims } from "../claims/ledger.ts";
import { repoRoot, resultsPath } from "../paths.ts";
import { parametersText, runContext, type RunContext } from "../run-context.ts";
import { relative } from "node:path";
import { showMarkdown, type TableRow, type TableValue } from "./display.ts";
import { type FigureBuilder, saveFigure } from "./figure.ts";
import { saveTable } from "./table.ts";

/** Options of {@link NotebookOutput.table}. */
export interface TableOutputOptions {
  /** Decimal places shown inline for non-integer numbers (default 2; the CSV keeps full precision). */
  digits?: number;
  /** Columns, in order (default: the keys of the first row). */
  columns?: readonly string[];
}

/** Options of {@link NotebookOutput.claims}. */
export interface ClaimsOutputOptions {
  /** Also show each claim's source and tolerance in the claims table (default false). */
  details?: boolean;
  /** Also show one Markdown paragraph per claim: its id, verdict and reason (default false). */
  verdicts?: boolean;
}

/** What a notebook writes and shows; every file lands in the notebook's own results folder. */
export interface NotebookOutput {
  /** The notebook's name, e.g. `03-pruning-ratio`. */
  readonly notebook: string;
  /** Absolute path of a file in the notebook's results folder. */
  path(...parts: string[]): string;
  /**
   * Renders an Observable Plot figure, writes `<name>.svg` and `<name>.png` and shows it inline.
   * The builder gets the Plot module and a headless document (pass it to `Plot.plot({document, ...})`).
   */
  figure(name: string, build: FigureBuilder): Promise<void>;
  /** Writes `<name>.csv` (full precision) and shows the rows inline as a table. */
  table<R extends TableRow<R>>(name: string, rows: readonly R[], options?: TableOutputOptions): void;
  /** Shows Markdown inline (writes nothing). */
  markdown(markdown: string): void;
  /**
   * Records the notebook's verdicts on catalogue entries and its context rows for the ledger (`claims.json`,
   * gathered into `results/claims.arrow` and `results/CLAIMS.md` by reproduce; see `lib/claims/ledger.ts`),
   * writes and shows them as the `claims` table, and with `verdicts` shows each verdict with its reason.
   * Returns the resolved ledger rows.
   */
  claims(claims: readonly ClaimInput[], options?: ClaimsOutputOptions): LedgerRow[];
  /**
   * Shows one Markdown paragraph per verdict (**id: status.** reason.), as `claims(…, { verdicts: true })` does,
   * for rows a notebook selects itself; marked exploratory in an exploratory run.
   */
  verdicts(rows: readonly LedgerRow[]): void;
  /**
   * Shows Markdown that states verdicts in prose (a summary of the claims); in an exploratory run it starts
   * with the exploratory marker, as every claim shown inline does.
   */
  verdictSummary(markdown: string): void;
}

/** The marker every claim shown inline carries in an exploratory run (Jupyter, `--param`, `--out`, untracked). */
export const EXPLORATORY_MARK = "exploratory";

/** A run's sources for the banner: the commit shortened to 12 digits, then its uncommitted changes. */
function sourcesText(producedFrom: string): string {
  const [commit, ...rest] = producedFrom.split(" + ");
  const short = /^[0-9a-f]{40}$/.test(commit!) ? `commit ${commit!.slice(0, 12)}` : commit!;
  return [short, ...rest].join(" + ");
}

/** The banner above an exploratory run's claims: why it is exploratory, its parameters, where its files are. */
function exploratoryBanner(context: RunContext, notebook: string): string {
  const where = relative(repoRoot, resultsPath(notebook));
  const folder = where.startsWith("..") ? resultsPath(notebook) : where;
  const sources = context.producedFrom ? `; code: ${sourcesText(context.producedFrom)}` : "";
  return `**⚠ ${EXPLORATORY_MARK} run** (${context.reason ?? "exploratory"}; parameters: ${parametersText(context)}${sources}): these verdicts are not the ledger's ` +
    `(results/CLAIMS.md); files in \`${folder}/\`.`;
}

function verdictParagraphs(rows: readonly LedgerRow[], exploratory: boolean): string {
  const mark = exploratory ? ` (${EXPLORATORY_MARK})` : "";
  return rows.map((c) => `**${c.id}: ${c.status}${mark}.** ${c.reason}.`).join("\n\n");
}

/** The claims table's rows: id, (source), paper value, kit value, (tolerance), status (marked in an exploratory run). */
function claimTableRows(claims: readonly LedgerRow[], details: boolean, exploratory: boolean): Record<string, TableValue>[] {
  return claims.map((c) => {
    const status = exploratory ? `${c.status} (${EXPLORATORY_MARK})` : c.status;
    return details
      ? { id: c.id, source: c.source, paper: c.paperValue, kit: c.kitValue, tolerance: c.tolerance, status }
      : { id: c.id, paper: c.paperValue, kit: c.kitValue, status };
  });
}

/** The output of the notebook named `notebook` (its file name without `.ipynb`). */
export function notebookOutput(notebook: string): NotebookOutput {
  if (!/^[A-Za-z0-9._-]+$/.test(notebook)) throw new Error(`notebookOutput: notebook name "${notebook}" must use letters, digits, . _ - only`);
  return {
    notebook,
    path: (...parts) => resultsPath(notebook, ...parts),
    figure: (name, build) => saveFigure(notebook, name, build),
    table: (name, rows, options = {}) => saveTable(notebook, name, rows, options),
    markdown: (markdown) => showMarkdown(markdown),
    claims: (claims, options = {}) => {
      const rows = recordClaims(notebook, claims);
      const context = runContext();
      const exploratory = context.kind === "exploratory";
      if (exploratory && rows.length > 0) showMarkdown(exploratoryBanner(context, notebook));
      saveTable(notebook, "claims", claimTableRows(rows, options.details ?? false, exploratory));
      if (options.verdicts && rows.length > 0) showMarkdown(verdictParagraphs(rows, exploratory));
      return rows;
    },
    verdicts: (rows) => {
      if (rows.length > 0) showMarkdown(verdictParagraphs(rows, runContext().kind === "exploratory"));
    },
    verdictSummary: (markdown) => {
      showMarkdown(runContext().kind === "exploratory" ? `*(${EXPLORATORY_MARK} run: not the ledger's verdict)* ${markdown}` : markdown);
    },
  };
}
