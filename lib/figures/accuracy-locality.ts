/// <reference lib="dom" />
/**
 * `locality-<metric>` (notebook 06): a locality metric of a trained model per layer and head against its uniform baseline.
 */
import type * as PlotModule from "@observablehq/plot";
import type { LocalityRow } from "../data/files/attention-locality.ts";

/** Per layer and head: a locality metric (dots per head, heads' mean as a bar) against its uniform baseline. */
export function localityFigure(
  Plot: typeof PlotModule,
  document: Document,
  rows: readonly LocalityRow[],
  o: { metric: "windowShare" | "selfShare" | "meanAttentionDistance"; title: string; caption: string; label: string },
): Element {
  const uniformKey = { windowShare: "uniformWindowShare", selfShare: "uniformSelfShare", meanAttentionDistance: "uniformMeanAttentionDistance" }[o.metric] as keyof LocalityRow;
  const scale = o.metric === "meanAttentionDistance" ? 1 : 100;
  const data = rows.map((r) => ({ L: `L${r.layer}`, head: r.head, value: scale * (r[o.metric] as number), uniform: scale * (r[uniformKey] as number), windowed: r.windowed }));
  const layers = [...new Set(data.map((d) => d.L))];
  const means = layers.map((L) => {
    const g = data.filter((d) => d.L === L);
    return { L, value: g.reduce((a, d) => a + d.value, 0) / g.length, uniform: g[0]!.uniform, windowed: g[0]!.windowed };
  });
  return Plot.plot({
    document,
    width: 640,
    height: 260,
    title: o.title,
    caption: o.caption,
    x: { label: "layer (block)", domain: layers },
    y: { label: o.label, grid: true, zero: true },
    marks: [
      Plot.barY(means, { x: "L", y: "value", fill: (d: { windowed: boolean }) => (d.windowed ? "#fdd0a2" : "#9ecae1"), insetLeft: 8, insetRight: 8 }),
      Plot.dot(data, { x: "L", y: "value", fill: "black", r: 2.5 }),
      Plot.tickY(means, { x: "L", y: "uniform", stroke: "#d62728", strokeWidth: 2, strokeDasharray: "4 2" }),
      Plot.ruleY([0]),
    ],
  });
}
