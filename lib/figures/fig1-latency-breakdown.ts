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

/** Segments of at least this many percent carry their label inside; thinner ones beside the bar. */
export const FIG1_LABEL_INSIDE_MIN = 4;

/**
 * Builds the figure with Plot: stacked percent bars, integer labels inside segments of at least
 * {@link FIG1_LABEL_INSIDE_MIN} % and beside thinner ones, a swatch legend, and a caption naming the sources.
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
  const width = 820;
  const marginLeft = 40;
  const marginRight = 20;
  const padding = 0.2;
  // A band scale with equal inner and outer padding p: step = range / (n + p), bar = step × (1 − p).
  const step = (width - marginLeft - marginRight) / (models.length + padding);
  const beside = (step * (1 - padding)) / 2 + 3;
  return Plot.plot({
    document,
    width,
    height: 440,
    marginLeft,
    marginRight,
    marginBottom: 40,
    title: "Latency breakdown of ViTs on an edge GPU (Jetson TX2)",
    subtitle: "Poster Fig. 1 bar labels (digitized) and ViTCoD's raw TensorRT profile, recomputed op by op",
    caption:
      "Percent of latency. Digitized bars: the poster's integer labels; 'unlabelled' = 100 − labelled parts. " +
      "TX2 profile (raw): ViTCoD's TensorRT per-layer profile (12 blocks, dim 192, 3 heads, 196 tokens), " +
      "classified by lib/workload/profile; LayerNorm kept apart (Fig. 1 does not say where it went). " +
      `Segments under ${FIG1_LABEL_INSIDE_MIN} % are labelled beside their bar, under 1 % not at all.`,
    x: { domain: models, label: null, tickSize: 0, padding },
    y: { domain: [0, 100], label: "↑ percent of latency", grid: true },
    color: { domain: order, range: shown.map((c) => c.colour), legend: true },
    marks: [
      Plot.barY(segments, Plot.stackY({ ...stack, fill: "category", inset: 0.5 })),
      Plot.text(
        segments,
        Plot.stackY({
          ...stack,
          text: (d: BreakdownSegment) => (d.percent >= FIG1_LABEL_INSIDE_MIN ? d.percent.toFixed(0) : ""),
          fill: "white",
          fontSize: 9,
        }),
      ),
      Plot.text(
        segments,
        Plot.stackY({
          ...stack,
          text: (d: BreakdownSegment) => (d.percent >= 1 && d.percent < FIG1_LABEL_INSIDE_MIN ? d.percent.toFixed(0) : ""),
          fill: "#333333",
          fontSize: 8,
          textAnchor: "start",
          dx: beside,
        }),
      ),
      Plot.ruleY([0]),
    ],
  });
}
