/**
 * Collects every notebook's `results/<notebook>/claims.json` into `results/claims.arrow` (the machine-readable
 * ledger) and `results/CLAIMS.md` (the page a reviewer reads first). Each row gets the notebook cell that
 * evaluated it; every catalogue entry that no notebook evaluated in this run gets one `skipped` row saying why.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { writeArrowTable, type ColumnSpec } from "../data/arrow-table.ts";
import { writeFileAtomic } from "../data/atomic-write.ts";
import { CLAIM_CATALOGUE, settingText } from "../paper/claims/index.ts";
import { repoRoot, resultsPath, resultsRoot } from "../paths.ts";
import { notebookProducedFrom, producedFromText } from "./produced-from.ts";
import { CLAIM_STATUSES, CLAIMS_FILE, LEDGER_FIELDS, resolveClaim, STATUS_MEANINGS, type LedgerRow, type UncataloguedClaimInput } from "./ledger.ts";

export type { LedgerRow } from "./ledger.ts";

/** Columns of `results/claims.arrow`, in {@link LEDGER_FIELDS} order. */
export const CLAIMS_SCHEMA: ColumnSpec[] = [
  { name: "id", type: "utf8", description: "catalogue id (lib/paper/claims/); a context row is <claim id>~<key>" },
  { name: "claim", type: "utf8", description: "the claim, quoted from the source" },
  { name: "source", type: "utf8", description: "the source's public name and the exact location" },
  { name: "setting", type: "utf8", description: "device, model, dataset and definition the row's evidence is about" },
  { name: "paperValue", type: "utf8" },
  { name: "kitValue", type: "utf8" },
  { name: "tolerance", type: "utf8", description: "tolerance used and why" },
  { name: "status", type: "utf8", description: CLAIM_STATUSES.join(" | ") },
  { name: "reason", type: "utf8" },
  { name: "notebook", type: "utf8", description: "notebook that evaluated the claim" },
  { name: "cell", type: "utf8", description: "the notebook cell that evaluated it" },
  { name: "evidence", type: "utf8", description: "files read, each 'path sha256:<hex>', separated by '; '" },
  { name: "figure", type: "utf8", description: "the results file that shows it" },
  { name: "contextOf", type: "utf8", description: "for a context row (status not-comparable): the id of the claim it speaks to" },
  {
    name: "producedFrom", type: "utf8",
    description: "the commit the row's notebook results were produced from (results/<notebook>/produced-from.json), then ' + uncommitted changes: <paths>' when the run saw any; empty when the notebook has no record",
  },
];

/** Names (without `.ipynb`) of the notebooks in `notebooks/`, in run order. */
export function notebookNames(root = repoRoot): string[] {
  const dir = join(root, "notebooks");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".ipynb"))
    .sort()
    .map((f) => f.slice(0, -".ipynb".length));
}

/** Code-cell sources of a notebook, as [index in `cells`, source]. */
function codeCells(notebook: string, root: string): [number, string][] {
  const file = join(root, "notebooks", `${notebook}.ipynb`);
  if (!existsSync(file)) return [];
  const nb = JSON.parse(readFileSync(file, "utf8")) as { cells: { cell_type: string; source: string | string[] }[] };
  return nb.cells.flatMap((c, i): [number, string][] =>
    c.cell_type === "code" ? [[i, Array.isArray(c.source) ? c.source.join("") : c.source]] : [],
  );
}

const RECORD_CALL = /recordClaims\(|\.claims\(/;

/**
 * The cell that evaluated a row: the code cell that names the row's id (or the id of the claim it is context
 * of) literally, else the last code cell that records claims. Format `notebooks/<nb>.ipynb cell N` (N counts
 * all cells from 1, as Jupyter shows them).
 */
export function cellOf(row: Pick<LedgerRow, "id" | "contextOf">, cells: readonly [number, string][], notebook: string): string {
  const key = row.contextOf !== "" ? row.contextOf : row.id;
  const quoted = (s: string) => [`"${s}"`, `'${s}'`, `\`${s}`];
  const named = cells.find(([, src]) => quoted(key).some((q) => src.includes(q)) || quoted(row.id).some((q) => src.includes(q)));
  const recording = [...cells].reverse().find(([, src]) => RECORD_CALL.test(src));
  const hit = named ?? recording;
  return hit === undefined ? "" : `notebooks/${notebook}.ipynb cell ${hit[0] + 1}`;
}

function skippedRow(entry: (typeof CLAIM_CATALOGUE)[number], reason: string): LedgerRow {
  return {
    id: entry.id,
    claim: entry.quote,
    source: `${entry.source}, ${entry.location}`,
    setting: settingText(entry.setting),
    paperValue: entry.paperValue,
    kitValue: "-",
    tolerance: `${entry.tolerance} (${entry.toleranceReason})`,
    status: "skipped",
    reason,
    notebook: entry.notebook,
    cell: "",
    evidence: "",
    figure: "",
    contextOf: "",
    producedFrom: "",
  };
}

/**
 * Reads the ledger rows of all notebooks, fills each row's cell, and adds one `skipped` row for every
 * catalogue entry without a verdict: its notebook is in `notRun` (value = why), recorded nothing, or did not
 * evaluate it. Order: notebooks in run order; within a notebook, verdicts in catalogue order, each followed by
 * its context rows.
 */
export function collectClaims(notRun: Readonly<Record<string, string>> = {}, notebooks: readonly string[] = notebookNames(), root = repoRoot): LedgerRow[] {
  const recorded: LedgerRow[] = [];
  for (const notebook of notebooks) {
    const file = resultsPath(notebook, CLAIMS_FILE);
    if (notebook in notRun || !existsSync(file)) continue;
    const cells = codeCells(notebook, root);
    const raw = JSON.parse(readFileSync(file, "utf8")) as (LedgerRow | UncataloguedClaimInput)[];
    // A claims.json without settings holds rows recorded outside the catalogue's shape (test fixtures): resolve them now.
    const rows = raw.map((r) => ("setting" in r ? r : resolveClaim(notebook, r)));
    const producedFrom = producedFromText(notebookProducedFrom(notebook));
    for (const r of rows) recorded.push({ ...r, notebook, cell: cellOf(r, cells, notebook), producedFrom });
  }
  const verdictIds = new Set(recorded.filter((r) => r.contextOf === "").map((r) => r.id));
  for (const entry of CLAIM_CATALOGUE) {
    if (verdictIds.has(entry.id)) continue;
    const why =
      notRun[entry.notebook] ??
      (existsSync(resultsPath(entry.notebook, CLAIMS_FILE))
        ? `catalogued for notebook ${entry.notebook}, which recorded no verdict for it in this run`
        : `notebook ${entry.notebook} recorded no claims (not run yet, or skipped: reference data unavailable, run npm run data:import)`);
    recorded.push(skippedRow(entry, why));
  }
  const order = new Map(CLAIM_CATALOGUE.map((e, i) => [e.id, i]));
  const nbOrder = new Map([...new Set([...notebooks, ...CLAIM_CATALOGUE.map((e) => e.notebook)])].sort().map((n, i) => [n, i]));
  const rank = (r: LedgerRow): [number, number, number] => {
    const claimId = r.contextOf !== "" ? r.contextOf : r.id;
    const owner = CLAIM_CATALOGUE.find((e) => e.id === claimId);
    return [nbOrder.get(owner?.notebook ?? r.notebook) ?? 1e9, order.get(claimId) ?? 1e9, r.contextOf === "" ? 0 : 1];
  };
  return recorded
    .map((r, i) => ({ r, k: rank(r), i }))
    .sort((a, b) => a.k[0] - b.k[0] || a.k[1] - b.k[1] || a.k[2] - b.k[2] || a.i - b.i)
    .map((x) => x.r);
}

function md(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

function figureLink(figure: string): string {
  if (figure === "") return "";
  const rel = figure.startsWith("results/") ? figure.slice("results/".length) : figure;
  return `[${rel.split("/").pop()}](${rel})`;
}

/** Counts of verdict rows per status (context rows apart). */
export function statusCounts(rows: readonly LedgerRow[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of CLAIM_STATUSES) if (s !== "not-comparable") out[s] = rows.filter((r) => r.contextOf === "" && r.status === s).length;
  return out;
}

/**
 * The "Produced from" paragraph of CLAIMS.md: the commit each notebook's results come from (one line when
 * all agree), and any uncommitted changes, which make the results unverifiable against a commit.
 */
function producedFromLines(rows: readonly LedgerRow[]): string[] {
  const byNotebook = new Map<string, string>();
  for (const r of rows) if (r.producedFrom !== "" && !byNotebook.has(r.notebook)) byNotebook.set(r.notebook, r.producedFrom);
  if (byNotebook.size === 0) return ["Produced from: no notebook recorded its commit (results/<notebook>/produced-from.json)."];
  const distinct = [...new Set(byNotebook.values())];
  const dirty = [...byNotebook.entries()].filter(([, p]) => p.includes(" + uncommitted"));
  const verdictLine = dirty.length === 0 ? "no uncommitted changes." : `**made from a modified tree** (${dirty.map(([n]) => n).join(", ")}): not reproducible from any commit.`;
  if (distinct.length === 1) {
    const commit = distinct[0]!.split(" + ")[0]!;
    return [`Produced from commit \`${commit}\` (every notebook; \`results/<notebook>/produced-from.json\` names its sources), ${verdictLine}`];
  }
  return [
    `Produced from (per notebook; \`results/<notebook>/produced-from.json\` names the sources), ${verdictLine}`,
    "",
    ...[...byNotebook.entries()].map(([n, p]) => `- ${md(n)}: \`${md(p.split(" + ")[0]!)}\`${p.includes(" + ") ? ` + ${md(p.split(" + ").slice(1).join(" + "))}` : ""}`),
  ];
}

/** Renders the ledger as Markdown: status counts (verdicts, then context rows), then one table per notebook. */
export function claimsMarkdown(rows: readonly LedgerRow[]): string {
  const verdicts = rows.filter((r) => r.contextOf === "");
  const contexts = rows.filter((r) => r.contextOf !== "");
  const lines = [
    "# Claims ledger",
    "",
    "Every checkable claim of the poster, ViTCoD's project page, paper and repository, and HeatViT's paper",
    "(catalogue: `lib/paper/claims/`), with the kit's value and one verdict per claim. A verdict uses only evidence",
    "from the claim's own setting (device, model, dataset, definition); evidence from any other setting is a",
    "context row (status not-comparable) under the claim, never a verdict. Generated by `npm run reproduce`;",
    "`results/claims.arrow` holds the same rows with the notebook cell, the evidence files and their sha256.",
    "",
    "Two rules decide the status. **Independent evidence or consistency:** `reproduced` and `contradicted` need",
    "evidence the kit computed itself (its own computation, measurement or model — the recorder refuses a",
    "`reproduced` row whose evidence names no kit code); a claim checked only against the source's own printed",
    "numbers is `consistent` or `inconsistent`, a consistency check, never a reproduction. **No verdict from an",
    "unstated assumption:** where the kit's value rests on an assumption the source does not state (a bit width, DSP",
    "packing, a band width, a keep schedule, a clock, toggle rates), the kit sweeps it (`lib/claims/assumption-sweep.ts`);",
    "if the verdict flips within its range the row is `indeterminate` and names the assumption and the values where",
    "it flips. Every decided, consistency or derived row links the results file that shows it.",
    "",
    "| status | verdicts | meaning |",
    "| --- | --- | --- |",
  ];
  const counts = statusCounts(rows);
  for (const s of CLAIM_STATUSES) {
    if (s === "not-comparable") continue;
    lines.push(`| ${s} | ${counts[s]} | ${STATUS_MEANINGS[s]} |`);
  }
  lines.push(`| **claims** | **${verdicts.length}** | |`);
  lines.push("", `Context rows (not-comparable, not counted above): ${contexts.length}. ${STATUS_MEANINGS["not-comparable"]}.`);
  lines.push("", ...producedFromLines(rows));
  // A context row stands under its claim, in the section of the notebook that judged the claim, even when
  // another notebook measured it (the row then names that notebook).
  const verdictNotebook = new Map(verdicts.map((r) => [r.id, r.notebook]));
  const sectionOf = (r: LedgerRow): string => (r.contextOf === "" ? r.notebook : (verdictNotebook.get(r.contextOf) ?? r.notebook));
  const notebooks = [...new Set(rows.map(sectionOf))];
  for (const nb of notebooks) {
    lines.push(
      "",
      `## ${nb}`,
      "",
      "| id | claim | source | setting | paper | kit | tolerance | status | reason | figure |",
      "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    );
    for (const r of rows.filter((x) => sectionOf(x) === nb)) {
      const id = r.contextOf === "" ? md(r.id) : `↳ ${md(r.id)}`;
      const from = r.notebook !== nb ? ` (measured in ${md(r.notebook)})` : "";
      const claim = r.contextOf === "" ? md(r.claim) : `context of ${md(r.contextOf)}${from}`;
      lines.push(
        `| ${id} | ${claim} | ${md(r.source)} | ${md(r.setting)} | ${md(r.paperValue)} | ${md(r.kitValue)} | ${md(r.tolerance)} | **${r.status}** | ${md(r.reason)} | ${figureLink(r.figure)} |`,
      );
    }
  }
  return lines.join("\n") + "\n";
}

/**
 * Writes `claims.arrow` and `CLAIMS.md` into the results root (`results/`, or the runner's staging folder)
 * from the recorded claims of `notebooks` (default: every notebook in `notebooks/`; the runner passes the
 * committed ones); notebooks in `notRun` count as skipped.
 */
export function gatherClaims(notRun: Readonly<Record<string, string>> = {}, notebooks: readonly string[] = notebookNames()): LedgerRow[] {
  const rows = collectClaims(notRun, notebooks);
  const columns: Record<string, string[]> = {};
  for (const name of LEDGER_FIELDS) columns[name] = rows.map((r) => r[name]);
  writeArrowTable(join(resultsRoot(), "claims.arrow"), CLAIMS_SCHEMA, {
    columns,
    provenance: {
      kind: "derived",
      source: "vitsparse notebooks (results/<notebook>/claims.json) and the claim catalogue (lib/paper/claims/)",
      license: "Apache-2.0",
      generator: "npm run reproduce",
      description: "Claims ledger: one verdict per catalogued claim of the poster, ViTCoD and HeatViT, plus context rows from other settings",
    },
  });
  writeFileAtomic(join(resultsRoot(), "CLAIMS.md"), claimsMarkdown(rows));
  return rows;
}
