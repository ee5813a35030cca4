/**
 * The claims ledger: each notebook records the paper claims it checks, with the paper's value, the kit's
 * value, the tolerance and a verdict. `gatherClaims` (reproduce's last step) collects them into
 * `results/claims.arrow` and `results/CLAIMS.md`.
 */
import { writeFileAtomic } from "../data/atomic-write.ts";
import { resultsPath } from "../paths.ts";
import { runContext } from "../run-context.ts";

/** Verdict of a claim. */
export type ClaimStatus = "reproduced" | "contradicted" | "derived" | "quoted-only" | "skipped";

/** The statuses, in the order CLAIMS.md lists them. */
export const CLAIM_STATUSES: readonly ClaimStatus[] = ["reproduced", "contradicted", "derived", "quoted-only", "skipped"];

/** One checked claim. */
export interface Claim {
  /** Stable identifier, unique across the kit, e.g. `fig1-sa-share`. */
  id: string;
  /** The claim as stated in the seed or poster, quoted verbatim. */
  claim: string;
  /** Paper and figure/table, e.g. `poster Fig. 1`. */
  source: string;
  paperValue: string;
  kitValue: string;
  /** The tolerance used to decide, e.g. `±5 % relative`, or `n/a`. */
  tolerance: string;
  status: ClaimStatus;
  /** One line saying why. */
  reason: string;
}

/** File name of a notebook's recorded claims inside its results folder. */
export const CLAIMS_FILE = "claims.json";

/**
 * Validates claims and writes them to `results/<notebook>/claims.json` (atomically, pretty-printed).
 * @throws Error naming the claim and the field when a claim is incomplete, has an unknown status or a
 *   duplicate id.
 */
export function recordClaims(notebook: string, claims: readonly Claim[]): void {
  const seen = new Set<string>();
  for (const c of claims) {
    for (const key of ["id", "claim", "source", "paperValue", "kitValue", "tolerance", "reason"] as const) {
      if (typeof c[key] !== "string" || c[key].trim() === "") {
        throw new Error(`recordClaims(${notebook}): claim "${c.id ?? "?"}" has no ${key}`);
      }
    }
    if (!CLAIM_STATUSES.includes(c.status)) {
      throw new Error(`recordClaims(${notebook}): claim "${c.id}" has status "${String(c.status)}", expected one of ${CLAIM_STATUSES.join(", ")}`);
    }
    if (seen.has(c.id)) throw new Error(`recordClaims(${notebook}): duplicate claim id "${c.id}"`);
    seen.add(c.id);
  }
  const ordered = claims.map((c) => ({
    id: c.id,
    claim: c.claim,
    source: c.source,
    paperValue: c.paperValue,
    kitValue: c.kitValue,
    tolerance: c.tolerance,
    status: c.status,
    reason: c.reason,
  }));
  // An exploratory run (--param, --out, an untracked notebook, the Jupyter kernel) writes to scratch/ and
  // marks every claim with its parameters: such verdicts never enter the ledger.
  const context = runContext();
  const written =
    context.kind === "exploratory"
      ? ordered.map((c) => ({ ...c, run: `exploratory (${context.reason})`, parameters: (context.parameters ?? []).join(", ") || "notebook defaults" }))
      : ordered;
  writeFileAtomic(resultsPath(notebook, CLAIMS_FILE), JSON.stringify(written, null, 2) + "\n");
}

/**
 * Verdict for a numeric claim: `reproduced` when |kit − paper| ≤ tolerance × |paper| (relative), else
 * `contradicted`.
 */
export function numericVerdict(paper: number, kit: number, relativeTolerance: number): "reproduced" | "contradicted" {
  return Math.abs(kit - paper) <= relativeTolerance * Math.abs(paper) ? "reproduced" : "contradicted";
}
