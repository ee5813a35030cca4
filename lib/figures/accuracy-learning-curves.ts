/// <reference lib="dom" />
/**
 * `accuracy-learning-curves` (notebook 06): test accuracy of every run of the accuracy study after each epoch.
 */
import type * as PlotModule from "@observablehq/plot";
import type { StudyRow } from "../train/study-data.ts";

/** Colours of the study's two variants (colour-blind-safe). */
export const VARIANT_COLOURS: Record<string, string> = { full: "#1b9e77", "windowed-lower": "#d95f02" };

function variantScale(variants: readonly string[]): { domain: string[]; range: string[]; legend: boolean } {
  return { domain: [...variants], range: variants.map((v) => VARIANT_COLOURS[v] ?? "#666"), legend: true };
}

/** Test accuracy after each epoch against training images seen, one line per run, one panel per phase. */
export function learningCurvesFigure(Plot: typeof PlotModule, document: Document, rows: readonly StudyRow[], o: { caption: string }): Element {
  const data = rows.map((r) => ({ ...r, run: `${r.phase} ${r.variant} seed ${r.seed}`, millions: r.imagesSeen / 1e6 }));
  const variants = [...new Set(rows.map((r) => r.variant))];
  return Plot.plot({
    document,
    width: 760,
    height: 300,
    marginBottom: 40,
    title: "Fashion-MNIST test accuracy (all 10,000 test images) after each epoch",
    caption: o.caption,
    fx: { domain: ["pretrain", "finetune", "scratch"].filter((p) => rows.some((r) => r.phase === p)), label: null },
    x: { label: "training images seen (millions) →" },
    y: { label: "↑ test accuracy (%)", grid: true },
    color: variantScale(variants),
    marks: [
      Plot.line(data, { fx: "phase", x: "millions", y: "testAccuracy", z: "run", stroke: "variant", strokeOpacity: 0.8 }),
      Plot.dot(data, { fx: "phase", x: "millions", y: "testAccuracy", fill: "variant", r: 2.5 }),
    ],
  });
}
