/// <reference lib="dom" />
/**
 * `accuracy-paired-differences` (notebook 06): fine-tuned windowed-lower − full per seed, with the mean and its 95 % interval.
 */
import type * as PlotModule from "@observablehq/plot";
import type { PairedComparison } from "../analysis/accuracy-study.ts";

/** Paired differences windowed − full per fine-tune seed (dots), their mean and 95 % interval (rule). */
export function pairedDifferenceFigure(Plot: typeof PlotModule, document: Document, paired: PairedComparison, o: { caption: string }): Element {
  const d = paired.difference;
  return Plot.plot({
    document,
    width: 640,
    height: 160,
    marginLeft: 120,
    title: "Fine-tuned windowed-lower − full, final test accuracy (percentage points)",
    caption: o.caption,
    y: { label: null, domain: ["per seed", "mean, 95 % CI"] },
    x: { label: "windowed − full (pp) →", grid: true },
    marks: [
      Plot.ruleX([0], { stroke: "#999" }),
      Plot.dot(paired.seeds, { x: "difference", y: () => "per seed", fill: "#d95f02", r: 5, title: (s: { seed: number }) => `seed ${s.seed}` }),
      Plot.ruleY([{ low: d.low, high: d.high }], { x1: "low", x2: "high", y: () => "mean, 95 % CI", stroke: "black", strokeWidth: 2 }),
      Plot.dot([{ mean: d.mean }], { x: "mean", y: () => "mean, 95 % CI", fill: "black", r: 5 }),
    ],
  });
}
