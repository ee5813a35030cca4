/// <reference lib="dom" />
/**
 * Figures `fig5-nlp-bleu` and `fig5-vit-accuracy`: digitized poster Fig. 5, one metric per figure.
 */
import type * as PlotModule from "@observablehq/plot";
import { FIG5_COLOURS, type Fig5Point } from "../paper/poster-fig5.ts";

type PlotApi = typeof PlotModule;

/**
 * Digitized Fig. 5, one metric per figure (BLEU for the NLP transformers, top-1 accuracy for DeiT):
 * filled dots = clearly visible markers, hollow = partly hidden markers, with the reading uncertainty as
 * error bars; optional dashed baselines (unpruned accuracy).
 */
export function fig5Figure(
  Plot: PlotApi,
  document: Document,
  points: readonly Fig5Point[],
  o: { metric: "BLEU" | "top-1 accuracy"; title: string; caption: string; baselines?: { name: string; value: number }[] },
): Element {
  const pts = points.filter((p) => p.metric === o.metric);
  const series = [...new Set(pts.map((p) => p.series))];
  const clear = pts.filter((p) => p.visibility === "clear");
  const partial = pts.filter((p) => p.visibility !== "clear");
  return Plot.plot({
    document,
    width: 680,
    height: 380,
    title: o.title,
    caption: o.caption,
    x: { label: "sparsity ratio of attention maps (%) →", domain: [5, 100], grid: true },
    y: { label: o.metric === "BLEU" ? "↑ BLEU" : "↑ top-1 accuracy (%)", grid: true },
    color: { domain: series, range: series.map((s) => FIG5_COLOURS[s] ?? "#555"), legend: true },
    marks: [
      ...(o.baselines ?? []).map((b) => Plot.ruleY([b.value], { stroke: "#333", strokeDasharray: "6 4" })),
      Plot.line(pts, { x: "sparsity", y: "value", stroke: "series", z: "series" }),
      Plot.ruleX(pts, { x: "sparsity", y1: (p: Fig5Point) => p.value - p.valueUncertainty, y2: (p: Fig5Point) => p.value + p.valueUncertainty, stroke: "series", strokeOpacity: 0.6 }),
      Plot.ruleY(pts, { y: "value", x1: (p: Fig5Point) => p.sparsity - p.sparsityUncertainty, x2: (p: Fig5Point) => p.sparsity + p.sparsityUncertainty, stroke: "series", strokeOpacity: 0.6 }),
      Plot.dot(clear, { x: "sparsity", y: "value", fill: "series", r: 3.5 }),
      Plot.dot(partial, { x: "sparsity", y: "value", stroke: "series", fill: "white", r: 3.5 }),
    ],
  });
}
