/// <reference lib="dom" />
/**
 * `accuracy-comparisons` (notebook 06): every paired comparison of the accuracy study — each pair's final
 * test-accuracy difference (dots), the mean and its 95 % t interval (black), one row per comparison.
 */
import type * as PlotModule from "@observablehq/plot";
import type { VariantComparison } from "../analysis/accuracy-tests.ts";

/** One row per comparison: pair differences (orange dots) and mean ± 95 % CI (black rule and dot). */
export function comparisonsFigure(Plot: typeof PlotModule, document: Document, comparisons: readonly VariantComparison[], o: { title: string; caption: string }): Element {
  const label = (c: VariantComparison): string => `${c.label.replace(/ \(.*\)$/, "")} (n = ${c.pairs.length})`;
  const rows = comparisons.map(label);
  const dots = comparisons.flatMap((c) => c.pairs.map((p) => ({ row: label(c), difference: p.difference, title: `${p.runA} − ${p.runB}: ${p.difference.toFixed(2)} pp` })));
  const means = comparisons.map((c) => ({ row: label(c), mean: c.difference.mean, low: Number.isFinite(c.difference.low) ? c.difference.low : c.difference.mean, high: Number.isFinite(c.difference.high) ? c.difference.high : c.difference.mean }));
  return Plot.plot({
    document,
    width: 760,
    height: 60 + 34 * rows.length,
    marginLeft: 330,
    marginRight: 20,
    title: o.title,
    caption: o.caption,
    y: { label: null, domain: rows },
    x: { label: "difference in final test accuracy (percentage points) →", grid: true, inset: 12 },
    marks: [
      Plot.ruleX([0], { stroke: "#999" }),
      Plot.ruleY(means, { x1: "low", x2: "high", y: "row", stroke: "black", strokeWidth: 2 }),
      Plot.dot(dots, { x: "difference", y: "row", fill: "#d95f02", r: 4, dy: -6, title: "title" }),
      Plot.dot(means, { x: "mean", y: "row", fill: "black", r: 4 }),
    ],
  });
}
