/// <reference lib="dom" />
/**
 * The three-source latency figure: per model, the poster's digitized TX2 bars, ViTCoD's raw TX2 profile
 * (for the model it profiled, in the same TX2 slot), the latency measured on this CPU, and the analytic MAC share (work share),
 * as side-by-side stacked bars in Fig. 1's colours.
 */
import type * as PlotModule from "@observablehq/plot";
import { BREAKDOWN_FIGURE_CATEGORIES } from "./fig1-latency-breakdown.ts";

/** One bar segment: a model, a source, a category and its percent. */
export interface SourceSegment {
  model: string;
  source: string;
  category: string;
  percent: number;
}

/** Source labels in bar order. */
export const SOURCE_LABELS = {
  digitized: "TX2",
  tx2Raw: "TX2",
  cpu: "CPU",
  macs: "MACs",
} as const;

/**
 * Builds the figure: one facet per model (`fx`), one stacked bar per source. Sources absent for a model
 * leave a gap; the caption must say what each source is.
 */
export function threeSourceFigure(
  Plot: typeof PlotModule,
  document: Document,
  segments: readonly SourceSegment[],
  caption: string,
): Element {
  const shown = BREAKDOWN_FIGURE_CATEGORIES.filter((c) => segments.some((s) => s.category === c.category && s.percent > 0));
  const order = shown.map((c) => c.category);
  const models = [...new Set(segments.map((s) => s.model))];
  const sources = [...new Set(Object.values(SOURCE_LABELS))].filter((l) => segments.some((s) => s.source === l));
  const data = segments.filter((s) => s.percent > 0);
  return Plot.plot({
    document,
    width: 980,
    height: 460,
    marginBottom: 36,
    title: "Latency breakdown: edge GPU (poster, raw profile) vs this CPU vs work share",
    subtitle: "Percent per Fig. 1 category; self-attention = the four SA-* categories",
    caption,
    fx: { domain: models, label: null, padding: 0.12 },
    x: { domain: sources, label: null, tickSize: 0 },
    y: { domain: [0, 100], label: "↑ percent", grid: true },
    color: { domain: order, range: shown.map((c) => c.colour), legend: true },
    marks: [
      Plot.barY(data, Plot.stackY({ fx: "model", x: "source", y: "percent", z: "category", order, fill: "category", inset: 0.5 })),
      Plot.text(
        data,
        Plot.stackY({
          fx: "model",
          x: "source",
          y: "percent",
          z: "category",
          order,
          text: (d: SourceSegment) => (d.percent >= 4 ? d.percent.toFixed(0) : ""),
          fill: "white",
          fontSize: 8,
        }),
      ),
      Plot.ruleY([0]),
    ],
  });
}

/** Label of the model ViTCoD profiled on the TX2 (no CLS, no patch embedding, no head). */
export const TX2_ENCODER_LABEL = "ViTCoD TX2 encoder";

/**
 * Assembles the figure's segments: for every model measured on this CPU, its digitized TX2 bar (if the
 * poster has one), the CPU latency shares and the MAC shares; for the ViTCoD TX2 encoder, ViTCoD's raw TX2
 * profile in place of a digitized bar.
 */
export function sourceSegments(
  digitized: readonly { model: string; category: string; percent: number }[],
  tx2Raw: readonly { category: string; percent: number }[],
  cpu: readonly { model: string; category: string; percent: number; macPercent: number }[],
): SourceSegment[] {
  const out: SourceSegment[] = [];
  for (const model of [...new Set(cpu.map((r) => r.model))]) {
    if (model === TX2_ENCODER_LABEL) {
      for (const r of tx2Raw) out.push({ model, source: SOURCE_LABELS.tx2Raw, category: r.category, percent: r.percent });
    } else {
      for (const r of digitized) if (r.model === model) out.push({ model, source: SOURCE_LABELS.digitized, category: r.category, percent: r.percent });
    }
    for (const r of cpu) if (r.model === model) out.push({ model, source: SOURCE_LABELS.cpu, category: r.category, percent: r.percent });
    for (const r of cpu) if (r.model === model) out.push({ model, source: SOURCE_LABELS.macs, category: r.category, percent: r.macPercent });
  }
  return out;
}
