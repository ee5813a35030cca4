/// <reference lib="dom" />
/**
 * Figures of notebook 06-accuracy (Observable Plot, headless-safe marks only: no raster, swatch legends).
 */
import type * as PlotModule from "@observablehq/plot";
import type { AccuracyRow } from "./accuracy-schema.ts";
import type { LayerLocalityRow, VariantSummary } from "./accuracy-report.ts";

type PlotApi = typeof PlotModule;

/** Colours of the three variants (colour-blind-safe). */
export const VARIANT_COLOURS: Record<string, string> = { full: "#1b9e77", "windowed-lower": "#d95f02", "windowed-all": "#7570b3" };

function variantScale(variants: readonly string[]): { domain: string[]; range: string[]; legend: boolean } {
  return { domain: [...variants], range: variants.map((v) => VARIANT_COLOURS[v] ?? "#666"), legend: true };
}

/** Test accuracy after each epoch, one line per (variant, seed). */
export function accuracyCurvesFigure(Plot: PlotApi, document: Document, rows: readonly AccuracyRow[], o: { caption: string }): Element {
  const data = rows.map((r) => ({ ...r, run: `${r.variant} seed ${r.seed}` }));
  const variants = [...new Set(rows.map((r) => r.variant))];
  return Plot.plot({
    document,
    width: 640,
    height: 320,
    title: "Fashion-MNIST test accuracy after each epoch",
    caption: o.caption,
    x: { label: "epoch →", ticks: [...new Set(rows.map((r) => r.epoch))] },
    y: { label: "↑ test accuracy (%)", grid: true },
    color: variantScale(variants),
    marks: [
      Plot.line(data, { x: "epoch", y: "testAccuracy", z: "run", stroke: "variant", strokeOpacity: 0.8 }),
      Plot.dot(data, { x: "epoch", y: "testAccuracy", fill: "variant", r: 3.5 }),
    ],
  });
}

/** Final test accuracy per variant: one dot per seed, a tick at the mean. */
export function finalAccuracyFigure(Plot: PlotApi, document: Document, summaries: readonly VariantSummary[], o: { caption: string }): Element {
  const dots = summaries.flatMap((s) => s.perSeed.map((a, i) => ({ variant: s.variant, seed: s.seeds[i], accuracy: a })));
  const variants = summaries.map((s) => s.variant);
  return Plot.plot({
    document,
    width: 640,
    height: 200,
    marginLeft: 110,
    title: "Final test accuracy (full 10,000-image test set)",
    caption: o.caption,
    y: { label: null, domain: variants },
    x: { label: "test accuracy (%) →", grid: true },
    color: variantScale(variants),
    marks: [
      Plot.dot(dots, { x: "accuracy", y: "variant", fill: "variant", r: 5, fillOpacity: 0.8 }),
      Plot.tickX(summaries.map((s) => ({ variant: s.variant, mean: s.mean })), { x: "mean", y: "variant", stroke: "black", strokeWidth: 2 }),
    ],
  });
}

/**
 * Attention of one query patch over the patch grid, per layer (rows) and head (columns): the spatial
 * view of Fig. 7. The query's cell is outlined, its 3×3 window dashed.
 */
export function queryAttentionFigure(
  Plot: PlotApi,
  document: Document,
  cells: readonly { layer: number; head: number; row: number; col: number; weight: number; cls: number }[],
  o: { title: string; caption: string; gridSide: number; queryRow: number; queryCol: number; panel?: number },
): Element {
  const layers = [...new Set(cells.map((c) => c.layer))];
  const heads = [...new Set(cells.map((c) => c.head))];
  const panel = o.panel ?? 110;
  const data = cells.map((c) => ({ ...c, L: `L${c.layer}`, H: `head ${c.head}`, x1: c.col, x2: c.col + 1, y1: c.row, y2: c.row + 1 }));
  const frames = layers.flatMap((l) => heads.map((h) => ({ L: `L${l}`, H: `head ${h}` })));
  const q = { x1: o.queryCol, x2: o.queryCol + 1, y1: o.queryRow, y2: o.queryRow + 1 };
  const w = { x1: Math.max(0, o.queryCol - 1), x2: Math.min(o.gridSide, o.queryCol + 2), y1: Math.max(0, o.queryRow - 1), y2: Math.min(o.gridSide, o.queryRow + 2) };
  return Plot.plot({
    document,
    width: heads.length * panel + 70,
    aspectRatio: 1,
    marginLeft: 10,
    marginRight: 50,
    marginTop: 30,
    marginBottom: 10,
    title: o.title,
    caption: o.caption,
    fx: { domain: heads.map((h) => `head ${h}`), label: null, axis: "top" },
    fy: { domain: layers.map((l) => `L${l}`), label: null, axis: "right" },
    x: { domain: [0, o.gridSide], axis: null },
    y: { domain: [0, o.gridSide], reverse: true, axis: null },
    color: { type: "sqrt", scheme: "viridis", legend: false },
    marks: [
      Plot.rect(data, { fx: "H", fy: "L", x1: "x1", x2: "x2", y1: "y1", y2: "y2", fill: "weight" }),
      Plot.rect(frames, { fx: "H", fy: "L", x1: () => w.x1, x2: () => w.x2, y1: () => w.y1, y2: () => w.y2, stroke: "white", strokeDasharray: "3 2", fill: "none" }),
      Plot.rect(frames, { fx: "H", fy: "L", x1: () => q.x1, x2: () => q.x2, y1: () => q.y1, y2: () => q.y2, stroke: "red", strokeWidth: 1.5, fill: "none" }),
    ],
  });
}

/** Full n×n mean attention map per layer (heads averaged): query down, key across; token 0 = CLS. */
export function meanMapFigure(Plot: PlotApi, document: Document, maps: readonly Float32Array[][], n: number, o: { title: string; caption: string; panel?: number }): Element {
  const data: { L: string; x1: number; y1: number; weight: number }[] = [];
  maps.forEach((heads, l) => {
    for (let q = 0; q < n; q++) for (let k = 0; k < n; k++) {
      let s = 0;
      for (const h of heads) s += h[q * n + k]!;
      data.push({ L: `L${l}`, x1: k, y1: q, weight: s / heads.length });
    }
  });
  const panel = o.panel ?? 170;
  return Plot.plot({
    document,
    width: maps.length * panel + 40,
    aspectRatio: 1,
    marginTop: 30,
    marginLeft: 10,
    marginRight: 10,
    title: o.title,
    caption: o.caption,
    fx: { domain: maps.map((_, l) => `L${l}`), label: null, axis: "top" },
    x: { domain: [0, n], axis: null },
    y: { domain: [0, n], reverse: true, axis: null },
    color: { type: "sqrt", scheme: "viridis", legend: false },
    marks: [Plot.rect(data, { fx: "L", x1: "x1", x2: (d: { x1: number }) => d.x1 + 1, y1: "y1", y2: (d: { y1: number }) => d.y1 + 1, fill: "weight" })],
  });
}

/** Attention mass inside the 3×3 window per layer, per variant (seed means, seed range as a rule). */
export function trainedLocalityFigure(
  Plot: PlotApi,
  document: Document,
  rows: readonly (LayerLocalityRow & { minInWindow: number; maxInWindow: number })[],
  o: { uniformPercent: number; localSharePercent: number; caption: string },
): Element {
  const variants = [...new Set(rows.map((r) => r.variant))];
  const data = rows.map((r) => ({ ...r, x: `L${r.layer}` }));
  return Plot.plot({
    document,
    width: 640,
    height: 340,
    title: "Trained models: share of patch→patch attention mass inside the 3×3 window, per layer",
    caption: o.caption,
    x: { label: "layer (block)", domain: [...new Set(data.map((d) => d.x))] },
    y: { label: "↑ attention mass in window (%)", domain: [0, 100], grid: true },
    fx: { domain: variants, label: null },
    color: variantScale(variants),
    marks: [
      Plot.barY(data, { fx: "variant", x: "x", y: "inWindowPercent", fill: "variant", fillOpacity: (d: { windowed: boolean }) => (d.windowed ? 0.35 : 0.9), insetLeft: 2, insetRight: 2 }),
      Plot.ruleX(data, { fx: "variant", x: "x", y1: "minInWindow", y2: "maxInWindow", stroke: "black" }),
      Plot.ruleY([o.localSharePercent], { strokeDasharray: "6 4" }),
      Plot.ruleY([o.uniformPercent], { strokeDasharray: "2 3" }),
      Plot.ruleY([0]),
    ],
  });
}
