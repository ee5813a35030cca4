/**
 * The record of what a notebook's committed results were produced from, `results/<notebook>/produced-from.json`:
 * the commit, content ids of the sources it holds, and the uncommitted changes the run saw. The reproduce runner
 * writes it (`lib/notebook/produced-from.ts` says how it is computed and why it is not simply HEAD); the ledger
 * gathers it into each row's `producedFrom`.
 */
import { existsSync, readFileSync } from "node:fs";
import { resultsPath } from "../paths.ts";

/** File name of the record inside a notebook's results folder. */
export const PRODUCED_FROM_FILE = "produced-from.json";

/** Content ids of the sources a notebook's results depend on. */
export interface SourceIds {
  /**
   * `sha256:<hex>` over the lib files the notebook ran (those its cells loaded, and lib's non-TypeScript files):
   * one line `path sha256(content)` per file of {@link SourceIds.libFiles}, in order.
   */
  lib: string;
  /** The lib files the notebook ran, repository-relative, sorted. */
  libFiles: string[];
  /** Git tree id of `data/` (tracked files only; `data/external/` is git-ignored). */
  data: string | null;
  /** Git blob id of `package-lock.json` (the exact dependencies). */
  "package-lock.json": string | null;
  /** `sha256:<hex>` of the notebook's cells (type, tags, source), outputs excluded. */
  notebook: string;
}

/** The record written to `results/<notebook>/produced-from.json`. */
export interface ProducedFrom {
  notebook: string;
  /** The commit the sources come from (40 hex digits), or `unknown (no git repository)`. */
  commit: string;
  sources: SourceIds;
  /** Source paths that differed from the commit when the run started; empty for a clean tree. */
  uncommitted: string[];
}

/** Reads a `produced-from.json`, or null when absent or unreadable. */
export function readProducedFrom(path: string): ProducedFrom | null {
  if (!existsSync(path)) return null;
  try {
    const p = JSON.parse(readFileSync(path, "utf8")) as ProducedFrom;
    return typeof p.commit === "string" && Array.isArray(p.uncommitted) && typeof p.sources === "object" && p.sources !== null ? p : null;
  } catch {
    return null;
  }
}

/** The record of a notebook under the current results root, or null. */
export function notebookProducedFrom(notebook: string): ProducedFrom | null {
  return readProducedFrom(resultsPath(notebook, PRODUCED_FROM_FILE));
}

/** The record as JSON text (two-space indent, final newline). */
export function producedFromJson(p: ProducedFrom): string {
  return JSON.stringify(p, null, 2) + "\n";
}

/** A commit and the source paths that differed from it, in one line: `<commit>[ + uncommitted changes: <paths>]`. */
export function sourcesLine(commit: string, uncommitted: readonly string[]): string {
  return uncommitted.length === 0 ? commit : `${commit} + uncommitted changes: ${uncommitted.join(", ")}`;
}

/** The record in one line, as the ledger shows it: the commit, then any uncommitted paths. */
export function producedFromText(p: ProducedFrom | null): string {
  return p === null ? "" : sourcesLine(p.commit, p.uncommitted);
}
