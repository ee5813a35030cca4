/**
 * The shape of one catalogued claim: a checkable statement of a public source (the poster, ViTCoD's project
 * page, paper or repository, HeatViT's paper), quoted with its exact location, the value the source gives,
 * the setting it is about and the tolerance a verdict uses. Notebooks evaluate catalogue entries by id; the
 * ledger (`lib/claims/`) fills every row's quote, source, setting and paper value from here.
 */

/** The public sources, by the names the kit cites them with. */
export type ClaimSourceName =
  | "the poster"
  | "ViTCoD's project page"
  | "ViTCoD's paper"
  | "ViTCoD's repository"
  | "HeatViT's paper";

/** What a claim is about: a verdict may only use evidence from this setting. */
export interface ClaimSetting {
  /** The hardware the claim is about (e.g. "NVIDIA Jetson TX2 (EdgeGPU)"), or "any" for arithmetic. */
  device: string;
  /** The model(s). */
  model: string;
  /** The dataset(s) or inputs. */
  dataset: string;
  /** How the quantity is defined (what is summed, counted or compared). */
  definition: string;
}

/** One catalogued claim. */
export interface CatalogueEntry {
  /** Stable id, unique across the kit, without a notebook number (e.g. `poster-fig1-sa-over-50-deit-small`). */
  id: string;
  source: ClaimSourceName;
  /** Exact location in the source (section, paragraph, figure, table, panel). */
  location: string;
  /** The claim, quoted verbatim (or the printed figure/table values, as printed). */
  quote: string;
  /** The value the source gives, as printed. */
  paperValue: string;
  setting: ClaimSetting;
  /** The tolerance a verdict uses. */
  tolerance: string;
  /** Why that tolerance. */
  toleranceReason: string;
  /** The notebook that evaluates it (file name without `.ipynb`). */
  notebook: string;
}

/** Formats a setting as one line for the ledger. */
export function settingText(s: ClaimSetting): string {
  return `device: ${s.device}; model: ${s.model}; dataset: ${s.dataset}; definition: ${s.definition}`;
}
