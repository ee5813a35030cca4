/**
 * The accuracy numbers ViTCoD's project page and HeatViT's abstract state (quoted, never measured here), each
 * tied to its catalogue entry: the quote, the source's name and location come from the catalogue
 * (`lib/paper/claims/`), the source record (repository, commit, arXiv id) from `sources.ts`. The poster's
 * Table 1 is in `poster-table1.ts`. Written to `data/accuracy-reported.arrow` by `npm run data:accuracy-reported`.
 */
import { catalogueEntry } from "./claims/index.ts";
import type { CatalogueEntry } from "./claims/types.ts";
import { HEATVIT, VITCOD_PROJECT_PAGE } from "./sources.ts";

/** One quoted accuracy claim: a range (or a bound) with the catalogue entries it belongs to. */
export interface ReportedAccuracyClaim {
  /** Catalogue ids of the claim (the first gives the quote and location; several when judged per model). */
  claimIds: readonly string[];
  /** Model(s) the number refers to. */
  model: string;
  /** Dataset the number refers to. */
  dataset: string;
  /** What low/high measure. */
  quantity: string;
  /** Lower end of the quoted range, %; NaN when the claim is a bound. */
  low: number;
  /** Upper end of the quoted range or the bound, %. */
  high: number;
}

/** The accuracy claims of ViTCoD's project page and HeatViT's abstract. */
export const REPORTED_ACCURACY_CLAIMS: readonly ReportedAccuracyClaim[] = [
  {
    claimIds: ["vitcod-page-90-drop-deit-base", "vitcod-page-90-drop-deit-small"],
    model: "ViTs (DeiT family)",
    dataset: "ImageNet",
    quantity: "accuracy drop at 90 % attention-map pruning ratio (upper bound)",
    low: Number.NaN,
    high: 1.5,
  },
  {
    claimIds: ["heatvit-accuracy-gain"],
    model: "DeiT-T, DeiT-S, DeiT-B, LV-ViT-S, LV-ViT-M",
    dataset: "ImageNet",
    quantity: "accuracy gain over existing ViT pruning at similar computation",
    low: 0.7,
    high: 8.9,
  },
  {
    claimIds: ["heatvit-computation-reduction"],
    model: "DeiT-T, DeiT-S, DeiT-B, LV-ViT-S, LV-ViT-M",
    dataset: "ImageNet",
    quantity: "computation reduction over existing ViT pruning at similar accuracy",
    low: 28.4,
    high: 65.3,
  },
];

/** Where a catalogue entry's source is published: the source record of `sources.ts`. */
export function sourceRecordText(entry: CatalogueEntry): string {
  switch (entry.source) {
    case "ViTCoD's project page":
      return VITCOD_PROJECT_PAGE;
    case "HeatViT's paper":
      return `${HEATVIT.paper}, arXiv ${HEATVIT.arxiv}`;
    default:
      throw new Error(`sourceRecordText: no accuracy claim is quoted from ${entry.source} (entry "${entry.id}")`);
  }
}

/** The claim's first catalogue entry (quote and location). @throws Error when an id is not catalogued. */
export function reportedClaimEntry(claim: ReportedAccuracyClaim): CatalogueEntry {
  const [first, ...rest] = claim.claimIds.map(catalogueEntry);
  if (first === undefined) throw new Error("reportedClaimEntry: a reported accuracy claim names no catalogue id");
  for (const e of rest) {
    if (e.quote !== first.quote) throw new Error(`reportedClaimEntry: "${e.id}" and "${first.id}" quote different text`);
  }
  return first;
}
