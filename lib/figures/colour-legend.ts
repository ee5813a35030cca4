/// <reference lib="dom" />
/**
 * Colour legends for heatmaps: Observable Plot draws a continuous colour legend with a canvas, which a headless
 * document does not have, so the kit draws the ramp itself as a small Plot chart (thin rects coloured by the
 * heatmap's own colour scale over an axis labelled with what the colour means and its unit), and puts it
 * above the heatmap in the figure. Every heatmap of the kit carries one (`test/figures/readable.test.ts`).
 */
import type * as PlotModule from "@observablehq/plot";

/** Class of the ramp legend's `<svg>`, kept in the standalone figure (the readability test looks for it). */
export const RAMP_LEGEND_CLASS = "vitsparse-ramp-legend";

/** Options of {@link colourRampLegend}. */
export interface RampLegendOptions {
  /** What the colour encodes, with its unit, e.g. `attention probability (0–1)` or `score difference (HW − SW)`. */
  label: string;
  /** Width of the ramp in pixels (default 320). */
  width?: number;
  /** Tick values or count (default 5 ticks). */
  ticks?: number | number[];
  /** Tick format (default: Plot's). */
  tickFormat?: string | ((d: number) => string);
}

/** A Plot chart with its scales (what `Plot.plot` returns). */
type Chart = (SVGSVGElement | HTMLElement) & { scale(name: "color"): PlotModule.Scale | undefined };

/**
 * The ramp of a colour scale (Plot scale options with a numeric domain) as an `<svg>` legend: 160 steps over the
 * domain, each filled by the scale, over an axis labelled `label`.
 */
export function colourRampLegend(Plot: typeof PlotModule, document: Document, color: PlotModule.ScaleOptions, o: RampLegendOptions): SVGSVGElement {
  const domain = (color.domain ?? []) as number[];
  if (domain.length < 2 || !domain.every((d) => typeof d === "number" && Number.isFinite(d))) {
    throw new Error(`colourRampLegend: the colour scale needs a numeric domain, got ${JSON.stringify(color.domain)}`);
  }
  const lo = Math.min(...domain);
  const hi = Math.max(...domain);
  const steps = 160;
  const cells = Array.from({ length: steps }, (_, i) => ({ x1: lo + ((hi - lo) * i) / steps, x2: lo + ((hi - lo) * (i + 1)) / steps }));
  const width = o.width ?? 320;
  const svg = Plot.plot({
    document,
    width,
    height: 56,
    marginTop: 6,
    marginBottom: 38,
    marginLeft: 12,
    marginRight: 12,
    x: {
      domain: [lo, hi],
      label: o.label,
      labelAnchor: "center",
      labelArrow: "none",
      labelOffset: 34,
      ...(o.ticks !== undefined ? { ticks: o.ticks } : { ticks: 5 }),
      ...(o.tickFormat !== undefined ? { tickFormat: o.tickFormat } : {}),
    },
    y: { axis: null, domain: [0, 1] },
    color: { ...color, legend: false },
    marks: [Plot.rect(cells, { x1: "x1", x2: "x2", y1: 0, y2: 1, fill: (d: { x1: number; x2: number }) => (d.x1 + d.x2) / 2 })],
  }) as SVGSVGElement;
  svg.setAttribute("class", `${svg.getAttribute("class") ?? ""} ${RAMP_LEGEND_CLASS}`.trim());
  return svg;
}

/**
 * Adds a colour ramp legend for the chart's own colour scale (read back from the chart, so the legend shows
 * exactly the colours drawn) above the chart, below its title and subtitle. Returns the figure.
 */
export function withColourLegend(Plot: typeof PlotModule, document: Document, chart: Element, o: RampLegendOptions): Element {
  const scale = (chart as Chart).scale("color");
  if (scale === undefined) throw new Error("withColourLegend: the chart has no colour scale");
  const options: PlotModule.ScaleOptions = { type: scale.type as PlotModule.ScaleType, domain: scale.domain as number[] };
  if (scale.interpolate !== undefined) options.interpolate = scale.interpolate as PlotModule.ScaleOptions["interpolate"];
  else if (scale.range !== undefined) options.range = scale.range as string[];
  if (scale.clamp) options.clamp = true;
  if ((scale as { pivot?: number }).pivot !== undefined) (options as { pivot?: number }).pivot = (scale as { pivot?: number }).pivot;
  const legend = colourRampLegend(Plot, document, options, o);
  return insertBeforeChart(document, chart, legend);
}

/** Puts `part` into the chart's figure just before its first chart `<svg>` (wrapping a bare svg in a figure). */
export function insertBeforeChart(document: Document, chart: Element, part: Element): Element {
  let figure = chart;
  if (chart.tagName.toLowerCase() === "svg") {
    figure = document.createElement("figure");
    figure.appendChild(chart);
  }
  const first = Array.from(figure.children).find((c) => c.tagName.toLowerCase() === "svg" || c.tagName.toLowerCase() === "div" && (c.getAttribute("class") ?? "").includes("vitsparse-row"));
  figure.insertBefore(part, first ?? null);
  return figure;
}
