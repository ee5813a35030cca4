/**
 * The claim catalogue: every checkable claim of the poster, ViTCoD's project page, paper and repository, and
 * HeatViT's paper, written once. Notebooks evaluate entries by id (`lib/claims/`); a test checks that after
 * a reproduce every entry has exactly one verdict row.
 *
 * To add a claim: add an entry to the file of its source (poster.ts, vitcod.ts, heatvit.ts) with the
 * notebook that evaluates it, then record its verdict in that notebook.
 */
import { HEATVIT_CLAIMS } from "./heatvit.ts";
import { POSTER_CLAIMS } from "./poster.ts";
import type { CatalogueEntry } from "./types.ts";
import { VITCOD_CLAIMS } from "./vitcod.ts";

export type { CatalogueEntry, ClaimSetting, ClaimSourceName } from "./types.ts";
export { settingText } from "./types.ts";
export { FIG1_MODELS, FIG1_SA_QUOTE, fig1OverId } from "./poster.ts";

/** Every catalogued claim, poster first. */
export const CLAIM_CATALOGUE: readonly CatalogueEntry[] = [...POSTER_CLAIMS, ...VITCOD_CLAIMS, ...HEATVIT_CLAIMS];

const byId = new Map<string, CatalogueEntry>();
for (const e of CLAIM_CATALOGUE) {
  if (byId.has(e.id)) throw new Error(`claim catalogue: duplicate id "${e.id}"`);
  if (/(^|-)0\d-/.test(e.id)) throw new Error(`claim catalogue: id "${e.id}" contains a notebook number`);
  byId.set(e.id, e);
}

/** The entry with this id, or undefined. */
export function findClaim(id: string): CatalogueEntry | undefined {
  return byId.get(id);
}

/**
 * The entry with this id.
 * @throws Error naming the id when the catalogue has no such entry.
 */
export function catalogueEntry(id: string): CatalogueEntry {
  const e = byId.get(id);
  if (e === undefined) throw new Error(`claim "${id}" is not in the claim catalogue (lib/paper/claims/); add it there first`);
  return e;
}

/** The entries a notebook evaluates, in catalogue order. */
export function claimsOfNotebook(notebook: string): CatalogueEntry[] {
  return CLAIM_CATALOGUE.filter((e) => e.notebook === notebook);
}
