/**
 * The range of the poster's Fig. 11 ratios across the documented assumption ablation (`lib/cycles/poster.ts`):
 * what a modelled verdict on Fig. 11 carries.
 */
import { posterAblation, POSTER_BASE_ASSUMPTIONS, type PosterAssumptions, type PosterResult } from "../cycles/poster.ts";

/** Min and max of one Fig. 11 ratio over the ablation rows, with the rows that set them. */
export interface RatioRange {
  ratio: keyof PosterResult["ratios"];
  min: number;
  minRow: string;
  max: number;
  maxRow: string;
}

/**
 * The range of each Fig. 11 ratio across the ablation: every row, the base included, except rows whose
 * value was chosen after seeing the poster's ratios (those are shown in the ablation table only).
 */
export function fig11AblationRanges(base: PosterAssumptions = POSTER_BASE_ASSUMPTIONS): RatioRange[] {
  const rows = posterAblation(base).filter((r) => !r.afterData);
  return (["qkSystolicToLines", "qkFullToWindow", "svSystolicToLines", "svFullToWindow"] as const).map((ratio) => {
    let lo = rows[0]!;
    let hi = rows[0]!;
    for (const r of rows) {
      if (r.ratios[ratio] < lo.ratios[ratio]) lo = r;
      if (r.ratios[ratio] > hi.ratios[ratio]) hi = r;
    }
    return { ratio, min: lo.ratios[ratio], minRow: lo.id, max: hi.ratios[ratio], maxRow: hi.id };
  });
}
