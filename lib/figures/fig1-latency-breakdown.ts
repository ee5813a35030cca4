/// <reference lib="dom" />
/**
 * The latency-breakdown figure: one stacked bar per model and source, in poster Fig. 1's category colours.
 */
import type * as PlotModule from "@observablehq/plot";
import { FIG1_COLOURS, type Fig1Category } from "../paper/poster-fig1.ts";
import type { BreakdownRow } from "../paper/poster-fig1.ts";
import type { Tx2Fig1Row } from "../analysis/tx2-fig1.ts";

/** x-axis label of the recomputed TX2 profile bar. */
export const TX2_MODEL_LABEL = "TX2 profile (raw)";

/** A bar segment of the figure. */
export interface BreakdownSegment {
  model: string;
  category: string;
  percent: number;
}

/** Category order (bottom to top) and colour of every category the figure can show. */
export const BREAKDOWN_FIGURE_CATEGORIES: { category: string; colour: string }[] = [
  ...(Object.keys(FIG1_COLOURS) as Fig1Category[]).map((c) => ({ category: c, colour: FIG1_COLOURS[c] })),
  { category: "LayerNorm", colour: "#8e7cc3" },
  { category: "other", colour: "#444444" },
];

/** Segments of the digitized bars followed by the segments of extra sources (e.g. the TX2 profile). */
export function breakdownSegments(digitized: readonly BreakdownRow[], tx2: readonly Tx2Fig1Row[]): BreakdownSegment[] {
  return [
    ...digitized.map((r) => ({ model: r.model, category: r.category as string, percent: r.percent })),
    ...tx2.filter((r) => r.percent > 0).map((r) => ({ model: TX2_MODEL_LABEL, category: r.category as string, percent: r.percent })),
  ];
}

/**
 * Builds the figure with Plot: stacked percent bars, integer labels on segments of at least 2 %, a swatch
 * legend, and a caption naming the sources.
 */
export function latencyBreakdownFigure(
  Plot: typeof PlotModule,
  document: Document,
  digitized: readonly BreakdownRow[],
  tx2: readonly Tx2Fig1Row[],
): Element {
  const segments = breakdownSegments(digitized, tx2);
  const shown = BREAKDOWN_FIGURE_CATEGORIES.filter((c) => segments.some((s) => s.category === c.category && s.percent > 0));
  const order = shown.map((c) => c.category);
  const models = [...new Set(segments.map((s) => s.model))];
  const stack = { x: "model", y: "percent", z: "category", order } as const;
  return Plot.plot({
    document,
    width: 820,
    height: 440,
    marginBottom: 40,
    title: "Latency breakdown of ViTs on an edge GPU (Jetson TX2)",
    subtitle: "Poster Fig. 1 bar labels (digitized) and ViTCoD's raw TensorRT profile, recomputed op by op",
    caption:
      "Percent of latency. Digitized bars: the poster's integer labels; 'unlabelled' = 100 − labelled parts. " +
      "TX2 profile (raw): ViTCoD's TensorRT per-layer profile (12 blocks, dim 192, 3 heads, 196 tokens), " +
      "classified by lib/workload/profile; LayerNorm kept apart (Fig. 1 does not say where it went).",
    x: { domain: models, label: null, tickSize: 0 },
    y: { domain: [0, 100], label: "↑ percent of latency", grid: true },
    color: { domain: order, range: shown.map((c) => c.colour), legend: true },
    marks: [
      Plot.barY(segments, Plot.stackY({ ...stack, fill: "category", inset: 0.5 })),
      Plot.text(
        segments,
        Plot.stackY({
          ...stack,
          text: (d: BreakdownSegment) => (d.percent >= 2 ? d.percent.toFixed(0) : ""),
          fill: "white",
          fontSize: 9,
        }),
      ),
      Plot.ruleY([0]),
    ],
  });
}
