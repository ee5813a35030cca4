/// <reference lib="dom" />
/**
 * Poster Fig. 5 drawn as the poster draws it: one chart, NLP Transformers' BLEU on the left axis and the DeiT
 * models' top-1 accuracy on the right axis, over the same sparsity axis, with the shaded "NLP Transformer
 * (Dynamic)" and "Vision Transformer (Fixed)" regions that carry its message. Digitised markers with their
 * reading uncertainty. Results file: `fig5-poster-overlay.svg`.
 */
import type * as PlotModule from "@observablehq/plot";
import { FIG5_COLOURS, type Fig5Point } from "../paper/poster-fig5.ts";

/** The poster's axes: BLEU 22–38 on the left, accuracy 67–83 % on the right (the same 16-point span). */
export const FIG5_BLEU_DOMAIN: [number, number] = [22, 38];
/** Accuracy (%) drawn at BLEU height `accuracy − offset`. */
export const FIG5_ACCURACY_OFFSET = 45;
/** The shaded regions (sparsity %), as on the poster. */
export const FIG5_REGIONS = [
  { label: "NLP Transformer (Dynamic)", x1: 10, x2: 70, fill: "#d9ead3" },
  { label: "Vision Transformer (Fixed)", x1: 70, x2: 100, fill: "#fff2cc" },
] as const;

/** A marker on the shared (BLEU) vertical scale. */
export interface Fig5OverlayPoint extends Fig5Point {
  /** Height on the left (BLEU) scale. */
  y: number;
  yLo: number;
  yHi: number;
}

/** Maps each marker onto the left scale (accuracy shifted by {@link FIG5_ACCURACY_OFFSET}). */
export function fig5OverlayPoints(points: readonly Fig5Point[]): Fig5OverlayPoint[] {
  return points.map((p) => {
    const shift = p.metric === "BLEU" ? 0 : FIG5_ACCURACY_OFFSET;
    return { ...p, y: p.value - shift, yLo: p.value - p.valueUncertainty - shift, yHi: p.value + p.valueUncertainty - shift };
  });
}

/** Builds the figure. `baselines`: the dashed unpruned accuracies of the DeiT series (top-1 %). */
export function fig5PosterOverlayFigure(
  Plot: typeof PlotModule,
  document: Document,
  points: readonly Fig5Point[],
  baselines: readonly { name: string; value: number }[],
): Element {
  const pts = fig5OverlayPoints(points);
  const series = [...new Set(pts.map((p) => p.series))];
  const clear = pts.filter((p) => p.visibility === "clear");
  const partial = pts.filter((p) => p.visibility !== "clear");
  const [lo, hi] = FIG5_BLEU_DOMAIN;
  const ticks = Array.from({ length: (hi - lo) / 2 + 1 }, (_, i) => lo + 2 * i);
  return Plot.plot({
    document,
    width: 760,
    height: 420,
    marginRight: 60,
    title: "Fig. 5 as the poster draws it: NLP Transformers and ViTs by pruning ratio",
    subtitle: "Left axis: BLEU of NLP Transformers (dynamic sparsity). Right axis: ImageNet top-1 of DeiT with ViTCoD's fixed masks",
    caption:
      "Digitised from the poster (after ViTCoD). Filled: clearly visible marker; hollow: largely hidden; bars: reading uncertainty. " +
      "Dashed: unpruned DeiT accuracy as drawn. Shading: the poster's Dynamic (10–70 %) and Fixed (70–100 %) regions.",
    x: { label: "Sparsity ratio of attention maps (%) →", domain: [5, 100], ticks: [10, 30, 50, 70, 90, 100] },
    y: { domain: FIG5_BLEU_DOMAIN, label: null, ticks, grid: false },
    color: { domain: series, range: series.map((s) => FIG5_COLOURS[s] ?? "#555"), legend: true },
    marks: [
      Plot.rectY(FIG5_REGIONS, { x1: "x1", x2: "x2", y1: lo, y2: hi, fill: (d: (typeof FIG5_REGIONS)[number]) => d.fill, fillOpacity: 0.8 }),
      Plot.text(FIG5_REGIONS, { x: (d: (typeof FIG5_REGIONS)[number]) => (d.x1 + d.x2) / 2, y: lo + 4.5, text: "label", fontSize: 13, fill: "#3d6fb4" }),
      Plot.axisY(ticks, { anchor: "left", label: "↑ BLEU" }),
      Plot.axisY(ticks, { anchor: "right", label: "Accuracy (%) ↑", tickFormat: (b: number) => `${b + FIG5_ACCURACY_OFFSET}` }),
      Plot.ruleY(baselines, { y: (b: { value: number }) => b.value - FIG5_ACCURACY_OFFSET, x1: 30, x2: 98, stroke: "#222", strokeDasharray: "5 4" }),
      Plot.line(pts, { x: "sparsity", y: "y", stroke: "series", z: "series", strokeWidth: 1.8 }),
      Plot.ruleX(pts, { x: "sparsity", y1: "yLo", y2: "yHi", stroke: "series", strokeOpacity: 0.6 }),
      Plot.ruleY(pts, { y: "y", x1: (p: Fig5Point) => p.sparsity - p.sparsityUncertainty, x2: (p: Fig5Point) => p.sparsity + p.sparsityUncertainty, stroke: "series", strokeOpacity: 0.6 }),
      Plot.dot(clear, { x: "sparsity", y: "y", fill: "series", r: 3.5, symbol: (p: Fig5Point) => (p.metric === "BLEU" ? "circle" : "triangle") }),
      Plot.dot(partial, { x: "sparsity", y: "y", stroke: "series", fill: "white", r: 3.5 }),
      Plot.frame(),
    ],
  });
}
