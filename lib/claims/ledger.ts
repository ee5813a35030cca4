/**
 * The claims ledger. A notebook evaluates catalogue entries (`lib/paper/claims/`) and records one verdict per
 * entry it owns, plus context rows: evidence from another setting (device, model, dataset, definition) shown
 * under the claim it speaks to, never counted as a verdict. `recordClaims` fills each row's quote, source,
 * setting and paper value from the catalogue, hashes the evidence files and writes
 * `results/<notebook>/claims.json`; `gatherClaims` (reproduce's last step) collects every notebook's rows into
 * `results/claims.arrow` and `results/CLAIMS.md`.
 */
import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, join, relative } from "node:path";
import { writeFileAtomic } from "../data/atomic-write.ts";
import { sha256Hex } from "../data/sha256.ts";
import { catalogueEntry, findClaim, settingText } from "../paper/claims/index.ts";
import { repoRoot, resultsPath, resultsRoot } from "../paths.ts";
import { parametersText, runContext } from "../run-context.ts";

/** Status of a ledger row. */
export type ClaimStatus =
  | "reproduced"
  | "consistent"
  | "contradicted"
  | "inconsistent"
  | "indeterminate"
  | "not-comparable"
  | "derived"
  | "quoted-only"
  | "unsupported"
  | "skipped";

/** The statuses, in the order CLAIMS.md lists them. */
export const CLAIM_STATUSES: readonly ClaimStatus[] = [
  "reproduced",
  "consistent",
  "contradicted",
  "inconsistent",
  "indeterminate",
  "not-comparable",
  "derived",
  "quoted-only",
  "unsupported",
  "skipped",
];

/** What each status means (CLAIMS.md prints this). */
export const STATUS_MEANINGS: Readonly<Record<ClaimStatus, string>> = {
  reproduced:
    "independent evidence — the kit's own computation, measurement or model, in the claim's own setting — agrees within the tolerance, uncertainty included, under every value of the assumptions the source leaves open",
  consistent:
    "the source's printed numbers agree with each other (or with the published number they build on): arithmetic on the source alone, a consistency check, not a reproduction",
  contradicted:
    "independent evidence from the claim's own setting disagrees beyond the tolerance, uncertainty included, under every value of the assumptions the source leaves open",
  inconsistent: "the source's printed numbers disagree with each other beyond their printed rounding: arithmetic on the source alone",
  indeterminate:
    "the evidence's own uncertainty (rounded labels, digitising, wording) straddles the threshold, or the verdict flips within the range of an assumption the source does not state: the row names that assumption and the values where the verdict flips, found by sweeping it",
  "not-comparable": "context: evidence from another setting, shown under the claim it speaks to, never a verdict",
  derived: "the kit computes a value the source does not state, from the source's stated inputs (any assumption it adds is named in the row)",
  "quoted-only": "the kit cannot rerun it here; quoted with its location",
  unsupported: "the source shows no evidence for it",
  skipped: "not evaluated in this run (the notebook did not run, or recorded no verdict for it)",
};

/** Statuses that need evidence files (with their sha256). */
export const EVIDENCE_STATUSES: readonly ClaimStatus[] = ["reproduced", "consistent", "contradicted", "inconsistent", "indeterminate"];

/** Statuses that must link the results file (table or figure) that shows them; the recorder refuses one without. */
export const RESULT_FILE_STATUSES: readonly ClaimStatus[] = [...EVIDENCE_STATUSES, "derived"];

/**
 * Whether an evidence file is something the kit computed with: code under `lib/` other than the quoted paper
 * values (`lib/paper/`) and the data readers (`lib/data/`). A `reproduced` verdict must name at least one;
 * a verdict resting on the source's printed numbers alone is `consistent` or `inconsistent`.
 */
export function isKitComputation(file: string): boolean {
  const rel = (isAbsolute(file) ? relative(repoRoot, file) : file).split("\\").join("/");
  return rel.startsWith("lib/") && !rel.startsWith("lib/paper/") && !rel.startsWith("lib/data/");
}

/** A verdict on a catalogue entry, as a notebook records it. */
export interface VerdictInput {
  /** The catalogue id. */
  id: string;
  status: Exclude<ClaimStatus, "not-comparable">;
  kitValue: string;
  /** One or two sentences: why this status. */
  reason: string;
  /** Files the verdict read (repository-relative or absolute): data files, or the model's source for a modelled value. */
  evidence?: readonly string[];
  /** The results file that shows it, relative to the notebook's results folder (e.g. `fig1-poster.svg`). */
  figure?: string;
  /** Overrides the catalogue's tolerance (e.g. with the numbers actually used). */
  tolerance?: string;
}

/** Evidence from another setting, filed under the claim it speaks to. */
export interface ContextInput {
  /** The catalogue id of the claim this is context of. */
  contextOf: string;
  /** Short key, unique under that claim (the row id is `<contextOf>~<key>`). */
  key: string;
  /** The setting of this evidence (how it differs from the claim's). */
  setting: string;
  kitValue: string;
  reason: string;
  evidence?: readonly string[];
  figure?: string;
}

/**
 * A row for a claim outside the catalogue, with a quote and verdict of its own (test fixtures, a claim not yet
 * catalogued): kept as recorded, marked "not catalogued"; the committed-ledger test rejects such rows. A
 * catalogued claim is always recorded as a {@link VerdictInput}.
 */
export interface UncataloguedClaimInput {
  id: string;
  claim: string;
  source: string;
  paperValue: string;
  kitValue: string;
  tolerance: string;
  status: string;
  reason: string;
  /** Files the verdict read (as {@link VerdictInput.evidence}). */
  evidence?: readonly string[];
  /** As {@link VerdictInput.figure}. */
  figure?: string;
}

/** Anything a notebook may record. */
export type ClaimInput = VerdictInput | ContextInput | UncataloguedClaimInput;

/** One row of the ledger (the columns of `results/claims.arrow`, in order). */
export interface LedgerRow {
  id: string;
  /** The quote. */
  claim: string;
  /** The source's public name and the exact location. */
  source: string;
  setting: string;
  paperValue: string;
  kitValue: string;
  tolerance: string;
  status: ClaimStatus;
  reason: string;
  notebook: string;
  /** The notebook cell that evaluated it (`notebooks/<nb>.ipynb cell N`), filled by the gather step. */
  cell: string;
  /** Files read, each `path sha256:<hex>`, separated by `; `; empty when none. */
  evidence: string;
  /** The results file that shows it (`results/<nb>/<file>`), or empty. */
  figure: string;
  /** For a context row the id of the claim it speaks to; empty for a verdict. */
  contextOf: string;
  /**
   * The commit the row's notebook results were produced from, with any uncommitted changes the run saw
   * (`results/<nb>/produced-from.json`, see `produced-from.ts`); filled by the gather step, empty in a
   * notebook's own claims.json and for a notebook without a record.
   */
  producedFrom: string;
}

/** The ledger's columns, in order. */
export const LEDGER_FIELDS = [
  "id",
  "claim",
  "source",
  "setting",
  "paperValue",
  "kitValue",
  "tolerance",
  "status",
  "reason",
  "notebook",
  "cell",
  "evidence",
  "figure",
  "contextOf",
  "producedFrom",
] as const satisfies readonly (keyof LedgerRow)[];

/** File name of a notebook's recorded claims inside its results folder. */
export const CLAIMS_FILE = "claims.json";

const hashCache = new Map<string, string>();

/** `path sha256:<hex>` for each file (repository-relative in the text). @throws Error when a file is missing. */
export function evidenceText(files: readonly string[], who: string): string {
  return files
    .map((f) => {
      const abs = isAbsolute(f) ? f : join(repoRoot, f);
      if (!existsSync(abs)) throw new Error(`${who}: evidence file ${f} does not exist`);
      let hash = hashCache.get(abs);
      if (hash === undefined) {
        hash = sha256Hex(readFileSync(abs));
        hashCache.set(abs, hash);
      }
      return `${relative(repoRoot, abs)} sha256:${hash}`;
    })
    .join("; ");
}

/**
 * Where the row's figure lies: `results/<nb>/<file>` in a default run (the runner's staging folder becomes
 * `results/`), the file's own place in an exploratory run (`scratch/jupyter/<nb>/<file>`, `scratch/param/…`,
 * repository-relative, or absolute outside the repository), never a committed file it did not write.
 */
function figureText(notebook: string, figure: string | undefined, who: string): string {
  if (figure === undefined || figure === "") return "";
  const abs = resultsPath(notebook, figure);
  if (!existsSync(abs)) throw new Error(`${who}: figure ${figure} is not in the notebook's results folder (save it before recording the claim)`);
  if (runContext().kind === "exploratory") {
    const rel = relative(repoRoot, abs);
    return rel.startsWith("..") || isAbsolute(rel) ? abs : rel.split("\\").join("/");
  }
  return join("results", relative(resultsRoot(), abs));
}

function isContext(c: ClaimInput): c is ContextInput {
  return typeof (c as ContextInput).contextOf === "string";
}

function isUncatalogued(c: ClaimInput): c is UncataloguedClaimInput {
  return typeof (c as UncataloguedClaimInput).claim === "string" && typeof (c as UncataloguedClaimInput).source === "string";
}

function requireText(who: string, field: string, value: unknown): string {
  if (typeof value !== "string" || value.trim() === "") throw new Error(`${who} has no ${field}`);
  return value;
}

/** Resolves one recorded item into a ledger row (cell left empty for the gather step). */
export function resolveClaim(notebook: string, c: ClaimInput): LedgerRow {
  if (isContext(c)) {
    const who = `recordClaims(${notebook}): context "${c.contextOf}~${c.key ?? "?"}"`;
    const entry = catalogueEntry(c.contextOf);
    requireText(who, "key", c.key);
    return {
      id: `${c.contextOf}~${c.key}`,
      claim: entry.quote,
      source: `${entry.source}, ${entry.location}`,
      setting: requireText(who, "setting", c.setting),
      paperValue: entry.paperValue,
      kitValue: requireText(who, "kitValue", c.kitValue),
      tolerance: "n/a (context)",
      status: "not-comparable",
      reason: requireText(who, "reason", c.reason),
      notebook,
      cell: "",
      evidence: evidenceText(c.evidence ?? [], who),
      figure: figureText(notebook, c.figure, who),
      contextOf: c.contextOf,
      producedFrom: "",
    };
  }
  if (isUncatalogued(c)) {
    const who = `recordClaims(${notebook}): claim "${c.id}"`;
    if (findClaim(c.id) !== undefined) {
      throw new Error(`${who} is in the claim catalogue: record it as a verdict ({ id, status, kitValue, reason, evidence, figure }); quote, source and paper value come from the catalogue`);
    }
    return {
      id: requireText(who, "id", c.id),
      claim: requireText(who, "claim", c.claim),
      source: requireText(who, "source", c.source),
      setting: "not catalogued (add the claim to lib/paper/claims/)",
      paperValue: requireText(who, "paperValue", c.paperValue),
      kitValue: requireText(who, "kitValue", c.kitValue),
      tolerance: requireText(who, "tolerance", c.tolerance),
      status: checkStatus(who, c.status),
      reason: requireText(who, "reason", c.reason),
      notebook,
      cell: "",
      evidence: evidenceText(c.evidence ?? [], who),
      figure: figureText(notebook, c.figure, who),
      contextOf: "",
      producedFrom: "",
    };
  }
  const who = `recordClaims(${notebook}): claim "${c.id ?? "?"}"`;
  const entry = catalogueEntry(requireText(who, "id", c.id));
  const status = checkStatus(who, c.status);
  if (status === "not-comparable") throw new Error(`${who}: a verdict cannot be not-comparable; record evidence from another setting as a context row`);
  const evidence = evidenceText(c.evidence ?? [], who);
  if (EVIDENCE_STATUSES.includes(status) && evidence === "") throw new Error(`${who} is ${status} but names no evidence files`);
  if (status === "reproduced" && !(c.evidence ?? []).some(isKitComputation)) {
    throw new Error(`${who} is reproduced but its evidence names nothing the kit computed (code under lib/ outside lib/paper/ and lib/data/); the source's numbers checked against each other are consistent or inconsistent`);
  }
  if (RESULT_FILE_STATUSES.includes(status) && (c.figure === undefined || c.figure === "")) {
    throw new Error(`${who} is ${status} but links no results file (figure or table in the notebook's results folder): save it and name it in figure`);
  }
  return {
    id: entry.id,
    claim: entry.quote,
    source: `${entry.source}, ${entry.location}`,
    setting: settingText(entry.setting),
    paperValue: entry.paperValue,
    kitValue: requireText(who, "kitValue", c.kitValue),
    tolerance: c.tolerance ?? `${entry.tolerance} (${entry.toleranceReason})`,
    status,
    reason: requireText(who, "reason", c.reason),
    notebook,
    cell: "",
    evidence,
    figure: figureText(notebook, c.figure, who),
    contextOf: "",
    producedFrom: "",
  };
}

function checkStatus(who: string, status: unknown): ClaimStatus {
  if (!CLAIM_STATUSES.includes(status as ClaimStatus)) {
    throw new Error(`${who} has status "${String(status)}", expected one of ${CLAIM_STATUSES.join(", ")}`);
  }
  return status as ClaimStatus;
}

/**
 * Resolves the claims against the catalogue and writes them to `results/<notebook>/claims.json` (atomically).
 * @returns the resolved rows
 * @throws Error naming the claim and the field when an id is not catalogued, a field is missing, a status is
 *   unknown, a verdict without evidence claims reproduced/contradicted/indeterminate, a file is missing, or an
 *   id repeats.
 */
export function recordClaims(notebook: string, claims: readonly ClaimInput[]): LedgerRow[] {
  const rows = claims.map((c) => resolveClaim(notebook, c));
  const seen = new Set<string>();
  for (const r of rows) {
    if (seen.has(r.id)) throw new Error(`recordClaims(${notebook}): duplicate claim id "${r.id}"`);
    seen.add(r.id);
  }
  // An exploratory run (--param, --out, an untracked notebook, the Jupyter kernel) writes to scratch/ and
  // marks every claim with its parameters and the sources it ran (commit, uncommitted changes): such verdicts
  // never enter the ledger.
  const context = runContext();
  const written =
    context.kind === "exploratory"
      ? rows.map((r) => ({ ...r, producedFrom: context.producedFrom ?? "", run: `exploratory (${context.reason})`, parameters: parametersText(context) }))
      : rows;
  writeFileAtomic(resultsPath(notebook, CLAIMS_FILE), JSON.stringify(written, null, 2) + "\n");
  return rows;
}

export { numericVerdict } from "./verdict.ts";
