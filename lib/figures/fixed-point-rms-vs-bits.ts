/// <reference lib="dom" />
/**
 * Figure `fixed-point-rms-vs-bits`: fixed-point attention map error vs bit width (poster Fig. 10).
 */
import type * as PlotModule from "@observablehq/plot";
import { fig10SettingText, FIG10_SETTING, type Fig10Setting, type FixedPointSweepRow } from "../analysis/kernels.ts";

/** RMS error vs bit width of the fixed-point SDDMM, with poster Fig. 10's value as a reference line. */
export function rmsCurveFigure(Plot: typeof PlotModule, document: Document, sweep: readonly FixedPointSweepRow[], posterPercent: number, setting: Fig10Setting = FIG10_SETTING): Element {
  const series = sweep.flatMap((r) => [
    { bits: r.bits, rms: r.rmsDatapathPercent, series: "scores, every stage at B bits" },
    { bits: r.bits, rms: r.rmsExactProductsPercent, series: "scores, B-bit Q/K/output, exact products" },
    { bits: r.bits, rms: r.rmsProbabilitiesPercent, series: "probabilities (float softmax of B-bit scores)" },
  ]);
  return Plot.plot({
    document,
    width: 820,
    height: 400,
    title: "Fixed-point attention map error vs bit width (poster Fig. 10: SW vs HW)",
    subtitle: `RMS error (%) = 100·RMS(HW − SW)/RMS(SW) over every kept entry; ${fig10SettingText(setting)}`,
    caption: `Dashed: poster Fig. 10's overall RMS error, ${posterPercent} % (quoted; the poster states neither its definition nor its formats).`,
    x: { label: "bit width B", ticks: sweep.map((r) => r.bits) },
    y: { type: "log", label: "RMS error (%)", grid: true, tickFormat: "~g" },
    color: { legend: true },
    marks: [
      Plot.ruleY([posterPercent], { stroke: "#444", strokeDasharray: "5 4" }),
      Plot.text([posterPercent], { x: sweep[0]?.bits ?? 0, y: (d: number) => d, text: () => "poster Fig. 10", dy: -8, textAnchor: "start", fontSize: 10 }),
      Plot.lineY(series, { x: "bits", y: "rms", stroke: "series" }),
      Plot.dot(series, { x: "bits", y: "rms", fill: "series", r: 3 }),
    ],
  });
}
