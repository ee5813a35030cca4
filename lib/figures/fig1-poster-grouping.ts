/// <reference lib="dom" />
/**
 * Poster Fig. 1 drawn as the poster draws it: per model three bars — MLP | the self-attention stack
 * (SA-MatMul, SA-Linear, SA-Softmax, SA-Others) | Conv/Embedding — with the printed labels, and the dashed box
 * over DeiT-Tiny with its quotient recomputed from the labels. Results file: `fig1-poster-grouping.svg`.
 */
import type * as PlotModule from "@observablehq/plot";
import { FIG1_COLOURS, SA_CATEGORIES, type BreakdownRow, type Fig1Category } from "../paper/poster-fig1.ts";

/** The three bars per model, left to right, as on the poster. */
export const FIG1_GROUPS = ["MLP", "SA", "Conv"] as const;

/** One labelled segment. */
export interface Fig1PosterSegment {
  model: string;
  group: (typeof FIG1_GROUPS)[number];
  category: Fig1Category;
  percent: number;
}

/** The labelled segments of the digitised bars, grouped as the poster groups them (the unlabelled rest is not drawn, as on the poster). */
export function fig1PosterSegments(rows: readonly BreakdownRow[]): Fig1PosterSegment[] {
  return rows
    .filter((r) => r.origin === "bar label")
    .map((r) => ({
      model: r.model,
      group: r.category === "MLP" ? "MLP" : r.category === "Conv/Embedding" ? "Conv" : "SA",
      category: r.category,
      percent: r.percent,
    }));
}

/** The box's quotient from the labels: the attention core's share of the model's SA stack. */
export function fig1BoxText(rows: readonly BreakdownRow[], model = "DeiT-Tiny"): string {
  const sa = SA_CATEGORIES.map((c) => rows.find((r) => r.model === model && r.category === c)?.percent ?? NaN);
  const q = (100 * sa[0]!) / sa.reduce((a, b) => a + b, 0);
  return `${sa[0]} / (${sa.join("+")})\n= ${q.toFixed(1)} %\n(poster: 53 %)`;
}

/** Segments shorter than this (percent of latency) get their label outside the bar, in dark text. */
export const FIG1_INSIDE_LABEL_MIN = 4;

/** Builds the figure. */
export function fig1PosterGroupingFigure(Plot: typeof PlotModule, document: Document, rows: readonly BreakdownRow[]): Element {
  const segments = fig1PosterSegments(rows);
  const models = [...new Set(segments.map((s) => s.model))];
  const order = (Object.keys(FIG1_COLOURS) as Fig1Category[]).filter((c) => c !== "unlabelled");
  const stack = { fx: "model", x: "group", y: "percent", z: "category", order } as const;
  // Where each segment's label goes: inside (white) when the segment is tall enough, else beside the SA stack
  // (right of the bar) or above a single MLP / Conv bar, in dark text.
  const placed = segments.map((s) => {
    const below = segments.filter((o) => o.model === s.model && o.group === s.group && order.indexOf(o.category as (typeof order)[number]) < order.indexOf(s.category as (typeof order)[number]));
    const base = below.reduce((a, o) => a + o.percent, 0);
    return { ...s, mid: base + s.percent / 2, top: base + s.percent, inside: s.percent >= FIG1_INSIDE_LABEL_MIN };
  });
  const saTotals = models.map((model) => ({ model, total: segments.filter((s) => s.model === model && s.group === "SA").reduce((a, s) => a + s.percent, 0) }));
  return Plot.plot({
    document,
    width: 900,
    height: 400,
    marginTop: 40,
    marginBottom: 40,
    title: "Fig. 1 as the poster draws it: EdgeGPU (Jetson TX2) profile breakdown",
    subtitle: "Per model: MLP | self-attention stack | Conv/Embedding, with the poster's printed labels (digitised)",
    caption:
      "Percent of latency, as printed on the poster's bars (integers, ±0.5 each; an SA stack of four labels carries ±2). " +
      `Labels of segments under ${FIG1_INSIDE_LABEL_MIN} % stand beside or above their bar. ` +
      "The dashed box recomputes the poster's DeiT-Tiny annotation from its labels. Source: the poster, Fig. 1 (from ViTCoD's TX2 profiling).",
    fx: { domain: models, label: null, padding: 0.1 },
    x: { domain: [...FIG1_GROUPS], label: null, tickSize: 0, padding: 0.15 },
    y: { domain: [0, 75], label: "↑ percent of latency", grid: true },
    color: { domain: order, range: order.map((c) => FIG1_COLOURS[c]), legend: true },
    marks: [
      Plot.barY(segments, Plot.stackY({ ...stack, fill: "category", inset: 0.5 })),
      Plot.text(placed.filter((p) => p.inside), { fx: "model", x: "group", y: "mid", text: (d: Fig1PosterSegment) => d.percent.toFixed(0), fill: "white", fontSize: 9 }),
      // Thin SA segments: labelled right of the stack, in the segment's colour darkened to text.
      Plot.text(placed.filter((p) => !p.inside && p.group === "SA"), {
        fx: "model", x: "group", y: "mid", text: (d: Fig1PosterSegment) => d.percent.toFixed(0), fill: "#333333", fontSize: 8, textAnchor: "start", dx: 16,
      }),
      // A thin MLP or Conv bar: its label above it.
      Plot.text(placed.filter((p) => !p.inside && p.group !== "SA"), { fx: "model", x: "group", y: "top", text: (d: Fig1PosterSegment) => d.percent.toFixed(0), fill: "#333333", fontSize: 9, dy: -7 }),
      Plot.text(saTotals, { fx: "model", x: () => "SA", y: "total", text: (d: { total: number }) => `${d.total}`, dy: -7, fontWeight: "bold", fontSize: 10 }),
      Plot.frame({ fx: "DeiT-Tiny", stroke: "#3344cc", strokeDasharray: "5,4", strokeWidth: 1.5 } as PlotModule.FrameOptions),
      Plot.text([fig1BoxText(rows)], { fx: () => "DeiT-Tiny", frameAnchor: "top-left", dx: 4, dy: 4, fill: "#3344cc", fontSize: 8, lineAnchor: "top", text: (d: string) => d }),
      Plot.ruleY([0]),
    ],
  });
}
