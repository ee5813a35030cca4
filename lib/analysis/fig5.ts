/**
 * What notebook 03 reads off the digitized poster Fig. 5: per-series summaries and the accuracy drop near a
 * given sparsity.
 */
import type { Fig5Point } from "../paper/poster-fig5.ts";

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}

/** Per-series summary of the digitized curves: sparsity range and the value change from first to last marker. */
export interface Fig5SeriesSummary {
  series: string;
  family: string;
  metric: string;
  markers: number;
  minSparsity: number;
  maxSparsity: number;
  firstValue: number;
  lastValue: number;
  change: number;
}

/** Summarises each digitized series (markers sorted by sparsity). */
export function fig5SeriesSummary(points: readonly Fig5Point[]): Fig5SeriesSummary[] {
  const names = [...new Set(points.map((p) => p.series))];
  return names.map((name) => {
    const pts = points.filter((p) => p.series === name).sort((a, b) => a.sparsity - b.sparsity);
    const first = pts[0]!;
    const last = pts[pts.length - 1]!;
    return {
      series: name,
      family: first.family,
      metric: first.metric,
      markers: pts.length,
      minSparsity: first.sparsity,
      maxSparsity: last.sparsity,
      firstValue: first.value,
      lastValue: last.value,
      change: round3(last.value - first.value),
    };
  });
}

/**
 * Accuracy drop (baseline − value, in points) of each DeiT series at its marker nearest to `sparsity`,
 * using the dashed unpruned baselines read from the figure. Returns `{series: {sparsity, drop}}`.
 */
export function fig5DropNear(points: readonly Fig5Point[], baselines: readonly { name: string; value: number }[], sparsity: number): Record<string, { sparsity: number; drop: number }> {
  const out: Record<string, { sparsity: number; drop: number }> = {};
  for (const b of baselines) {
    const pts = points.filter((p) => p.series === b.name);
    if (pts.length === 0) continue;
    const nearest = pts.reduce((a, p) => (Math.abs(p.sparsity - sparsity) < Math.abs(a.sparsity - sparsity) ? p : a));
    out[b.name] = { sparsity: nearest.sparsity, drop: round3(b.value - nearest.value) };
  }
  return out;
}
