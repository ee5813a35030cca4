/**
 * Poster Fig. 1's bars as the notebook shows them: the self-attention share per model and the table under
 * the figure.
 */
import { SA_CATEGORIES, type BreakdownRow } from "../paper/poster-fig1.ts";

/** Self-attention share per model: the sum of the SA-* categories (the poster's "Self-Attention module"). */
export function selfAttentionShares(rows: readonly BreakdownRow[]): { model: string; saPercent: number }[] {
  const models = [...new Set(rows.map((r) => r.model))];
  return models.map((model) => ({
    model,
    saPercent: rows.filter((r) => r.model === model && SA_CATEGORIES.includes(r.category)).reduce((a, r) => a + r.percent, 0),
  }));
}

/** One model per row, one column per category plus the SA total: the table under Fig. 1. */
export function breakdownByModel(rows: readonly BreakdownRow[]): Record<string, string | number>[] {
  const models = [...new Set(rows.map((r) => r.model))];
  const sa = new Map(selfAttentionShares(rows).map((s) => [s.model, s.saPercent]));
  return models.map((model) => {
    const out: Record<string, string | number> = { model };
    for (const r of rows) if (r.model === model) out[r.category] = r.percent;
    out["SA total"] = sa.get(model)!;
    return out;
  });
}
